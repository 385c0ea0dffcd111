// SLA-3: calendar arithmetic, checked against a brute-force walk second by second
// (minute by minute where instants are aligned), across DST, year ends and the
// shipped Chinese schedule.
#include "sla/calendar.h"

#include <gtest/gtest.h>

#include <random>

#include "sla/shipped.h"

namespace aftercare::sla {
namespace {

Instant At(const char* s) { return *ParseRfc3339(s); }

CalendarSpec Office(const char* zone) {
  CalendarSpec spec;
  spec.name = "office";
  spec.tz = *TimeZone::Locate(zone);
  for (int d = 0; d < 5; ++d) spec.week[d] = {{9 * 3600, 12 * 3600}, {13 * 3600, 18 * 3600}};
  return spec;
}

// Is instant t (second [t, t+1)) working time under `spec`? The slow definition.
bool IsWorking(const CalendarSpec& spec, const HolidaySchedule* cn, Instant t) {
  LocalDate day = spec.tz.LocalDateOf(t);
  for (LocalDate d : {day + -1, day, day + 1}) {
    const DayHours* hours = &spec.week[WeekdayIndex(d)];
    static const DayHours kNone;
    for (const auto& [date, h] : spec.workdays) {
      if (date == d) hours = &h;
    }
    bool override_day = false;
    for (const auto& [date, h] : spec.workdays) override_day |= date == d;
    if (!override_day) {
      if (std::binary_search(spec.holidays.begin(), spec.holidays.end(), d))
        hours = &kNone;
      else if (spec.builtin_cn && std::binary_search(cn->work.begin(), cn->work.end(), d))
        hours = &spec.week[0];
      else if (spec.builtin_cn && std::binary_search(cn->off.begin(), cn->off.end(), d))
        hours = &kNone;
    }
    for (const WorkInterval& iv : *hours) {
      if (spec.tz.ToInstant(d, iv.begin_s) <= t && t < spec.tz.ToInstant(d, iv.end_s)) return true;
    }
  }
  return false;
}

TEST(Calendar, AlwaysOnCountsWallClock) {
  auto cal = WorkCalendar::AlwaysOn(*TimeZone::Locate("Asia/Shanghai"));
  EXPECT_EQ(cal.Between(At("2026-03-02T09:00:00+08:00"), At("2026-03-02T09:05:01+08:00")), 301);
  EXPECT_EQ(*cal.After(At("2026-12-31T23:00:00+08:00"), 7200), At("2027-01-01T01:00:00+08:00"));
  // Across a DST change, 24x7 is elapsed real time.
  auto berlin = WorkCalendar::AlwaysOn(*TimeZone::Locate("Europe/Berlin"));
  EXPECT_EQ(berlin.Between(At("2026-03-29T00:00:00+01:00"), At("2026-03-30T00:00:00+02:00")),
            23 * 3600);
}

TEST(Calendar, RangeEndsAt2100AndDueBeyondIsNull) {
  auto tz = *TimeZone::Locate("Asia/Shanghai");
  auto cal = WorkCalendar::AlwaysOn(tz);
  EXPECT_EQ(cal.range_begin(), At("2000-01-01T00:00:00+08:00"));
  EXPECT_EQ(cal.range_end(), At("2101-01-01T00:00:00+08:00"));
  EXPECT_EQ(*cal.After(At("2100-12-31T23:00:00+08:00"), 3600), At("2101-01-01T00:00:00+08:00"));
  EXPECT_FALSE(cal.After(At("2100-12-31T23:00:00+08:00"), 3601).has_value());
  auto office = WorkCalendar::Build(Office("Asia/Shanghai"), nullptr);
  EXPECT_EQ(*office.After(At("2100-12-31T17:00:00+08:00"), 3600), At("2100-12-31T18:00:00+08:00"));
  EXPECT_FALSE(office.After(At("2100-12-31T17:00:00+08:00"), 3601).has_value());
}

TEST(Calendar, DueAtTheEndOfAnIntervalIsThatEnd) {
  auto cal = WorkCalendar::Build(Office("Asia/Shanghai"), nullptr);
  // Monday 17:00 + 1 h of work: 18:00, not Tuesday 09:00.
  EXPECT_EQ(*cal.After(At("2026-03-02T17:00:00+08:00"), 3600), At("2026-03-02T18:00:00+08:00"));
  EXPECT_EQ(*cal.After(At("2026-03-02T17:00:00+08:00"), 3601), At("2026-03-03T09:00:01+08:00"));
  // The lunch break: 11:30 + 1 h = 13:30.
  EXPECT_EQ(*cal.After(At("2026-03-02T11:30:00+08:00"), 3600), At("2026-03-02T13:30:00+08:00"));
  // Friday 17:00 + 2 h: Monday 10:00.
  EXPECT_EQ(*cal.After(At("2026-03-06T17:00:00+08:00"), 7200), At("2026-03-09T10:00:00+08:00"));
  EXPECT_EQ(cal.Between(At("2026-03-06T17:00:00+08:00"), At("2026-03-09T10:00:00+08:00")), 7200);
}

TEST(Calendar, ShippedChineseScheduleAcrossNationalDayAndMakeUpDays) {
  const HolidaySchedule& cn = DefaultShipped().cn;
  CalendarSpec spec = Office("Asia/Shanghai");
  spec.week[0] = {{9 * 3600, 18 * 3600}};  // make-up days work Monday's hours
  spec.builtin_cn = true;
  auto cal = WorkCalendar::Build(spec, &cn);
  // 2026-09-30 (Wed) 17:00 + 2 h: Oct 1-7 are off, so the second hour is Oct 8.
  EXPECT_EQ(*cal.After(At("2026-09-30T17:00:00+08:00"), 7200), At("2026-10-08T10:00:00+08:00"));
  // 2026-10-10 is a Saturday and a make-up working day with Monday's hours 09-18.
  ASSERT_TRUE(std::binary_search(cn.work.begin(), cn.work.end(), MakeDate(2026, 10, 10)));
  EXPECT_EQ(*cal.After(At("2026-10-09T17:00:00+08:00"), 7200), At("2026-10-10T10:00:00+08:00"));
  EXPECT_EQ(cal.Between(At("2026-10-10T00:00:00+08:00"), At("2026-10-11T00:00:00+08:00")),
            9 * 3600);
  // The file's own workdays win over the shipped off days.
  spec.workdays = {{MakeDate(2026, 10, 1), {{10 * 3600, 11 * 3600}}}};
  auto overridden = WorkCalendar::Build(spec, &cn);
  EXPECT_EQ(*overridden.After(At("2026-09-30T17:00:00+08:00"), 7200),
            At("2026-10-01T11:00:00+08:00"));
}

TEST(Calendar, DstGapMovingAnIntervalIntoAnotherCountsTheirUnion) {
  CalendarSpec spec = Office("Europe/Berlin");
  spec.week[6] = {{2 * 3600 + 30 * 60, 2 * 3600 + 50 * 60}, {3 * 3600, 4 * 3600}};
  auto cal = WorkCalendar::Build(spec, nullptr);
  // 2026-03-29: 02:30-02:50 moves to 03:30-03:50 CEST, inside 03:00-04:00.
  Instant day = At("2026-03-29T00:00:00+01:00"), next = At("2026-03-30T00:00:00+02:00");
  EXPECT_EQ(cal.Between(day, next), 3600);
  EXPECT_EQ(*cal.After(day, 3600), At("2026-03-29T04:00:00+02:00"));
  Seconds walked = 0;
  for (Instant t = day; t < next; t = t + 60) walked += IsWorking(spec, nullptr, t) ? 60 : 0;
  EXPECT_EQ(walked, 3600);
  // An ordinary Sunday works both intervals, 80 minutes.
  EXPECT_EQ(cal.Between(At("2026-04-05T00:00:00+02:00"), At("2026-04-06T00:00:00+02:00")), 4800);
}

struct BruteCase {
  const char* zone;
  const char* from;
  const char* to;
  bool builtin_cn;
};

class CalendarMatchesBruteForce : public testing::TestWithParam<BruteCase> {};

TEST_P(CalendarMatchesBruteForce, WorkedTimeAndInverse) {
  const BruteCase& c = GetParam();
  const HolidaySchedule& cn = DefaultShipped().cn;
  CalendarSpec spec = Office(c.zone);
  spec.week[6] = {{0, 3 * 3600}, {22 * 3600, 86400}};  // Sunday hours cross DST edges
  spec.week[5] = {{2 * 3600 + 30 * 60, 5 * 3600}};     // Saturday 02:30-05:00
  spec.holidays = {MakeDate(2026, 12, 31)};
  spec.workdays = {{MakeDate(2027, 1, 2), {{8 * 3600, 9 * 3600}}}};
  spec.builtin_cn = c.builtin_cn;
  auto cal = WorkCalendar::Build(spec, &cn);
  Instant from = At(c.from), to = At(c.to);
  // Minute steps suffice: every edge in this calendar is on a minute.
  Seconds walked = 0;
  for (Instant t = from; t < to; t = t + 60) {
    bool working = IsWorking(spec, &cn, t);
    ASSERT_EQ(cal.Between(from, t), walked) << FormatRfc3339(t, spec.tz);
    if (working) {
      ASSERT_EQ(*cal.After(from, walked + 1), t + 1) << FormatRfc3339(t, spec.tz);
      walked += 60;
    }
  }
  std::mt19937_64 rng(42);
  for (int i = 0; i < 2000; ++i) {
    Instant a = from + static_cast<Seconds>(rng() % static_cast<std::uint64_t>(to - from));
    Instant b = from + static_cast<Seconds>(rng() % static_cast<std::uint64_t>(to - from));
    if (b < a) std::swap(a, b);
    Seconds w = cal.Between(a, b);
    if (w > 0) {
      Instant back = *cal.After(a, w);
      EXPECT_LE(back, b);
      EXPECT_EQ(cal.Between(a, back), w);
      EXPECT_TRUE(IsWorking(spec, &cn, back - 1));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Zones, CalendarMatchesBruteForce,
    testing::Values(
        BruteCase{"Europe/Berlin", "2026-03-26T00:00:00+01:00", "2026-04-01T00:00:00+02:00", false},
        BruteCase{"Europe/Berlin", "2026-10-22T00:00:00+02:00", "2026-10-28T00:00:00+01:00", false},
        BruteCase{"Asia/Shanghai", "2026-12-28T00:00:00+08:00", "2027-01-05T00:00:00+08:00", false},
        BruteCase{"Asia/Shanghai", "2026-09-28T00:00:00+08:00", "2026-10-12T00:00:00+08:00", true},
        BruteCase{"America/New_York", "2026-11-01T00:00:00-04:00", "2026-11-03T00:00:00-05:00",
                  false}),
    [](const auto& info) { return "Case" + std::to_string(info.index); });

}  // namespace
}  // namespace aftercare::sla
