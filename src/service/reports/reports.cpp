#include "service/reports/reports.h"

#include <filesystem>
#include <map>

#include "core/text.h"
#include "service/audit/audit.h"
#include "service/blob_store.h"
#include "service/contracts/contracts.h"
#include "service/deliveries/deliveries.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/reports/figures.h"
#include "service/roles.h"
#include "service/tx.h"
#include "service/visits/visits.h"

namespace aftercare::service::reports {
namespace {

using nlohmann::json;

constexpr std::string_view kSelect =
    "SELECT r.id, r.kind, r.contract_id, r.customer_id, c.number AS contract_number, "
    "c.title AS contract_title, cu.name AS customer_name, r.period_from, r.period_to, "
    "r.generated_at, r.generated_by, COALESCE(u.display_name, '') AS generated_by_name, "
    "r.pdf_sha256, r.pdf_size";
constexpr std::string_view kFrom =
    " FROM reports r JOIN contracts c ON c.id = r.contract_id "
    "JOIN customers cu ON cu.id = r.customer_id LEFT JOIN users u ON u.id = r.generated_by";

Report ReportFrom(const store::Row& r) {
  Report out;
  out.id = r.Int("id");
  out.kind = r.Text("kind");
  out.contract_id = r.Int("contract_id");
  out.customer_id = r.Int("customer_id");
  out.contract_number = r.Text("contract_number");
  out.contract_title = r.Text("contract_title");
  out.customer_name = r.Text("customer_name");
  out.from = r.Text("period_from");
  out.to = r.Text("period_to");
  out.generated_at = Instant{r.Int("generated_at")};
  out.generated_by = r.OptInt("generated_by");
  out.generated_by_name = r.Text("generated_by_name");
  out.pdf_sha256 = r.Text("pdf_sha256");
  out.pdf_size = r.Int("pdf_size");
  return out;
}

Status CheckRecommendations(const std::vector<Recommendation>& list) {
  if (list.size() > kMaxRecommendations) {
    return Error::Invalid("at most 20 recommendations", 0, "recommendations");
  }
  for (const Recommendation& r : list) {
    AFTERCARE_RETURN_IF_ERROR(RequireText(r.title, "recommendations.title"));
    if (CodePoints(r.title) > kMaxRecommendationTitle) {
      return Error::Invalid("a recommendation's title may have at most 200 characters", 0,
                            "recommendations.title");
    }
    if (CodePoints(r.detail) > kMaxRecommendationDetail) {
      return Error::Invalid("a recommendation's detail may have at most 2000 characters", 0,
                            "recommendations.detail");
    }
    if (r.priority != "high" && r.priority != "medium" && r.priority != "low") {
      return Error::Invalid("a recommendation's priority must be high, medium or low", 0,
                            "recommendations.priority");
    }
  }
  return {};
}

// The request's rules that need no database; the period's dates.
Result<std::pair<LocalDate, LocalDate>> Validate(const ReportRequest& r) {
  if (r.kind != kHealthCheck && r.kind != kAssessment) {
    return Error::Invalid("kind must be health_check or assessment", 0, "kind");
  }
  auto from = ParseDate(r.from);
  if (!from.ok()) return Error::Invalid("from must be a date (YYYY-MM-DD)", 0, "from");
  auto to = ParseDate(r.to);
  if (!to.ok()) return Error::Invalid("to must be a date (YYYY-MM-DD)", 0, "to");
  if (*to <= *from) return Error::Invalid("to must be after from", 0, "to");
  if (to->days - from->days > 366) {
    return Error::Invalid("a report's period is at most 366 days", 0, "to");
  }
  if (r.kind == kHealthCheck) {
    if (!r.findings.empty() || !r.recommendations.empty() || r.exchange_visit_id) {
      return Error::Invalid("findings and recommendations belong to an assessment", 0,
                            "findings");
    }
  } else {
    if (CodePoints(r.findings) > kMaxFindings) {
      return Error::Invalid("findings may have at most 4000 characters", 0, "findings");
    }
    AFTERCARE_RETURN_IF_ERROR(CheckRecommendations(r.recommendations));
  }
  return std::pair{*from, *to};
}

json InputsOf(const ReportRequest& r) {
  if (r.kind != kAssessment) return json::object();
  json recs = json::array();
  for (const Recommendation& x : r.recommendations) {
    recs.push_back({{"title", x.title}, {"detail", x.detail}, {"priority", x.priority}});
  }
  return {{"findings", r.findings},
          {"recommendations", recs},
          {"exchange_visit_id", r.exchange_visit_id ? json(*r.exchange_visit_id) : json(nullptr)}};
}

Result<Report> Load(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(std::string(kSelect) + ", r.figures, r.inputs" +
                                          std::string(kFrom) + " WHERE r.id = $1",
                                      {id}));
  if (rows.empty()) return NotFound("report");
  Report r = ReportFrom(rows[0]);
  r.figures = json::parse(rows[0].Text("figures"), nullptr, false);
  r.inputs = json::parse(rows[0].Text("inputs"), nullptr, false);
  return r;
}

}  // namespace

Status TellPartyA(store::Transaction& tx, const Report& r, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto people, ActivePartyAUsers(tx, r.customer_id));
  Announcement a{NotificationKind::kReportReady,
                 "report:" + std::to_string(r.id) + ":" + r.pdf_sha256.substr(0, 16),
                 std::nullopt,
                 r.contract_id,
                 std::nullopt,
                 {{"report_id", r.id},
                  {"kind", r.kind},
                  {"from", r.from},
                  {"to", r.to},
                  {"contract_number", r.contract_number}}};
  return Announce(tx, a, people, now).status();
}

std::string PdfDir(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "reports").string();
}

Result<Made> Make(store::Database& db, const ReportRequest& request, Instant now,
                  const ReportWords& words) {
  AFTERCARE_ASSIGN_OR_RETURN(auto period, Validate(request));
  Made made;
  Report& r = made.report;
  r.kind = request.kind;
  r.contract_id = request.contract_id;
  r.from = request.from;
  r.to = request.to;
  r.generated_at = now;
  r.inputs = InputsOf(request);
  std::string date;
  AFTERCARE_RETURN_IF_ERROR(InTransaction(db, false, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContractRow(tx, request.contract_id));
    AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Locate(c.tz));
    if (period.first > tz.LocalDateOf(now)) {
      return Error::Invalid("a report's period must start by today", 0, "from");
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto cu, tx.Query("SELECT name FROM customers WHERE id = $1", {c.customer_id}));
    r.customer_id = c.customer_id;
    r.customer_name = cu.empty() ? "" : cu[0].Text("name");
    r.contract_number = c.number;
    r.contract_title = c.title;
    date = FormatDate(tz.LocalDateOf(now));
    AFTERCARE_ASSIGN_OR_RETURN(Figures f,
                               ComputeFigures(tx, c.id, period.first, period.second, now));
    r.figures = ToJson(f, c.tz);
    return {};
  }));
  ReportHeading h{r.kind, r.customer_name, r.contract_number, r.contract_title, date};
  AFTERCARE_ASSIGN_OR_RETURN(made.pdf, RenderReport(h, r.figures, r.inputs, words));
  return made;
}

Result<bool> Store(store::Transaction& tx, const std::string& data_dir, Made& made, bool replace) {
  Report& r = made.report;
  // The content first (named by its hash), then the row that names it.
  AFTERCARE_ASSIGN_OR_RETURN(r.pdf_sha256,
                             StoreBlob(PdfDir(data_dir), made.pdf));
  r.pdf_size = static_cast<std::int64_t>(made.pdf.size());
  const std::vector<store::Value> values{
      r.kind, r.contract_id, r.customer_id, r.from, r.to, r.generated_at.unix,
      OrNull(r.generated_by), r.figures.dump(), r.inputs.dump(), r.pdf_sha256, r.pdf_size};
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("INSERT INTO reports (kind, contract_id, customer_id, period_from, "
                          "period_to, generated_at, generated_by, figures, inputs, pdf_sha256, "
                          "pdf_size) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                          "ON CONFLICT (contract_id, kind, period_from, period_to) DO NOTHING "
                          "RETURNING id",
                          values));
  if (rows.empty()) {
    if (!replace) return false;
    AFTERCARE_ASSIGN_OR_RETURN(
        rows, tx.Query("UPDATE reports SET generated_at = $6, generated_by = $7, figures = $8, "
                       "inputs = $9, pdf_sha256 = $10, pdf_size = $11 WHERE kind = $1 AND "
                       "contract_id = $2 AND customer_id = $3 AND period_from = $4 AND "
                       "period_to = $5 RETURNING id",
                       values));
  }
  r.id = rows.at(0).Int("id");
  return true;
}

Result<Report> Generate(store::Database& db, const Context& ctx, const std::string& data_dir,
                        const ReportRequest& request, const ReportWords& words) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kManagers));
  AFTERCARE_RETURN_IF_ERROR(InTransaction(db, false, [&](store::Transaction& tx) -> Status {
    return CheckContractVisible(tx, ctx, request.contract_id).status();
  }));
  AFTERCARE_ASSIGN_OR_RETURN(Made made, Make(db, request, ctx.now, words));
  made.report.generated_by = ctx.actor->user_id;
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Report> {
    AFTERCARE_RETURN_IF_ERROR(Store(tx, data_dir, made, true).status());
    const Report& r = made.report;
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "generate", "report", std::to_string(r.id), nullptr,
                                    {{"kind", r.kind},
                                     {"contract_id", r.contract_id},
                                     {"from", r.from},
                                     {"to", r.to},
                                     {"pdf_sha256", r.pdf_sha256}},
                                    r.customer_id));
    AFTERCARE_RETURN_IF_ERROR(TellPartyA(tx, r, ctx.now));
    // An assessment made from an exchange visit (OPS-5): the visit shows its report.
    if (request.exchange_visit_id) {
      AFTERCARE_RETURN_IF_ERROR(visits::SetExchangeReport(tx, *request.exchange_visit_id, r.contract_id, r.id));
    }
    return Load(tx, r.id);
  });
}

Result<ReportPage> ListReports(store::Database& db, const Context& ctx, const ReportFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAnalyticsReaders));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  if (f.kind && *f.kind != kHealthCheck && *f.kind != kAssessment) {
    return Error::Invalid("kind must be health_check or assessment", 0, "kind");
  }
  store::ParamList params;
  std::string sql = std::string(kSelect) + std::string(kFrom) + " WHERE 1 = 1";
  if (!ctx.actor->vendor()) sql += " AND r.customer_id = " + params.Add(*ctx.actor->customer_id);
  if (f.contract_id) sql += " AND r.contract_id = " + params.Add(*f.contract_id);
  if (f.kind) sql += " AND r.kind = " + params.Add(*f.kind);
  AFTERCARE_ASSIGN_OR_RETURN(auto after, ReadIdCursor(f.cursor));
  if (after) sql += " AND r.id < " + params.Add(*after);
  sql += " ORDER BY r.id DESC LIMIT " + std::to_string(f.limit + 1);
  AFTERCARE_ASSIGN_OR_RETURN(auto page,
                             InTransaction(db, false, [&](store::Transaction& tx) -> Result<ReportPage> {
                               AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
                               ReportPage p;
                               p.next_cursor = TakePage(rows, f.limit, ReportFrom, p.items);
                               return p;
                             }));
  if (ctx.actor->vendor()) {
    std::map<std::int64_t, std::int64_t> by_customer;
    for (const Report& r : page.items) ++by_customer[r.customer_id];
    AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(db, ctx, "list", "report", "",
                                                   {{"returned", page.items.size()}}, by_customer));
  }
  return page;
}

Result<Report> GetReport(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAnalyticsReaders));
  AFTERCARE_ASSIGN_OR_RETURN(Report r, InTransaction(db, false, [&](store::Transaction& tx) {
                               return Load(tx, id);
                             }));
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, r.customer_id, "report"));
  if (ctx.actor->vendor()) {
    AFTERCARE_RETURN_IF_ERROR(AuditRead(db, ctx, "report", std::to_string(id), r.customer_id));
  }
  return r;
}

Result<std::pair<Report, std::string>> DownloadReport(store::Database& db, const Context& ctx,
                                                      const std::string& data_dir,
                                                      std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAnalyticsReaders));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::pair<Report, std::string>> {
    AFTERCARE_ASSIGN_OR_RETURN(Report r, Load(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, r.customer_id, "report"));
    AFTERCARE_ASSIGN_OR_RETURN(std::string pdf,
                               ReadBlob(PdfDir(data_dir), r.pdf_sha256, r.pdf_size));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "download", "report", std::to_string(id), nullptr,
                                    {{"kind", r.kind}, {"from", r.from}, {"to", r.to}},
                                    r.customer_id));
    return std::pair{std::move(r), std::move(pdf)};
  });
}

}  // namespace aftercare::service::reports
