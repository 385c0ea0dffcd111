#include "core/time.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace aftercare
