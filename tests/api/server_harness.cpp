#include "server_harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace aftercare::apitest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Throw(const std::string& what) { throw std::runtime_error(what); }

// The test process must survive a child that exits while we write to its stdin.
void IgnoreSigpipeOnce() {
  static const bool done = [] {
    signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

void Pipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0) Throw(std::string("pipe2: ") + std::strerror(errno));
}

// fork + exec with the given fds as stdin/stdout/stderr. The child dies with the
// test process (PR_SET_PDEATHSIG), so a crashed or timed-out test leaves no
// server behind.
pid_t Spawn(const std::vector<std::string>& argv, int in_fd, int out_fd, int err_fd) {
  IgnoreSigpipeOnce();
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) Throw(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    signal(SIGPIPE, SIG_DFL);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(127);
    execvp(args[0], args.data());
    const char msg[] = "exec failed\n";
    (void)!write(2, msg, sizeof msg - 1);
    _exit(127);
  }
  return pid;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Waits for `pid` up to `timeout`; nullopt when it is still running.
std::optional<int> WaitFor(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return DecodeStatus(status);
    if (r < 0 && errno != EINTR) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// psql's single-quoted shell argument.
std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// postgresql://user@host:port/db?x -> the same URL naming `db` instead.
std::string WithDatabase(const std::string& url, const std::string& db) {
  std::size_t scheme = url.find("://");
  std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  std::size_t query = url.find('?');
  std::string base = slash == std::string::npos ? url.substr(0, query) : url.substr(0, slash);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + db + rest;
}

int Psql(const std::string& url, const std::string& sql) {
  std::string cmd = "psql " + ShellQuote(url) + " -v ON_ERROR_STOP=1 -qX -c " + ShellQuote(sql) +
                    " >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

std::atomic<int> database_counter{0};

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) Throw("cannot write " + path.string());
}

}  // namespace

std::string BackendName(Backend b) { return b == Backend::kSqlite ? "sqlite" : "postgresql"; }

std::optional<std::string> PostgresUrlFromEnv() {
  const char* url = std::getenv("AFTERCARE_TEST_PG_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

std::string AftercareBinary() {
  const char* over = std::getenv("AFTERCARE_TEST_BINARY");
  return over != nullptr && *over != '\0' ? over : AFTERCARE_BINARY;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input,
                         int timeout_s) {
  int in[2], out[2], err[2];
  Pipe(in);
  Pipe(out);
  Pipe(err);
  pid_t pid = Spawn(argv, in[0], out[1], err[1]);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  ProcessResult r;
  std::size_t written = 0;
  int in_fd = in[1];
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  bool out_open = true, err_open = true, timed_out = false;
  auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
  while (out_open || err_open) {
    pollfd fds[3];
    int n = 0;
    if (out_open) fds[n++] = {out[0], POLLIN, 0};
    if (err_open) fds[n++] = {err[0], POLLIN, 0};
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    if (poll(fds, n, static_cast<int>(left)) < 0 && errno != EINTR) break;
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in_fd) {
        ssize_t w = write(in_fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN) written = input.size();  // the child stopped reading
        if (written == input.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      char buf[65536];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      std::string& sink = fds[i].fd == out[0] ? r.out : r.err;
      if (got > 0) {
        sink.append(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        (fds[i].fd == out[0] ? out_open : err_open) = false;
      }
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(out[0]);
  close(err[0]);
  if (timed_out) kill(pid, SIGKILL);
  auto status = WaitFor(pid, std::chrono::seconds(timed_out ? 10 : timeout_s));
  if (!status) {
    kill(pid, SIGKILL);
    status = WaitFor(pid, std::chrono::seconds(10));
  }
  r.status = timed_out ? 137 : status.value_or(-1);
  return r;
}

TestServer::TestServer(Backend backend, bool background_jobs)
    : backend_(backend), job_threads_(background_jobs ? 1 : 0) {
  try {
    Create();
    Start();
  } catch (...) {
    Destroy();
    throw;
  }
}

TestServer::TestServer(const TestServer& other, int job_threads)
    : backend_(other.backend_), db_url_(other.db_url_), job_threads_(job_threads) {
  try {
    CreateFolder();
    Start();
  } catch (...) {
    Destroy();
    throw;
  }
}

TestServer::~TestServer() { Destroy(); }

void TestServer::CreateFolder() {
  std::string pattern = (fs::temp_directory_path() / "aftercare-api-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) Throw("mkdtemp: " + std::string(std::strerror(errno)));
  dir_ = pattern;
  // A stand-in for the built web UI (web/dist): a page, a hashed asset and its
  // precompressed copy.
  fs::create_directories(dir_ / "web" / "assets");
  WriteFile(dir_ / "web" / "index.html", kWebIndex);
  WriteFile(dir_ / "web" / "assets" / "app-1a2b3c.js", kWebAsset);
  WriteFile(dir_ / "web" / "assets" / "app-1a2b3c.js.gz", kWebAssetGzip);
}

void TestServer::Create() {
  CreateFolder();
  if (backend_ == Backend::kSqlite) {
    db_url_ = (dir_ / "aftercare.db").string();
  } else {
    auto url = PostgresUrlFromEnv();
    if (!url) Throw("AFTERCARE_TEST_PG_URL is not set");
    pg_admin_url_ = *url;
    pg_db_name_ = "aftercare_api_" + std::to_string(getpid()) + "_" +
                  std::to_string(database_counter.fetch_add(1));
    if (Psql(pg_admin_url_, "CREATE DATABASE " + pg_db_name_) != 0) {
      std::string name = pg_db_name_;
      pg_db_name_.clear();
      Throw("cannot create the PostgreSQL database " + name + " on " + pg_admin_url_);
    }
    db_url_ = WithDatabase(pg_admin_url_, pg_db_name_);
  }
  ProcessResult m = Cli({"db", "migrate"});
  if (m.status != 0)
    Throw("aftercare db migrate failed (" + std::to_string(m.status) + "): " + m.err);
  ProcessResult u = Cli({"user", "add", "--login", kAdminLogin, "--name", "Administrator", "--role",
                         "admin", "--password-stdin"},
                        std::string(kAdminPassword) + "\n");
  if (u.status != 0)
    Throw("aftercare user add failed (" + std::to_string(u.status) + "): " + u.err);
}

void TestServer::Destroy() {
  if (pid_ > 0) Kill();
  if (!pg_db_name_.empty()) {
    Psql(pg_admin_url_, "DROP DATABASE IF EXISTS " + pg_db_name_ + " WITH (FORCE)");
    pg_db_name_.clear();
  }
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    dir_.clear();
  }
}

ProcessResult TestServer::Cli(std::vector<std::string> args, const std::string& input,
                              bool with_db) const {
  std::vector<std::string> argv{AftercareBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  if (with_db) {
    argv.push_back("--db");
    argv.push_back(db_url_);
  }
  return RunProcess(argv, input);
}

std::string TestServer::StderrLog() const {
  if (dir_.empty()) return "";
  return Slurp(dir_ / "server.log");
}

void TestServer::Start() {
  if (pid_ > 0) Throw("the server is already running");
  int out[2];
  Pipe(out);
  int log = open((dir_ / "server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (log < 0 || devnull < 0) Throw("cannot open the server log");
  std::vector<std::string> argv = {AftercareBinary(), "serve", "--db",  db_url_,
                                   "--port",          "0",     "--web", (dir_ / "web").string()};
  argv.insert(argv.end(), {"--jobs", std::to_string(job_threads_)});
  argv.insert(argv.end(), serve_args_.begin(), serve_args_.end());
  pid_ = Spawn(argv, devnull, out[1], log);
  close(out[1]);
  close(log);
  close(devnull);
  stdout_fd_ = out[0];
  // Wait for "aftercare: serving on http://127.0.0.1:PORT/ ...".
  std::string text;
  auto deadline = Clock::now() + std::chrono::seconds(10);
  for (;;) {
    std::size_t at = text.find("serving on http://");
    if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
      std::size_t colon = text.find(':', at + std::strlen("serving on http://"));
      port_ = static_cast<std::uint16_t>(std::stoi(text.substr(colon + 1)));
      break;
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{stdout_fd_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) {
      Kill();
      Throw("the server did not report its port within 10 s; stdout: " + text +
            "; stderr: " + StderrLog());
    }
    char buf[4096];
    ssize_t got = read(stdout_fd_, buf, sizeof buf);
    if (got <= 0) {
      Kill();
      Throw("the server exited before listening; stdout: " + text + "; stderr: " + StderrLog());
    }
    text.append(buf, static_cast<std::size_t>(got));
  }
  ++generation_;
}

int TestServer::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  auto status = WaitFor(pid_, std::chrono::seconds(10));
  if (!status) {
    kill(pid_, SIGKILL);
    WaitFor(pid_, std::chrono::seconds(10));
    status = -2;  // did not stop on SIGTERM
  }
  pid_ = -1;
  close(stdout_fd_);
  stdout_fd_ = -1;
  return *status;
}

void TestServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitFor(pid_, std::chrono::seconds(10));
  pid_ = -1;
  close(stdout_fd_);
  stdout_fd_ = -1;
}

std::string TestServer::QueryScalar(const std::string& sql) const {
  if (backend_ == Backend::kPostgres) {
    ProcessResult r = RunProcess({"psql", db_url_, "-XqtA", "-v", "ON_ERROR_STOP=1", "-c", sql});
    if (r.status != 0) Throw("psql failed: " + r.err);
    while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r')) r.out.pop_back();
    return r.out.substr(0, r.out.find('\n'));
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_url_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    Throw("cannot open " + db_url_ + ": " + msg);
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    if (text) value = reinterpret_cast<const char*>(text);
  } else if (rc != SQLITE_DONE) {
    std::string msg = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    Throw("sqlite: " + msg + " in " + sql);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

std::int64_t TestServer::Count(const std::string& table) const {
  return std::stoll(QueryScalar("SELECT COUNT(*) FROM " + table));
}

}  // namespace aftercare::apitest
