// Response-time analytics (SLA-5): per week, metric, type and priority, with
// rollups and exact p90.
#include "http/routes/areas.h"
#include "http/routes/list_filters.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/analytics/analytics.h"
#include "service/analytics/links.h"
#include "service/analytics/steps.h"
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

json LinkGroups(const service::links::LinksReport& r) {
  json groups = json::array();
  for (const auto& g : r.groups) {
    json steps = json::array();
    for (const auto& st : g.steps) {
      auto [from, to] = service::links::StepEnds(st.step);
      steps.push_back({{"step", st.step},
                       {"from", from.empty() ? json() : json(from)},
                       {"to", to.empty() ? json() : json(to)},
                       {"count", st.count},
                       {"median_s", st.median_s},
                       {"p90_s", st.p90_s},
                       {"sum_s", st.sum_s},
                       {"share_pm", g.total_s > 0 ? (st.sum_s * 1000 + g.total_s / 2) / g.total_s
                                                  : 0}});
    }
    groups.push_back({{"value", g.value ? json(*g.value) : json()},
                      {"label", g.label},
                      {"total_s", g.total_s},
                      {"slowest", g.slowest ? json(*g.slowest) : json()},
                      {"steps", steps}});
  }
  return groups;
}

Reply SlowestLinks(Call& c, ApiEnv& env) {
  auto period = ReadResponseStatsQuery(c);
  if (!period.ok()) return c.Fail(period.error(), true);
  auto by = c.QueryName("by", service::links::ParseLinkDimension,
                        Error::Invalid("by must be type, priority or team", 0, "by"));
  if (!by.ok()) return c.Fail(by.error());
  service::links::LinksQuery q{period->from, period->to,
                               by->value_or(service::links::LinkDimension::kType),
                               period->customer_id};
  return c.Render(service::links::GetSlowestLinks(env.db, c.ctx, q),
                  [&](const service::links::LinksReport& r) {
                    return json{{"from", FormatDate(q.from)},
                                {"to", FormatDate(q.to)},
                                {"by", service::links::Name(q.by)},
                                {"exact", r.exact},
                                {"groups", LinkGroups(r)}};
                  });
}

void RegisterLinksRoute(Router& router, ApiEnv& env) {
  json step = s::Record({{"step", s::Str("from>to (milestones), waiting_customer or reopened")},
                         {"from", s::Nullable(s::Str())},
                         {"to", s::Nullable(s::Str())},
                         {"count", s::Int()},
                         {"median_s", s::Int()},
                         {"p90_s", s::Int()},
                         {"sum_s", s::Int()},
                         {"share_pm", s::Int("per mille of the group's total_s")}});
  json group = s::Record({{"value", s::Nullable(s::Str())},
                          {"label", s::Str()},
                          {"total_s", s::Int()},
                          {"slowest", s::Nullable(s::Str())},
                          {"steps", s::Array(step)}});
  std::vector<QueryParam> params = ResponseStatsQueryParams();
  params.push_back({"by", "string", "type (default), priority or team"});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/analytics/steps",
              .summary =
                  "the slowest links (SLA-5): per step of the flow (received > first_contact > "
                  "diagnosed > onsite_decided > onsite_arrived > resolved > closed; a skipped "
                  "milestone makes a step across it; waiting on the customer and resolved "
                  "before a reopen apart), over the tickets received from..to (Asia/Shanghai, "
                  "default the last 8 weeks): count, median_s, p90_s (wall seconds, nearest "
                  "rank), sum_s and share_pm of the group's total; groups: all tickets (value "
                  "null, first), then by type, priority or team; slowest: the step up to the "
                  "resolution with the largest share; exact false: median and p90 within 1 %",
              .roles = service::roles::kAnalyticsReaders,
              .query = params,
              .response = s::Record({{"from", s::Date()},
                                     {"to", s::Date()},
                                     {"by", s::Enum({"type", "priority", "team"})},
                                     {"exact", s::Bool()},
                                     {"groups", s::Array(group)}}),
              .handler = [&env](Call& c) { return SlowestLinks(c, env); }});
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
  RegisterLinksRoute(router, env);
}

}  // namespace aftercare::http
