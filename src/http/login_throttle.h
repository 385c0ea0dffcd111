// Failed logins per client address (issue 10, SEC-1): the account lockout stops
// guessing one password; this stops one address from trying many accounts, and
// from queueing Argon2id work faster than it fails. An address with kMaxFailures
// failures (or attempts still running) within kWindow is refused at once, before
// any hashing, until the oldest failure leaves the window. In memory, per process.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace aftercare::http {

class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 20;
  static constexpr std::chrono::seconds kWindow{600};
  static constexpr std::chrono::seconds kPendingExpiry{60};
  using Clock = std::chrono::steady_clock;

  // Reserves an attempt for `address`; 0 when it may go ahead, else the seconds to
  // wait. Every admitted attempt must be ended with Done.
  std::int64_t Admit(const std::string& address, Clock::time_point now = Clock::now());
  void Done(const std::string& address, bool failed, Clock::time_point now = Clock::now());

 private:
  struct Entry {
    std::deque<Clock::time_point> failures;  // oldest first, all within kWindow
    // Attempts admitted and not yet done; one the server never ran (it was too busy)
    // is forgotten after kPendingExpiry.
    std::deque<Clock::time_point> pending;
  };
  void Prune(Entry& e, Clock::time_point now);

  std::mutex mu_;
  std::unordered_map<std::string, Entry> by_address_;
};

}  // namespace aftercare::http
