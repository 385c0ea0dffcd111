// QA-2 (issue 14 point 1): the complaint procedure of seed 7.8.2.2 五 through the
// API. Recorded on the hotline, replied (the ticket's complaint_reply clock: a late
// reply shows as late in the ticket's metrics), investigated; valid: a department
// proposes, the customer refuses twice and then agrees, the department implements,
// the customer confirms; invalid: the finding goes back to the customer, who
// closes it. Every step in a wrong state is a 409 naming the state, by a wrong role
// or department a 403, for another customer's Party A a 404; a refused step
// changes nothing. A complaint-type ticket made through the ticket API is a
// complaint too.
#include <string>
#include <vector>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class ComplaintsApi : public ApiTest {
 protected:
  // A customer with a contract (the SLA clocks run), a department led by the team
  // leader with the engineer in it, and a second customer.
  void SetUpWorld() {
    customer_ = CreateCustomer("湖滨医院");
    CreateContract(customer_, "HT-Q2-1");
    other_ = CreateCustomer("江北医院");
    json team = Expect(As("manager").Post("/api/v1/teams", {{"name", "投诉处理组"},
                                                            {"leader_id", UserId("team_leader")}}),
                       201)
                    .Json();
    team_ = team["id"].get<std::int64_t>();
    Expect(As("manager").Post("/api/v1/teams/" + std::to_string(team_) + "/members",
                              {{"user_id", UserId("engineer")}}),
           201);
  }
  std::string Path(std::int64_t id, const std::string& step = "") {
    return "/api/v1/complaints/" + std::to_string(id) + (step.empty() ? "" : "/" + step);
  }
  json Step(HttpClient& by, std::int64_t id, const std::string& step, json body) {
    return Expect(by.Post(Path(id, step), body), 200).Json();
  }
  std::vector<std::string> Kinds(HttpClient& who) {
    json n = Expect(who.Get("/api/v1/notifications"), 200).Json();
    std::vector<std::string> kinds;
    for (const auto& x : n["items"]) kinds.push_back(x["kind"]);
    return kinds;
  }
  std::int64_t customer_ = 0, other_ = 0, team_ = 0;
};
AFTERCARE_API_BACKENDS(ComplaintsApi);

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST_P(ComplaintsApi, Qa2_ValidLoopWithTwoRefusals) {
  SetUpWorld();
  HttpClient& party_a = PartyA(customer_);
  HttpClient& foreign = PartyA(other_);
  // Recorded on the hotline two hours ago: the reply clock (60 minutes) is late.
  const std::int64_t received = NowUnix() - 2 * 3600;
  json c = Expect(As("agent").Post("/api/v1/complaints", {{"customer_id", customer_},
                                                          {"title", "工程师态度差，问题拖延"},
                                                          {"description", "上周报修三次未解决"},
                                                          {"caller_name", "王主任"},
                                                          {"received_at", Rfc3339(received)}}),
                  201)
               .Json();
  const std::int64_t id = c["id"];
  EXPECT_EQ(c["state"], "received");
  EXPECT_EQ(c["waiting_on"], "vendor");
  EXPECT_EQ(c["timeline"][0]["step"], "received");

  // Nothing before its reply; the engineer does not reply; another customer sees nothing.
  const std::string before = Snapshot(id);
  ExpectError(As("manager").Post(Path(id, "investigate"),
                                 {{"outcome", "valid"}, {"content", "x"}, {"team_id", team_}}),
              409, "conflict");
  ExpectError(As("engineer").Post(Path(id, "reply"), {{"content", "收到"}}), 403, "forbidden");
  ExpectError(As("agent").Post(Path(id, "reply"), {{"content", ""}}), 422, "invalid_input",
              "content");
  ExpectError(As("agent").Post(Path(id, "reply"), {{"content", std::string(1001, 'x')}}), 400,
              "bad_request", "content");
  ExpectError(foreign.Get(Path(id)), 404, "not_found");
  ExpectError(foreign.Post(Path(id, "agree"), json::object()), 404, "not_found");
  EXPECT_EQ(Snapshot(id), before);

  // The reply 61 minutes after receipt stops the clock, late by a minute.
  json r = Step(As("agent"), id, "reply",
                {{"content", "已收到您的投诉，正在调查"}, {"at", Rfc3339(received + 3660)}});
  EXPECT_EQ(r["state"], "investigating");
  EXPECT_EQ(ParseTime(r["since"]), received + 3660);
  EXPECT_EQ(r["timeline"][1]["step"], "replied");
  EXPECT_EQ(r["timeline"][1]["content"], "已收到您的投诉，正在调查");
  json ticket = Expect(As("team_leader").Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  EXPECT_EQ(ticket["type"], "complaint");
  EXPECT_EQ(ticket["metrics"]["complaint_reply"]["state"], "late") << ticket["metrics"];
  EXPECT_EQ(ticket["metrics"]["complaint_reply"]["late_by_s"], 60);
  ExpectError(As("agent").Post(Path(id, "reply"), {{"content", "again"}}), 409, "conflict");

  // Valid: the department is named; agents do not investigate.
  ExpectError(As("agent").Post(Path(id, "investigate"), {{"outcome", "valid"}, {"content", "x"}}),
              403, "forbidden");
  ExpectError(As("manager").Post(Path(id, "investigate"), {{"outcome", "valid"}, {"content", "x"}}),
              422, "invalid_input", "team_id");
  ExpectError(As("manager").Post(Path(id, "investigate"),
                                 {{"outcome", "maybe"}, {"content", "x"}, {"team_id", team_}}),
              422, "invalid_input", "outcome");
  json v = Step(As("manager"), id, "investigate",
                {{"outcome", "valid"}, {"content", "响应确有拖延"}, {"team_id", team_}});
  EXPECT_EQ(v["state"], "assigned");
  EXPECT_EQ(v["outcome"], "valid");
  EXPECT_EQ(v["team_id"], team_);
  EXPECT_TRUE(Has(Kinds(As("team_leader")), "complaint_department"));

  // The department proposes; the customer refuses twice, then agrees.
  ExpectError(party_a.Post(Path(id, "agree"), json::object()), 409, "conflict");
  ExpectError(As("agent").Post(Path(id, "solutions"), {{"content", "x"}}), 403, "forbidden");
  const char* proposals[] = {"更换工程师", "更换工程师并赠送一次巡检", "更换工程师、巡检并回访"};
  for (int i = 0; i < 3; ++i) {
    json p = Step(i == 1 ? As("team_leader") : As("engineer"), id, "solutions",
                  {{"content", proposals[i]}});
    EXPECT_EQ(p["state"], "proposed");
    EXPECT_EQ(p["waiting_on"], "customer");
    ExpectError(As("engineer").Post(Path(id, "solutions"), {{"content", "x"}}), 409, "conflict");
    ExpectError(As("manager").Post(Path(id, "agree"), json::object()), 403, "forbidden");
    if (i < 2) {
      ExpectError(party_a.Post(Path(id, "refuse"), json::object()), 422, "invalid_input",
                  "content");
      json back = Step(party_a, id, "refuse", {{"content", "方案不够"}});
      EXPECT_EQ(back["state"], "assigned");
      EXPECT_EQ(back["refusals"], i + 1);
    }
  }
  EXPECT_EQ(Step(party_a, id, "agree", json::object())["state"], "agreed");
  EXPECT_TRUE(Has(Kinds(party_a), "complaint_progress"));

  // Implemented by the department, confirmed by the customer only.
  ExpectError(party_a.Post(Path(id, "confirm"), json::object()), 409, "conflict");
  json done = Step(As("engineer"), id, "implement", {{"content", "已更换工程师并完成巡检"}});
  EXPECT_EQ(done["state"], "implemented");
  EXPECT_EQ(done["ticket_status"], "resolved");
  ExpectError(As("manager").Post(Path(id, "confirm"), json::object()), 403, "forbidden");
  json closed = Step(party_a, id, "confirm", json::object());
  EXPECT_EQ(closed["state"], "closed");
  EXPECT_EQ(closed["waiting_on"], "nobody");
  EXPECT_EQ(closed["ticket_status"], "closed");
  ExpectError(party_a.Post(Path(id, "confirm"), json::object()), 409, "conflict");

  // The history: three proposals, two refused with their reason, one agreed; the
  // timeline has every step, timed, with who took it.
  json full = Expect(party_a.Get(Path(id)), 200).Json();
  ASSERT_EQ(full["solutions"].size(), 3u) << full;
  EXPECT_EQ(full["solutions"][0]["answer"], "refused");
  EXPECT_EQ(full["solutions"][0]["reason"], "方案不够");
  EXPECT_EQ(full["solutions"][1]["answer"], "refused");
  EXPECT_EQ(full["solutions"][2]["answer"], "agreed");
  EXPECT_EQ(full["solutions"][2]["content"], proposals[2]);
  std::vector<std::string> steps;
  for (const auto& e : full["timeline"]) {
    steps.push_back(e["step"]);
    EXPECT_FALSE(e["at"].get<std::string>().empty());
  }
  const std::vector<std::string> want = {"received", "replied",   "find_valid", "propose",
                                         "refuse",   "propose",   "refuse",     "propose",
                                         "agree",    "implement", "confirm"};
  EXPECT_EQ(steps, want);
  EXPECT_EQ(full["timeline"][2]["team_name"], "投诉处理组");
  EXPECT_FALSE(full["timeline"][3]["actor_name"].get<std::string>().empty());

  // The lists: closed is no longer open; another customer's Party A sees none.
  json open = Expect(As("manager").Get("/api/v1/complaints?open=1"), 200).Json();
  for (const auto& x : open["items"]) EXPECT_NE(x["id"], id);
  json by_state =
      Expect(As("manager").Get("/api/v1/complaints?state=closed&team_id=" + std::to_string(team_)),
             200)
          .Json();
  ASSERT_EQ(by_state["items"].size(), 1u);
  EXPECT_EQ(by_state["items"][0]["id"], id);
  EXPECT_TRUE(Expect(foreign.Get("/api/v1/complaints"), 200).Json()["items"].empty());
}

TEST_P(ComplaintsApi, Qa2_InvalidPathListsAndTicketsMadeElsewhere) {
  SetUpWorld();
  HttpClient& party_a = PartyA(customer_);
  // A complaint-type ticket made on the ticket API is a complaint, replied there too.
  json t = CreateTicket(
      {{"customer_id", customer_}, {"type", "complaint"}, {"title", "客服电话无人接听"}});
  const std::int64_t id = t["id"];
  json c = Expect(As("agent").Get(Path(id)), 200).Json();
  EXPECT_EQ(c["state"], "received");
  AddEvent(id, "first_reply", NowUnix());
  EXPECT_EQ(Expect(As("agent").Get(Path(id)), 200).Json()["state"], "investigating");
  ExpectError(As("agent").Post(Path(id, "reply"), {{"content", "again"}}), 409, "conflict");
  // Party A records one in the portal (through the portal, whatever it says).
  json mine = Expect(party_a.Post("/api/v1/complaints", {{"title", "账单有误"}}), 201).Json();
  EXPECT_EQ(mine["channel"], "portal");
  EXPECT_EQ(mine["customer_id"], customer_);

  // Invalid: the finding is returned to the customer, who sees it.
  ExpectError(As("team_leader")
                  .Post(Path(id, "investigate"),
                        {{"outcome", "invalid"}, {"content", "x"}, {"team_id", team_}}),
              422, "invalid_input", "team_id");
  json inv = Step(As("team_leader"), id, "investigate",
                  {{"outcome", "invalid"}, {"content", "通话记录显示已接听并处理"}});
  EXPECT_EQ(inv["state"], "result_returned");
  EXPECT_EQ(inv["waiting_on"], "customer");
  EXPECT_EQ(inv["ticket_status"], "resolved");
  json seen = Expect(party_a.Get(Path(id)), 200).Json();
  EXPECT_EQ(seen["outcome"], "invalid");
  EXPECT_EQ(seen["finding"], "通话记录显示已接听并处理");
  ExpectError(As("engineer").Post(Path(id, "solutions"), {{"content", "x"}}), 409, "conflict");

  // The manager's view: open ones and where each waits; filters and pages.
  json waiting =
      Expect(As("manager").Get("/api/v1/complaints?open=1&waiting_on=customer"), 200).Json();
  ASSERT_EQ(waiting["items"].size(), 1u) << waiting;
  EXPECT_EQ(waiting["items"][0]["id"], id);
  json ours = Expect(As("manager").Get("/api/v1/complaints?waiting_on=vendor"), 200).Json();
  ASSERT_EQ(ours["items"].size(), 1u);
  EXPECT_EQ(ours["items"][0]["id"], mine["id"]);
  json page1 = Expect(As("manager").Get("/api/v1/complaints?limit=1"), 200).Json();
  ASSERT_EQ(page1["items"].size(), 1u);
  ASSERT_TRUE(page1["next_cursor"].is_string());
  json page2 = Expect(As("manager").Get("/api/v1/complaints?limit=1&cursor=" +
                                        UrlEncode(page1["next_cursor"])),
                      200)
                   .Json();
  ASSERT_EQ(page2["items"].size(), 1u);
  EXPECT_NE(page2["items"][0]["id"], page1["items"][0]["id"]);
  EXPECT_TRUE(page2["next_cursor"].is_null());
  json q = Expect(As("manager").Get("/api/v1/complaints?q=" + UrlEncode("账单")), 200).Json();
  ASSERT_EQ(q["items"].size(), 1u);
  EXPECT_EQ(q["items"][0]["id"], mine["id"]);
  ExpectError(As("manager").Get("/api/v1/complaints?state=lost"), 422, "invalid_input", "state");
  ExpectError(As("manager").Get("/api/v1/complaints?waiting_on=me"), 422, "invalid_input",
              "waiting_on");
  ExpectError(As("manager").Get("/api/v1/complaints?limit=0"), 422, "invalid_input", "limit");
  ExpectError(As("manager").Get("/api/v1/complaints?cursor=zz"), 422, "invalid_input", "cursor");

  // Closed by the customer; Party A of another customer cannot.
  ExpectError(PartyA(other_).Post(Path(id, "close"), json::object()), 404, "not_found");
  ExpectError(As("agent").Post(Path(id, "close"), json::object()), 403, "forbidden");
  json closed = Step(party_a, id, "close", {{"content", "知悉"}});
  EXPECT_EQ(closed["state"], "closed");
  EXPECT_EQ(closed["ticket_status"], "closed");
  // A ticket of another type is no complaint.
  json fault = CreateTicket({{"customer_id", customer_}, {"title", "打印机故障"}});
  ExpectError(As("agent").Get(Path(fault["id"])), 404, "not_found");
}

}  // namespace
}  // namespace aftercare::apitest
