// For the jobs layer's tests that talk to a real server (SMTP, the robots' HTTP
// receiver): a folder of the test's own, a free loopback port, and a server
// process (Debian's Python running a script) on that port, killed when the test
// ends (and by the kernel if the test dies).
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

// kTestPython with `args` (the script or -m module and theirs), listening on
// `port`, with `python_path` as PYTHONPATH; its output goes to `log`.
// SIGTERM, then SIGKILL after 2 s, when destroyed.
class LoopbackServer {
 public:
  LoopbackServer(int port, const std::vector<std::string>& args, const std::string& python_path,
                 std::filesystem::path log)
      : port_(port), log_(std::move(log)) {
    std::vector<std::string> all = {kTestPython};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<std::string> env = {"PYTHONPATH=" + python_path, "PYTHONDONTWRITEBYTECODE=1"};
    for (char** e = environ; *e != nullptr; ++e) {
      std::string_view v = *e;
      if (!v.starts_with("PYTHONPATH=") && !v.starts_with("PYTHONDONTWRITEBYTECODE=")) {
        env.emplace_back(v);
      }
    }
    std::vector<char*> argv, envp;
    for (std::string& a : all) argv.push_back(a.data());
    for (std::string& e : env) envp.push_back(e.data());
    argv.push_back(nullptr);
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
      ::execve(kTestPython, argv.data(), envp.data());
      ::_exit(127);
    }
  }
  ~LoopbackServer() {
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
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // Waits until the server accepts connections; false (with its log) if it exits
  // or takes more than 10 s.
  ::testing::AssertionResult Ready() {
    using namespace std::chrono_literals;
    if (pid_ <= 0 || port_ == 0) return ::testing::AssertionFailure() << "cannot start";
    for (auto end = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < end;
         std::this_thread::sleep_for(20ms)) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = 0;
        return ::testing::AssertionFailure() << "the server exited: " << ReadFile(log_);
      }
      if (Accepts(port_)) return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "the server does not accept: " << ReadFile(log_);
  }

  int port() const { return port_; }

 private:
  int port_;
  std::filesystem::path log_;
  pid_t pid_ = 0;
};

}  // namespace aftercare::jobs
