// STAFF-1: teams and on-duty rosters for 7x24 cover; the dispatch board's
// unassigned tickets (TKT-3). Managers create teams led by a
// team leader; a team leader manages their own team's members and shifts only;
// shifts of one user never overlap; Party A sees none of it.
#include <map>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class TeamsApi : public ApiTest {};
AFTERCARE_API_BACKENDS(TeamsApi);

TEST_P(TeamsApi, Staff1_TeamsMembersAndRosters) {
  std::int64_t leader = UserId("team_leader");
  ExpectError(As("team_leader").Post("/api/v1/teams", {{"name", "一线"}}), 403, "forbidden");
  ExpectError(
      As("manager").Post("/api/v1/teams", {{"name", "一线"}, {"leader_id", UserId("agent")}}), 422,
      "invalid_input", "leader_id");
  json team =
      Expect(As("manager").Post("/api/v1/teams", {{"name", "一线"}, {"leader_id", leader}}), 201)
          .Json();
  std::string id = std::to_string(team["id"].get<std::int64_t>());
  json other = Expect(As("manager").Post("/api/v1/teams", {{"name", "二线"}}), 201).Json();
  std::string other_id = std::to_string(other["id"].get<std::int64_t>());
  ExpectError(As("manager").Post("/api/v1/teams", {{"name", "一线"}}), 409, "conflict", "name");

  // The leader puts an engineer in their own team, not in another one.
  Expect(
      As("team_leader").Post("/api/v1/teams/" + id + "/members", {{"user_id", UserId("engineer")}}),
      201);
  ExpectError(As("team_leader")
                  .Post("/api/v1/teams/" + other_id + "/members", {{"user_id", UserId("agent")}}),
              403, "forbidden");
  json teams = Expect(As("agent").Get("/api/v1/teams"), 200).Json();
  bool member = false;
  for (const auto& t : teams["items"]) {
    if (t["id"] == team["id"]) {
      for (const auto& m : t["member_ids"]) member = member || m == UserId("engineer");
    }
  }
  EXPECT_TRUE(member) << teams;

  // Duty shifts: members only, never overlapping for one user.
  // A week ahead, 08:00 in Beijing.
  const std::int64_t day = (NowUnix() / 86400 + 7) * 86400;
  json shift = {{"user_id", UserId("engineer")},
                {"starts_at", Rfc3339(day)},
                {"ends_at", Rfc3339(day + 12 * 3600)}};
  Expect(As("team_leader").Post("/api/v1/teams/" + id + "/roster", shift), 201);
  shift["starts_at"] = Rfc3339(day + 6 * 3600);
  shift["ends_at"] = Rfc3339(day + 18 * 3600);
  ExpectError(As("team_leader").Post("/api/v1/teams/" + id + "/roster", shift), 409, "conflict");
  ExpectError(As("team_leader")
                  .Post("/api/v1/teams/" + id + "/roster", {{"user_id", UserId("agent")},
                                                            {"starts_at", Rfc3339(day)},
                                                            {"ends_at", Rfc3339(day + 3600)}}),
              422, "invalid_input", "user_id");
  ExpectError(As("team_leader")
                  .Post("/api/v1/teams/" + id + "/roster", {{"user_id", UserId("engineer")},
                                                            {"starts_at", Rfc3339(day + 86400)},
                                                            {"ends_at", Rfc3339(day + 86400)}}),
              422, "invalid_input", "ends_at");
  json roster = Expect(As("agent").Get("/api/v1/teams/" + id +
                                       "/roster?from=" + UrlEncode(Rfc3339(day - 86400)) +
                                       "&to=" + UrlEncode(Rfc3339(day + 86400))),
                       200)
                    .Json();
  ASSERT_EQ(roster["items"].size(), 1u) << roster;
  EXPECT_EQ(ParseTime(roster["items"][0]["starts_at"]), day);

  // A shift is deleted; a member leaves (the leader stays); other teams are off limits.
  std::string shift_id = std::to_string(roster["items"][0]["id"].get<std::int64_t>());
  ExpectError(
      As("team_leader")
          .Send("DELETE", "/api/v1/teams/" + other_id + "/roster/" + shift_id, std::nullopt),
      403, "forbidden");
  Expect(
      As("team_leader").Send("DELETE", "/api/v1/teams/" + id + "/roster/" + shift_id, std::nullopt),
      200);
  ExpectError(
      As("team_leader").Send("DELETE", "/api/v1/teams/" + id + "/roster/" + shift_id, std::nullopt),
      404, "not_found");
  // A shift that has ended is the record of who was on duty: it stays.
  std::int64_t yesterday = NowUnix() - 86400;
  json past = Expect(As("team_leader")
                         .Post("/api/v1/teams/" + id + "/roster",
                               {{"user_id", UserId("engineer")},
                                {"starts_at", Rfc3339(yesterday - 3600)},
                                {"ends_at", Rfc3339(yesterday)}}),
                     201)
                  .Json();
  ExpectError(As("team_leader")
                  .Send("DELETE",
                        "/api/v1/teams/" + id + "/roster/" +
                            std::to_string(past["id"].get<std::int64_t>()),
                        std::nullopt),
              409, "conflict");
  ExpectError(As("team_leader")
                  .Send("DELETE", "/api/v1/teams/" + id + "/members/" + std::to_string(leader),
                        std::nullopt),
              409, "conflict");
  Expect(
      As("team_leader")
          .Send("DELETE", "/api/v1/teams/" + id + "/members/" + std::to_string(UserId("engineer")),
                std::nullopt),
      200);
  EXPECT_EQ(server().QueryScalar("SELECT COUNT(*) FROM users WHERE team_id IS NOT NULL"), "1");

  std::int64_t customer = CreateCustomer("Roster Customer");
  ExpectError(PartyA(customer).Get("/api/v1/teams"), 403, "forbidden");
  ExpectError(PartyA(customer).Get("/api/v1/teams/" + id + "/roster"), 403, "forbidden");
}

TEST_P(TeamsApi, Tkt3_TheUnassignedTicketsOfTheDispatchBoard) {
  std::int64_t customer = CreateCustomer("Dispatch Customer");
  CreateContract(customer, "HT-DISPATCH-1");
  json free = CreateTicket({{"customer_id", customer}, {"title", "nobody yet"}});
  json taken = CreateTicket(
      {{"customer_id", customer}, {"title", "taken"}, {"assignee_id", UserId("engineer")}});
  json page = Expect(As("team_leader")
                         .Get("/api/v1/tickets?status=open&unassigned=1&customer_id=" +
                              std::to_string(customer)),
                     200)
                  .Json();
  ASSERT_EQ(page["items"].size(), 1u) << page;
  EXPECT_EQ(page["items"][0]["id"], free["id"]);
  ExpectError(As("team_leader").Get("/api/v1/tickets?unassigned=yes"), 400, "bad_request",
              "unassigned");

  // Tickets go to engineers, or a team leader takes one; not to a manager, agent
  // or administrator (TKT-3).
  std::string events = "/api/v1/tickets/" + std::to_string(free["id"].get<std::int64_t>()) + "/events";
  std::int64_t admin_id = Expect(admin().Get("/api/v1/me"), 200).Json()["id"];
  for (std::int64_t who : {UserId("manager"), UserId("agent"), admin_id}) {
    SCOPED_TRACE(who);
    ExpectError(As("team_leader").Post(events, {{"kind", "assigned"},
                                                {"data", {{"assignee_id", who}}}}),
                422, "invalid_input", "assignee_id");
  }
  Expect(As("team_leader").Post(events, {{"kind", "assigned"},
                                         {"data", {{"assignee_id", UserId("team_leader")}}}}),
         201);

  // The dispatch board's workload: open tickets per assignee, counted by the server.
  json load = Expect(As("team_leader").Get("/api/v1/workload"), 200).Json();
  std::map<std::int64_t, std::int64_t> open;
  for (const auto& w : load["items"]) open[w["user_id"]] = w["open"];
  EXPECT_EQ(open[UserId("engineer")], 1) << load;
  EXPECT_EQ(open[UserId("team_leader")], 1) << load;
  std::int64_t unassigned = load["unassigned"];
  CreateTicket({{"customer_id", customer}, {"title", "nobody either"}});
  EXPECT_EQ(Expect(As("team_leader").Get("/api/v1/workload"), 200).Json()["unassigned"],
            unassigned + 1);
  AddEvent(taken["id"], "resolved", NowUnix());
  load = Expect(As("team_leader").Get("/api/v1/workload"), 200).Json();
  open.clear();
  for (const auto& w : load["items"]) open[w["user_id"]] = w["open"];
  EXPECT_EQ(open.count(UserId("engineer")), 0u) << load;  // resolved: no longer open
  ExpectError(PartyA(customer).Get("/api/v1/workload"), 403, "forbidden");
}

}  // namespace
}  // namespace aftercare::apitest
