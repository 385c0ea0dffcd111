// Authenticated tokens, remembered for a few seconds so that a busy client does
// not cost a database read per request. A logout or a change to an account
// evicts at once in this process; another server process may honour a revoked
// token for at most kTtl.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "service/context.h"
#include "store/db.h"

namespace aftercare::http {

class SessionCache {
 public:
  static constexpr auto kTtl = std::chrono::seconds(5);
  explicit SessionCache(store::Database& db) : db_(db) {}

  Result<service::Actor> Authenticate(const std::string& token, Instant now);
  void ForgetToken(const std::string& token);
  // After a change to an account: its cached sessions are read again.
  void ForgetUser(std::int64_t user_id);

 private:
  store::Database& db_;
  std::mutex mu_;
  std::unordered_map<std::string, std::pair<service::Actor, std::chrono::steady_clock::time_point>>
      cache_;
};

}  // namespace aftercare::http
