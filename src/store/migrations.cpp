#include "store/migrations.h"

#include <cstdint>
#include <ctime>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/migration_files.h"

namespace aftercare::data {
// src/store/migrations/*.sql by file name (cmake/embed.cmake, embed_files).
std::span<const std::pair<std::string_view, std::string_view>> StoreMigrationFiles();
}  // namespace aftercare::data

namespace aftercare::store {
namespace {

// Read once: the files cannot change while the binary runs.
const Result<std::vector<MigrationStep>>& Steps() {
  static const Result<std::vector<MigrationStep>> steps =
      ReadMigrationSteps(data::StoreMigrationFiles());
  return steps;
}

const char kCreateVersions[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

}  // namespace

int LatestSchemaVersion() {
  const auto& steps = Steps();
  return steps.ok() && !steps->empty() ? steps->back().version : 0;
}

Result<int> SchemaVersion(Database& db) {
  {
    AFTERCARE_ASSIGN_OR_RETURN(auto tx, db.Begin(true));
    AFTERCARE_RETURN_IF_ERROR(tx->Exec(kCreateVersions));
    AFTERCARE_RETURN_IF_ERROR(tx->Commit());
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto tx, db.Begin(false));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx->Query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations"));
  return static_cast<int>(rows.at(0).Int("version"));
}

Result<int> CurrentSchemaVersion(Database& db) {
  AFTERCARE_ASSIGN_OR_RETURN(auto tx, db.Begin(false));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx->Query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations"));
  return static_cast<int>(rows.at(0).Int("version"));
}

Result<int> Migrate(Database& db) {
  if (!Steps().ok()) return Steps().error();
  AFTERCARE_ASSIGN_OR_RETURN(int current, SchemaVersion(db));
  if (current > LatestSchemaVersion()) return CheckSchema(db).error();
  return MigrateTo(db, LatestSchemaVersion());
}

Result<int> MigrateTo(Database& db, int version) {
  if (!Steps().ok()) return Steps().error();
  if (version < 1 || version > LatestSchemaVersion()) {
    return Error{ErrorCode::kInternal,
                 "no such schema version",
                 {},
                 0,
                 "MigrateTo(" + std::to_string(version) + "): versions are 1 to " +
                     std::to_string(LatestSchemaVersion())};
  }
  AFTERCARE_ASSIGN_OR_RETURN(int current, SchemaVersion(db));
  int applied = 0;
  for (const MigrationStep& m : *Steps()) {
    if (m.version <= current || m.version > version) continue;
    AFTERCARE_ASSIGN_OR_RETURN(auto tx, db.Begin(true));
    // A step without statements for this dialect is still recorded: both databases
    // count the same versions.
    for (const std::string& stmt : m.statements(db.dialect())) {
      if (Status s = tx->Exec(stmt); !s.ok()) {
        Error e = s.error();
        e.detail = "migration " + std::to_string(m.version) + " (" + m.name + "): " + e.detail;
        return e;
      }
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx->Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                 {std::int64_t{m.version}, m.name, static_cast<std::int64_t>(std::time(nullptr))}));
    AFTERCARE_RETURN_IF_ERROR(tx->Commit());
    ++applied;
  }
  return applied;
}

Status CheckSchema(Database& db) {
  if (!Steps().ok()) return Steps().error();
  AFTERCARE_ASSIGN_OR_RETURN(int current, SchemaVersion(db));
  int latest = LatestSchemaVersion();
  if (current > latest) {
    return Error{ErrorCode::kConflict,
                 "the database schema is version " + std::to_string(current) +
                     ", newer than this aftercare knows (" + std::to_string(latest) +
                     "): upgrade aftercare",
                 {},
                 0,
                 {}};
  }
  if (current < latest) {
    return Error{ErrorCode::kConflict,
                 "the database schema is version " + std::to_string(current) +
                     ", this aftercare needs " + std::to_string(latest) +
                     ": run `aftercare db migrate`",
                 {},
                 0,
                 {}};
  }
  return {};
}

}  // namespace aftercare::store
