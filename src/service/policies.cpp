#include "service/policies.h"

#include <map>
#include <mutex>

#include "service/permissions.h"

namespace aftercare::service {

Result<std::shared_ptr<const sla::CompiledPolicy>> LoadPolicy(store::Transaction& tx,
                                                              const std::string& name,
                                                              const TimeZone& tz) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const sla::CompiledPolicy>> cache;
  const std::string key = name + "|" + tz.name();
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  const sla::Shipped& shipped = sla::DefaultShipped();
  Result<sla::CompiledPolicy> compiled = sla::BuiltinPolicy(name, tz, shipped);
  if (!compiled.ok()) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query("SELECT body FROM sla_policies WHERE name = $1", {name}));
    if (rows.empty()) return NotFound("policy " + name);
    compiled = sla::ReadPolicyDocument(rows[0].Text(0), tz, shipped);
    if (!compiled.ok()) {
      return Error{ErrorCode::kInternal,
                   "stored policy " + name + " cannot be read",
                   {},
                   0,
                   compiled.error().message};
    }
  }
  auto shared = std::make_shared<const sla::CompiledPolicy>(std::move(compiled).value());
  std::lock_guard lock(mu);
  cache.emplace(key, shared);
  return shared;
}

}  // namespace aftercare::service
