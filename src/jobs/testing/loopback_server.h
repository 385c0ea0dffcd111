// For the jobs layer's tests that talk to a real server (SMTP, the robots' HTTP
// receiver, IMAP): a folder of the test's own, a free loopback port, and a server
// process (any program, or Debian's Python running a script) on that port, killed
// when the test ends (and by the kernel if the test dies).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace aftercare::jobs {

// Debian's Python, where the test servers' packages are installed (scripts/setup.sh test).
inline constexpr const char* kTestPython = "/usr/bin/python3";

// A folder of its own under the system's temporary folder, removed at the end.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix) {
    static std::atomic<int> next_serial{0};
    path_ = std::filesystem::temp_directory_path() /
            (std::string(prefix) + "_" + std::to_string(::getpid()) + "_" +
             std::to_string(next_serial++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A loopback port nobody listens on right now.
inline int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

inline bool Accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// A server process: `argv` (argv[0] a path) with this process's environment,
// `env` entries ("NAME=value") replacing same-named ones; its output goes to
// `log`. SIGTERM, then SIGKILL after 2 s, when destroyed.
class ServerProcess {
 public:
  ServerProcess(std::vector<std::string> argv, std::vector<std::string> env,
                std::filesystem::path log)
      : log_(std::move(log)) {
    for (char** e = environ; *e != nullptr; ++e) {
      std::string_view v = *e;
      bool replaced = false;
      for (const std::string& mine : env) {
        replaced = replaced || v.starts_with(mine.substr(0, mine.find('=') + 1));
      }
      if (!replaced) env.emplace_back(v);
    }
    std::vector<char*> args, envp;
    for (std::string& a : argv) args.push_back(a.data());
    for (std::string& e : env) envp.push_back(e.data());
    args.push_back(nullptr);
    envp.push_back(nullptr);
    std::string log_name = log_.string();
    pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {                       // only async-signal-safe calls until exec
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with the test, whatever happens
      if (::getppid() != parent) ::_exit(127);
      int fd = ::open(log_name.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execve(args[0], args.data(), envp.data());
      ::_exit(127);
    }
  }
  ~ServerProcess() {
    using namespace std::chrono_literals;
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {  // 2 s, then no more asking
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(20ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Waits until the server accepts connections on every one of `ports`; false
  // (with its output, and `server_log` if the server writes a log of its own)
  // if it exits or takes more than 10 s.
  ::testing::AssertionResult Ready(const std::vector<int>& ports,
                                   const std::filesystem::path& server_log = {}) {
    using namespace std::chrono_literals;
    auto logs = [&] {
      return ReadFile(log_) + (server_log.empty() ? std::string() : ReadFile(server_log));
    };
    if (pid_ <= 0) return ::testing::AssertionFailure() << "cannot start";
    for (int port : ports) {
      if (port == 0) return ::testing::AssertionFailure() << "cannot start: no free port";
    }
    for (auto end = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < end;
         std::this_thread::sleep_for(20ms)) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = 0;
        return ::testing::AssertionFailure() << "the server exited: " << logs();
      }
      bool all = true;
      for (int port : ports) all = all && Accepts(port);
      if (all) return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "the server does not accept: " << logs();
  }

 private:
  std::filesystem::path log_;
  pid_t pid_ = 0;
};

// kTestPython with `args` (the script or -m module and theirs), listening on
// `port`, with `python_path` as PYTHONPATH; its output goes to `log`.
// SIGTERM, then SIGKILL after 2 s, when destroyed.
class LoopbackServer {
 public:
  LoopbackServer(int port, const std::vector<std::string>& args, const std::string& python_path,
                 std::filesystem::path log)
      : port_(port),
        process_(PythonArgs(args), {"PYTHONPATH=" + python_path, "PYTHONDONTWRITEBYTECODE=1"},
                 std::move(log)) {}

  // Waits until the server accepts connections; false (with its log) if it exits
  // or takes more than 10 s.
  ::testing::AssertionResult Ready() { return process_.Ready({port_}); }

  int port() const { return port_; }

 private:
  static std::vector<std::string> PythonArgs(const std::vector<std::string>& args) {
    std::vector<std::string> all = {kTestPython};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }

  int port_;
  ServerProcess process_;
};

}  // namespace aftercare::jobs
