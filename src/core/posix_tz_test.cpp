// SLA-3: POSIX TZ rules (TZif footers, RFC 8536 3.3), parsed and applied, checked
// against the system's zdump (glibc) on the same strings.
#include "core/posix_tz.h"

#include <gtest/gtest.h>

#include "core/time.h"
#include "core/zdump_for_tests.h"

namespace aftercare {
namespace {

using Kind = PosixTzDate::Kind;

TEST(PosixTz, ParsesFootersOfTheTzDatabase) {
  auto berlin = ParsePosixTz("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(berlin.ok()) << berlin.error().message;
  EXPECT_EQ(berlin->std_offset, 3600);
  EXPECT_EQ(berlin->dst_offset, 7200);
  EXPECT_EQ(berlin->start.kind, Kind::kMonthWeekDay);
  EXPECT_EQ(berlin->start.month, 3);
  EXPECT_EQ(berlin->start.week, 5);
  EXPECT_EQ(berlin->start.weekday, 0);
  EXPECT_EQ(berlin->start.time, 7200);  // 02:00 when left out
  EXPECT_EQ(berlin->end.time, 3 * 3600);

  auto lord_howe = ParsePosixTz("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  ASSERT_TRUE(lord_howe.ok());
  EXPECT_EQ(lord_howe->std_offset, 37800);
  EXPECT_EQ(lord_howe->dst_offset, 39600);  // a 30-minute shift

  auto santiago = ParsePosixTz("<-04>4<-03>,M9.1.6/24,M4.1.6/24");
  ASSERT_TRUE(santiago.ok());
  EXPECT_EQ(santiago->std_offset, -4 * 3600);
  EXPECT_EQ(santiago->start.time, 24 * 3600);

  EXPECT_EQ(ParsePosixTz("<-02>2<-01>,M3.5.0/-1,M10.5.0/0")->start.time, -3600);
  EXPECT_EQ(ParsePosixTz("EET-2EEST,M3.4.4/50,M10.4.4/50")->end.time, 50 * 3600);
  EXPECT_EQ(ParsePosixTz("XXX3YYY,J60/-2:30,300/26")->start.time, -(2 * 3600 + 1800));
  auto julian = *ParsePosixTz("XXX3YYY,J60/-2:30,300/26");
  EXPECT_EQ(julian.start.kind, Kind::kJulian);
  EXPECT_EQ(julian.start.day, 60);
  EXPECT_EQ(julian.end.kind, Kind::kZeroBased);
  EXPECT_EQ(julian.end.day, 300);
  EXPECT_EQ(ParsePosixTz("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45")->std_offset,
            12 * 3600 + 45 * 60);
  EXPECT_EQ(ParsePosixTz("XXX3YYY,M3.2.0/-167,M11.1.0/167:59:59")->end.time,
            167 * 3600 + 59 * 60 + 59);

  auto japan = ParsePosixTz("JST-9");
  ASSERT_TRUE(japan.ok());
  EXPECT_EQ(japan->std_offset, 9 * 3600);
  EXPECT_FALSE(japan->dst_offset.has_value());
  // Dublin's "winter time" is its DST with a negative save.
  auto dublin = *ParsePosixTz("IST-1GMT0,M10.5.0,M3.5.0/1");
  EXPECT_EQ(dublin.std_offset, 3600);
  EXPECT_EQ(dublin.dst_offset, 0);
  // No rule: DST starts and ends as glibc assumes (M3.2.0,M11.1.0).
  auto us = *ParsePosixTz("EST5EDT");
  EXPECT_EQ(us.dst_offset, -4 * 3600);
  EXPECT_EQ(us.start.month, 3);
  EXPECT_EQ(us.end.month, 11);
}

TEST(PosixTz, RejectsMalformedRules) {
  for (const char* bad :
       {"", "CE-1", "CET", "CET-1CEST,", "CET-1CEST,M3.5.0", "CET-1CEST,M13.1.0,M10.5.0",
        "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,M3.0.0,M10.5.0",
        "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1CEST,J0,J365", "CET-1CEST,366,J365",
        "CET-1CEST,M3.5.0,M10.5.0/3x", "CET-25", "<+1>-1", "<+01-1", "CET-1:60"}) {
    EXPECT_FALSE(ParsePosixTz(bad).ok()) << bad;
  }
  EXPECT_NE(ParsePosixTz("CET-1CEST,M13.1.0,M10.5.0").error().message.find("start"),
            std::string::npos);
}

TEST(PosixTz, AllYearDaylightSavingHasOneChange) {
  // RFC 8536 3.3.1: DST from January 1 00:00 to December 31 25:00 is DST all year.
  auto rule = *ParsePosixTz("EST5EDT,0/0,J365/25");
  auto changes = RuleChanges(rule, 2040, 2045);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].at, ParseRfc3339("2040-01-01T00:00:00-05:00")->unix);
  EXPECT_EQ(changes[0].offset, -4 * 3600);
  EXPECT_TRUE(RuleChanges(*ParsePosixTz("JST-9"), 2000, 2100).empty());
}

// Every change 2038-2100 of each rule equals zdump's transitions for the same TZ
// string: Mm.w.d with week 5 as the last, Jn and n days, leap years, local times
// before midnight (/-1), at and past it (/24, /25, /50), 30- and 45-minute offsets,
// the southern hemisphere and a negative save.
class RuleMatchesZdump : public testing::TestWithParam<const char*> {};

TEST_P(RuleMatchesZdump, EveryChangeFrom2038To2100) {
  auto rule = ParsePosixTz(GetParam());
  ASSERT_TRUE(rule.ok()) << rule.error().message;
  std::string error;
  auto zd = testing_zdump::Zdump(GetParam(), 2038, 2101, error);
  ASSERT_EQ(error, "");
  const std::int64_t from = ParseRfc3339("2038-01-01T00:00:00Z")->unix;
  const std::int64_t to = ParseRfc3339("2101-01-01T00:00:00Z")->unix;
  std::vector<OffsetChange> ours, theirs;
  for (const OffsetChange& c : RuleChanges(*rule, 2037, 2101)) {
    if (from <= c.at && c.at < to) ours.push_back(c);
  }
  for (const auto& x : zd) theirs.push_back({x.at, x.after});
  ASSERT_EQ(ours.size(), theirs.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(ours[i].at, theirs[i].at) << i;
    EXPECT_EQ(ours[i].offset, theirs[i].offset) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rules, RuleMatchesZdump,
    testing::Values("CET-1CEST,M3.5.0,M10.5.0/3", "EST5EDT,M3.2.0,M11.1.0",
                    "<-04>4<-03>,M9.1.6/24,M4.1.6/24", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
                    "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "EET-2EEST,M3.4.4/50,M10.4.4/50",
                    "EET-2EEST,M4.5.5/0,M10.5.4/24", "IST-1GMT0,M10.5.0,M3.5.0/1",
                    "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "XXX3YYY,J60/-2:30,300/26",
                    "XXX3YYY,59/25,J365/-1", "XXX-5YYY-6,M2.5.0,M12.5.6/25"),
    [](const auto& info) { return "Rule" + std::to_string(info.index); });

}  // namespace
}  // namespace aftercare
