// The append-only audit log (CON-4, SEC-1): every write, every vendor-side read of
// a customer's ticket, every export. Written in the same transaction as the change,
// so a rejected request leaves no audit entry and an accepted one always has one.
#pragma once

#include <map>
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
// recorded. `customer_id` names whose data it was (Party A's access log, CON-4).
Status AuditRead(store::Database& db, const Context& ctx, std::string_view entity,
                 std::string_view entity_id, std::optional<std::int64_t> customer_id);
// The same with another action ("list", "search", "export") and what was read (the
// filter, how many records came back).
Status AuditRead(store::Database& db, const Context& ctx, std::string_view action,
                 std::string_view entity, std::string_view entity_id, const nlohmann::json& what,
                 std::optional<std::int64_t> customer_id = std::nullopt);

// An entry in the caller's transaction. It is sealed into the chain (chain.h)
// shortly after it commits. `customer_id`: whose data a vendor read or exported.
Status Audit(store::Transaction& tx, const Context& ctx, std::string_view action,
             std::string_view entity, std::string_view entity_id,
             const nlohmann::json& before = nullptr, const nlohmann::json& after = nullptr,
             std::optional<std::int64_t> customer_id = std::nullopt);

// A vendor's read or export of one customer's records, when a list spans several
// customers: one entry per customer with how many of its records were read.
Status AuditReadsByCustomer(store::Transaction& tx, const Context& ctx, std::string_view action,
                            std::string_view entity, std::string_view entity_id,
                            const nlohmann::json& what,
                            const std::map<std::int64_t, std::int64_t>& count_by_customer);
// The same in a transaction of its own, after a read that took none.
Status AuditReadsByCustomer(store::Database& db, const Context& ctx, std::string_view action,
                            std::string_view entity, std::string_view entity_id,
                            const nlohmann::json& what,
                            const std::map<std::int64_t, std::int64_t>& count_by_customer);

// Party A's page "who read my data" (CON-4): every vendor read and export of the
// customer's data, newest first. Party A sees its own customer; managers and
// administrators any customer.
struct AccessEntry {
  std::int64_t id = 0;
  Instant at;
  std::string actor_name, actor_role, action, entity, entity_id;
  nlohmann::json what;
};
struct AccessFilter {
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
Result<std::vector<AccessEntry>> QueryAccessLog(store::Database& db, const Context& ctx,
                                                const AccessFilter& f);

}  // namespace aftercare::service
