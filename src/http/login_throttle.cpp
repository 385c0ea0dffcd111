#include "http/login_throttle.h"

#include <algorithm>

namespace aftercare::http {

namespace {
// Beyond this many addresses the idle ones are forgotten (bounded memory).
constexpr std::size_t kMaxAddresses = 100000;
}  // namespace

void LoginThrottle::Prune(Entry& e, Clock::time_point now) {
  while (!e.failures.empty() && now - e.failures.front() >= kWindow) e.failures.pop_front();
  while (!e.pending.empty() && now - e.pending.front() >= kPendingExpiry) e.pending.pop_front();
}

std::int64_t LoginThrottle::Admit(const std::string& address, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (by_address_.size() > kMaxAddresses) {
    for (auto& [address_, entry] : by_address_) Prune(entry, now);
    std::erase_if(by_address_, [](const auto& kv) {
      return kv.second.failures.empty() && kv.second.pending.empty();
    });
  }
  Entry& e = by_address_[address];
  Prune(e, now);
  if (e.failures.size() + e.pending.size() >= static_cast<std::size_t>(kMaxFailures)) {
    if (e.failures.empty()) return 1;  // only attempts in flight: they end soon
    auto wait =
        std::chrono::duration_cast<std::chrono::seconds>(kWindow - (now - e.failures.front()));
    return std::max<std::int64_t>(1, wait.count());
  }
  e.pending.push_back(now);
  return 0;
}

void LoginThrottle::Done(const std::string& address, bool failed, Clock::time_point now) {
  std::lock_guard lock(mu_);
  Entry& e = by_address_[address];
  if (!e.pending.empty()) e.pending.pop_front();
  if (failed) e.failures.push_back(now);
  if (e.failures.empty() && e.pending.empty()) by_address_.erase(address);
}

}  // namespace aftercare::http
