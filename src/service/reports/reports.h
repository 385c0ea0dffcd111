// Reports (OPS-2 《系统健康检查报告》, 7.8.2.1.5; OPS-5 《系统运行质量评估报告》,
// 7.8.2.1.6): a contract's figures for a period (figures.h) and their PDF
// (report_pdf.h), stored once per contract, kind and period: the figures as JSON,
// the PDF's bytes in the blob store under DATA/reports by SHA-256.
//
// - health_check: generated every 6 months for each active contract by the
//   schedule (schedule.h: the half-years from the contract's start), and by a
//   manager for any period. Party A's users are told (kReportReady).
// - assessment: by a manager, with the exchange visit's findings and the vendor's
//   recommendations (OPS-5), optionally naming the exchange visit.
//
// Generating again for the same contract, kind and period replaces the stored one
// (a manager's regeneration, e.g. after a late correction; the assessment's new
// recommendations); the figures of a period that is over come out the same (the
// SLA as of the period's end). The schedule never replaces: it makes what is missing.
//
// Who: managers generate; team leaders, managers and administrators read every
// report; Party A reads its own customer's (another's is not found); agents and
// engineers do not read reports (contract-level documents with the penalties).
// The vendor's reads and every PDF download are audited with the customer (CON-4).
//
// Errors: kind must be health_check or assessment; from/to dates, to after from, at
// most 366 days, not after today; the contract must exist (and be visible);
// findings at most 4000 characters; 1-20 recommendations... (see Validate in
// reports.cpp for each message).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "service/reports/report_pdf.h"
#include "store/db.h"

namespace aftercare::service::reports {

inline constexpr std::string_view kHealthCheck = "health_check";
inline constexpr std::string_view kAssessment = "assessment";
inline constexpr std::size_t kMaxFindings = 4000;
inline constexpr std::size_t kMaxRecommendations = 20;
inline constexpr std::size_t kMaxRecommendationTitle = 200;
inline constexpr std::size_t kMaxRecommendationDetail = 2000;

struct Recommendation {
  std::string title, detail, priority;  // priority: high | medium | low
};

struct ReportRequest {
  std::string kind;  // health_check | assessment
  std::int64_t contract_id = 0;
  std::string from, to;  // YYYY-MM-DD, [from, to) in the contract's zone
  // assessment only
  std::string findings = {};
  std::vector<Recommendation> recommendations = {};
  std::optional<std::int64_t> exchange_visit_id = {};
};

struct Report {
  std::int64_t id = 0;
  std::string kind;
  std::int64_t contract_id = 0, customer_id = 0;
  std::string contract_number, contract_title, customer_name;
  std::string from, to;
  Instant generated_at;
  std::optional<std::int64_t> generated_by;  // none: the schedule
  std::string generated_by_name;
  nlohmann::json figures, inputs;  // Get only (the list leaves them null)
  std::string pdf_sha256;
  std::int64_t pdf_size = 0;
};

struct ReportFilter {
  std::optional<std::int64_t> contract_id;
  std::optional<std::string> kind;
  std::string cursor;
  int limit = 50;  // 1 to 200
};

struct ReportPage {
  std::vector<Report> items;  // newest first
  std::string next_cursor;
};

// Where a data folder keeps the reports' PDFs.
std::string PdfDir(const std::string& data_dir);

// A manager generates (or regenerates) a report; its figures are computed and its
// PDF rendered in the caller's thread (the server's slow pool).
Result<Report> Generate(store::Database& db, const Context& ctx, const std::string& data_dir,
                        const ReportRequest& request, const ReportWords& words);
Result<ReportPage> ListReports(store::Database& db, const Context& ctx, const ReportFilter& f);
Result<Report> GetReport(store::Database& db, const Context& ctx, std::int64_t id);
// The report and its PDF's bytes; audited as a download.
Result<std::pair<Report, std::string>> DownloadReport(store::Database& db, const Context& ctx,
                                                      const std::string& data_dir,
                                                      std::int64_t id);

// What the schedule and a manager share: the report of `request` computed and
// rendered (in a read transaction), ready to store.
struct Made {
  Report report;
  std::string pdf;
};
Result<Made> Make(store::Database& db, const ReportRequest& request, Instant now,
                  const ReportWords& words);
// Stores `made` (its PDF first, then its row): replacing one of the same contract,
// kind and period when `replace`, else keeping the existing one (false).
Result<bool> Store(store::Transaction& tx, const std::string& data_dir, Made& made, bool replace);

// Tells the customer's Party A users that the report is ready, in the caller's
// transaction (keyed by its content: a regeneration with other content tells
// them again).
Status TellPartyA(store::Transaction& tx, const Report& r, Instant now);

}  // namespace aftercare::service::reports
