// SLA policies as data (SLA-1): built-in `bid-default`, or stored YAML documents in
// the scenario format (`policy:` + optional `calendars:`). Compiled policies are
// cached per (name, time zone): a stored policy is immutable once created.
#pragma once

#include <memory>
#include <string>

#include "sla/scenario_reader.h"
#include "store/db.h"

namespace aftercare::service {

Result<std::shared_ptr<const sla::CompiledPolicy>> LoadPolicy(store::Transaction& tx,
                                                              const std::string& name,
                                                              const TimeZone& tz);

}  // namespace aftercare::service
