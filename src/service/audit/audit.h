// The append-only audit log (CON-4, SEC-1): every write, every vendor-side read of
// a customer's ticket, every export. Written in the same transaction as the change,
// so a rejected request leaves no audit entry and an accepted one always has one.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

struct AuditEntry {
  std::int64_t id = 0;
  Instant at;
  std::optional<std::int64_t> actor_id;
  std::string actor_login, action, entity, entity_id, request_id;
  nlohmann::json before, after;
};

struct AuditFilter {
  std::optional<std::string> entity, entity_id, action;
  std::optional<std::int64_t> actor_id;
  std::optional<std::int64_t> before_id;  // cursor: entries older than this id
  int limit = 100;
};

// Administrators only; newest first.
Result<std::vector<AuditEntry>> QueryAudit(store::Database& db, const Context& ctx,
                                           const AuditFilter& f);

// Records a vendor's read of a customer's data assembled from several reads (the
// archive): its own small transaction. Party A's reads of their own data are not
// recorded.
Status AuditRead(store::Database& db, const Context& ctx, std::string_view entity,
                 std::string_view entity_id);
// The same with another action ("list", "search") and what was read (the filter,
// how many records came back).
Status AuditRead(store::Database& db, const Context& ctx, std::string_view action,
                 std::string_view entity, std::string_view entity_id, const nlohmann::json& what);

Status Audit(store::Transaction& tx, const Context& ctx, std::string_view action,
             std::string_view entity, std::string_view entity_id,
             const nlohmann::json& before = nullptr, const nlohmann::json& after = nullptr);

}  // namespace aftercare::service
