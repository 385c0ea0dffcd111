// Versioned schema migrations, applied in order, each in its own transaction, and
// recorded in schema_migrations. The same migration text serves both backends;
// `@ID@` stands for an auto-assigned BIGINT primary key in each dialect.
// `aftercare db migrate` applies them; the server refuses a database whose schema
// is newer than it knows (CheckSchema), or one not migrated yet.
#pragma once

#include "store/db.h"

namespace aftercare::store {

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
