#include "http/session_cache.h"

#include "service/accounts/accounts.h"

namespace aftercare::http {

Result<service::Actor> SessionCache::Authenticate(const std::string& token, Instant now) {
  auto t = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(token); it != cache_.end() && it->second.second > t) {
      return it->second.first;
    }
  }
  auto actor = service::Authenticate(db_, now, token);
  if (actor.ok()) {
    std::lock_guard lock(mu_);
    if (cache_.size() > 10000) cache_.clear();
    cache_[token] = {*actor, t + kTtl};
  }
  return actor;
}

void SessionCache::ForgetToken(const std::string& token) {
  std::lock_guard lock(mu_);
  cache_.erase(token);
}

void SessionCache::ForgetUser(std::int64_t user_id) {
  std::lock_guard lock(mu_);
  std::erase_if(cache_, [&](const auto& e) { return e.second.first.user_id == user_id; });
}

}  // namespace aftercare::http
