// Versioned schema migrations, applied in order, each in its own transaction, and
// recorded in schema_migrations. Each step is a file under src/store/migrations/
// (NNNN_slug.sql for both databases, and/or NNNN_slug.sqlite.sql / .postgres.sql for
// one; see migration_files.h and that folder's README.md), embedded into the
// binary at build time: a new step is a new file, no C++ edit. Never edit a step that
// has shipped: add one. `aftercare db migrate` applies them; the server refuses a
// database whose schema is newer than it knows (CheckSchema), or one not migrated yet.
// Embedded files that break the convention (a build defect; the unit tests catch it)
// make Migrate, MigrateTo and CheckSchema fail with kInternal naming the file.
#pragma once

#include "store/db.h"

namespace aftercare::store {

// The highest step built in (0 when the embedded files are invalid).
int LatestSchemaVersion();
// 0 for an empty database.
Result<int> SchemaVersion(Database& db);
// The same read in a read-only transaction, for a migrated database (the
// liveness check): it never writes.
Result<int> CurrentSchemaVersion(Database& db);
// Applies every pending migration; returns the number applied.
Result<int> Migrate(Database& db);
// Applies the pending migrations up to and including `version` (1..latest), so a
// test can build the schema an older release left; returns the number applied (0
// when the database is already there or beyond).
Result<int> MigrateTo(Database& db, int version);
// Ok when the schema is exactly the latest version; otherwise an error that says
// what to do (run `aftercare db migrate`, or upgrade aftercare).
Status CheckSchema(Database& db);

}  // namespace aftercare::store
