// The persistence interface: transactions that run SQL with positional parameters
// `$1, $2, ...`, written once in the portable subset both backends accept (SQLite
// 3.40 and PostgreSQL 15: RETURNING, ON CONFLICT, BIGINT/TEXT columns, times as
// BIGINT unix seconds, money as BIGINT fen). Backends live in sqlite/ and postgres/
// and pass the same tests (db_test.cpp). Code above this layer never sees a
// backend. One statement per Exec/Query. After a failed statement the transaction
// can only be dropped (PostgreSQL aborts it; SQLite behaves alike by contract).
//
// Errors: kIo for connection and I/O failures; kConflict for constraint violations
// (unique, foreign key, check, not null; the message names the constraint, never
// row data, and differs by backend: do not parse it); kRetry for transient clashes
// (busy, serialization failure, deadlock: rerun the whole transaction, see
// service/tx.h); kInternal for SQL the backend rejects (a bug). The message is safe
// for clients; `detail` holds the backend's own text.
//
// Rows are read by column name: `row.Int("id")`, `row.Text("name")`,
// `row.OptInt("closed_at")`. A column's name is its alias, or for a plain column
// reference (`t.id`) the column's own name. PostgreSQL folds unquoted identifiers to
// lower case, so column names and aliases are lower-case snake_case, and every
// expression that is read (COUNT(*), COALESCE(...), MAX(...)) gets an alias
// (`COUNT(*) AS n`): the two backends name an unaliased expression differently.
// Reading a name the result does not have, or has twice, is a bug: std::logic_error.
// Where several queries read one table, one mapper per table (`ContractFrom(const
// Row&)`) reads it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace aftercare::store {

struct Null {
  friend bool operator==(Null, Null) = default;
};
// A parameter or a column value. Booleans are integers 0/1.
using Value = std::variant<Null, std::int64_t, std::string>;
// An optional column value: NULL when absent.
template <typename T>
Value OrNull(const std::optional<T>& v) {
  if (v) return Value(*v);
  return Null{};
}

// The names of a result's columns, in order; shared by all of its rows.
using ColumnNames = std::vector<std::string>;

class Row {
 public:
  Row(std::shared_ptr<const ColumnNames> names, std::vector<Value> values)
      : names_(std::move(names)), values_(std::move(values)) {}

  // By name (see the header comment). A NULL reads as 0 / ""; an integer read as
  // text is ""; integers stored as text (PostgreSQL) are converted.
  bool IsNull(std::string_view column) const { return std::holds_alternative<Null>(at(column)); }
  std::int64_t Int(std::string_view column) const { return IntOf(at(column)); }
  const std::string& Text(std::string_view column) const { return TextOf(at(column)); }
  // nullopt for NULL.
  std::optional<std::int64_t> OptInt(std::string_view column) const;
  std::optional<std::string> OptText(std::string_view column) const;
  const Value& at(std::string_view column) const { return values_[Index(column)]; }

  // The columns in order, for code that walks all of them (a dump of any query).
  std::size_t size() const { return values_.size(); }
  const ColumnNames& names() const { return *names_; }
  const Value& at(std::size_t i) const { return values_.at(i); }

 private:
  // The position of `column`; throws std::logic_error when it is missing or ambiguous.
  std::size_t Index(std::string_view column) const;
  static std::int64_t IntOf(const Value& v);
  static const std::string& TextOf(const Value& v);

  std::shared_ptr<const ColumnNames> names_;
  std::vector<Value> values_;
};

using Params = std::initializer_list<Value>;

// A statement's parameters built up with its text: Add keeps a value and returns
// its placeholder ($1, $2, ...), for filters that add conditions one by one.
class ParamList {
 public:
  std::string Add(Value v) {
    values_.push_back(std::move(v));
    return "$" + std::to_string(values_.size());
  }
  const std::vector<Value>& values() const { return values_; }

 private:
  std::vector<Value> values_;
};

class Transaction {
 public:
  virtual ~Transaction() = default;  // rolls back unless committed
  virtual Status Exec(std::string_view sql, Params params = {}) = 0;
  virtual Status Exec(std::string_view sql, const std::vector<Value>& params) = 0;
  virtual Result<std::vector<Row>> Query(std::string_view sql, Params params = {}) = 0;
  virtual Result<std::vector<Row>> Query(std::string_view sql,
                                         const std::vector<Value>& params) = 0;
  // Durable once it returns ok (SEC-3: survives kill -9 of the server).
  virtual Status Commit() = 0;
};

enum class Dialect { kSqlite, kPostgres };

class Database {
 public:
  virtual ~Database() = default;
  // A read-only transaction sees one consistent snapshot; a write transaction is
  // serialized with other writers.
  virtual Result<std::unique_ptr<Transaction>> Begin(bool write) = 0;
  virtual Dialect dialect() const = 0;

  // Backups (SEC-2). The whole database as of one instant, copied into the new file
  // `path` while other transactions keep writing: SQLite's online backup API (a
  // database file), PostgreSQL's `pg_dump --format=custom` (Debian's
  // postgresql-client). kIo naming the problem when it cannot.
  virtual Status BackupTo(const std::string& path) = 0;
  // Whether the database has no table at all (a restore's target must not).
  virtual Result<bool> IsEmpty() = 0;
  // Fills this empty database from a file BackupTo wrote on the same dialect
  // (SQLite: the online backup API into it; PostgreSQL: pg_restore in one
  // transaction). kConflict when the database has a table: nothing is changed.
  virtual Status RestoreFrom(const std::string& path) = 0;
};

// Whether a file BackupTo wrote opens and is whole: SQLite `PRAGMA quick_check` on
// it (read only); PostgreSQL `pg_restore --list` (the archive's table of contents).
Status CheckBackupCopy(Dialect dialect, const std::string& path);
// kConflict "the database is not empty: restore into an empty one" unless IsEmpty.
Status RequireEmpty(Database& db);
std::string_view DialectName(Dialect dialect);  // "sqlite", "postgresql"

// Opens "postgresql://..." / "postgres://..." with PostgreSQL, anything else as a
// SQLite file path (created if missing, WAL mode).
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url);

}  // namespace aftercare::store
