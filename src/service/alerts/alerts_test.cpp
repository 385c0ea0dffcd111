// SLA-4's timers and the chain on duty, in process (issue 12 point 2): a ticket's
// running clocks get a warning and an escalation on the queue; events move or
// cancel them; a firing timer tells the assignee, the leaders on duty and then
// the managers, once each, and leaves its evidence on the timeline.
#include "service/alerts/alerts.h"

#include <set>

#include "service/notifications/notifications.h"
#include "service/teams/teams.h"
#include "service/testing/service_test_fixture.h"

namespace aftercare::service {
namespace {

class AlertServiceRules : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(AddContract(customer_a_, "HT-ALERT-1").ok());
  }

  struct Timer {
    std::string metric, level;
    std::int64_t run_at, due, n;
    bool operator<(const Timer& o) const {
      return std::tie(metric, level, n) < std::tie(o.metric, o.level, o.n);
    }
  };
  // The ticket's pending SLA timers.
  std::set<Timer> Timers(std::int64_t ticket) {
    auto rows = InTransaction(*db_, false, [&](store::Transaction& tx) {
      return tx.Query(
          "SELECT payload, run_at FROM jobs WHERE ticket_id = $1 AND kind = $2 AND "
          "state = 'pending'",
          {ticket, std::string(alerts::kSlaTimerJob)});
    });
    EXPECT_TRUE(rows.ok());
    std::set<Timer> out;
    for (const auto& r : *rows) {
      auto p = nlohmann::json::parse(r.Text("payload"));
      out.insert({p["metric"], p["level"], r.Int("run_at"), p["due"], p["n"]});
    }
    return out;
  }
  // Runs the ticket's timers due at `at` as the runner would (claim, then run).
  int Fire(Instant at) {
    auto jobs = jobs::Claim(*db_, "test", at, 100, 60);
    EXPECT_TRUE(jobs.ok());
    int ran = 0;
    for (const auto& j : *jobs) {
      Status s =
          jobs::RunClaimed(*db_, "test", j, at, 3, [&](store::Transaction& tx, const auto& job) {
            return alerts::RunSlaTimer(tx, job, at);
          });
      EXPECT_TRUE(s.ok()) << s.error().message;
      ++ran;
    }
    return ran;
  }
  std::vector<Notification> Inbox(Role r) {
    auto page = ListNotifications(*db_, As(r), {});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items : std::vector<Notification>{};
  }
  std::vector<TimelineEntry> Alerts(std::int64_t ticket) {
    auto t = GetTicket(*db_, As(Role::kManager), ticket);
    EXPECT_TRUE(t.ok());
    std::vector<TimelineEntry> out;
    for (const auto& e : t->timeline) {
      if (e.kind == TicketEventKind::kAlerted) out.push_back(e);
    }
    return out;
  }
  Status Assign(std::int64_t ticket, Role to, Instant at) {
    NewEvent e;
    e.kind = TicketEventKind::kAssigned;
    e.at = at;
    e.data = {{"assignee_id", UserId(to)}};
    return AddTicketEvent(*db_, At(As(Role::kTeamLeader), at), ticket, e).ok()
               ? Status()
               : Error::Invalid("cannot assign");
  }
};

// A phone fault (P3) on the bid policy: acknowledge 5m, response 60m, repair 24h.
TEST_F(AlertServiceRules, EachRunningClockGetsAWarningAndAnEscalation) {
  const Instant received = now_ - 60;
  auto t = AddTicket(As(Role::kAgent), customer_a_, received);
  ASSERT_TRUE(t.ok()) << t.error().message;
  const std::int64_t r = received.unix;
  std::set<Timer> want = {
      {"acknowledge", "warning", r + 240, r + 300, 0},
      {"acknowledge", "escalation", r + 300, r + 300, 0},
      {"response", "warning", r + 2880, r + 3600, 0},
      {"response", "escalation", r + 3600, r + 3600, 0},
      {"repair", "warning", r + 69120, r + 86400, 0},
      {"repair", "escalation", r + 86400, r + 86400, 0},
  };
  auto got = Timers(t->id);
  ASSERT_EQ(got.size(), want.size());
  for (auto a = got.begin(), b = want.begin(); a != got.end(); ++a, ++b) {
    EXPECT_EQ(a->metric, b->metric);
    EXPECT_EQ(a->level, b->level);
    EXPECT_EQ(a->run_at, b->run_at) << a->metric << " " << a->level;
    EXPECT_EQ(a->due, b->due) << a->metric;
  }
  // The first contact stops acknowledge: its timers go, the others stay.
  ASSERT_TRUE(AddEvent(As(Role::kEngineer), t->id, TicketEventKind::kFirstContact, now_).ok());
  got = Timers(t->id);
  EXPECT_EQ(got.size(), 4u);
  for (const Timer& x : got) EXPECT_NE(x.metric, "acknowledge");
  // Waiting on the customer pauses repair: its timers go; the reply brings them back, later.
  auto engineer_at = [&](Instant when) { return At(As(Role::kEngineer), when); };
  ASSERT_TRUE(AddEvent(engineer_at(now_ + 60), t->id, TicketEventKind::kDiagnosed, now_ + 60).ok());
  ASSERT_TRUE(
      AddEvent(engineer_at(now_ + 120), t->id, TicketEventKind::kWaitingCustomer, now_ + 120).ok());
  EXPECT_TRUE(Timers(t->id).empty());
  ASSERT_TRUE(
      AddEvent(engineer_at(now_ + 3720), t->id, TicketEventKind::kCustomerReplied, now_ + 3720)
          .ok());
  got = Timers(t->id);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got.begin()->metric, "repair");
  EXPECT_EQ(got.begin()->due, r + 86400 + 3600);  // the hour of waiting added
  // Resolved: no clock runs, no timer left.
  ASSERT_TRUE(
      AddEvent(engineer_at(now_ + 3780), t->id, TicketEventKind::kResolved, now_ + 3780).ok());
  EXPECT_TRUE(Timers(t->id).empty());
}

TEST_F(AlertServiceRules, AWarningTellsTheAssigneeOnceWithEvidence) {
  auto t = AddTicket(As(Role::kAgent), customer_a_, now_ - 60);
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(Assign(t->id, Role::kEngineer, now_).ok());
  // Nothing is due before the warning instant of acknowledge (received + 240 s).
  EXPECT_EQ(Fire(now_ + 170), 0);
  EXPECT_EQ(Fire(now_ + 180), 1);
  auto inbox = Inbox(Role::kEngineer);
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].kind, NotificationKind::kSlaWarning);
  EXPECT_EQ(inbox[0].ticket_id, t->id);
  EXPECT_EQ(inbox[0].data["metric"], "acknowledge");
  EXPECT_TRUE(Inbox(Role::kManager).empty());
  auto evidence = Alerts(t->id);
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].data["level"], "warning");
  EXPECT_EQ(evidence[0].data["recipients"][0]["user_id"], UserId(Role::kEngineer));
  EXPECT_EQ(evidence[0].data["recipients"][0]["channel"], "in_app");
  EXPECT_EQ(evidence[0].data["internal"], true);  // Party A does not see it
  // The same timer again (a restart, a recomputation): nobody is told twice.
  auto again = InTransaction(*db_, true, [&](store::Transaction& tx) -> Status {
    auto ticket = LoadLiveTicket(tx, t->id, now_ + 200);
    if (!ticket.ok()) return ticket.error();
    return jobs::Enqueue(tx,
                         jobs::NewJob{std::string(alerts::kSlaTimerJob),
                                      "replay",
                                      {{"ticket_id", t->id},
                                       {"metric", "acknowledge"},
                                       {"level", "warning"},
                                       {"due", (now_ - 60 + 300).unix},
                                       {"n", 0}},
                                      now_ + 200,
                                      std::nullopt},
                         now_ + 200)
                   .ok()
               ? Status()
               : Error::Invalid("enqueue");
  });
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Fire(now_ + 200), 1);
  EXPECT_EQ(Inbox(Role::kEngineer).size(), 1u);
  EXPECT_EQ(Alerts(t->id).size(), 1u);
}

// Escalations climb: at due the assignee and the leaders on duty; every 30 min
// later the managers too; a first contact ends it.
TEST_F(AlertServiceRules, EscalationsClimbTheChainUntilTheClockStops) {
  auto team = CreateTeam(*db_, As(Role::kManager), "二线", UserId(Role::kTeamLeader));
  ASSERT_TRUE(team.ok());
  ASSERT_TRUE(SetTeamMember(*db_, As(Role::kManager), team->id, UserId(Role::kEngineer)).ok());
  auto t = AddTicket(As(Role::kAgent), customer_a_, now_ - 60);
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(Assign(t->id, Role::kEngineer, now_).ok());
  EXPECT_GE(Fire(now_ + 240), 1);  // the warning and the escalation at due
  auto leader = Inbox(Role::kTeamLeader);
  ASSERT_FALSE(leader.empty());
  EXPECT_EQ(leader[0].kind, NotificationKind::kSlaEscalation);
  EXPECT_TRUE(Inbox(Role::kManager).empty());
  EXPECT_EQ(Fire(now_ + 240 + 1799), 0);
  EXPECT_EQ(Fire(now_ + 240 + 1800), 1);
  auto manager = Inbox(Role::kManager);
  ASSERT_EQ(manager.size(), 1u);
  EXPECT_EQ(manager[0].data["level"], 1);
  ASSERT_TRUE(AddEvent(At(As(Role::kEngineer), now_ + 2100), t->id, TicketEventKind::kFirstContact,
                       now_ + 2100)
                  .ok());
  Fire(now_ + 240 + 3600);  // other clocks may warn; acknowledge stopped: no third escalation
  int acknowledge = 0;
  for (const auto& n : Inbox(Role::kManager)) acknowledge += n.data["metric"] == "acknowledge";
  EXPECT_EQ(acknowledge, 1);
}

// A clock late for hours escalates once, at its current level, not once for every
// interval it missed; a runner that was down catches up the same way.
TEST_F(AlertServiceRules, ALongLateClockEscalatesOnceNotForEveryMissedInterval) {
  // Acknowledge (5 min) due 2 h ago.
  auto t = AddTicket(As(Role::kTeamLeader), customer_a_, now_ - 7200 - 300);
  ASSERT_TRUE(t.ok()) << t.error().message;
  Fire(now_);
  auto levels = [&] {
    std::vector<int> out;
    for (const auto& n : Inbox(Role::kManager)) {
      if (n.data["metric"] == "acknowledge") out.push_back(n.data["level"]);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(levels(), std::vector<int>{4});  // 2 h late at 30 min: the fifth escalation
  Fire(now_ + 3 * 1800 + 10);                // the runner was down for 1.5 h
  EXPECT_EQ(levels(), (std::vector<int>{4, 7}));
  for (const auto& x : Timers(t->id)) {
    if (x.metric == "acknowledge") {
      EXPECT_EQ(x.n, 8);
    }
  }
}

// A warning that fires after its clock's due (the runner was down) says nothing: the
// escalation fired with it tells the same people more.
TEST_F(AlertServiceRules, AWarningFiredAfterTheDueSaysNothing) {
  auto t = AddTicket(As(Role::kAgent), customer_a_, now_ - 60);
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(Assign(t->id, Role::kEngineer, now_).ok());
  Fire(now_ + 240 + 600);  // acknowledge: warning at now_ + 180, due now_ + 240
  int warnings = 0, escalations = 0;
  for (const auto& n : Inbox(Role::kEngineer)) {
    if (n.data["metric"] != "acknowledge") continue;
    warnings += n.kind == NotificationKind::kSlaWarning;
    escalations += n.kind == NotificationKind::kSlaEscalation;
  }
  EXPECT_EQ(warnings, 0);
  EXPECT_EQ(escalations, 1);
  int evidence = 0;
  for (const auto& e : Alerts(t->id)) evidence += e.data["metric"] == "acknowledge";
  EXPECT_EQ(evidence, 1);
}

// An unassigned ticket warns the leaders on duty (by the roster), else the teams' leaders.
TEST_F(AlertServiceRules, AnUnassignedTicketWarnsTheLeaderOnDuty) {
  auto team = CreateTeam(*db_, As(Role::kManager), "一线", UserId(Role::kTeamLeader));
  ASSERT_TRUE(team.ok()) << team.error().message;
  auto t = AddTicket(As(Role::kAgent), customer_a_, now_ - 60);
  ASSERT_TRUE(t.ok());
  auto chain = InTransaction(
      *db_, false, [&](store::Transaction& tx) -> Result<std::vector<alerts::Recipient>> {
        AFTERCARE_ASSIGN_OR_RETURN(Ticket live, LoadLiveTicket(tx, t->id, now_));
        return alerts::Chain(tx, live, alerts::AlertLevel::kWarning, 0, now_);
      });
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  ASSERT_EQ(chain->size(), 1u);
  EXPECT_EQ((*chain)[0].user_id, UserId(Role::kTeamLeader));
  EXPECT_EQ((*chain)[0].as, "team_leader");  // nobody on the roster: the team's leader
  Shift s;
  s.team_id = team->id;
  s.user_id = UserId(Role::kTeamLeader);
  s.starts_at = now_ - 3600;
  s.ends_at = now_ + 3600;
  ASSERT_TRUE(AddShift(*db_, As(Role::kTeamLeader), s).ok());
  chain = InTransaction(*db_, false,
                        [&](store::Transaction& tx) -> Result<std::vector<alerts::Recipient>> {
                          AFTERCARE_ASSIGN_OR_RETURN(Ticket live, LoadLiveTicket(tx, t->id, now_));
                          return alerts::Chain(tx, live, alerts::AlertLevel::kEscalation, 1, now_);
                        });
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].as, "leader_on_duty");
  EXPECT_EQ((*chain)[1].user_id, UserId(Role::kManager));
}

}  // namespace
}  // namespace aftercare::service
