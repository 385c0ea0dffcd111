// Response-time analytics (SLA-5): per week, metric, type and priority, with
// rollups and exact p90.
#include "http/routes/areas.h"
#include "http/routes/list_filters.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/analytics/analytics.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json Rows(const std::vector<service::ResponseStatsRow>& list) {
  json out = json::array();
  for (const auto& x : list) {
    out.push_back({{"week", x.week ? json(FormatDate(*x.week)) : json()},
                   {"metric", x.metric},
                   {"kind", sla::Name(x.kind)},
                   {"type", views::OptName(x.type)},
                   {"priority", views::OptName(x.priority)},
                   {"count", x.count},
                   {"late", x.late},
                   {"avg_s", x.avg_s},
                   {"p90_s", x.p90_s},
                   {"max_s", x.max_s},
                   {"target_s", x.target_s ? json(*x.target_s) : json()}});
  }
  return out;
}

Reply ResponseStats(Call& c, ApiEnv& env) {
  auto q = ReadResponseStatsQuery(c);
  if (!q.ok()) return c.Fail(q.error(), true);
  return c.Render(service::GetResponseStats(env.db, c.ctx, *q),
                  [&](const service::ResponseStats& st) {
                    return json{{"from", FormatDate(q->from)},
                                {"to", FormatDate(q->to)},
                                {"rows", Rows(st.rows)},
                                {"rollups", Rows(st.rollups)}};
                  });
}

}  // namespace

std::vector<QueryParam> ResponseStatsQueryParams() {
  return {{"from", "date", ""}, {"to", "date", ""}, {"customer_id", "integer", ""}};
}

Result<service::ResponseStatsQuery> ReadResponseStatsQuery(const Call& c) {
  service::ResponseStatsQuery q;
  q.to = DefaultZone().LocalDateOf(c.ctx.now);
  q.from = q.to + -55;
  for (auto [key, date] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    AFTERCARE_ASSIGN_OR_RETURN(auto d, c.QueryDate(key));
    if (d) *date = *d;
  }
  AFTERCARE_ASSIGN_OR_RETURN(q.customer_id, c.QueryInt("customer_id"));
  return q;
}

void RegisterAnalyticsRoutes(Router& router, ApiEnv& env) {
  json row = s::Record({{"week", s::Nullable(s::Date())},
                        {"metric", s::Str()},
                        {"kind", s::Str()},
                        {"type", s::Nullable(s::Str())},
                        {"priority", s::Nullable(s::Str())},
                        {"count", s::Int()},
                        {"late", s::Int()},
                        {"avg_s", s::Int()},
                        {"p90_s", s::Int()},
                        {"max_s", s::Int()},
                        {"target_s", s::Nullable(s::Int())}});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/analytics/response",
              .summary =
                  "response-time analytics (SLA-5): rows per week, metric, type and priority: "
                  "count, late, avg_s, p90_s, max_s, target_s; rollups of the same clocks by "
                  "type alone, priority alone or neither (null), per week and over the period "
                  "(week null), with exact p90; from, to (YYYY-MM-DD, default the last 8 weeks), "
                  "customer_id",
              .roles = service::roles::kAnalyticsReaders,
              .query = ResponseStatsQueryParams(),
              .response = s::Record({{"from", s::Date()},
                                     {"to", s::Date()},
                                     {"rows", s::Array(row)},
                                     {"rollups", s::Array(row)}}),
              .handler = [&env](Call& c) { return ResponseStats(c, env); }});
}

}  // namespace aftercare::http
