#include "core/time.h"

#include <gtest/gtest.h>

#include "core/zdump_for_tests.h"

namespace aftercare {
namespace {

TEST(Time, ParsesRfc3339WithOffsets) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z")->unix, 0);
  EXPECT_EQ(ParseRfc3339("1970-01-01T08:00:00+08:00")->unix, 0);
  EXPECT_EQ(ParseRfc3339("1969-12-31T19:00:00-05:00")->unix, 0);
  EXPECT_EQ(ParseRfc3339("2026-03-02T09:05:01+08:00")->unix, 1772413501);
  EXPECT_EQ(ParseRfc3339("2024-02-29T23:59:59Z")->unix, 1709251199);
}

TEST(Time, RejectsWhatRfc3339AndTheSpecForbid) {
  for (const char* bad :
       {"2026-03-02t09:00:00+08:00", "2026-03-02T09:00:00z", "2026-03-02T09:00:00",
        "2026-03-02T09:00:00.5+08:00", "2026-03-02T09:00:60Z", "2026-03-02T24:00:00Z",
        "2026-02-29T09:00:00Z", "2026-03-02", "2026-03-02 09:00:00Z", "2026-3-2T09:00:00Z",
        "2026-03-02T09:00:00+0800", "2026-03-02T09:00:00+24:00", ""}) {
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
  }
  EXPECT_NE(ParseRfc3339("2026-03-02T09:00:00.5Z").error().message.find("fraction"),
            std::string::npos);
}

TEST(Time, FormatsInTheZonesOffsetNeverZ) {
  auto shanghai = *TimeZone::Locate("Asia/Shanghai");
  auto utc = *TimeZone::Locate("UTC");
  auto berlin = *TimeZone::Locate("Europe/Berlin");
  Instant t = *ParseRfc3339("2026-03-02T01:05:01Z");
  EXPECT_EQ(FormatRfc3339(t, shanghai), "2026-03-02T09:05:01+08:00");
  EXPECT_EQ(FormatRfc3339(t, utc), "2026-03-02T01:05:01+00:00");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-07-01T00:00:00Z"), berlin),
            "2026-07-01T02:00:00+02:00");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("1969-12-31T23:59:59Z"), utc), "1969-12-31T23:59:59+00:00");
  auto ny = *TimeZone::Locate("America/New_York");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-01-01T00:00:00Z"), ny), "2025-12-31T19:00:00-05:00");
}

TEST(Time, UnknownZoneIsAnError) {
  auto z = TimeZone::Locate("Mars/Base");
  ASSERT_FALSE(z.ok());
  EXPECT_NE(z.error().message.find("Mars/Base"), std::string::npos);
}

TEST(Time, DstGapMovesForwardOverlapTakesEarlier) {
  auto berlin = *TimeZone::Locate("Europe/Berlin");
  // 2026-03-29 02:30 does not exist in Berlin: it moves forward by the 1 h gap.
  EXPECT_EQ(FormatRfc3339(berlin.ToInstant(MakeDate(2026, 3, 29), 2 * 3600 + 1800), berlin),
            "2026-03-29T03:30:00+02:00");
  // 2026-10-25 02:30 happens twice: the earlier (summer time) instant.
  EXPECT_EQ(FormatRfc3339(berlin.ToInstant(MakeDate(2026, 10, 25), 2 * 3600 + 1800), berlin),
            "2026-10-25T02:30:00+02:00");
  EXPECT_EQ(berlin.ToInstant(MakeDate(2026, 10, 25), 3 * 3600) -
                berlin.ToInstant(MakeDate(2026, 10, 25), 2 * 3600),
            2 * 3600);
  // 24:00 is the next midnight.
  EXPECT_EQ(berlin.ToInstant(MakeDate(2026, 12, 31), 86400),
            berlin.ToInstant(MakeDate(2027, 1, 1), 0));
}

TEST(Time, DatesAndWeekdays) {
  EXPECT_EQ(WeekdayIndex(MakeDate(2026, 3, 2)), 0);    // Monday
  EXPECT_EQ(WeekdayIndex(MakeDate(2026, 3, 8)), 6);    // Sunday
  EXPECT_EQ(WeekdayIndex(MakeDate(1969, 12, 31)), 2);  // Wednesday, before the epoch
  EXPECT_EQ(FormatDate(*ParseDate("2000-02-29")), "2000-02-29");
  EXPECT_FALSE(ParseDate("2100-02-29").ok());
  EXPECT_EQ(YearOf(MakeDate(2022, 12, 31)), 2022);
  auto sh = *TimeZone::Locate("Asia/Shanghai");
  EXPECT_EQ(sh.LocalDateOf(*ParseRfc3339("2026-12-31T16:00:00Z")), MakeDate(2027, 1, 1));
  EXPECT_EQ(sh.LocalDateOf(*ParseRfc3339("2026-12-31T15:59:59Z")), MakeDate(2026, 12, 31));
}

TEST(Time, ZoneRulesApplyAfterTheLastListedTransition) {
  // The tz database lists Berlin's transitions up to 2037; its TZif footer
  // (CET-1CEST,M3.5.0,M10.5.0/3) gives summer time after that, until 2100 and beyond.
  auto berlin = *TimeZone::Locate("Europe/Berlin");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2038-07-01T12:00:00Z"), berlin),
            "2038-07-01T14:00:00+02:00");
  EXPECT_EQ(berlin.ToInstant(MakeDate(2038, 7, 5), 9 * 3600),
            *ParseRfc3339("2038-07-05T07:00:00Z"));
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2100-07-01T12:00:00Z"), berlin),
            "2100-07-01T14:00:00+02:00");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2100-12-31T23:00:00Z"), berlin),
            "2101-01-01T00:00:00+01:00");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2250-07-01T12:00:00Z"), berlin),
            "2250-07-01T14:00:00+02:00");
  // 2038-03-28 02:30 does not exist: it moves forward by the 1 h gap.
  EXPECT_EQ(FormatRfc3339(berlin.ToInstant(MakeDate(2038, 3, 28), 2 * 3600 + 1800), berlin),
            "2038-03-28T03:30:00+02:00");
}

// Every transition from 2038 to the end of 2100 agrees with the system's zdump (glibc
// reads the TZif footer): its instant, the offset before and after, no transition
// more or less (an hourly walk), and local times at its edges.
class ZoneMatchesZdump : public testing::TestWithParam<const char*> {};

TEST_P(ZoneMatchesZdump, EveryTransitionFrom2038To2100) {
  const std::string name = GetParam();
  const TimeZone zone = *TimeZone::Locate(name);
  std::string error;
  auto zd = testing_zdump::Zdump(name, 2038, 2101, error);
  ASSERT_EQ(error, "");
  ASSERT_GE(zd.size(), 2u * 63) << "daylight saving time every year";
  for (const auto& x : zd) {
    std::string when = FormatRfc3339(Instant{x.at}, *TimeZone::Locate("UTC"));
    EXPECT_EQ(zone.OffsetAt(Instant{x.at - 1}), x.before) << when;
    EXPECT_EQ(zone.OffsetAt(Instant{x.at}), x.after) << when;
    // The local wall time where the change happens: a gap's first local time moves
    // forward to the transition, an overlap's first repeated local time is the earlier
    // of its two instants.
    const std::int64_t local = x.at + std::min(x.before, x.after);
    const LocalDate day{static_cast<std::int32_t>(local / kSecondsPerDay)};  // after 1970
    const Seconds second_of_day = local % kSecondsPerDay;
    EXPECT_EQ(zone.ToInstant(day, second_of_day).unix,
              x.after > x.before ? x.at : x.at - (x.before - x.after))
        << when;
  }
  const std::int64_t from = ParseRfc3339("2038-01-01T00:00:00Z")->unix;
  const std::int64_t to = ParseRfc3339("2101-01-01T00:00:00Z")->unix;
  size_t next = 0, wrong = 0;
  Seconds expected = zd.front().before;
  for (std::int64_t t = from; t < to; t += 3600) {
    for (; next < zd.size() && zd[next].at <= t; ++next) expected = zd[next].after;
    if (zone.OffsetAt(Instant{t}) != expected && wrong++ < 5) {
      ADD_FAILURE() << name << " at " << t << ": " << zone.OffsetAt(Instant{t}) << " != zdump's "
                    << expected;
    }
  }
  EXPECT_EQ(wrong, 0u);
}

INSTANTIATE_TEST_SUITE_P(Zones, ZoneMatchesZdump,
                         testing::Values("Europe/Berlin", "America/New_York", "America/Santiago",
                                         "Australia/Lord_Howe"),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& c : s)
                             c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return s;
                         });

}  // namespace
}  // namespace aftercare
