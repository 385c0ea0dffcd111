// The SQLite backend of store::Database: one file, WAL mode, a pool of connections
// (one per concurrent transaction), prepared statements cached per connection.
// Writers take the write lock up front (BEGIN IMMEDIATE), so two writers never
// deadlock; a busy database is waited on for up to 5 s, then kRetry.
// Durability: synchronous=NORMAL in WAL mode survives a crash of the process
// (kill -9); FULL (also power loss) with `?sync=full` in the path.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace aftercare::store {

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path);
// PRAGMA quick_check of a database file, opened read only (a backup's copy).
Status CheckSqliteCopy(const std::string& path);

}  // namespace aftercare::store
