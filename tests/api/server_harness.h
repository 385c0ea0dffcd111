// Black-box harness for the API tests: runs the built `aftercare` binary as a
// child process on a fresh database of its own (a SQLite file in a temporary
// folder, or a new PostgreSQL database on the server named by
// AFTERCARE_TEST_PG_URL), prepared with `aftercare db migrate` and
// `aftercare user add` (an administrator). The server listens on a free port
// (`--port 0`); the harness reads the port from its startup line on stdout.
// Servers can be stopped gracefully (SIGTERM), killed (SIGKILL) and restarted on
// the same database. Everything a server leaves behind (folder, database) is
// removed when the TestServer is destroyed.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace aftercare::apitest {

enum class Backend { kSqlite, kPostgres };
std::string BackendName(Backend b);

// The PostgreSQL server for tests (env AFTERCARE_TEST_PG_URL), or nullopt.
std::optional<std::string> PostgresUrlFromEnv();

struct ProcessResult {
  int status = -1;  // exit status, or 128 + signal
  std::string out, err;
};

// Runs `argv` (argv[0] a path, or a name looked up on PATH) to completion, with
// `input` on stdin; fails the process after `timeout_s` seconds (status 137).
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input = "",
                         int timeout_s = 60);

// The `aftercare` binary under test: env AFTERCARE_TEST_BINARY, else the one
// this test was built with.
std::string AftercareBinary();

// The stand-in web UI every test server serves (`--web DIR/web`).
inline constexpr const char* kWebIndex = "<!doctype html><title>aftercare</title><div id=app>";
inline constexpr const char* kWebAsset = "console.log('aftercare');\n";
inline constexpr const char* kWebAssetGzip = "(gzip bytes)";

class TestServer {
 public:
  static constexpr const char* kAdminLogin = "admin";
  static constexpr const char* kAdminPassword = "admin-pass-1";

  // Creates the database, migrates it, adds the administrator and starts the
  // server. Throws std::runtime_error with the details when any step fails.
  // `background_jobs`: the server runs the job queue (SLA timers), as a server
  // does by default; most tests run without it, so that no SLA alert is written
  // on their tickets while they compare them (the alert tests turn it on).
  explicit TestServer(Backend backend, bool background_jobs = false);
  // A second server on `other`'s database (already migrated, with its
  // administrator), in a folder of its own, with `job_threads` job threads: servers
  // sharing a PostgreSQL database share its job queue. The database stays `other`'s
  // (this one never drops it); destroy this one first.
  TestServer(const TestServer& other, int job_threads);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Starts the server (not running) and waits up to 10 s for its port line.
  void Start();
  // Options added to `aftercare serve` from the next Start on (--behind-proxy, ...).
  void set_serve_args(std::vector<std::string> args) { serve_args_ = std::move(args); }
  // `--jobs N` from the next Start on (default: 1 with background jobs, else 0).
  void set_job_threads(int n) { job_threads_ = n; }
  // SIGTERM and wait (up to 10 s, then SIGKILL); returns the exit status.
  int Stop();
  // SIGKILL and wait: a crash.
  void Kill();
  bool running() const { return pid_ > 0; }

  Backend backend() const { return backend_; }
  std::uint16_t port() const { return port_; }
  // Bumped on every start: clients reconnect when it changes.
  int generation() const { return generation_; }
  const std::string& db_url() const { return db_url_; }
  const std::filesystem::path& dir() const { return dir_; }
  // The server's stderr so far (all runs), for failure messages.
  std::string StderrLog() const;

  // Runs the binary with `args` (e.g. {"user", "add", ...}); `--db URL` is added
  // when `with_db` is true.
  ProcessResult Cli(std::vector<std::string> args, const std::string& input = "",
                    bool with_db = true) const;

  // Reads the database directly (for what the API does not show, such as the
  // audit log): the first column of the first row of `sql`, as text.
  std::string QueryScalar(const std::string& sql) const;
  std::int64_t Count(const std::string& table) const;

 private:
  void Create();
  void CreateFolder();
  void Destroy();

  Backend backend_;
  std::filesystem::path dir_;
  std::string db_url_;
  std::string pg_admin_url_, pg_db_name_;  // PostgreSQL only
  pid_t pid_ = -1;
  int stdout_fd_ = -1;  // kept open while the server runs (it must not get SIGPIPE)
  std::uint16_t port_ = 0;
  int generation_ = 0;
  std::vector<std::string> serve_args_;
  int job_threads_ = 0;
};

}  // namespace aftercare::apitest
