// The notices that follow what others record (issue 12 point 6), through the API
// of a running server with its background jobs: an assignment tells the assignee;
// Party A's new complaint tells the agents, the team leaders and the managers;
// progress on a ticket tells Party A (by mail too once they set an address); a
// written notice tells the managers; nobody is told of what they did themselves;
// and a team's morning list is queued at the team's time in its zone (TKT-5).
#include <chrono>
#include <thread>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class NoticesApi : public ApiTest {
 protected:
  bool BackgroundJobs() const override { return true; }
  // The kinds in `client`'s inbox, after waiting (up to `seconds`) for `kind`.
  json WaitFor(HttpClient& client, const std::string& kind, int seconds = 10) {
    for (int i = 0; i < seconds * 10; ++i) {
      json inbox = Expect(client.Get("/api/v1/notifications"), 200).Json();
      for (const json& n : inbox["items"]) {
        if (n["kind"] == kind) return n;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return nullptr;
  }
  std::int64_t Count(HttpClient& client, const std::string& kind) {
    json inbox = Expect(client.Get("/api/v1/notifications"), 200).Json();
    std::int64_t n = 0;
    for (const json& x : inbox["items"]) n += x["kind"] == kind;
    return n;
  }
};
AFTERCARE_API_BACKENDS(NoticesApi);

TEST_P(NoticesApi, WhoMustKnowIsToldOnce) {
  std::int64_t customer = CreateCustomer("湖滨医院");
  json contract = CreateContract(customer, "HT-NOTE-1");
  HttpClient& party_a = PartyA(customer);
  for (const char* role : {"agent", "engineer", "team_leader", "manager"}) As(role);
  // The follower starts from what exists when the server starts its jobs; let it.
  std::this_thread::sleep_for(std::chrono::seconds(1));

  // Party A's complaint: agents, team leaders and managers.
  json complaint = CreateTicket({{"customer_id", customer},
                                 {"type", "complaint"},
                                 {"title", "工程师迟到两小时"}},
                                &party_a);
  const std::int64_t id = complaint["id"];
  for (const char* role : {"agent", "team_leader", "manager"}) {
    json n = WaitFor(As(role), "party_a_new");
    ASSERT_FALSE(n.is_null()) << role << " " << server().StderrLog();
    EXPECT_EQ(n["ticket_id"], id);
    EXPECT_EQ(n["data"]["type"], "complaint");
  }
  EXPECT_EQ(Count(As("engineer"), "party_a_new"), 0);

  // Assigned by a team leader: the engineer is told, the leader is not.
  AddEvent(id, "assigned", NowUnix(), {{"data", {{"assignee_id", UserId("engineer")}}}},
           &As("team_leader"));
  json assigned = WaitFor(As("engineer"), "assigned");
  ASSERT_FALSE(assigned.is_null());
  EXPECT_EQ(assigned["ticket_id"], id);
  EXPECT_EQ(Count(As("team_leader"), "assigned"), 0);

  // Progress reaches Party A, by mail too once they give an address (no mail
  // channel here: only the inbox).
  AddEvent(id, "diagnosed", NowUnix(), json::object(), &As("engineer"));
  json progress = WaitFor(party_a, "ticket_progress");
  ASSERT_FALSE(progress.is_null());
  EXPECT_EQ(progress["data"]["status"], "diagnosed");

  // A written notice: the managers.
  Expect(party_a.Post("/api/v1/contracts/" + std::to_string(contract["id"].get<std::int64_t>()) +
                          "/notices",
                      json::object()),
         201);
  json notice = WaitFor(As("manager"), "notice_recorded");
  ASSERT_FALSE(notice.is_null());
  EXPECT_EQ(notice["data"]["contract_number"], "HT-NOTE-1");

  // Each once, however often the follower runs.
  std::this_thread::sleep_for(std::chrono::seconds(4));
  EXPECT_EQ(Count(As("engineer"), "assigned"), 1);
  EXPECT_EQ(Count(party_a, "ticket_progress"), 1);
  EXPECT_EQ(Count(As("manager"), "party_a_new"), 1);
}

// CON-2 and CON-3 for the managers: each late response is a penalty event, and the
// third makes the contract's termination condition met.
TEST_P(NoticesApi, PenaltyEventsAndTheTerminationConditionReachTheManagers) {
  std::int64_t customer = CreateCustomer("湖滨医院");
  json contract = CreateContract(customer, "HT-LATE-3");
  As("manager");
  const std::int64_t now = NowUnix();
  // Received 10 minutes ago: late under bid-default's 5-minute response.
  for (int i = 0; i < 3; ++i) {
    CreateTicket({{"customer_id", customer}, {"received_at", Rfc3339(now - 600 - i)}});
  }
  json condition = WaitFor(As("manager"), "contract_condition", 20);
  ASSERT_FALSE(condition.is_null()) << server().StderrLog();
  EXPECT_EQ(condition["data"]["state"], "condition_met");
  EXPECT_EQ(condition["data"]["contract_number"], "HT-LATE-3");
  EXPECT_EQ(condition["contract_id"], contract["id"]);
  // The condition can be told before the last of the three timers fired (the
  // engine sees the third late clock at once): its penalty notice follows.
  for (int i = 0; i < 100 && Count(As("manager"), "penalty_event") < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_GE(Count(As("manager"), "penalty_event"), 3);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(Count(As("manager"), "contract_condition"), 1);
  EXPECT_EQ(Count(As("engineer"), "penalty_event"), 0);
}

TEST_P(NoticesApi, ATeamsMorningListIsQueuedAtItsTime) {
  json team = Expect(As("manager").Post("/api/v1/teams",
                                        {{"name", "一线"}, {"leader_id", UserId("team_leader")}}),
                     201)
                  .Json();
  const std::string path =
      "/api/v1/teams/" + std::to_string(team["id"].get<std::int64_t>()) + "/leftover-list";
  json schedule = Expect(As("team_leader").Get(path), 200).Json();
  EXPECT_EQ(schedule["time"], "08:30");
  EXPECT_EQ(schedule["tz"], "Asia/Shanghai");
  json changed = Expect(As("team_leader").Send("PUT", path,
                                               json{{"time", "07:45"}, {"tz", "Asia/Urumqi"}}.dump()),
                        200)
                     .Json();
  EXPECT_EQ(changed["time"], "07:45");
  // One job, at the next 07:45 in Urumqi (UTC+6): 01:45 UTC.
  const std::string jobs = "SELECT run_at FROM jobs WHERE kind = 'notices.leftover' AND "
                           "dedupe_key LIKE 'leftover:" +
                           std::to_string(team["id"].get<std::int64_t>()) + ":%'";
  const std::int64_t run_at = std::stoll(server().QueryScalar(jobs));
  EXPECT_EQ((run_at + 6 * 3600) % 86400, 7 * 3600 + 45 * 60);
  EXPECT_GT(run_at, NowUnix());
  EXPECT_LE(run_at, NowUnix() + 86400);
  EXPECT_EQ(server().QueryScalar(
                "SELECT COUNT(*) FROM jobs WHERE kind = 'notices.leftover' AND dedupe_key LIKE "
                "'leftover:" + std::to_string(team["id"].get<std::int64_t>()) + ":%'"),
            "1");
  // Bad input names the field; other roles may not.
  ExpectError(As("team_leader").Send("PUT", path, json{{"time", "25:00"}}.dump()), 422,
              "invalid_input", "time");
  ExpectError(As("team_leader").Send("PUT", path, json{{"time", "08:00"}, {"tz", "Mars/Base"}}.dump()),
              422, "invalid_input", "tz");
  ExpectError(As("engineer").Get(path), 403, "forbidden");
}

}  // namespace
}  // namespace aftercare::apitest
