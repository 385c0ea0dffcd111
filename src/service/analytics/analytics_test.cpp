// Response-time analytics in process (issue 11 point 6, SLA-5): who reads them,
// the period rules, Party A's own figures only (CON-4), and the figures of a week
// of tickets on the built-in policy.
#include "service/analytics/analytics.h"

#include <gtest/gtest.h>

#include <string>

#include "service/testing/service_test_fixture.h"

namespace aftercare::service {
namespace {

using K = TicketEventKind;
constexpr auto kFault = sla::TicketType::kFault;
constexpr auto kP3 = sla::Priority::kP3;

// The week of Monday 2026-02-23 in Shanghai, on contracts of both customers.
class AnalyticsServiceRules : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(AddContract(customer_a_, "HT-A").ok());
    ASSERT_TRUE(AddContract(customer_b_, "HT-B").ok());
  }

  static Instant Week(int day, Seconds second_of_day) {
    return DefaultZone().ToInstant(MakeDate(2026, 2, 23) + day, second_of_day);
  }
  // A phone ticket (fault, P3) received at `at`, with its events `after` seconds
  // later, each entered when it happened.
  void Ticket(std::int64_t customer, Instant at,
              std::initializer_list<std::pair<TicketEventKind, Seconds>> after) {
    auto t = AddTicket(At(As(Role::kAgent), at), customer, at);
    ASSERT_TRUE(t.ok()) << t.error().message;
    for (const auto& [kind, s] : after) {
      auto e = AddEvent(At(As(Role::kEngineer), at + s), t->id, kind, at + s);
      ASSERT_TRUE(e.ok()) << Name(kind) << ": " << e.error().message;
    }
  }
  ResponseStatsQuery LastWeek(std::optional<std::int64_t> customer = std::nullopt) const {
    return {MakeDate(2026, 2, 23), MakeDate(2026, 3, 1), customer};
  }
  static const ResponseStatsRow* Find(const std::vector<ResponseStatsRow>& rows,
                                      const std::string& metric, bool weekly,
                                      std::optional<sla::TicketType> type,
                                      std::optional<sla::Priority> priority) {
    for (const auto& r : rows) {
      if (r.metric == metric && r.week.has_value() == weekly && r.type == type &&
          r.priority == priority) {
        return &r;
      }
    }
    return nullptr;
  }
};

// SLA-5: team leaders, managers, administrators and Party A read the figures;
// agents and engineers do not.
TEST_F(AnalyticsServiceRules, WhoReadsTheFigures) {
  struct Case {
    Role by;
    const char* outcome;
  };
  const Case cases[] = {{Role::kAgent, "forbidden"}, {Role::kEngineer, "forbidden"},
                        {Role::kTeamLeader, "ok"},   {Role::kManager, "ok"},
                        {Role::kAdmin, "ok"},        {Role::kPartyA, "ok"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(Name(c.by)));
    EXPECT_EQ(Outcome(GetResponseStats(*db_, As(c.by), LastWeek())), c.outcome);
  }
  EXPECT_EQ(Outcome(GetResponseStats(*db_, Anonymous(), LastWeek())), "unauthorized");
}

// The period runs from `from` to `to` inclusive, at most 366 days.
TEST_F(AnalyticsServiceRules, PeriodRules) {
  struct Case {
    LocalDate from, to;
    const char* outcome;
  };
  const Case cases[] = {
      {MakeDate(2026, 3, 1), MakeDate(2026, 2, 28), "invalid_input to"},
      {MakeDate(2026, 3, 1), MakeDate(2026, 3, 1), "ok"},
      {MakeDate(2024, 1, 1), MakeDate(2024, 12, 31), "ok"},              // 366 days
      {MakeDate(2024, 1, 1), MakeDate(2025, 1, 1), "invalid_input to"},  // 367 days
      {MakeDate(2025, 1, 1), MakeDate(2026, 1, 1), "ok"},                // 366 days
      {MakeDate(2025, 1, 1), MakeDate(2026, 1, 2), "invalid_input to"},  // 367 days
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatDate(c.from) + " to " + FormatDate(c.to));
    EXPECT_EQ(Outcome(GetResponseStats(*db_, As(Role::kManager), {c.from, c.to, std::nullopt})),
              c.outcome);
  }
}

// A week's finished clocks: count, late, average, 90th percentile (nearest rank),
// longest and target per metric, type and priority; clocks still running on time
// are not counted, tickets received outside the period neither.
TEST_F(AnalyticsServiceRules, FiguresOfAWeek) {
  // acknowledge (5 min): 3 min and 10 min (late); response (P3: 60 min): 20 and 70
  // (late); repair (24 h): 2 h and 3 h.
  Ticket(customer_a_, Week(0, 10 * 3600),
         {{K::kFirstContact, 180}, {K::kDiagnosed, 1200}, {K::kResolved, 7200}});
  Ticket(customer_a_, Week(2, 15 * 3600),
         {{K::kFirstContact, 600}, {K::kDiagnosed, 4200}, {K::kResolved, 10800}});
  // Received the Monday after: not in the period.
  Ticket(customer_a_, Week(7, 9 * 3600), {{K::kFirstContact, 60}});
  auto stats = GetResponseStats(*db_, As(Role::kManager), LastWeek(customer_a_));
  ASSERT_TRUE(stats.ok()) << stats.error().message;

  const ResponseStatsRow* ack = Find(stats->rows, "acknowledge", true, kFault, kP3);
  ASSERT_NE(ack, nullptr);
  EXPECT_EQ(ack->week, MakeDate(2026, 2, 23));
  EXPECT_EQ(ack->kind, sla::MetricKind::kResponse);
  EXPECT_EQ(ack->count, 2);
  EXPECT_EQ(ack->late, 1);
  EXPECT_EQ(ack->avg_s, 390);
  EXPECT_EQ(ack->p90_s, 600);
  EXPECT_EQ(ack->max_s, 600);
  EXPECT_EQ(ack->target_s, 300);
  const ResponseStatsRow* response = Find(stats->rows, "response", true, kFault, kP3);
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(response->count, 2);
  EXPECT_EQ(response->late, 1);
  EXPECT_EQ(response->avg_s, 2700);
  EXPECT_EQ(response->target_s, 3600);
  const ResponseStatsRow* repair = Find(stats->rows, "repair", true, kFault, kP3);
  ASSERT_NE(repair, nullptr);
  EXPECT_EQ(repair->kind, sla::MetricKind::kHandling);
  EXPECT_EQ(repair->count, 2);
  EXPECT_EQ(repair->late, 0);
  EXPECT_EQ(repair->max_s, 10800);
  // Onsite clocks never started; the email reply is not a phone ticket's.
  for (const char* metric : {"onsite_arrival", "onsite_fix", "email_reply"}) {
    EXPECT_EQ(Find(stats->rows, metric, true, kFault, kP3), nullptr) << metric;
  }
  EXPECT_EQ(stats->rows.size(), 3u);

  // The whole period, every type and priority: the same clocks.
  const ResponseStatsRow* all =
      Find(stats->rollups, "acknowledge", false, std::nullopt, std::nullopt);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->count, 2);
  EXPECT_EQ(all->late, 1);
  EXPECT_EQ(all->p90_s, 600);
  EXPECT_NE(Find(stats->rollups, "acknowledge", true, kFault, std::nullopt), nullptr);
  EXPECT_NE(Find(stats->rollups, "acknowledge", false, std::nullopt, kP3), nullptr);
}

// The 90th percentile is the nearest rank: of 10 clocks, the 9th shortest.
TEST_F(AnalyticsServiceRules, NinetiethPercentileIsTheNearestRank) {
  for (int k = 1; k <= 10; ++k) {
    Ticket(customer_a_, Week(1, 8 * 3600 + k * 1800), {{K::kFirstContact, 60 * k}});
  }
  auto stats = GetResponseStats(*db_, As(Role::kManager), LastWeek());
  ASSERT_TRUE(stats.ok());
  const ResponseStatsRow* ack = Find(stats->rows, "acknowledge", true, kFault, kP3);
  ASSERT_NE(ack, nullptr);
  EXPECT_EQ(ack->count, 10);
  EXPECT_EQ(ack->late, 5);  // 6 to 10 minutes; 5 minutes is on time
  EXPECT_EQ(ack->avg_s, 330);
  EXPECT_EQ(ack->p90_s, 540);
  EXPECT_EQ(ack->max_s, 600);
}

// A clock still running within its target is not counted yet; one running past it
// is, as late.
TEST_F(AnalyticsServiceRules, RunningClocksCountOnceLate) {
  Ticket(customer_a_, now_ - 120, {});
  ResponseStatsQuery today{MakeDate(2026, 3, 2), MakeDate(2026, 3, 2), customer_a_};
  auto early = GetResponseStats(*db_, As(Role::kManager), today);
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->rows.empty());
  auto later = GetResponseStats(*db_, At(As(Role::kManager), now_ + 600), today);
  ASSERT_TRUE(later.ok());
  const ResponseStatsRow* ack = Find(later->rows, "acknowledge", true, kFault, kP3);
  ASSERT_NE(ack, nullptr);
  EXPECT_EQ(ack->count, 1);
  EXPECT_EQ(ack->late, 1);
  EXPECT_EQ(ack->avg_s, 720);
}

// CON-4: Party A's figures are its own customer's by default; another customer's
// are not found; the vendor sees every customer's or one's.
TEST_F(AnalyticsServiceRules, PartyASeesItsOwnFiguresOnly) {
  Ticket(customer_a_, Week(1, 10 * 3600), {{K::kFirstContact, 60}});
  Ticket(customer_b_, Week(1, 11 * 3600), {{K::kFirstContact, 900}});
  auto count = [](const Result<ResponseStats>& r) -> std::int64_t {
    if (!r.ok()) return -1;
    const ResponseStatsRow* all =
        Find(r->rollups, "acknowledge", false, std::nullopt, std::nullopt);
    return all ? all->count : 0;
  };
  EXPECT_EQ(count(GetResponseStats(*db_, As(Role::kPartyA), LastWeek())), 1);
  EXPECT_EQ(count(GetResponseStats(*db_, As(Role::kPartyA), LastWeek(customer_a_))), 1);
  EXPECT_EQ(Outcome(GetResponseStats(*db_, As(Role::kPartyA), LastWeek(customer_b_))), "not_found");
  EXPECT_EQ(Outcome(GetResponseStats(*db_, As(Role::kPartyA), LastWeek(999))), "not_found");
  EXPECT_EQ(count(GetResponseStats(*db_, As(Role::kTeamLeader), LastWeek())), 2);
  EXPECT_EQ(count(GetResponseStats(*db_, As(Role::kTeamLeader), LastWeek(customer_b_))), 1);
  auto b = GetResponseStats(*db_, As(Role::kManager), LastWeek(customer_b_));
  ASSERT_TRUE(b.ok());
  const ResponseStatsRow* ack = Find(b->rows, "acknowledge", true, kFault, kP3);
  ASSERT_NE(ack, nullptr);
  EXPECT_EQ(ack->late, 1);
}

}  // namespace
}  // namespace aftercare::service
