// The half-yearly schedule's periods (OPS-2: every 6 months from the contract's
// start) and the report's PDF built from figures (pure, no database).
#include <gtest/gtest.h>

#include "service/reports/report_pdf.h"
#include "service/reports/schedule.h"

namespace aftercare::service::reports {
namespace {

LocalDate D(const char* s) { return *ParseDate(s); }

TEST(ReportSchedule, HalfYearsFromTheStartThatHaveEnded) {
  auto p = CompletedHalfYears(D("2023-08-31"), D("2025-08-30"), D("2024-08-31"));
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(FormatDate(p[0].first), "2023-08-31");
  EXPECT_EQ(FormatDate(p[0].second), "2024-02-29");  // the month's last day: February is short
  EXPECT_EQ(FormatDate(p[1].first), "2024-02-29");
  EXPECT_EQ(FormatDate(p[1].second), "2024-08-31");  // ends today: complete
  EXPECT_TRUE(CompletedHalfYears(D("2024-03-01"), D("2026-02-28"), D("2024-08-31")).empty());
  // A period that starts after the service ended is not owed.
  EXPECT_EQ(CompletedHalfYears(D("2020-01-01"), D("2020-12-31"), D("2024-08-31")).size(), 2u);
}

TEST(ReportPdf, BothKindsRenderFromFigures) {
  nlohmann::json figures = {
      {"from", "2024-01-01"}, {"to", "2024-07-01"}, {"as_of", "2024-06-30T23:59:59+08:00"},
      {"tickets", {{"total", 3}, {"resolved", 2}, {"open_at_end", 1},
                   {"by_type", {{"fault", 3}}}, {"by_priority", {{"P1", 1}, {"P2", 2}}},
                   {"by_type_priority", {{{"type", "fault"}, {"priority", "P1"}, {"count", 1}},
                                         {{"type", "fault"}, {"priority", "P2"}, {"count", 2}}}}}},
      {"sla", {{{"metric", "response"}, {"kind", "response"}, {"finished", 3}, {"met", 2},
                {"late", 1}, {"running", 0}, {"met_rate", 66.7}, {"timeout_rate", 33.3}}}},
      {"months", {{{"month", "2024-01"}, {"tickets", 3}, {"faults", 3}, {"finished", 3},
                   {"met", 2}, {"met_rate", 66.7}}}},
      {"penalties", {{"count", 1}, {"amount_fen", 30000}, {"waived_fen", 0},
                     {"payable_fen", 30000}, {"listed", 1},
                     {"events", {{{"ticket_id", 1}, {"ticket_number", "TK-000001"},
                                  {"metric", "response"}, {"due", "2024-01-02T10:15:00+08:00"},
                                  {"late_by_s", 3700}, {"amount_fen", 30000},
                                  {"waived", false}}}}}},
      {"problems", {{"by_system_type", nlohmann::json::array()},
                    {"by_title", nlohmann::json::array()}}},
      {"inspections", nlohmann::json::array()},
      {"availability", {{"downtime_s", 3600}, {"percent", 99.98}}}};
  ReportWords words{[](std::string_view k) { return std::string(k); },
                    [](messages::TermKind, std::string_view n) { return std::string(n); }};
  ReportHeading h{"health_check", "第一人民医院", "HT-1", "影像系统", "2024-07-01"};
  auto a = RenderReport(h, figures, {}, words);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->rfind("%PDF-", 0), 0u);
  EXPECT_EQ(*a, *RenderReport(h, figures, {}, words));  // the same bytes
  h.kind = "assessment";
  nlohmann::json inputs = {
      {"findings", "机房温度偏高。"},
      {"recommendations", {{{"title", "扩容"}, {"detail", "增加存储"}, {"priority", "high"}}}}};
  auto b = RenderReport(h, figures, inputs, words);
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace aftercare::service::reports
