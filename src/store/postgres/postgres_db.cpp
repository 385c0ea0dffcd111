// The PostgreSQL backend: a small pool of libpq connections, one per open
// Transaction. Write transactions run SERIALIZABLE, read transactions REPEATABLE
// READ READ ONLY with the snapshot taken at Begin (as the SQLite backend does).
//
// Parameters go as text ($1.. are native); an int64 is typed int8, a string or NULL
// is left for the server to infer. Result columns: NULL -> Null; int2/int4/int8/oid,
// boolean (0/1) and a numeric holding a whole number that fits -> int64 (as SQLite
// returns them, so Row::at compares the same on both backends); anything else ->
// the text form.
//
// After a failed statement PostgreSQL aborts the transaction: every later statement
// and Commit return that first error again (so a kRetry stays kRetry).
#include "store/postgres/postgres_db.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace aftercare::store {
namespace {

// pg_type OIDs (catalog/pg_type_d.h, stable across releases).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kNumericOid = 1700;

// The most idle connections kept; more concurrent transactions open more, and the
// surplus is closed when they end.
constexpr std::size_t kMaxIdle = 16;

std::string Trim(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// A bug in the caller or the backend; `detail` says what.
Error Internal(std::string detail) {
  return Error{ErrorCode::kInternal, "database error", {}, 0, std::move(detail)};
}

bool StartsWith(const char* s, const char* prefix) {
  return s != nullptr && std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

// Maps a failed command to an Error. `res` may be null (out of memory, lost connection).
Error PgError(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string detail = std::string(what) + ": " +
                       Trim(res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (res != nullptr && *PQresultErrorMessage(res) == '\0') detail += Trim(PQerrorMessage(conn));
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  auto error = [&](ErrorCode code, std::string message) {
    return Error{code, std::move(message), {}, 0, detail};
  };
  if (PQstatus(conn) == CONNECTION_BAD || StartsWith(state, "08") || StartsWith(state, "53") ||
      StartsWith(state, "57P")) {
    return error(ErrorCode::kIo, "the database cannot be reached");
  }
  if (state == nullptr) return error(ErrorCode::kInternal, "database error");
  if (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0 ||
      std::strcmp(state, "55P03") == 0) {
    return error(ErrorCode::kRetry, "the database is busy, try again");
  }
  if (StartsWith(state, "23")) {
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    const char* table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
    const char* kind = std::strcmp(state, "23505") == 0   ? "unique"
                       : std::strcmp(state, "23503") == 0 ? "foreign key"
                       : std::strcmp(state, "23514") == 0 ? "check"
                       : std::strcmp(state, "23502") == 0 ? "not null"
                                                          : "integrity";
    std::string message = std::string("conflict: ") + kind + " constraint";
    if (constraint != nullptr) message += std::string(" ") + constraint;
    if (table != nullptr) message += std::string(" on ") + table;
    if (std::strcmp(state, "23502") == 0) {
      const char* column = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
      if (column != nullptr) message += std::string(".") + column;
    }
    message += " violated";
    return error(ErrorCode::kConflict, std::move(message));
  }
  if (std::strcmp(state, "22021") == 0) {
    return error(ErrorCode::kInvalidInput, "text is not valid UTF-8");
  }
  return error(ErrorCode::kInternal, "database error");
}

// Owns a PGresult.
class PgResult {
 public:
  explicit PgResult(PGresult* res) : res_(res) {}
  ~PgResult() { PQclear(res_); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return res_; }
  bool ok() const {
    ExecStatusType s = res_ != nullptr ? PQresultStatus(res_) : PGRES_FATAL_ERROR;
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
  }

 private:
  PGresult* res_;
};

// Runs a parameterless command (one or more statements).
Status Plain(PGconn* conn, const char* sql) {
  PgResult res(PQexec(conn, sql));
  if (!res.ok()) return PgError(conn, res.get(), sql);
  return {};
}

Value ColumnValue(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return Null{};
  const char* text = PQgetvalue(res, row, col);
  const auto len = static_cast<std::size_t>(PQgetlength(res, row, col));
  switch (PQftype(res, col)) {
    case kBoolOid:
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
    case kNumericOid: {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(text, text + len, n);
      if (ec == std::errc() && end == text + len) return n;
      break;  // a fraction, or out of range: keep the text
    }
    default:
      break;
  }
  return std::string(text, len);
}

// The connections not in use. Shared by the Database and its open Transactions, so
// a Transaction may (harmlessly) outlive the Database.
class Pool {
 public:
  explicit Pool(std::string url) : url_(std::move(url)) {}
  ~Pool() {
    for (PGconn* c : idle_) PQfinish(c);
  }

  // An idle connection, or nullptr when none is left.
  PGconn* TakeIdle() {
    std::lock_guard lock(mu_);
    if (idle_.empty()) return nullptr;
    PGconn* c = idle_.back();
    idle_.pop_back();
    return c;
  }

  Result<PGconn*> Connect() const {
    // Defaults that the URL may override (later keywords win; the URL is expanded
    // in place of dbname).
    const char* keys[] = {"connect_timeout", "client_encoding", "fallback_application_name",
                          "dbname", nullptr};
    const char* values[] = {"10", "UTF8", "aftercare", url_.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (conn == nullptr) return Error::Io("the database cannot be reached", "out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
      Error e = Error::Io("the database cannot be reached", Trim(PQerrorMessage(conn)));
      PQfinish(conn);
      return e;
    }
    if (Status s = Plain(conn, "SET client_min_messages = warning"); !s.ok()) {
      PQfinish(conn);
      return s.error();
    }
    return conn;
  }

  // Takes back a connection; closes it when broken, mid-transaction or surplus.
  void Release(PGconn* conn) {
    if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE) {
      std::lock_guard lock(mu_);
      if (idle_.size() < kMaxIdle) {
        idle_.push_back(conn);
        return;
      }
    }
    PQfinish(conn);
  }

 private:
  const std::string url_;
  std::mutex mu_;
  std::vector<PGconn*> idle_;
};

class PostgresTransaction : public Transaction {
 public:
  PostgresTransaction(std::shared_ptr<Pool> pool, PGconn* conn)
      : pool_(std::move(pool)), conn_(conn) {}
  PostgresTransaction(const PostgresTransaction&) = delete;
  PostgresTransaction& operator=(const PostgresTransaction&) = delete;

  ~PostgresTransaction() override {
    // Still open unless committed, or ended by a failed COMMIT.
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) {
      PgResult res(PQexec(conn_, "ROLLBACK"));  // Release drops the connection if this failed
    }
    pool_->Release(conn_);
  }

  Status Exec(std::string_view sql, Params params) override {
    return Run(sql, params.begin(), params.size(), nullptr);
  }
  Status Exec(std::string_view sql, const std::vector<Value>& params) override {
    return Run(sql, params.data(), params.size(), nullptr);
  }
  Result<std::vector<Row>> Query(std::string_view sql, Params params) override {
    std::vector<Row> rows;
    AFTERCARE_RETURN_IF_ERROR(Run(sql, params.begin(), params.size(), &rows));
    return rows;
  }
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    std::vector<Row> rows;
    AFTERCARE_RETURN_IF_ERROR(Run(sql, params.data(), params.size(), &rows));
    return rows;
  }

  Status Commit() override {
    if (done_) {
      return Internal("Commit on a finished transaction");
    }
    if (failed_) return *failed_;
    PgResult res(PQexec(conn_, "COMMIT"));
    if (!res.ok()) return Fail(PgError(conn_, res.get(), "COMMIT"));
    // COMMIT of a transaction the server already aborted reports "ROLLBACK".
    if (std::strcmp(PQcmdStatus(res.get()), "COMMIT") != 0) {
      return Fail(Internal(std::string("COMMIT: the server answered ") + PQcmdStatus(res.get())));
    }
    done_ = true;
    return {};
  }

 private:
  Error Fail(Error e) {
    if (!failed_) failed_ = e;
    return e;
  }

  // Runs one statement; appends its rows when `rows` is non-null.
  Status Run(std::string_view sql, const Value* params, std::size_t count, std::vector<Row>* rows) {
    if (done_) {
      return Internal("statement on a finished transaction: " + std::string(sql));
    }
    if (failed_) return *failed_;
    std::vector<Oid> types(count, 0);
    std::vector<const char*> values(count, nullptr);
    std::vector<std::string> ints;  // the text of int64 parameters
    ints.reserve(count);            // no reallocation: `values` points into it
    for (std::size_t i = 0; i < count; ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        types[i] = kInt8Oid;
        values[i] = ints.emplace_back(std::to_string(*n)).c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) {
          return Error::Invalid("text must not contain a NUL character");
        }
        values[i] = s->c_str();
      }
    }
    const std::string text(sql);
    PgResult res(PQexecParams(conn_, text.c_str(), static_cast<int>(count), types.data(),
                              values.data(), nullptr, nullptr, /*resultFormat=*/0));
    if (!res.ok()) return Fail(PgError(conn_, res.get(), text));
    if (rows != nullptr && PQresultStatus(res.get()) == PGRES_TUPLES_OK) {
      const int n = PQntuples(res.get());
      const int cols = PQnfields(res.get());
      rows->reserve(rows->size() + static_cast<std::size_t>(n));
      auto names = std::make_shared<ColumnNames>();
      names->reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) names->emplace_back(PQfname(res.get(), c));
      std::shared_ptr<const ColumnNames> shared = std::move(names);
      for (int r = 0; r < n; ++r) {
        std::vector<Value> row;
        row.reserve(static_cast<std::size_t>(cols));
        for (int c = 0; c < cols; ++c) row.push_back(ColumnValue(res.get(), r, c));
        rows->emplace_back(shared, std::move(row));
      }
    }
    return {};
  }

  std::shared_ptr<Pool> pool_;
  PGconn* conn_;
  bool done_ = false;
  std::optional<Error> failed_;  // the first error; the server has aborted the transaction
};

extern "C" char** environ;

// Runs a PostgreSQL client tool (argv[0] found on PATH) and waits for it; its
// standard error (the last 4 KiB) becomes the error's detail when it fails.
Status RunTool(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Error::Io("cannot run " + argv[0], std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    return Error::Io("cannot run " + argv[0] + " (install postgresql-client)", std::strerror(rc));
  }
  std::string err;
  char buf[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    err.append(buf, static_cast<std::size_t>(n));
    if (err.size() > 4096) err.erase(0, err.size() - 4096);
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Error::Io(argv[0] + " failed", Trim(err.c_str()));
  }
  return {};
}

class PostgresDatabase : public Database {
 public:
  explicit PostgresDatabase(std::string url)
      : url_(url), pool_(std::make_shared<Pool>(std::move(url))) {}

  Status BackupTo(const std::string& path) override {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      return Error::Io("cannot write the database copy", path + " already exists");
    }
    // One snapshot of the whole database (pg_dump's own REPEATABLE READ
    // transaction); writers go on meanwhile.
    return RunTool({"pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file=" + path,
                    "--dbname=" + url_});
  }

  Result<bool> IsEmpty() override {
    AFTERCARE_ASSIGN_OR_RETURN(auto tx, Begin(false));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx->Query("SELECT COUNT(*) AS n FROM pg_catalog.pg_tables WHERE schemaname "
                             "NOT IN ('pg_catalog', 'information_schema')"));
    return rows.at(0).Int("n") == 0;
  }

  Status RestoreFrom(const std::string& path) override {
    AFTERCARE_RETURN_IF_ERROR(RequireEmpty(*this));
    // All or nothing: a failed restore leaves the database empty.
    return RunTool({"pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                    "--single-transaction", "--dbname=" + url_, path});
  }

  Result<std::unique_ptr<Transaction>> Begin(bool write) override {
    // Read: pin the snapshot now (the server takes it at the first statement).
    const char* begin = write ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                              : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1";
    // An idle connection may have died (server restart) unnoticed: drop it and try
    // the next one, then a fresh connection.
    for (PGconn* idle; (idle = pool_->TakeIdle()) != nullptr;) {
      Status s = Plain(idle, begin);
      if (s.ok()) return Wrap(idle);
      if (PQstatus(idle) == CONNECTION_OK) {
        pool_->Release(idle);
        return s.error();
      }
      PQfinish(idle);
    }
    AFTERCARE_ASSIGN_OR_RETURN(PGconn * conn, pool_->Connect());
    if (Status s = Plain(conn, begin); !s.ok()) {
      pool_->Release(conn);
      return s.error();
    }
    return Wrap(conn);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

 private:
  std::unique_ptr<Transaction> Wrap(PGconn* conn) {
    return std::make_unique<PostgresTransaction>(pool_, conn);
  }

  std::string url_;
  std::shared_ptr<Pool> pool_;
};

}  // namespace

Status CheckPostgresCopy(const std::string& path) {
  Status s = RunTool({"pg_restore", "--list", "--file=/dev/null", path});
  if (!s.ok() && s.error().message == "pg_restore failed") {
    return Error{
        ErrorCode::kInvalidInput, "the database in the backup is damaged", {}, 0, s.error().detail};
  }
  return s;
}

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url) {
  auto db = std::make_unique<PostgresDatabase>(url);
  // Connect now so a bad URL or an unreachable server fails at startup.
  auto probe = db->Begin(false);
  if (!probe.ok()) return probe.error();
  probe->reset();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace aftercare::store
