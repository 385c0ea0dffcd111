// The holiday schedule's rules in process (issue 11 point 6, SLA-3): the shipped
// years are read-only, an administrator enters a year the shipped data lacks, and
// its dates must lie in that year, none both off and a working day.
#include "service/holidays/holidays.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>

#include "service/testing/service_test_fixture.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

class HolidayServiceRules : public ServiceTest {
 protected:
  static LocalDate D(int y, unsigned m, unsigned d) { return MakeDate(y, m, d); }
  Result<HolidayYear> Put(Role by, int year, std::vector<LocalDate> off,
                          std::vector<LocalDate> work) {
    return PutHolidayYear(*db_, As(by), year, std::move(off), std::move(work));
  }
  Result<CurrentHolidays> Current() {
    return InTransaction(*db_, false,
                         [](store::Transaction& tx) { return LoadCurrentHolidays(tx); });
  }
};

// Administrators enter holiday years; anyone logged in reads them.
TEST_F(HolidayServiceRules, AdministratorsEnterYearsEveryoneReadsThem) {
  for (Role r : RolesExcept({Role::kAdmin})) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(Put(r, 2027, {D(2027, 1, 1)}, {})), "forbidden");
    EXPECT_TRUE(GetHolidayYear(*db_, As(r), 2026).ok());
  }
  EXPECT_EQ(Outcome(PutHolidayYear(*db_, Anonymous(), 2027, {}, {})), "unauthorized");
  EXPECT_EQ(Outcome(ListHolidayYears(*db_, Anonymous())), "unauthorized");
  EXPECT_EQ(Outcome(GetHolidayYear(*db_, As(Role::kAgent), 2027)), "not_found");
}

// The year rules: 2000 to 2100, not a shipped year, its dates in it, no date both
// off and a working day. A refused year stores nothing.
TEST_F(HolidayServiceRules, YearRules) {
  struct Case {
    const char* why;
    int year;
    std::vector<LocalDate> off, work;
    const char* outcome;
  };
  const Case cases[] = {
      {"1999", 1999, {}, {}, "invalid_input year"},
      {"2101", 2101, {}, {}, "invalid_input year"},
      {"a shipped year", 2026, {D(2026, 10, 9)}, {}, "conflict year"},
      {"the first shipped year", 2020, {}, {}, "conflict year"},
      {"a day off in another year", 2027, {D(2027, 1, 1), D(2028, 1, 1)}, {}, "invalid_input off"},
      {"a working day in another year", 2027, {}, {D(2026, 12, 31)}, "invalid_input work"},
      {"a day both off and working",
       2027,
       {D(2027, 2, 16), D(2027, 2, 17)},
       {D(2027, 2, 17)},
       "invalid_input work"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(Put(Role::kAdmin, c.year, c.off, c.work)), c.outcome);
  }
  auto years = ListHolidayYears(*db_, As(Role::kAgent));
  ASSERT_TRUE(years.ok());
  for (const HolidayYear& y : *years) {
    EXPECT_EQ(y.source, "shipped") << y.year;
  }
  EXPECT_EQ(years->front().year, 2020);
  EXPECT_EQ(years->back().year, 2026);
}

// A stored year's dates are kept sorted and once each; a second PUT replaces the
// year, audited with the dates before and after; the years list in order.
TEST_F(HolidayServiceRules, AStoredYearIsSortedAndReplaced) {
  auto stored =
      Put(Role::kAdmin, 2027, {D(2027, 2, 17), D(2027, 1, 1), D(2027, 2, 17)}, {D(2027, 2, 20)});
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_EQ(stored->source, "stored");
  EXPECT_EQ(stored->off, (std::vector<LocalDate>{D(2027, 1, 1), D(2027, 2, 17)}));
  auto read = GetHolidayYear(*db_, As(Role::kPartyA), 2027);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->off, stored->off);
  EXPECT_EQ(read->work, std::vector<LocalDate>{D(2027, 2, 20)});
  ASSERT_TRUE(Put(Role::kAdmin, 2099, {}, {}).ok());

  auto replaced = Put(Role::kAdmin, 2027, {D(2027, 1, 1)}, {});
  ASSERT_TRUE(replaced.ok());
  read = GetHolidayYear(*db_, As(Role::kAgent), 2027);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->off, std::vector<LocalDate>{D(2027, 1, 1)});
  EXPECT_TRUE(read->work.empty());
  auto audit = AuditOf("holiday_year", "2027");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].before["off"], nlohmann::json({"2027-01-01", "2027-02-17"}));
  EXPECT_EQ(audit[0].after["off"], nlohmann::json({"2027-01-01"}));
  EXPECT_EQ(audit[1].before, nullptr);

  auto years = ListHolidayYears(*db_, As(Role::kAgent));
  ASSERT_TRUE(years.ok());
  ASSERT_GE(years->size(), 3u);
  const HolidayYear& last = years->back();
  const HolidayYear& before_last = (*years)[years->size() - 2];
  EXPECT_EQ(before_last.year, 2027);
  EXPECT_EQ(before_last.source, "stored");
  EXPECT_EQ(last.year, 2099);
  EXPECT_EQ((*years)[years->size() - 3].year, 2026);
}

// Calendars see the stored years next to the shipped ones, and the version that
// compiled policies are cached by changes with every stored change.
TEST_F(HolidayServiceRules, StoredYearsJoinTheScheduleAndChangeItsVersion) {
  auto before = Current();
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->stored.empty());
  const auto has = [](const std::vector<LocalDate>& v, LocalDate d) {
    return std::find(v.begin(), v.end(), d) != v.end();
  };
  EXPECT_TRUE(has(before->shipped.cn.off, D(2026, 10, 1)));
  EXPECT_FALSE(has(before->shipped.cn.off, D(2027, 1, 1)));
  ASSERT_TRUE(Put(Role::kAdmin, 2027, {D(2027, 1, 1)}, {D(2027, 2, 20)}).ok());
  auto first = Current();
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(has(first->shipped.cn.off, D(2027, 1, 1)));
  EXPECT_TRUE(has(first->shipped.cn.work, D(2027, 2, 20)));
  EXPECT_TRUE(std::is_sorted(first->shipped.cn.off.begin(), first->shipped.cn.off.end()));
  EXPECT_NE(first->version, before->version);
  // The same clock, the same content: the version still moves.
  ASSERT_TRUE(Put(Role::kAdmin, 2027, {D(2027, 1, 1)}, {D(2027, 2, 20)}).ok());
  auto second = Current();
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->version, first->version);
}

// For scenario exports: the stored years are written into calendars that use the
// Chinese schedule (days off as holidays, make-up days with Monday's hours); a
// calendar's own dates win; other calendars and a document without stored years
// are left as they are.
TEST(HolidayExport, StoredYearsAreWrittenIntoCnCalendars) {
  const std::string policy =
      "calendars:\n"
      "  office:\n"
      "    week: {mon: [\"09:00-18:00\"], tue: [\"09:00-18:00\"]}\n"
      "    builtin_holidays: cn\n"
      "    holidays: [\"2027-01-01\"]\n"
      "  plain:\n"
      "    week: {mon: [\"08:00-12:00\"]}\n"
      "policy:\n"
      "  name: export-office\n"
      "  metrics:\n"
      "    - {name: fix, kind: handling, start: received, stop: resolved,\n"
      "       target: {default: 2d}, calendar: office}\n";
  auto unchanged = AddStoredHolidays(policy, {});
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(*unchanged, policy);

  const std::vector<HolidayYear> stored = {
      {2027, "stored", {MakeDate(2027, 1, 1), MakeDate(2027, 2, 17)}, {MakeDate(2027, 2, 20)}}};
  auto out = AddStoredHolidays(policy, stored);
  ASSERT_TRUE(out.ok());
  YAML::Node doc = YAML::Load(*out);
  YAML::Node office = doc["calendars"]["office"];
  ASSERT_TRUE(office["holidays"].IsSequence());
  std::vector<std::string> holidays;
  for (const auto& d : office["holidays"]) holidays.push_back(d.as<std::string>());
  EXPECT_EQ(holidays, (std::vector<std::string>{"2027-01-01", "2027-02-17"}));
  ASSERT_TRUE(office["workdays"]["2027-02-20"].IsSequence());
  EXPECT_EQ(office["workdays"]["2027-02-20"][0].as<std::string>(), "09:00-18:00");
  EXPECT_FALSE(doc["calendars"]["plain"]["holidays"].IsDefined());
  EXPECT_FALSE(doc["calendars"]["plain"]["workdays"].IsDefined());
  EXPECT_EQ(doc["policy"]["name"].as<std::string>(), "export-office");
}

}  // namespace
}  // namespace aftercare::service
