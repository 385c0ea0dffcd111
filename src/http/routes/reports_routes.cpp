// Reports (OPS-2 health checks, OPS-5 assessments): the list with cursor pages, one
// report with its figures, its PDF, and a manager's generation, which computes and
// renders on the server's slow pool (a period of 100,000 tickets takes seconds:
// never on an HTTP thread, and the manager waits for the answer to open it).
#include "http/json_body.h"
#include "http/report_words.h"
#include "http/routes/areas.h"
#include "http/routes/file_reply.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/reports/reports.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
namespace rp = service::reports;
using nlohmann::json;

json ReportView(const rp::Report& r, bool full) {
  const TimeZone& tz = DefaultZone();
  json j = {{"id", r.id},
            {"kind", r.kind},
            {"contract_id", r.contract_id},
            {"contract_number", r.contract_number},
            {"contract_title", r.contract_title},
            {"customer_id", r.customer_id},
            {"customer_name", r.customer_name},
            {"from", r.from},
            {"to", r.to},
            {"generated_at", FormatRfc3339(r.generated_at, tz)},
            {"generated_by", views::Opt(r.generated_by)},
            {"generated_by_name", r.generated_by_name},
            {"pdf_sha256", r.pdf_sha256},
            {"pdf_size", r.pdf_size}};
  if (full) {
    j["figures"] = r.figures;
    j["inputs"] = r.inputs;
  }
  return j;
}

json ReportSchema(bool full) {
  json j = s::Record({{"id", s::Int()},
                      {"kind", s::Str("health_check or assessment")},
                      {"contract_id", s::Int()},
                      {"contract_number", s::Str()},
                      {"contract_title", s::Str()},
                      {"customer_id", s::Int()},
                      {"customer_name", s::Str()},
                      {"from", s::Str("the period's first day, YYYY-MM-DD")},
                      {"to", s::Str("the day after the period, YYYY-MM-DD")},
                      {"generated_at", s::Time()},
                      {"generated_by", s::Nullable(s::Int("null: the half-yearly schedule"))},
                      {"generated_by_name", s::Str()},
                      {"pdf_sha256", s::Str()},
                      {"pdf_size", s::Int()}});
  if (full) {
    j["properties"]["figures"] = json{{"type", "object"},
                                      {"description", "tickets, sla, months, penalties, problems, "
                                                      "inspections, availability"}};
    j["properties"]["inputs"] =
        json{{"type", "object"},
             {"description", "assessment: findings, recommendations, exchange_visit_id"}};
    j["required"].push_back("figures");
    j["required"].push_back("inputs");
  }
  return j;
}

// One recommendation read strictly; a problem names `recommendations.<field>`.
Result<rp::Recommendation> ReadRecommendation(const json& item) {
  JsonBody b(item.dump());
  rp::Recommendation r;
  r.title = b.Str("title");
  r.detail = b.OptStr("detail").value_or("");
  r.priority = b.OptStr("priority").value_or("medium");
  if (const auto& e = b.Finish(); e) {
    Error out = *e;
    out.field = "recommendations." + out.field;
    return out;
  }
  return r;
}

Reply Generate(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  rp::ReportRequest r;
  r.kind = b.Str("kind");
  r.contract_id = b.Int("contract_id");
  r.from = b.Str("from");
  r.to = b.Str("to");
  r.findings = b.OptStr("findings").value_or("");
  auto items = b.OptObjectList("recommendations");
  r.exchange_visit_id = b.OptInt("exchange_visit_id");
  AFTERCARE_BODY_OK(c, b);
  for (const json& item : items) {
    auto rec = ReadRecommendation(item);
    if (!rec.ok()) return c.Fail(rec.error(), true);
    r.recommendations.push_back(std::move(*rec));
  }
  c.slow = [out = static_cast<Responder>(c), &env, ctx = c.ctx,
            r = std::move(r)](std::chrono::milliseconds&) {
    return out.Render(rp::Generate(env.db, ctx, env.data_dir, r, ChineseReportWords()),
                      [](const rp::Report& x) { return ReportView(x, true); }, 201);
  };
  return Reply{};
}

Reply List(Call& c, ApiEnv& env) {
  rp::ReportFilter f;
  f.kind = c.QueryStr("kind");
  f.cursor = c.QueryStr("cursor").value_or("");
  auto contract = c.QueryInt("contract_id");
  if (!contract.ok()) return c.Fail(contract.error(), true);
  f.contract_id = *contract;
  auto limit = c.QueryLimit("limit");
  if (!limit.ok()) return c.Fail(limit.error(), true);
  if (*limit) f.limit = **limit;
  return c.Render(rp::ListReports(env.db, c.ctx, f), [](const rp::ReportPage& p) {
    json items = json::array();
    for (const auto& r : p.items) items.push_back(ReportView(r, false));
    return json{{"items", items},
                {"next_cursor", p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor)}};
  });
}

Reply Pdf(Call& c, ApiEnv& env) {
  auto r = rp::DownloadReport(env.db, c.ctx, env.data_dir, c.ids[0]);
  if (!r.ok()) return c.Fail(r.error());
  const rp::Report& report = r->first;
  const std::string base = std::string(report.kind == rp::kAssessment ? "assessment" : "health-check") +
                           "-" + report.contract_number + "-" + report.from;
  const std::string local =
      std::string(report.kind == rp::kAssessment ? "系统运行质量评估报告" : "系统健康检查报告") +
      "-" + report.contract_number + "-" + report.from;
  Reply out;
  out.content_type = "application/pdf";
  out.headers.emplace_back("Content-Disposition", AttachmentDisposition(base + ".pdf", local + ".pdf"));
  out.body = std::move(r->second);
  return out;
}

}  // namespace

void RegisterReportsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/reports",
              .summary = "health-check and assessment reports, newest first: filters "
                         "contract_id, kind; cursor, limit (Party A: its own customer's; "
                         "agents and engineers: none)",
              .roles = kAnalyticsReaders,
              .query = {{"contract_id", "integer", ""},
                        {"kind", "string", "health_check or assessment"},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = s::Record({{"items", s::Array(s::Ref("ReportRow"))},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return List(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/reports",
              .summary = "generate a report for a contract and period [from, to) (managers; "
                         "computed on the slow pool; the same period again replaces it): "
                         "health_check, or assessment with the exchange visit's findings and "
                         "the vendor's recommendations; Party A is told",
              .roles = kManagers,
              .request = s::Object(
                  {{"kind", s::Str("health_check or assessment")},
                   {"contract_id", s::Int()},
                   {"from", s::Str("YYYY-MM-DD")},
                   {"to", s::Str("YYYY-MM-DD, the day after the period")},
                   {"findings", s::Str("assessment: at most 4000 characters")},
                   {"recommendations",
                    s::Array(s::Object({{"title", s::Str()},
                                        {"detail", s::Str()},
                                        {"priority", s::Str("high, medium (default) or low")}},
                                       {"title"}))},
                   {"exchange_visit_id", s::Int("assessment: the exchange visit it follows")}},
                  {"kind", "contract_id", "from", "to"}),
              .response = s::Ref("Report"),
              .status = 201,
              .handler = [&env](Call& c) { return Generate(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/reports/{id}",
              .summary = "one report with its figures (a vendor's read is audited)",
              .roles = kAnalyticsReaders,
              .response = s::Ref("Report"),
              .handler = [&env](Call& c) {
                return c.Render(rp::GetReport(env.db, c.ctx, c.ids[0]),
                                [](const rp::Report& r) { return ReportView(r, true); });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/reports/{id}/pdf",
              .summary = "the report's PDF (every download is audited)",
              .roles = kAnalyticsReaders,
              .response_type = "application/pdf",
              .handler = [&env](Call& c) { return Pdf(c, env); }});
  router.AddSchema("ReportRow", ReportSchema(false));
  router.AddSchema("Report", ReportSchema(true));
}

}  // namespace aftercare::http
