// SLA-3: the shipped Chinese holiday schedule agrees with the authoritative reference
// (../shared/data/cn-holidays.json, copied to tests/data/) date by date, and bid-default is SLA-2's
// table.
#include "sla/shipped.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sla/scenario_reader.h"

namespace aftercare::sla {
namespace {

TEST(Shipped, HolidayScheduleMatchesTheReferenceDateByDate) {
  std::ifstream in(AFTERCARE_SHARED_HOLIDAYS);
  ASSERT_TRUE(in) << "reference data missing: " << AFTERCARE_SHARED_HOLIDAYS;
  std::stringstream ss;
  ss << in.rdbuf();
  auto reference = ParseHolidaySchedule(ss.str());
  ASSERT_TRUE(reference.ok()) << reference.error().message;
  const HolidaySchedule& shipped = DefaultShipped().cn;
  ASSERT_FALSE(shipped.off.empty());
  // Every date 2020-01-01..2026-12-31 has the same status in both.
  for (LocalDate d = MakeDate(2020, 1, 1); d <= MakeDate(2026, 12, 31); d = d + 1) {
    auto has = [d](const std::vector<LocalDate>& v) {
      return std::binary_search(v.begin(), v.end(), d);
    };
    EXPECT_EQ(has(shipped.off), has(reference->off)) << FormatDate(d);
    EXPECT_EQ(has(shipped.work), has(reference->work)) << FormatDate(d);
  }
  EXPECT_EQ(shipped.off.size(), reference->off.size());
  EXPECT_EQ(shipped.work.size(), reference->work.size());
  EXPECT_EQ(YearOf(shipped.off.front()), 2020);
  EXPECT_EQ(YearOf(shipped.off.back()), 2026);
}

TEST(Shipped, KnownDates) {
  const HolidaySchedule& cn = DefaultShipped().cn;
  auto has = [](const std::vector<LocalDate>& v, LocalDate d) {
    return std::binary_search(v.begin(), v.end(), d);
  };
  EXPECT_TRUE(has(cn.off, MakeDate(2026, 10, 1)));   // National Day
  EXPECT_TRUE(has(cn.off, MakeDate(2022, 12, 31)));  // New Year 2023, keyed under 2022
  EXPECT_FALSE(has(cn.off, MakeDate(2026, 3, 2)));
}

TEST(Shipped, RejectsMalformedSchedules) {
  EXPECT_FALSE(ParseHolidaySchedule("[").ok());
  EXPECT_FALSE(ParseHolidaySchedule(R"({"2026": {"off": ["2026-02-30"]}})").ok());
  EXPECT_FALSE(ParseHolidaySchedule(R"({"2026": {"holiday": []}})").ok());
}

TEST(Shipped, BidDefaultIsTheSla2Table) {
  const char* yaml = R"(as_of: 2026-03-02T12:00:00+08:00
contract: {value: "1.00", policy: bid-default}
tickets: []
)";
  auto sc = ReadScenario(yaml, DefaultShipped());
  ASSERT_TRUE(sc.ok()) << sc.error().message;
  const auto& m = sc->input.policy.metrics;
  ASSERT_EQ(m.size(), 7u);
  const char* names[] = {"acknowledge",    "email_reply", "response", "complaint_reply",
                         "onsite_arrival", "onsite_fix",  "repair"};
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(m[i].name, names[i]);
  EXPECT_EQ(m[0].target_s[3], 300);
  EXPECT_EQ(m[2].target_s[0], 900);
  EXPECT_EQ(m[2].target_s[1], 1800);
  EXPECT_EQ(m[2].target_s[3], 3600);
  EXPECT_EQ(m[5].target_s[0], 1800);
  EXPECT_EQ(m[5].target_s[1], 3600);
  EXPECT_EQ(m[6].target_s[2], 86400);
  EXPECT_EQ(m[6].kind, MetricKind::kHandling);
  EXPECT_EQ(m[6].pause, kPauseWaiting);
  EXPECT_EQ(m[2].pause, 0);
}

}  // namespace
}  // namespace aftercare::sla
