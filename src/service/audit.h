// The append-only audit log (CON-4, SEC-1): every write, every vendor-side read of
// a customer's ticket, every export. Written in the same transaction as the change,
// so a rejected request leaves no audit entry and an accepted one always has one.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

Status Audit(store::Transaction& tx, const Context& ctx, std::string_view action,
             std::string_view entity, std::string_view entity_id,
             const nlohmann::json& before = nullptr, const nlohmann::json& after = nullptr);

}  // namespace aftercare::service
