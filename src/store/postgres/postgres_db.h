// The PostgreSQL backend of store::Database (libpq), for deployments where several
// stateless `aftercare serve` processes share one database.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace aftercare::store {

// url: "postgresql://user:pass@host:port/db?..." (libpq connection URI).
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url);
// `pg_restore --list` of a file pg_dump wrote (a backup's copy).
Status CheckPostgresCopy(const std::string& path);

}  // namespace aftercare::store
