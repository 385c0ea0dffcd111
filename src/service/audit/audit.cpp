#include "service/audit/audit.h"

#include "service/permissions.h"
#include "service/roles.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

// A JSON column, null when NULL.
nlohmann::json Json(const store::Row& r, std::string_view column) {
  if (r.IsNull(column)) return nullptr;
  return nlohmann::json::parse(r.Text(column), nullptr, false);
}

}  // namespace

Status Audit(store::Transaction& tx, const Context& ctx, std::string_view action,
             std::string_view entity, std::string_view entity_id, const nlohmann::json& before,
             const nlohmann::json& after, std::optional<std::int64_t> customer_id) {
  auto text = [](const nlohmann::json& j) -> store::Value {
    if (j.is_null()) return store::Null{};
    return j.dump();
  };
  store::Value actor = store::Null{};
  if (ctx.actor) actor = ctx.actor->user_id;
  return tx.Exec(
      "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, before_json, after_json, "
      "request_id, customer_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {ctx.now.unix, actor, std::string(action), std::string(entity), std::string(entity_id),
       text(before), text(after), ctx.request_id, store::OrNull(customer_id)});
}

Result<std::vector<AuditEntry>> QueryAudit(store::Database& db, const Context& ctx,
                                           const AuditFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  if (f.limit < 1 || f.limit > 1000) return Error::Invalid("limit must be 1 to 1000", 0, "limit");
  std::string sql =
      "SELECT a.id, a.at, a.actor_id, COALESCE(u.login, '') AS actor_login, a.action, a.entity, "
      "a.entity_id, "
      "a.before_json, a.after_json, a.request_id FROM audit_log a "
      "LEFT JOIN users u ON u.id = a.actor_id WHERE 1 = 1";
  store::ParamList params;
  if (f.entity) sql += " AND a.entity = " + params.Add(*f.entity);
  if (f.entity_id) sql += " AND a.entity_id = " + params.Add(*f.entity_id);
  if (f.action) sql += " AND a.action = " + params.Add(*f.action);
  if (f.actor_id) sql += " AND a.actor_id = " + params.Add(*f.actor_id);
  if (f.before_id) sql += " AND a.id < " + params.Add(*f.before_id);
  sql += " ORDER BY a.id DESC LIMIT " + std::to_string(f.limit);
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<AuditEntry>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
    std::vector<AuditEntry> out;
    for (const auto& r : rows) {
      AuditEntry e;
      e.id = r.Int("id");
      e.at = Instant{r.Int("at")};
      e.actor_id = r.OptInt("actor_id");
      e.actor_login = r.Text("actor_login");
      e.action = r.Text("action");
      e.entity = r.Text("entity");
      e.entity_id = r.Text("entity_id");
      e.before = Json(r, "before_json");
      e.after = Json(r, "after_json");
      e.request_id = r.Text("request_id");
      out.push_back(std::move(e));
    }
    return out;
  });
}

Status AuditRead(store::Database& db, const Context& ctx, std::string_view entity,
                 std::string_view entity_id, std::optional<std::int64_t> customer_id) {
  return AuditRead(db, ctx, "read", entity, entity_id, nullptr, customer_id);
}

Status AuditRead(store::Database& db, const Context& ctx, std::string_view action,
                 std::string_view entity, std::string_view entity_id, const nlohmann::json& what,
                 std::optional<std::int64_t> customer_id) {
  if (!ctx.actor || !ctx.actor->vendor()) return {};
  auto r = InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, action, entity, entity_id, nullptr, what, customer_id));
    return true;
  });
  if (!r.ok()) return r.error();
  return {};
}

Status AuditReadsByCustomer(store::Transaction& tx, const Context& ctx, std::string_view action,
                            std::string_view entity, std::string_view entity_id,
                            const nlohmann::json& what,
                            const std::map<std::int64_t, std::int64_t>& count_by_customer) {
  if (!ctx.actor || !ctx.actor->vendor()) return {};
  if (count_by_customer.empty()) return Audit(tx, ctx, action, entity, entity_id, nullptr, what);
  for (const auto& [customer, n] : count_by_customer) {
    nlohmann::json w = what;
    w["count"] = n;
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, action, entity, entity_id, nullptr, w, customer));
  }
  return {};
}

Status AuditReadsByCustomer(store::Database& db, const Context& ctx, std::string_view action,
                            std::string_view entity, std::string_view entity_id,
                            const nlohmann::json& what,
                            const std::map<std::int64_t, std::int64_t>& count_by_customer) {
  if (!ctx.actor || !ctx.actor->vendor()) return {};
  auto r = InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_RETURN_IF_ERROR(
        AuditReadsByCustomer(tx, ctx, action, entity, entity_id, what, count_by_customer));
    return true;
  });
  if (!r.ok()) return r.error();
  return {};
}

Result<std::vector<AccessEntry>> QueryAccessLog(store::Database& db, const Context& ctx,
                                                const AccessFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAccessLogReaders));
  if (ctx.actor->role == Role::kPartyA) {
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, f.customer_id, "customer"));
  }
  if (f.limit < 1 || f.limit > 500) return Error::Invalid("limit must be 1 to 500", 0, "limit");
  store::ParamList params;
  std::string sql =
      "SELECT a.id, a.at, a.action, a.entity, a.entity_id, a.after_json, "
      "COALESCE(u.display_name, '') AS actor_name, COALESCE(u.role, '') AS actor_role "
      "FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE a.customer_id = " +
      params.Add(f.customer_id) +
      " AND a.action IN ('read', 'list', 'search', 'export', 'download')";
  if (f.before_id) sql += " AND a.id < " + params.Add(*f.before_id);
  sql += " ORDER BY a.id DESC LIMIT " + std::to_string(f.limit);
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<AccessEntry>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
    std::vector<AccessEntry> out;
    for (const auto& r : rows) {
      out.push_back(AccessEntry{r.Int("id"), Instant{r.Int("at")}, r.Text("actor_name"),
                                r.Text("actor_role"), r.Text("action"), r.Text("entity"),
                                r.Text("entity_id"), Json(r, "after_json")});
    }
    return out;
  });
}

}  // namespace aftercare::service
