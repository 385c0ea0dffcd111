#include "service/audit.h"

namespace aftercare::service {

Status Audit(store::Transaction& tx, const Context& ctx, std::string_view action,
             std::string_view entity, std::string_view entity_id, const nlohmann::json& before,
             const nlohmann::json& after) {
  auto text = [](const nlohmann::json& j) -> store::Value {
    if (j.is_null()) return store::Null{};
    return j.dump();
  };
  store::Value actor = store::Null{};
  if (ctx.actor) actor = ctx.actor->user_id;
  return tx.Exec(
      "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, before_json, after_json, "
      "request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {ctx.now.unix, actor, std::string(action), std::string(entity), std::string(entity_id),
       text(before), text(after), ctx.request_id});
}

}  // namespace aftercare::service
