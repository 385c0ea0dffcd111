// Issue 12's delivery benchmark (not a test; bench/deliveries_bench.sh runs it):
// deliveries per second through the durable queue to a local webhook receiver.
//
// On a migrated database with an administrator (user 1): a webhook channel
// (signed, no rate limit) pointing at a receiver in this process (a poll loop
// on loopback that reads each HTTP request, keeps its webhook-id and answers 204,
// keeping the connection open when the client does); N deliveries made the way a
// warning makes them (service::Announce, 500 to a transaction); then serve's
// runner (the options of cli/server_commands.cpp, every job area registered) with
// THREADS threads, timed from its start until the receiver has N distinct
// webhook-ids and every delivery is `sent`. Checks that each webhook-id came once
// and each delivery has one attempt, and prints the figures.
//
// Usage: deliveries_bench DB_URL [N] [THREADS]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench_support.h"
#include "core/time.h"
#include "jobs/job_areas.h"
#include "jobs/runner.h"
#include "service/channels/channels.h"
#include "service/deliveries/deliveries.h"
#include "service/tx.h"
#include "store/db.h"

namespace {

using namespace aftercare;
using namespace aftercare::bench;

// The receiver: one thread, poll() over the listening socket and its connections;
// HTTP/1.1 requests with a Content-Length body, answered 204 in order.
class Receiver {
 public:
  Receiver() {
    listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (::bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(listen_, 512) != 0) {
      std::perror("deliveries_bench: receiver");
      std::exit(1);
    }
    socklen_t len = sizeof a;
    ::getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::fcntl(listen_, F_SETFL, O_NONBLOCK);
    thread_ = std::thread([this] { Loop(); });
  }
  ~Receiver() {
    stop_ = true;
    thread_.join();
    ::close(listen_);
  }
  int port() const { return port_; }
  std::int64_t requests() const { return requests_; }
  std::int64_t connections() const { return connections_; }
  // Distinct webhook-ids, and the most times one id came.
  std::pair<std::size_t, int> Ids() {
    std::lock_guard lock(mu_);
    int most = 0;
    for (const auto& [id, n] : ids_) most = std::max(most, n);
    return {ids_.size(), most};
  }

 private:
  struct Conn {
    int fd;
    std::string in;
  };

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  // Answers every whole request in `c.in`; false when the connection is done.
  bool Serve(Conn& c) {
    for (;;) {
      const std::size_t end = c.in.find("\r\n\r\n");
      if (end == std::string::npos) return true;
      const std::string head = Lower(c.in.substr(0, end));
      std::size_t length = 0;
      if (auto at = head.find("\r\ncontent-length:"); at != std::string::npos) {
        length = std::strtoul(head.c_str() + at + 17, nullptr, 10);
      }
      if (c.in.size() < end + 4 + length) return true;
      std::string id;
      if (auto at = head.find("\r\nwebhook-id:"); at != std::string::npos) {
        std::size_t from = head.find_first_not_of(' ', at + 13);
        id = c.in.substr(from, head.find("\r\n", from) - from);  // ids are lower-case hex
      }
      const bool close = head.find("\r\nconnection: close") != std::string::npos;
      c.in.erase(0, end + 4 + length);
      {
        std::lock_guard lock(mu_);
        ++ids_[id];
      }
      ++requests_;
      static constexpr char kAnswer[] = "HTTP/1.1 204 No Content\r\n\r\n";
      if (::send(c.fd, kAnswer, sizeof kAnswer - 1, MSG_NOSIGNAL) < 0 || close) return false;
    }
  }

  void Loop() {
    std::vector<Conn> conns;
    std::vector<pollfd> fds;
    char buf[65536];
    while (!stop_) {
      fds.clear();
      fds.push_back({listen_, POLLIN, 0});
      for (const Conn& c : conns) fds.push_back({c.fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
      if (fds[0].revents & POLLIN) {
        for (;;) {
          int fd = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
          if (fd < 0) break;
          ++connections_;
          conns.push_back({fd, {}});
        }
      }
      for (std::size_t i = 1; i < fds.size(); ++i) {
        if (fds[i].revents == 0) continue;
        Conn& c = conns[i - 1];
        ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        bool keep = n > 0;
        if (keep) {
          c.in.append(buf, static_cast<std::size_t>(n));
          keep = Serve(c);
        }
        if (!keep) {
          ::close(c.fd);
          c.fd = -1;
        }
      }
      std::erase_if(conns, [](const Conn& c) { return c.fd < 0; });
    }
    for (const Conn& c : conns) ::close(c.fd);
  }

  int listen_ = -1, port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<std::int64_t> requests_{0}, connections_{0};
  std::mutex mu_;
  std::unordered_map<std::string, int> ids_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: deliveries_bench DB_URL [N] [THREADS]\n");
    return 2;
  }
  const int n = argc > 2 ? std::atoi(argv[2]) : 20000;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 4;
  auto opened = store::OpenDatabase(argv[1]);
  Check(opened.ok() ? Status{} : Status(opened.error()), "open");
  store::Database& db = **opened;
  const char* dialect = db.dialect() == store::Dialect::kPostgres ? "postgresql" : "sqlite";

  Receiver receiver;
  const service::SecretBox secrets = service::SecretBox::Random();
  service::Context admin{
      service::Actor{1, "bench-admin", service::Role::kAdmin, std::nullopt, "压测管理员"},
      "deliveries-bench", Now()};
  service::ChannelInput in;
  in.name = "压测回调";
  in.kind = service::ChannelKind::kWebhook;
  in.secrets =
      nlohmann::json{{"url", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/webhook"},
                     {"secret", "whsec_dGVzdC13ZWJob29rLXNlY3JldA=="}};
  in.rate_per_minute = 0;
  auto channel = service::CreateChannel(db, admin, secrets, in);
  Check(channel.ok() ? Status{} : Status(channel.error()), "create the channel");

  // N warnings' deliveries, as the SLA timers make them.
  auto start = Clock::now();
  constexpr int kPerTx = 500;
  for (int i = 0; i < n; i += kPerTx) {
    Check(service::InTransaction(db, true,
                                 [&](store::Transaction& tx) -> Status {
                                   for (int k = i; k < std::min(n, i + kPerTx); ++k) {
                                     service::Announcement a;
                                     a.kind = service::NotificationKind::kSlaWarning;
                                     a.event_key = "bench:" + std::to_string(k);
                                     a.data = {{"metric", "acknowledge"}, {"n", k}};
                                     AFTERCARE_RETURN_IF_ERROR(
                                         service::Announce(tx, a, {}, Now()).status());
                                   }
                                   return {};
                                 }),
          "announce");
  }
  const double enqueue_s = SecondsSince(start);
  const std::int64_t made =
      Scalar(db, "SELECT COUNT(*) AS n FROM deliveries WHERE state = 'pending'");
  std::printf("%s: %lld deliveries queued in %.2f s (%.0f/s)\n", dialect,
              static_cast<long long>(made), enqueue_s, made / enqueue_s);
  if (made != n) {
    std::fprintf(stderr, "deliveries_bench: %d deliveries wanted, %lld made\n", n,
                 static_cast<long long>(made));
    return 1;
  }

  // serve's runner (cli/server_commands.cpp).
  jobs::Runner runner(
      db, jobs::RunnerOptions{.threads = threads, .poll = std::chrono::milliseconds(250)});
  const auto evidence = service::EvidenceKey::Random();
  jobs::JobEnv env{db, secrets, {}, evidence};
  jobs::RegisterAllJobs(runner, env);
  const double cpu0 = CpuSeconds();
  start = Clock::now();
  runner.Start();
  double last_print = 0;
  while (receiver.Ids().first < static_cast<std::size_t>(n)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const double t = SecondsSince(start);
    if (t - last_print >= 5) {
      last_print = t;
      std::fprintf(stderr, "  %.0f s: %zu received\n", t, receiver.Ids().first);
    }
    if (t > 600) {
      std::fprintf(stderr, "deliveries_bench: not all received within 600 s\n");
      return 1;
    }
  }
  const double received_s = SecondsSince(start);
  while (Scalar(db, "SELECT COUNT(*) AS n FROM deliveries WHERE state = 'sent'") < n) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double sent_s = SecondsSince(start);
  const double cpu = CpuSeconds() - cpu0;
  runner.Stop();

  const auto [distinct, most] = receiver.Ids();
  const std::int64_t attempts = Scalar(db, "SELECT COUNT(*) AS n FROM delivery_attempts");
  const std::int64_t sent_attempts =
      Scalar(db, "SELECT COUNT(*) AS n FROM delivery_attempts WHERE outcome = 'sent'");
  std::printf(
      "%s: %d deliveries, %d runner threads: all received in %.2f s, all recorded sent in "
      "%.2f s: %.0f deliveries/s; process CPU %.2f s (%.0f%% of a core); %lld requests on "
      "%lld connections\n",
      dialect, n, threads, received_s, sent_s, n / sent_s, cpu, 100 * cpu / sent_s,
      static_cast<long long>(receiver.requests()), static_cast<long long>(receiver.connections()));
  if (distinct != static_cast<std::size_t>(n) || most != 1 || attempts != n || sent_attempts != n) {
    std::fprintf(stderr,
                 "deliveries_bench: %zu distinct webhook-ids (most seen %d times), %lld attempts, "
                 "%lld sent\n",
                 distinct, most, static_cast<long long>(attempts),
                 static_cast<long long>(sent_attempts));
    return 1;
  }
  return 0;
}
