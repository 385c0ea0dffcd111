#include "store/sqlite/sqlite_db.h"

#include <sqlite3.h>

#include <charconv>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace aftercare::store {
namespace {

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error{ErrorCode::kRetry, "the database is busy, try again", {}, 0, detail};
    case SQLITE_CONSTRAINT:
      return Error{ErrorCode::kConflict,
                   std::string("conflict: ") + (db ? sqlite3_errmsg(db) : "constraint failed"),
                   {},
                   0,
                   detail};
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error{ErrorCode::kIo, "the database cannot be read or written", {}, 0, detail};
    default:
      return Error{ErrorCode::kInternal, "database error", {}, 0, detail};
  }
}

std::shared_ptr<const ColumnNames> ColumnNamesOf(sqlite3_stmt* stmt, int cols) {
  auto names = std::make_shared<ColumnNames>();
  names->reserve(static_cast<std::size_t>(cols));
  for (int c = 0; c < cols; ++c) {
    const char* name = sqlite3_column_name(stmt, c);
    names->emplace_back(name ? name : "");
  }
  return names;
}

// Copies database `from` into `to` in one step of the online backup API: one read
// transaction on `from` (a consistent snapshot; in WAL mode writers go on).
Status OnlineCopy(sqlite3* from, sqlite3* to) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (b == nullptr) return SqliteError(to, sqlite3_errcode(to), "backup init");
  int rc = sqlite3_backup_step(b, -1);
  int finished = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return SqliteError(to, rc, "backup step");
  if (finished != SQLITE_OK) return SqliteError(to, finished, "backup finish");
  return {};
}

// A connection of its own to another file (a backup copy), closed at scope end.
struct OtherFile {
  sqlite3* db = nullptr;
  ~OtherFile() { sqlite3_close_v2(db); }
  Status Open(const std::string& path, int flags) {
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      return Error{
          ErrorCode::kIo, "cannot open the database file", {}, 0, path + ": " + sqlite3_errstr(rc)};
    }
    return {};
  }
};

class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    for (auto& [sql, st] : statements_) sqlite3_finalize(st.stmt);
    sqlite3_close_v2(db_);
  }
  sqlite3* db() const { return db_; }

  // A prepared statement and, for each of its parameters in SQLite's order, the `n`
  // of its name `$n` (0 when it is not one). Worked out once: SQLite looks a
  // parameter's name up linearly, so asking on every run cost O(n^2) for the
  // statements with hundreds of parameters (IN lists, multi-row INSERTs).
  struct Statement {
    sqlite3_stmt* stmt = nullptr;
    std::vector<std::size_t> args;
  };

  Result<Statement*> Prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) {
      sqlite3_reset(it->second.stmt);
      sqlite3_clear_bindings(it->second.stmt);
      return &it->second;
    }
    Statement st;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &st.stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, std::string("prepare ") + std::string(sql));
    int n = sqlite3_bind_parameter_count(st.stmt);
    st.args.resize(static_cast<std::size_t>(n));
    for (int i = 1; i <= n; ++i) {
      const char* name = sqlite3_bind_parameter_name(st.stmt, i);
      std::size_t k = 0;
      if (name == nullptr || name[0] != '$' ||
          std::from_chars(name + 1, name + std::char_traits<char>::length(name), k).ec !=
              std::errc()) {
        k = 0;
      }
      st.args[static_cast<std::size_t>(i - 1)] = k;
    }
    return &statements_.emplace(std::string(sql), st).first->second;
  }

  // Runs `sql` (one statement) with params; appends rows when `rows` is non-null.
  Status Run(std::string_view sql, const Value* params, std::size_t count, std::vector<Row>* rows) {
    AFTERCARE_ASSIGN_OR_RETURN(Statement * st, Prepare(sql));
    sqlite3_stmt* stmt = st->stmt;
    for (std::size_t i = 0; i < st->args.size(); ++i) {
      const std::size_t k = st->args[i];
      if (k < 1 || k > count) {
        return Error{ErrorCode::kInternal,
                     "database error",
                     {},
                     0,
                     "bad or unbound parameter in: " + std::string(sql)};
      }
      const Value& v = params[k - 1];
      const int at = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      if (const auto* x = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, at, *x);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text(stmt, at, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(stmt, at);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    std::shared_ptr<const ColumnNames> names;  // the result's, made at its first row
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Error e = SqliteError(db_, rc, std::string("step ") + std::string(sql));
        sqlite3_reset(stmt);
        return e;
      }
      if (rows == nullptr) continue;
      int cols = sqlite3_column_count(stmt);
      if (names == nullptr) names = ColumnNamesOf(stmt, cols);
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            values.emplace_back(Null{});
            break;
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            values.emplace_back(std::string(
                text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
          }
        }
      }
      rows->emplace_back(names, std::move(values));
    }
    sqlite3_reset(stmt);
    return {};
  }

  Status Plain(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      sqlite3_free(err);
      return SqliteError(db_, rc, sql);
    }
    return {};
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, Statement> statements_;
};

class SqliteDatabase;

class SqliteTransaction : public Transaction {
 public:
  SqliteTransaction(SqliteDatabase* owner, std::unique_ptr<Connection> conn,
                    std::unique_lock<std::mutex> write_lock)
      : owner_(owner), conn_(std::move(conn)), write_lock_(std::move(write_lock)) {}
  ~SqliteTransaction() override;

  Status Exec(std::string_view sql, Params params) override {
    return conn_->Run(sql, params.begin(), params.size(), nullptr);
  }
  Status Exec(std::string_view sql, const std::vector<Value>& params) override {
    return conn_->Run(sql, params.data(), params.size(), nullptr);
  }
  Result<std::vector<Row>> Query(std::string_view sql, Params params) override {
    std::vector<Row> rows;
    AFTERCARE_RETURN_IF_ERROR(conn_->Run(sql, params.begin(), params.size(), &rows));
    return rows;
  }
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    std::vector<Row> rows;
    AFTERCARE_RETURN_IF_ERROR(conn_->Run(sql, params.data(), params.size(), &rows));
    return rows;
  }
  Status Commit() override {
    AFTERCARE_RETURN_IF_ERROR(conn_->Plain("COMMIT"));
    done_ = true;
    return {};
  }

 private:
  SqliteDatabase* owner_;
  std::unique_ptr<Connection> conn_;
  std::unique_lock<std::mutex> write_lock_;  // held for the life of a write transaction
  bool done_ = false;
};

class SqliteDatabase : public Database {
 public:
  explicit SqliteDatabase(std::string path, bool full_sync)
      : path_(std::move(path)), full_sync_(full_sync) {}

  Result<std::unique_ptr<Connection>> Connect() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path_.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    auto conn = std::make_unique<Connection>(db);
    if (rc != SQLITE_OK) {
      return Error{ErrorCode::kIo,
                   "cannot open the database file",
                   {},
                   0,
                   path_ + ": " + sqlite3_errstr(rc)};
    }
    sqlite3_busy_timeout(db, 5000);
    AFTERCARE_RETURN_IF_ERROR(conn->Plain("PRAGMA journal_mode=WAL"));
    AFTERCARE_RETURN_IF_ERROR(
        conn->Plain(full_sync_ ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    AFTERCARE_RETURN_IF_ERROR(conn->Plain("PRAGMA foreign_keys=ON"));
    AFTERCARE_RETURN_IF_ERROR(conn->Plain("PRAGMA cache_size=-65536"));
    return conn;
  }

  void Release(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mu_);
    if (idle_.size() < 16) idle_.push_back(std::move(conn));
  }

  Result<std::unique_ptr<Transaction>> Begin(bool write) override {
    // SQLite has one writer at a time. Queueing this process's writers on a mutex
    // keeps them off SQLite's busy handler, whose backoff sleeps (up to 100 ms)
    // made the latency tail; busy_timeout still covers other processes.
    std::unique_lock<std::mutex> write_lock;
    if (write) write_lock = std::unique_lock<std::mutex>(write_mu_);
    AFTERCARE_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connect());
    AFTERCARE_RETURN_IF_ERROR(conn->Plain(write ? "BEGIN IMMEDIATE" : "BEGIN"));
    if (!write) {
      // Pin the snapshot now, so every read of the transaction sees the same state.
      AFTERCARE_RETURN_IF_ERROR(conn->Plain("SELECT 1 FROM sqlite_master LIMIT 1"));
    }
    return std::unique_ptr<Transaction>(
        new SqliteTransaction(this, std::move(conn), std::move(write_lock)));
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status BackupTo(const std::string& path) override {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      return Error::Io("cannot write the database copy", path + " already exists");
    }
    OtherFile copy;
    AFTERCARE_RETURN_IF_ERROR(
        copy.Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX));
    AFTERCARE_ASSIGN_OR_RETURN(std::unique_ptr<Connection> source, Connect());
    Status s = OnlineCopy(source->db(), copy.db);
    Release(std::move(source));
    AFTERCARE_RETURN_IF_ERROR(s);
    // One self-contained file (no -wal beside it), synced as it is closed.
    Connection c(copy.db);
    copy.db = nullptr;
    AFTERCARE_RETURN_IF_ERROR(c.Plain("PRAGMA journal_mode=DELETE"));
    return c.Plain("PRAGMA synchronous=FULL");
  }

  Result<bool> IsEmpty() override {
    AFTERCARE_ASSIGN_OR_RETURN(auto tx, Begin(false));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx->Query("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'"));
    return rows.at(0).Int("n") == 0;
  }

  Status RestoreFrom(const std::string& path) override {
    AFTERCARE_RETURN_IF_ERROR(RequireEmpty(*this));
    OtherFile from;
    AFTERCARE_RETURN_IF_ERROR(from.Open(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX));
    std::unique_lock write_lock(write_mu_);
    AFTERCARE_ASSIGN_OR_RETURN(std::unique_ptr<Connection> target, Connect());
    AFTERCARE_RETURN_IF_ERROR(OnlineCopy(from.db, target->db()));
    std::lock_guard lock(mu_);
    idle_.clear();  // their statements and schema predate the restore
    return {};
  }

 private:
  std::string path_;
  bool full_sync_;
  std::mutex mu_;
  std::mutex write_mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

SqliteTransaction::~SqliteTransaction() {
  if (!done_ && !conn_->Plain("ROLLBACK").ok()) return;  // a broken connection is dropped
  owner_->Release(std::move(conn_));
}

}  // namespace

Status CheckSqliteCopy(const std::string& path) {
  OtherFile copy;
  AFTERCARE_RETURN_IF_ERROR(copy.Open(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX));
  Connection c(copy.db);
  copy.db = nullptr;
  std::vector<Row> rows;
  Status s = c.Run("PRAGMA quick_check", nullptr, 0, &rows);
  const std::string* verdict =
      s.ok() && !rows.empty() ? std::get_if<std::string>(&rows[0].at(std::size_t{0})) : nullptr;
  if (verdict == nullptr || *verdict != "ok") {
    return Error{ErrorCode::kInvalidInput,
                 "the database in the backup is damaged",
                 {},
                 0,
                 s.ok() ? (verdict ? *verdict : "no answer") : s.error().detail};
  }
  return {};
}

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& spec) {
  std::string path = spec;
  bool full = false;
  if (auto q = path.find("?sync=full"); q != std::string::npos) {
    full = true;
    path.erase(q);
  }
  if (path.rfind("sqlite:", 0) == 0) path.erase(0, 7);
  auto db = std::make_unique<SqliteDatabase>(path, full);
  // Open one connection now so a bad path fails at startup, not on first request.
  auto probe = db->Begin(false);
  if (!probe.ok()) return probe.error();
  probe->reset();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace aftercare::store
