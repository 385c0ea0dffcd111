#include "store/db.h"

#include <charconv>
#include <stdexcept>

#include "store/postgres/postgres_db.h"
#include "store/sqlite/sqlite_db.h"

namespace aftercare::store {

std::size_t Row::Index(std::string_view column) const {
  const ColumnNames& names = *names_;
  std::size_t found = names.size();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != column) continue;
    if (found != names.size()) {
      throw std::logic_error("store::Row: column \"" + std::string(column) +
                             "\" appears twice in the result: alias one of them");
    }
    found = i;
  }
  if (found == names.size()) {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    throw std::logic_error("store::Row: no column \"" + std::string(column) +
                           "\" in the result (its columns: " + list + ")");
  }
  return found;
}

std::int64_t Row::IntOf(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

const std::string& Row::TextOf(const Value& v) {
  static const std::string kEmpty;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return kEmpty;
}

std::optional<std::int64_t> Row::OptInt(std::string_view column) const {
  const Value& v = at(column);
  if (std::holds_alternative<Null>(v)) return std::nullopt;
  return IntOf(v);
}

std::optional<std::string> Row::OptText(std::string_view column) const {
  const Value& v = at(column);
  if (std::holds_alternative<Null>(v)) return std::nullopt;
  return TextOf(v);
}

Status CheckBackupCopy(Dialect dialect, const std::string& path) {
  return dialect == Dialect::kSqlite ? CheckSqliteCopy(path) : CheckPostgresCopy(path);
}

Status RequireEmpty(Database& db) {
  AFTERCARE_ASSIGN_OR_RETURN(bool empty, db.IsEmpty());
  if (empty) return {};
  return Error{
      ErrorCode::kConflict, "the database is not empty: restore into an empty one", {}, 0, {}};
}

std::string_view DialectName(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite" : "postgresql";
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPostgres(url);
  }
  return OpenSqlite(url);
}

}  // namespace aftercare::store
