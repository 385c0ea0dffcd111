// SLA policies as data (SLA-1): built-in `bid-default`, or stored YAML documents in
// the scenario format (`policy:` + optional `calendars:`). Compiled policies are
// cached per (name, time zone): a stored policy is immutable once created.
#pragma once

#include <memory>
#include <string>

#include "service/context.h"
#include "sla/scenario_reader.h"
#include "store/db.h"

namespace aftercare::service {

struct StoredPolicy {
  std::string name;
  std::string body;  // YAML: `policy:` and optional `calendars:` (scenario format)
  bool builtin = false;
};

// Administrators store a policy as data (SLA-1). The body must compile (same rules
// and messages as a scenario's inline policy); names are unique and immutable.
Result<StoredPolicy> CreatePolicy(store::Database& db, const Context& ctx, const StoredPolicy& p);
Result<std::vector<StoredPolicy>> ListPolicies(store::Database& db, const Context& ctx);

Result<std::shared_ptr<const sla::CompiledPolicy>> LoadPolicy(store::Transaction& tx,
                                                              const std::string& name,
                                                              const TimeZone& tz);

}  // namespace aftercare::service
