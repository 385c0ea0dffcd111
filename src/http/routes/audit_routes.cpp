// The audit log (CON-4, SEC-1), newest first, for administrators.
#include "http/routes/areas.h"
#include "http/routes/list_filters.h"
#include "http/schema.h"
#include "service/audit/audit.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

Reply QueryLog(Call& c, ApiEnv& env) {
  auto filter = ReadAuditFilter(c);
  if (!filter.ok()) return c.Fail(filter.error(), true);
  const service::AuditFilter& f = *filter;
  const TimeZone& tz = DefaultZone();
  return c.Render(service::QueryAudit(env.db, c.ctx, f), [&](const auto& list) {
    json items = json::array();
    for (const auto& e : list) {
      items.push_back({{"id", e.id},
                       {"at", FormatRfc3339(e.at, tz)},
                       {"actor_id", e.actor_id ? json(*e.actor_id) : json(nullptr)},
                       {"actor", e.actor_login},
                       {"action", e.action},
                       {"entity", e.entity},
                       {"entity_id", e.entity_id},
                       {"before", e.before},
                       {"after", e.after},
                       {"request_id", e.request_id}});
    }
    json next = list.size() == static_cast<std::size_t>(f.limit) && !list.empty()
                    ? json(std::to_string(list.back().id))
                    : json(nullptr);
    return json{{"items", items}, {"next_cursor", next}};
  });
}

}  // namespace

std::vector<QueryParam> AuditFilterQuery(std::vector<QueryParam> more) {
  std::vector<QueryParam> q = {{"entity", "string", ""},
                               {"entity_id", "string", ""},
                               {"action", "string", ""},
                               {"actor_id", "integer", ""}};
  q.insert(q.end(), more.begin(), more.end());
  return q;
}

Result<service::AuditFilter> ReadAuditFilter(const Call& c) {
  service::AuditFilter f;
  f.entity = c.QueryStr("entity");
  f.entity_id = c.QueryStr("entity_id");
  f.action = c.QueryStr("action");
  AFTERCARE_ASSIGN_OR_RETURN(f.actor_id, c.QueryInt("actor_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.before_id, c.QueryInt("cursor"));
  AFTERCARE_ASSIGN_OR_RETURN(auto limit, c.QueryLimit("limit"));
  if (limit) f.limit = *limit;
  return f;
}

void RegisterAuditRoutes(Router& router, ApiEnv& env) {
  json entry = s::Record({{"id", s::Int()},
                          {"at", s::Time()},
                          {"actor_id", s::Nullable(s::Int())},
                          {"actor", s::Str()},
                          {"action", s::Str()},
                          {"entity", s::Str()},
                          {"entity_id", s::Str()},
                          {"before", s::Any()},
                          {"after", s::Any()},
                          {"request_id", s::Str()}});
  router.Add(
      {.method = Method::kGet,
       .path = "/api/v1/audit",
       .summary = "the audit log, newest first (administrators): filters entity, "
                  "entity_id, action, actor_id; cursor, limit",
       .roles = service::roles::kAdmins,
       .query = AuditFilterQuery(
           {{"cursor", "integer", ""}, {"limit", "integer", "1 to 1000, default 100"}}),
       .response = s::Record({{"items", s::Array(entry)}, {"next_cursor", s::Nullable(s::Str())}}),
       .handler = [&env](Call& c) { return QueryLog(c, env); }});
}

}  // namespace aftercare::http
