// What the route files share: the database, the data and attachments folders, the live
// change feed, the session cache, the login throttle, the counters of /metrics
// and the server's options. Built once by the Api; each area's Register function
// takes it.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "http/router.h"
#include "service/audit/evidence_key.h"
#include "service/channels/secret_box.h"
#include "store/db.h"

namespace aftercare::http {

class ChangeFeed;
class SessionCache;
class LoginThrottle;

struct ApiMetrics {
  std::atomic<std::uint64_t> requests[6] = {};  // by status class 1xx..5xx (index 1..5)
  std::atomic<std::uint64_t> micros{0};
  std::atomic<std::uint64_t> tickets_created{0};
};

struct ApiEnv {
  store::Database& db;
  std::string attachments_dir;
  ChangeFeed& feed;
  SessionCache& sessions;
  LoginThrottle& login_throttle;
  ApiMetrics& metrics;
  std::string metrics_token;
  bool behind_proxy = false;
  const service::SecretBox& secrets;
  const service::EvidenceKey& evidence;
  std::string data_dir;  // DATA (the backups' default folder is DATA/backups)
};

}  // namespace aftercare::http
