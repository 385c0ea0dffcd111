// QA-4: the feedback library through the API on both databases: Party A raises
// feedback and follows only what it raised, staff record it from calls, route it
// and move it along its progress table (wrong steps refused), and a merged
// duplicate keeps every raiser, so each raiser's Party A follows the survivor.
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class FeedbackApi : public ApiTest {
 protected:
  std::string Path(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/feedback/" + std::to_string(id) + rest;
  }
  std::vector<std::int64_t> Ids(const json& page) {
    std::vector<std::int64_t> out;
    for (const json& d : page["items"]) out.push_back(d["id"]);
    return out;
  }
  std::vector<std::int64_t> List(HttpClient& client, const std::string& q = "") {
    return Ids(Expect(client.Get("/api/v1/feedback" + q), 200).Json());
  }
  // Customers a, b, c with their Party A, team `rnd`; refused raisings change
  // nothing; items id1 (a, by Party A), id2 (b) and id3 (c) recorded.
  void Raise() {
    a = CreateCustomer("湖滨医院");
    b = CreateCustomer("滨江交通局");
    c = CreateCustomer("城西教育局");
    HttpClient& pa = PartyA(a);
    PartyA(b);
    PartyA(c);
    rnd = Expect(As("manager").Post("/api/v1/teams", {{"name", "研发部"}}), 201).Json()["id"];

    // Party A raises for its own customer; the vendor routes.
    json f1 = Expect(pa.Post("/api/v1/feedback", {{"type", "suggestion"},
                                                  {"urgency", "high"},
                                                  {"impact", "wide"},
                                                  {"title", "移动端待办推送"}}),
                     201)
                  .Json();
    id1 = f1["id"];
    EXPECT_EQ(f1["state"], "new");
    ASSERT_EQ(f1["raisers"].size(), 1u);
    EXPECT_EQ(f1["raisers"][0]["customer_id"], a);
    const std::string before = Snapshot();
    ExpectError(
        pa.Post("/api/v1/feedback", {{"type", "problem"}, {"title", "x"}, {"customer_id", b}}), 404,
        "not_found");
    ExpectError(
        pa.Post("/api/v1/feedback", {{"type", "problem"}, {"title", "x"}, {"team_id", rnd}}), 403,
        "forbidden", "team_id");
    ExpectError(As("agent").Post("/api/v1/feedback", {{"type", "problem"}, {"title", "x"}}), 422,
                "invalid_input", "customer_id");
    ExpectError(As("agent").Post("/api/v1/feedback",
                                 {{"type", "praise"}, {"title", "x"}, {"customer_id", b}}),
                422, "invalid_input", "type");
    ExpectError(As("agent").Post(
                    "/api/v1/feedback",
                    {{"type", "problem"}, {"urgency", "now"}, {"title", "x"}, {"customer_id", b}}),
                422, "invalid_input", "urgency");
    ExpectError(As("agent").Post("/api/v1/feedback",
                                 {{"type", "problem"}, {"title", " "}, {"customer_id", b}}),
                422, "invalid_input", "title");
    ExpectError(As("agent").Post("/api/v1/feedback", {{"type", "problem"},
                                                      {"title", "x"},
                                                      {"customer_id", b},
                                                      {"description", std::string(10001, 'x')}}),
                400, "bad_request", "description");
    EXPECT_EQ(Snapshot(), before);

    // Staff record the same wish from B's call, and another problem from C.
    id2 = Expect(As("agent").Post(
                     "/api/v1/feedback",
                     {{"type", "suggestion"}, {"title", "手机上收提醒"}, {"customer_id", b}}),
                 201)
              .Json()["id"];
    id3 = Expect(As("agent").Post("/api/v1/feedback", {{"type", "problem"},
                                                       {"urgency", "low"},
                                                       {"title", "打印边距偏移"},
                                                       {"customer_id", c}}),
                 201)
              .Json()["id"];
  }
  // The progress table, routing, and merging id2 into id1.
  void ProgressAndMerge() {
    // The progress table; past `accepted` it needs a team.
    HttpClient& leader = As("team_leader");
    const std::string snap = Snapshot();
    ExpectError(leader.Post(Path(id1, "/progress"), {{"state", "planned"}}), 409, "conflict",
                "state");
    ExpectError(leader.Post(Path(id1, "/progress"), {{"state", "started"}}), 422, "invalid_input",
                "state");
    ExpectError(PartyA(a).Post(Path(id1, "/progress"), {{"state", "accepted"}}), 403, "forbidden");
    ExpectError(leader.Post(Path(id1, "/route"), {{"team_id", 99999}}), 422, "invalid_input",
                "team_id");
    EXPECT_EQ(Snapshot(), snap);
    Expect(leader.Post(Path(id1, "/progress"), {{"state", "accepted"}}), 200);
    ExpectError(leader.Post(Path(id1, "/progress"), {{"state", "evaluating"}}), 422,
                "invalid_input", "team_id");
    json routed =
        Expect(leader.Post(Path(id1, "/route"), {{"team_id", rnd}, {"note", "转研发"}}), 200)
            .Json();
    EXPECT_EQ(routed["team_name"], "研发部");
    Expect(leader.Post(Path(id1, "/progress"), {{"state", "evaluating"}}), 200);

    // Merging: not into itself, the survivor keeps both raisers, no second merge,
    // not into a merged item.
    ExpectError(leader.Post(Path(id2, "/merge"), {{"into_id", id2}}), 422, "invalid_input",
                "into_id");
    ExpectError(leader.Post(Path(id2, "/merge"), {{"into_id", 99999}}), 422, "invalid_input",
                "into_id");
    json survivor =
        Expect(leader.Post(Path(id2, "/merge"), {{"into_id", id1}, {"note", "重复"}}), 200).Json();
    EXPECT_EQ(survivor["id"], id1);
    ASSERT_EQ(survivor["raisers"].size(), 2u) << survivor;
    EXPECT_EQ(survivor["raisers"][0]["customer_id"], a);
    EXPECT_EQ(survivor["raisers"][1]["customer_id"], b);
    EXPECT_EQ(survivor["history"].back()["action"], "absorb");
    ExpectError(leader.Post(Path(id2, "/merge"), {{"into_id", id3}}), 409, "conflict");
    ExpectError(leader.Post(Path(id3, "/merge"), {{"into_id", id2}}), 409, "conflict", "into_id");
    ExpectError(leader.Post(Path(id2, "/progress"), {{"state", "accepted"}}), 409, "conflict");
    Expect(leader.Post(Path(id1, "/progress"), {{"state", "planned"}}), 200);
  }

  std::int64_t a = 0, b = 0, c = 0, rnd = 0, id1 = 0, id2 = 0, id3 = 0;
};
AFTERCARE_API_BACKENDS(FeedbackApi);

TEST_P(FeedbackApi, Qa4_RaiseRouteProgressAndMergeKeepingEveryRaiser) {
  Raise();
  ProgressAndMerge();
  // Each raiser's Party A follows the survivor's progress; nobody sees others' items.
  for (HttpClient* client : {&PartyA(a), &PartyA(b)}) {
    EXPECT_EQ(List(*client), std::vector<std::int64_t>{id1});
    EXPECT_EQ(Expect(client->Get(Path(id1)), 200).Json()["state"], "planned");
  }
  json dup = Expect(PartyA(b).Get(Path(id2)), 200).Json();
  EXPECT_EQ(dup["merged_into"], id1);
  ExpectError(PartyA(a).Get(Path(id3)), 404, "not_found");
  ExpectError(PartyA(c).Get(Path(id1)), 404, "not_found");
  EXPECT_EQ(List(PartyA(c)), std::vector<std::int64_t>{id3});

  // The filters and cursor pages.
  HttpClient& agent = As("agent");
  EXPECT_EQ(List(agent), (std::vector<std::int64_t>{id3, id1}));
  EXPECT_EQ(List(agent, "?include_merged=1"), (std::vector<std::int64_t>{id3, id2, id1}));
  EXPECT_EQ(List(agent, "?type=problem"), std::vector<std::int64_t>{id3});
  EXPECT_EQ(List(agent, "?state=planned"), std::vector<std::int64_t>{id1});
  EXPECT_EQ(List(agent, "?urgency=low"), std::vector<std::int64_t>{id3});
  EXPECT_EQ(List(agent, "?team_id=" + std::to_string(rnd)), std::vector<std::int64_t>{id1});
  EXPECT_EQ(List(agent, "?customer_id=" + std::to_string(b)), std::vector<std::int64_t>{id1});
  EXPECT_EQ(List(agent, "?q=" + UrlEncode("边距")), std::vector<std::int64_t>{id3});
  ExpectError(agent.Get("/api/v1/feedback?state=open"), 422, "invalid_input", "state");
  json page = Expect(agent.Get("/api/v1/feedback?limit=1"), 200).Json();
  ASSERT_EQ(Ids(page), std::vector<std::int64_t>{id3});
  json next =
      Expect(agent.Get("/api/v1/feedback?limit=1&cursor=" + page["next_cursor"].get<std::string>()),
             200)
          .Json();
  EXPECT_EQ(Ids(next), std::vector<std::int64_t>{id1});

  // The merge is audited on both items.
  for (auto [item, action] : {std::pair{id2, "merge"}, std::pair{id1, "absorb"}}) {
    json audit = Expect(admin().Get("/api/v1/audit?entity=feedback&action=" + std::string(action) +
                                    "&entity_id=" + std::to_string(item)),
                        200)
                     .Json();
    EXPECT_EQ(audit["items"].size(), 1u);
  }
}

}  // namespace
}  // namespace aftercare::apitest
