// SLA-3: the zone tables: the tz database's transitions as date-tz reads them, then
// the TZif footer's rule, checked against zdump; local-time lookup as date-tz did it
// where the database lists transitions.
#include "core/zone_rules.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "core/time.h"
#include "core/zdump_for_tests.h"

namespace aftercare {
namespace {

class ZoneTableMatchesZdump : public testing::TestWithParam<const char*> {};

// The table's changes from 2038 to the end of 2100 are exactly zdump's transitions.
TEST_P(ZoneTableMatchesZdump, SameChangesFrom2038To2100) {
  auto rules = ZoneRules::Find(GetParam());
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  std::string error;
  auto zd = testing_zdump::Zdump(GetParam(), 2038, 2101, error);
  ASSERT_EQ(error, "");
  const std::int64_t from = ParseRfc3339("2038-01-01T00:00:00Z")->unix;
  const std::int64_t to = ParseRfc3339("2101-01-01T00:00:00Z")->unix;
  std::vector<OffsetChange> ours, theirs;
  for (const OffsetChange& c : (*rules)->Changes()) {
    if (from <= c.at && c.at < to) ours.push_back(c);
  }
  for (const auto& x : zd) theirs.push_back({x.at, x.after});
  EXPECT_EQ(ours, theirs);
}

INSTANTIATE_TEST_SUITE_P(Zones, ZoneTableMatchesZdump,
                         testing::Values("Europe/Berlin", "America/New_York", "America/Santiago",
                                         "Australia/Lord_Howe", "America/Nuuk", "Europe/Dublin"),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& c : s)
                             c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return s;
                         });

// Up to the last listed transition, local times map to instants exactly as date-tz's
// get_info(local).first did before (gap: forward by its length; overlap: earlier).
TEST(ZoneRules, LocalTimesAsDateTzWhereTheDatabaseListsTransitions) {
  for (const char* name : {"Europe/Berlin", "America/Santiago", "Australia/Lord_Howe",
                           "Asia/Shanghai", "America/Nuuk", "Pacific/Apia", "Asia/Kolkata"}) {
    const ZoneRules& rules = **ZoneRules::Find(name);
    const date::time_zone* zone = date::locate_zone(name);
    for (const OffsetChange& c : rules.Changes()) {
      auto listed = zone->get_info(date::sys_seconds{std::chrono::seconds{c.at}});
      if (listed.begin.time_since_epoch().count() != c.at) break;  // the footer's from here
      for (std::int64_t local = c.at - 4 * 3600; local <= c.at + 4 * 3600; local += 900) {
        auto info = zone->get_info(date::local_seconds{std::chrono::seconds{local}});
        ASSERT_EQ(rules.ToUnix(local), local - info.first.offset.count())
            << name << " local " << local;
        ASSERT_EQ(rules.OffsetAt(local),
                  zone->get_info(date::sys_seconds{std::chrono::seconds{local}}).offset.count())
            << name << " at " << local;
      }
    }
  }
}

// Past the table (2102), the rule is applied year by year.
TEST(ZoneRules, RuleAppliesPastTheTable) {
  const ZoneRules& berlin = **ZoneRules::Find("Europe/Berlin");
  std::string error;
  for (const auto& x : testing_zdump::Zdump("Europe/Berlin", 2300, 2303, error)) {
    EXPECT_EQ(berlin.OffsetAt(x.at - 1), x.before) << x.at;
    EXPECT_EQ(berlin.OffsetAt(x.at), x.after) << x.at;
    // A gap's local times move forward to its end; an overlap's are the earlier instant.
    std::int64_t local = x.at + std::min(x.before, x.after);
    EXPECT_EQ(berlin.ToUnix(local), x.after > x.before ? x.at : x.at - 3600) << x.at;
  }
  EXPECT_EQ(error, "");
}

TEST(ZoneRules, EveryZoneOfTheSystemDatabaseLoads) {
  size_t n = 0;
  for (const date::time_zone& zone : date::get_tzdb().zones) {
    auto rules = ZoneRules::Find(zone.name());
    EXPECT_TRUE(rules.ok()) << zone.name() << ": " << rules.error().message;
    ++n;
  }
  EXPECT_GT(n, 300u);
  EXPECT_FALSE(ZoneRules::Find("Mars/Olympus_Mons").ok());
}

}  // namespace
}  // namespace aftercare
