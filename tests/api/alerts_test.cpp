// SLA-4 around the clock (issue 12 points 2 and 3), through the API of a running
// server: what is stored from a ticket's clocks (the queue order, the sla=late
// filter) follows a change of its contract's policy; and a clock of 10 s warns
// its assignee at 50 % and escalates to the leader on duty, live, in their
// notification inboxes, with the evidence on the ticket's timeline. Real time:
// the product has no fake clock.
#include <chrono>
#include <thread>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class AlertsApi : public ApiTest {
 protected:
  bool BackgroundJobs() const override { return true; }
  // Waits (up to `seconds`) until `role`'s inbox holds a notification of `kind`.
  json WaitForNotification(const std::string& role, const std::string& kind, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
      json inbox = Expect(As(role).Get("/api/v1/notifications"), 200).Json();
      for (const json& n : inbox["items"]) {
        if (n["kind"] == kind) return n;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return nullptr;
  }
  std::vector<std::int64_t> Ids(const std::string& query) {
    json list = Expect(As("agent").Get("/api/v1/tickets?" + query), 200).Json();
    std::vector<std::int64_t> out;
    for (const json& t : list["items"]) out.push_back(t["id"]);
    return out;
  }
};
AFTERCARE_API_BACKENDS(AlertsApi);

// The finding: after PATCH /contracts/{id} {"policy": ...} a ticket stayed
// first in the queue and in sla=late although its clock now runs to a later due.
TEST_P(AlertsApi, Sla4_StoredClocksFollowTheContractsPolicy) {
  const char* slow =
      "policy:\n"
      "  name: slow-ack\n"
      "  metrics:\n"
      "    - {name: acknowledge, kind: response, start: received, stop: first_contact,\n"
      "       target: {default: 30d}}\n";
  Expect(admin().Post("/api/v1/policies", {{"name", "slow-ack"}, {"body", slow}}), 201);
  std::int64_t customer = CreateCustomer("湖滨医院");
  json contract = CreateContract(customer, "HT-SLOW-1");
  std::int64_t now = NowUnix();
  // Late under bid-default's 5 minutes: received 10 minutes ago.
  json late = CreateTicket({{"customer_id", customer}, {"received_at", Rfc3339(now - 600)}});
  EXPECT_EQ(Ids("sla=late"), std::vector<std::int64_t>{late["id"]});
  EXPECT_EQ(Ids("queue=1&status=open").front(), late["id"]);
  const std::string timers = "SELECT COUNT(*) FROM jobs WHERE ticket_id = " +
                             std::to_string(late["id"].get<std::int64_t>()) +
                             " AND kind = 'sla.timer'";
  EXPECT_NE(server().QueryScalar(timers), "0");

  Expect(As("manager").Send(
             "PATCH", "/api/v1/contracts/" + std::to_string(contract["id"].get<std::int64_t>()),
             json{{"policy", "slow-ack"}}.dump()),
         200);
  EXPECT_EQ(Ids("sla=late"), std::vector<std::int64_t>{});
  EXPECT_EQ(Ids("sla=on_time"), std::vector<std::int64_t>{late["id"]});
  json t =
      Expect(As("agent").Get("/api/v1/tickets/" + std::to_string(late["id"].get<std::int64_t>())),
             200)
          .Json();
  const std::int64_t due = ParseTime(t["next_due_at"]);
  EXPECT_EQ(due, now - 600 + 30 * 86400);
  EXPECT_EQ(server().QueryScalar("SELECT next_due_at FROM tickets WHERE id = " +
                                 std::to_string(late["id"].get<std::int64_t>())),
            std::to_string(due));
  // Its timer moved with it: one, at its next instant, the warning at 80 % of 30 days.
  EXPECT_EQ(server().QueryScalar(timers), "1");
  EXPECT_EQ(
      server().QueryScalar(timers + " AND run_at = " + std::to_string(now - 600 + 24 * 86400)),
      "1");
}

TEST_P(AlertsApi, Sla4_WarningsAndEscalationsArriveLiveInTheInboxes) {
  const char* fast =
      "policy:\n"
      "  name: fast-ack\n"
      "  metrics:\n"
      "    - {name: acknowledge, kind: response, start: received, stop: first_contact,\n"
      "       target: {default: 6s}, warn_at: 50%, escalate_every: 4s}\n";
  Expect(admin().Post("/api/v1/policies", {{"name", "fast-ack"}, {"body", fast}}), 201);
  std::int64_t customer = CreateCustomer("湖滨医院");
  CreateContract(customer, "HT-FAST-1", "1000000.00", {{"policy", "fast-ack"}});
  json team = Expect(As("manager").Post("/api/v1/teams",
                                        {{"name", "一线"}, {"leader_id", UserId("team_leader")}}),
                     201)
                  .Json();
  Expect(As("manager").Post(
             "/api/v1/teams/" + std::to_string(team["id"].get<std::int64_t>()) + "/members",
             {{"user_id", UserId("engineer")}}),
         201);
  json ticket =
      CreateTicket({{"customer_id", customer}, {"assignee_id", UserId("engineer")}}, &As("agent"));
  const std::int64_t id = ticket["id"];
  // 3 s: the warning, to the engineer.
  json warning = WaitForNotification("engineer", "sla_warning", 8);
  ASSERT_FALSE(warning.is_null()) << "no warning arrived";
  EXPECT_EQ(warning["ticket_id"], id);
  EXPECT_EQ(warning["data"]["metric"], "acknowledge");
  // The warning and the notice that the ticket was assigned to them.
  EXPECT_EQ(Expect(As("engineer").Get("/api/v1/notifications/unread"), 200).Json()["unread"], 2);
  // 6 s: late, escalated to the engineer and the team's leader.
  json escalation = WaitForNotification("team_leader", "sla_escalation", 8);
  ASSERT_FALSE(escalation.is_null()) << "no escalation arrived";
  EXPECT_EQ(escalation["data"]["level"], 0);
  // 10 s: escalated again, now to the managers too.
  json again = WaitForNotification("manager", "sla_escalation", 8);
  ASSERT_FALSE(again.is_null()) << "no second escalation arrived";
  EXPECT_EQ(again["data"]["level"], 1);
  // The evidence: who was told what, when, on which channel; internal to the vendor.
  json full = Expect(As("manager").Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  int alerted = 0;
  for (const json& e : full["timeline"]) {
    if (e["kind"] != "alerted") continue;
    ++alerted;
    EXPECT_FALSE(e["data"]["recipients"].empty()) << e;
    EXPECT_EQ(e["data"]["recipients"][0]["channel"], "in_app") << e;
    EXPECT_EQ(e["actor_id"], nullptr) << e;
  }
  EXPECT_GE(alerted, 3) << full["timeline"];
  json seen_by_a =
      Expect(PartyA(customer).Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  for (const json& e : seen_by_a["timeline"]) EXPECT_NE(e["kind"], "alerted");
  // A first contact stops the clock: no more escalations.
  AddEvent(id, "first_contact", NowUnix(), json::object(), &As("engineer"));
  const std::string count =
      "SELECT COUNT(*) FROM notifications WHERE ticket_id = " + std::to_string(id);
  std::string before = server().QueryScalar(count);
  std::this_thread::sleep_for(std::chrono::seconds(5));
  EXPECT_EQ(server().QueryScalar(count), before);
  // Marking read empties the bell; nobody reads another user's notifications.
  ExpectError(As("engineer").Post("/api/v1/notifications/read", {{"ids", {escalation["id"]}}}), 404,
              "not_found", nullptr);
  EXPECT_EQ(Expect(As("engineer").Post("/api/v1/notifications/read", json::object()), 200)
                .Json()["unread"],
            0);
  // Nobody can record an alert by hand.
  ExpectError(As("team_leader")
                  .Post("/api/v1/tickets/" + std::to_string(id) + "/events", {{"kind", "alerted"}}),
              422, "invalid_input", "kind");
}

}  // namespace
}  // namespace aftercare::apitest
