// SLA-4's timers and the chain on duty, in process (issue 12 point 2): a ticket's
// running clocks get a warning and an escalation through its one timer on the
// queue, at its next instant; events and recomputations move or cancel it; a
// firing timer re-arms itself to the next instant and tells the assignee, the leaders on duty and
// then the managers, once each, and leaves its evidence on the timeline.
#include "service/alerts/alerts.h"

#include <optional>
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

  // The ticket's SLA timer (one per ticket), if it has one.
  struct Timer {
    std::int64_t id, run_at, updated_at;
    std::vector<std::string> told;  // the alerts it has fired that still count
  };
  std::optional<Timer> TimerOf(std::int64_t ticket) {
    auto rows = InTransaction(*db_, false, [&](store::Transaction& tx) {
      return tx.Query(
          "SELECT id, dedupe_key, payload, run_at, updated_at FROM jobs WHERE ticket_id = $1 AND "
          "kind = $2 AND state = 'pending'",
          {ticket, std::string(alerts::kSlaTimerJob)});
    });
    EXPECT_TRUE(rows.ok());
    if (!rows.ok() || rows->empty()) return std::nullopt;
    EXPECT_EQ(rows->size(), 1u);
    const auto& r = rows->front();
    EXPECT_EQ(r.Text("dedupe_key"), "sla:" + std::to_string(ticket));
    auto p = nlohmann::json::parse(r.Text("payload"));
    EXPECT_EQ(p["ticket_id"], ticket);
    Timer out{r.Int("id"), r.Int("run_at"), r.Int("updated_at"), {}};
    if (p.contains("told")) out.told = p["told"].get<std::vector<std::string>>();
    return out;
  }
  std::int64_t RunAt(std::int64_t ticket) {
    auto t = TimerOf(ticket);
    return t ? t->run_at : -1;
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

// A phone fault (P3) on the bid policy: acknowledge 5m, response 60m, repair 24h,
// warnings at 80 %. The ticket's one timer is at the earliest instant of its clocks.
TEST_F(AlertServiceRules, ATicketsTimerIsAtTheNextInstantOfItsClocks) {
  const Instant received = now_ - 60;
  auto t = AddTicket(As(Role::kAgent), customer_a_, received);
  ASSERT_TRUE(t.ok()) << t.error().message;
  const std::int64_t r = received.unix;
  EXPECT_EQ(RunAt(t->id), r + 240);  // acknowledge's warning
  // The first contact stops acknowledge: response's warning.
  ASSERT_TRUE(AddEvent(As(Role::kEngineer), t->id, TicketEventKind::kFirstContact, now_).ok());
  EXPECT_EQ(RunAt(t->id), r + 2880);
  // Waiting on the customer pauses repair, diagnosed stopped response: no timer; the
  // reply brings repair's back, later by the hour of waiting.
  auto engineer_at = [&](Instant when) { return At(As(Role::kEngineer), when); };
  ASSERT_TRUE(AddEvent(engineer_at(now_ + 60), t->id, TicketEventKind::kDiagnosed, now_ + 60).ok());
  ASSERT_TRUE(
      AddEvent(engineer_at(now_ + 120), t->id, TicketEventKind::kWaitingCustomer, now_ + 120).ok());
  EXPECT_FALSE(TimerOf(t->id));
  ASSERT_TRUE(
      AddEvent(engineer_at(now_ + 3720), t->id, TicketEventKind::kCustomerReplied, now_ + 3720)
          .ok());
  EXPECT_EQ(RunAt(t->id), r + 69120 + 3600);
  // Resolved: no clock runs, no timer left.
  ASSERT_TRUE(
      AddEvent(engineer_at(now_ + 3780), t->id, TicketEventKind::kResolved, now_ + 3780).ok());
  EXPECT_FALSE(TimerOf(t->id));
}

// A timer that fires tells what is due and re-arms itself, the same job row, to the
// ticket's next instant, remembering what it told.
TEST_F(AlertServiceRules, AFiredTimerReArmsToTheTicketsNextInstant) {
  const std::int64_t r = (now_ - 60).unix;
  auto t = AddTicket(As(Role::kAgent), customer_a_, now_ - 60);
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(Assign(t->id, Role::kEngineer, now_).ok());
  EXPECT_EQ(Fire(now_ + 180), 1);  // acknowledge's warning
  auto timer = TimerOf(t->id);
  ASSERT_TRUE(timer);
  EXPECT_EQ(timer->run_at, r + 300);  // its escalation at due
  EXPECT_EQ(timer->told,
            std::vector<std::string>{"sla:" + std::to_string(t->id) +
                                     ":acknowledge:warn:" + std::to_string(r + 300) + ":0"});
  // A recomputation before the escalation keeps it (the warning is not wanted again).
  auto same = InTransaction(*db_, true, [&](store::Transaction& tx) {
    return RecomputeOpenTickets(tx, std::nullopt, now_ + 200);
  });
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(RunAt(t->id), r + 300);
  EXPECT_EQ(Fire(now_ + 240), 1);           // the escalation
  EXPECT_EQ(RunAt(t->id), r + 300 + 1800);  // the next, 30 minutes later
  EXPECT_EQ(Inbox(Role::kEngineer).size(), 2u);
  EXPECT_EQ(Alerts(t->id).size(), 2u);
}

// A recomputation writes nothing for a ticket whose next instant stays, and moves a
// ticket's timer (the same row) when its next instant moves.
TEST_F(AlertServiceRules, RecomputationLeavesUnchangedTimersUntouched) {
  auto t = AddTicket(As(Role::kAgent), customer_a_, now_ - 60);
  ASSERT_TRUE(t.ok());
  auto before = TimerOf(t->id);
  ASSERT_TRUE(before);
  auto recompute = [&](Instant at) {
    auto n = InTransaction(*db_, true, [&](store::Transaction& tx) {
      return RecomputeOpenTickets(tx, std::nullopt, at);
    });
    EXPECT_TRUE(n.ok());
  };
  recompute(now_ + 100);
  auto after = TimerOf(t->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->id, before->id);
  EXPECT_EQ(after->run_at, before->run_at);
  EXPECT_EQ(after->updated_at, before->updated_at);  // not written
  // Past the warning instant with the runner down: the timer is due now, and stays so.
  recompute(now_ + 200);
  after = TimerOf(t->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->updated_at, before->updated_at);
  // A first contact stops acknowledge: the same timer moves to response's warning.
  ASSERT_TRUE(AddEvent(At(As(Role::kEngineer), now_ + 210), t->id, TicketEventKind::kFirstContact,
                       now_ + 210)
                  .ok());
  after = TimerOf(t->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->id, before->id);
  EXPECT_EQ(after->run_at, (now_ - 60).unix + 2880);
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
                                      {{"ticket_id", t->id}},
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
  // The managers hear of the penalty event (CON-2) at once, of the escalation later.
  auto escalations = [&](Role role) {
    std::vector<Notification> out;
    for (auto& n : Inbox(role)) {
      if (n.kind == NotificationKind::kSlaEscalation) out.push_back(n);
    }
    return out;
  };
  EXPECT_TRUE(escalations(Role::kManager).empty());
  ASSERT_EQ(Inbox(Role::kManager).size(), 1u);
  EXPECT_EQ(Inbox(Role::kManager)[0].kind, NotificationKind::kPenaltyEvent);
  EXPECT_EQ(Fire(now_ + 240 + 1799), 0);
  EXPECT_EQ(Fire(now_ + 240 + 1800), 1);
  auto manager = escalations(Role::kManager);
  ASSERT_EQ(manager.size(), 1u);
  EXPECT_EQ(manager[0].data["level"], 1);
  ASSERT_TRUE(AddEvent(At(As(Role::kEngineer), now_ + 2100), t->id, TicketEventKind::kFirstContact,
                       now_ + 2100)
                  .ok());
  Fire(now_ + 240 + 3600);  // other clocks may warn; acknowledge stopped: no third escalation
  int acknowledge = 0;
  for (const auto& n : escalations(Role::kManager)) {
    acknowledge += n.data["metric"] == "acknowledge";
  }
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
      if (n.kind == NotificationKind::kSlaEscalation && n.data["metric"] == "acknowledge") {
        out.push_back(n.data["level"]);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(levels(), std::vector<int>{4});  // 2 h late at 30 min: the fifth escalation
  Fire(now_ + 3 * 1800 + 10);                // the runner was down for 1.5 h
  EXPECT_EQ(levels(), (std::vector<int>{4, 7}));
  // The next is the eighth, 4 h after the due (the timer may fire before, for another
  // clock).
  Fire(now_ + 7200 - 1);
  EXPECT_EQ(levels(), (std::vector<int>{4, 7}));
  Fire(now_ + 7200);
  EXPECT_EQ(levels(), (std::vector<int>{4, 7, 8}));
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
