// QA-1: a defect's whole life through the API on both databases: an owner in
// every state (a change that would lose it is refused and changes nothing), the
// state table (wrong steps refused), the tickets that reported it, the closing
// notice to the linked tickets' customers, and Party A reading only the defects
// of its own tickets. One server per backend: the rules densely, in one run.
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class DefectsApi : public ApiTest {
 protected:
  std::string Path(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/defects/" + std::to_string(id) + rest;
  }
  json Move(std::int64_t id, const std::string& to, json extra = json::object()) {
    extra["state"] = to;
    return Expect(As("engineer").Post(Path(id, "/transitions"), extra), 200).Json();
  }
  // The kinds of notification in `client`'s inbox.
  std::vector<json> Inbox(HttpClient& client, const std::string& kind) {
    std::vector<json> out;
    const json inbox = Expect(client.Get("/api/v1/notifications"), 200).Json();
    for (const json& n : inbox["items"]) {
      if (n["kind"] == kind) out.push_back(n);
    }
    return out;
  }
  std::vector<std::int64_t> Ids(const json& page) {
    std::vector<std::int64_t> out;
    for (const json& d : page["items"]) out.push_back(d["id"]);
    return out;
  }
  // Customers a, b, c; a's system; a ticket of a and of b; the owners; a disabled
  // engineer; a Party A user of a (never an owner).
  void Given() {
    a = CreateCustomer("湖滨医院");
    b = CreateCustomer("滨江交通局");
    c = CreateCustomer("城西教育局");
    system = CreateSystem(a, "HIS");
    ta = CreateTicket({{"customer_id", a}})["id"];
    tb = CreateTicket({{"customer_id", b}})["id"];
    for (std::int64_t customer : {a, b, c}) PartyA(customer);  // told when a defect closes
    engineer = UserId("engineer");
    leader = UserId("team_leader");
    gone = CreateUser("engineer_gone", "engineer")["id"];
    Expect(admin().Send("PATCH", "/api/v1/users/" + std::to_string(gone),
                        json{{"disabled", true}}.dump()),
           200);
    party_a_user = CreateUser("pa_other", "party_a", a)["id"];
  }
  // Refused creations change nothing; then defect `id` (tickets ta, tb) and `id2` (tb).
  void OwnerRequiredAtCreation() {
    // A defect is never without an owner: none, nobody, Party A, a disabled user.
    json body = {{"title", "挂号接口超时"},
                 {"severity", "critical"},
                 {"module", "挂号服务"},
                 {"system_id", system},
                 {"ticket_ids", json::array({ta, tb})}};
    const std::string before = Snapshot();
    ExpectError(As("agent").Post("/api/v1/defects", body), 422, "invalid_input", "owner_id");
    for (std::int64_t owner : {std::int64_t{987654}, party_a_user, gone}) {
      body["owner_id"] = owner;
      ExpectError(As("agent").Post("/api/v1/defects", body), 422, "invalid_input", "owner_id");
    }
    body["owner_id"] = engineer;
    auto with = [&](json patch) {
      json out = body;
      out.merge_patch(patch);
      return out;
    };
    ExpectError(As("agent").Post("/api/v1/defects", with({{"severity", "huge"}})), 422,
                "invalid_input", "severity");
    ExpectError(As("agent").Post("/api/v1/defects", with({{"title", "  "}})), 422, "invalid_input",
                "title");
    ExpectError(
        As("agent").Post("/api/v1/defects", with({{"ticket_ids", json::array({ta, 999999})}})), 422,
        "invalid_input", "ticket_ids");
    ExpectError(As("agent").Post("/api/v1/defects", with({{"title", std::string(201, 'x')}})), 400,
                "bad_request", "title");
    ExpectError(PartyA(a).Post("/api/v1/defects", body), 403, "forbidden");
    EXPECT_EQ(Snapshot(), before) << "refused changes leave nothing behind";

    json d1 = Expect(As("agent").Post("/api/v1/defects", body), 201).Json();
    id = d1["id"];
    EXPECT_EQ(d1["state"], "identified");
    EXPECT_EQ(d1["owner_id"], engineer);
    EXPECT_EQ(d1["system_name"], "HIS");
    ASSERT_EQ(d1["tickets"].size(), 2u);
    ASSERT_EQ(d1["history"].size(), 3u) << d1;  // created, two tickets linked
    json d2 = Expect(As("agent").Post("/api/v1/defects", {{"title", "栏目排序错乱"},
                                                          {"severity", "trivial"},
                                                          {"owner_id", leader},
                                                          {"ticket_ids", json::array({tb})}}),
                     201)
                  .Json();
    id2 = d2["id"];
  }
  // Wrong steps and lost owners refused; `id` walked to verified (one failed review).
  void StateTableAndOwner() {
    // The state table: one step forward; review and verification fail back to analysis.
    const std::string snap = Snapshot();
    for (const char* wrong : {"fixed", "closed", "identified", "verified"}) {
      SCOPED_TRACE(wrong);
      ExpectError(As("engineer").Post(Path(id, "/transitions"), {{"state", wrong}}), 409,
                  "conflict", "state");
    }
    ExpectError(As("engineer").Post(Path(id, "/transitions"), {{"state", "done"}}), 422,
                "invalid_input", "state");
    // Handing over to nobody or to Party A in a step, or by reassignment, is refused.
    ExpectError(
        As("engineer")
            .Post(Path(id, "/transitions"), {{"state", "analysed"}, {"owner_id", party_a_user}}),
        422, "invalid_input", "owner_id");
    ExpectError(As("engineer").Post(Path(id, "/owner"), json::object()), 422, "invalid_input",
                "owner_id");
    ExpectError(As("engineer").Post(Path(id, "/owner"), {{"owner_id", nullptr}}), 422,
                "invalid_input", "owner_id");
    ExpectError(As("engineer").Post(Path(id, "/owner"), {{"owner_id", gone}}), 422, "invalid_input",
                "owner_id");
    ExpectError(PartyA(a).Post(Path(id, "/transitions"), {{"state", "analysed"}}), 403,
                "forbidden");
    EXPECT_EQ(Snapshot(), snap);

    Move(id, "analysed", {{"note", "定位到连接池耗尽"}});
    Move(id, "fixed", {{"fix_version", "V3.2.1"}});
    Move(id, "reviewed");
    json back = Move(id, "analysed", {{"note", "审核未通过：缺少回归用例"}});
    EXPECT_EQ(back["state"], "analysed");
    Move(id, "fixed");
    Move(id, "reviewed");
    json handed =
        Expect(As("engineer")
                   .Post(Path(id, "/owner"), {{"owner_id", leader}, {"note", "交组长安排验证"}}),
               200)
            .Json();
    EXPECT_EQ(handed["owner_id"], leader);
    Move(id, "verified");
    EXPECT_TRUE(Inbox(PartyA(a), "defect_closed").empty());

    // Closing needs the fix version.
    Move(id2, "analysed");
    Move(id2, "fixed");
    Move(id2, "reviewed");
    Move(id2, "verified");
    ExpectError(As("engineer").Post(Path(id2, "/transitions"), {{"state", "closed"}}), 422,
                "invalid_input", "fix_version");
  }
  // `id` closed: its tickets' customers told; then it changes no more.
  json CloseAndTell() {
    json closed = Move(id, "closed", {{"note", "补丁已安装"}});
    EXPECT_EQ(closed["state"], "closed");
    EXPECT_EQ(closed["fix_version"], "V3.2.1");
    EXPECT_FALSE(closed["closed_at"].is_null());
    json last = closed["history"].back();
    EXPECT_EQ(last["action"], "transition");
    EXPECT_EQ(last["from_state"], "verified");
    EXPECT_EQ(last["to_state"], "closed");
    EXPECT_EQ(last["note"], "补丁已安装");
    EXPECT_FALSE(last["actor_name"].get<std::string>().empty());

    // The linked tickets' customers are told, with the fix version; nobody else.
    for (auto [client, ticket] : {std::pair{&PartyA(a), ta}, std::pair{&PartyA(b), tb}}) {
      auto notes = Inbox(*client, "defect_closed");
      EXPECT_EQ(notes.size(), 1u);
      if (notes.empty()) continue;
      EXPECT_EQ(notes[0]["ticket_id"], ticket);
      EXPECT_EQ(notes[0]["data"]["fix_version"], "V3.2.1");
      EXPECT_EQ(notes[0]["data"]["defect_id"], id);
    }
    EXPECT_TRUE(Inbox(PartyA(c), "defect_closed").empty());
    // A closed defect no longer changes.
    ExpectError(As("engineer").Post(Path(id, "/transitions"), {{"state", "analysed"}}), 409,
                "conflict", "state");
    ExpectError(As("engineer").Post(Path(id, "/owner"), {{"owner_id", engineer}}), 409, "conflict");
    return closed;
  }
  // Linking, Party A's view, the list's filters and pages.
  void LinksAndReads() {
    // Linking: once per ticket; an unknown ticket is named.
    Expect(As("agent").Post(Path(id2, "/tickets"), {{"ticket_id", ta}}), 201);
    ExpectError(As("agent").Post(Path(id2, "/tickets"), {{"ticket_id", ta}}), 409, "conflict",
                "ticket_id");
    ExpectError(As("agent").Post(Path(id2, "/tickets"), {{"ticket_id", 999999}}), 422,
                "invalid_input", "ticket_id");
    Expect(As("agent").Send("DELETE", Path(id2, "/tickets/" + std::to_string(ta)), std::nullopt),
           200);
    ExpectError(
        As("agent").Send("DELETE", Path(id2, "/tickets/" + std::to_string(ta)), std::nullopt), 404,
        "not_found");

    // Party A reads the defects of its own tickets only, without the vendor's notes.
    EXPECT_EQ(Ids(Expect(PartyA(a).Get("/api/v1/defects"), 200).Json()),
              std::vector<std::int64_t>{id});
    EXPECT_EQ(Ids(Expect(PartyA(b).Get("/api/v1/defects"), 200).Json()),
              (std::vector<std::int64_t>{id2, id}));
    EXPECT_TRUE(Expect(PartyA(c).Get("/api/v1/defects"), 200).Json()["items"].empty());
    ExpectError(PartyA(a).Get(Path(id2)), 404, "not_found");
    json seen = Expect(PartyA(a).Get(Path(id)), 200).Json();
    ASSERT_EQ(seen["tickets"].size(), 1u);
    EXPECT_EQ(seen["tickets"][0]["ticket_id"], ta);
    for (const json& e : seen["history"]) {
      EXPECT_EQ(e["note"], "");
      EXPECT_NE(e["ticket_id"], tb);
    }

    // The list's filters and cursor pages.
    auto list = [&](const std::string& q) {
      return Ids(Expect(As("agent").Get("/api/v1/defects?" + q), 200).Json());
    };
    EXPECT_EQ(list("state=closed"), std::vector<std::int64_t>{id});
    EXPECT_EQ(list("severity=trivial"), std::vector<std::int64_t>{id2});
    EXPECT_EQ(list("owner_id=" + std::to_string(leader)), (std::vector<std::int64_t>{id2, id}));
    EXPECT_EQ(list("system_id=" + std::to_string(system)), std::vector<std::int64_t>{id});
    EXPECT_EQ(list("ticket_id=" + std::to_string(ta)), std::vector<std::int64_t>{id});
    EXPECT_EQ(list("module=" + UrlEncode("挂号服务")), std::vector<std::int64_t>{id});
    EXPECT_EQ(list("q=" + UrlEncode("排序")), std::vector<std::int64_t>{id2});
    ExpectError(As("agent").Get("/api/v1/defects?state=open"), 422, "invalid_input", "state");
    ExpectError(As("agent").Get("/api/v1/defects?owner_id=x"), 400, "bad_request", "owner_id");
    ExpectError(As("agent").Get("/api/v1/defects?cursor=zz"), 422, "invalid_input", "cursor");
    json page = Expect(As("agent").Get("/api/v1/defects?limit=1"), 200).Json();
    ASSERT_EQ(Ids(page), std::vector<std::int64_t>{id2});
    json next = Expect(As("agent").Get("/api/v1/defects?limit=1&cursor=" +
                                       page["next_cursor"].get<std::string>()),
                       200)
                    .Json();
    EXPECT_EQ(Ids(next), std::vector<std::int64_t>{id});
    EXPECT_TRUE(next["next_cursor"].is_null());
  }

  std::int64_t a = 0, b = 0, c = 0, system = 0, ta = 0, tb = 0;
  std::int64_t engineer = 0, leader = 0, gone = 0, party_a_user = 0, id = 0, id2 = 0;
};
AFTERCARE_API_BACKENDS(DefectsApi);

TEST_P(DefectsApi, Qa1_AWholeLifeWithAnOwnerInEveryState) {
  Given();
  OwnerRequiredAtCreation();
  StateTableAndOwner();
  json closed = CloseAndTell();
  LinksAndReads();
  // Every change is audited.
  json audit =
      Expect(admin().Get("/api/v1/audit?entity=defect&entity_id=" + std::to_string(id)), 200)
          .Json();
  EXPECT_EQ(audit["items"].size(), closed["history"].size());
  // A vendor's read names each linked ticket's customer (CON-4); Party A's is not recorded.
  Expect(As("agent").Get(Path(id)), 200);
  json reads =
      Expect(admin().Get("/api/v1/audit?action=read&entity=defect&entity_id=" + std::to_string(id)),
             200)
          .Json();
  EXPECT_EQ(reads["items"].size(), 2u) << reads;
}

}  // namespace
}  // namespace aftercare::apitest
