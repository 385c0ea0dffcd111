// OPS-3 and OPS-5 (issue 15 points 3 and 5) through the API: return visit plans
// (a key customer's shorter interval, the next visit scheduled once, on the
// calendar), a visit recorded with follow-up actions, its collation due within a
// week with the warnings to the responsible person and their team leader, an
// overdue action told to its owner; exchange visits planned, recorded with
// findings and recommendations, cancelled. Roles, another customer's ids (404)
// and bad input (named, changing nothing) on each route.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

constexpr std::int64_t kDay = 86400;

class VisitsApi : public ApiTest {
 protected:
  // The collation and action warnings are jobs.
  bool BackgroundJobs() const override { return true; }

  void SetUpWorld() {
    key_ = CreateCustomer("滨江医院");
    plain_ = CreateCustomer("城西医院");
    other_ = CreateCustomer("江北医院");
    contract_ = CreateContract(key_, "HT-V-1")["id"].get<std::int64_t>();
    json team = Expect(As("manager").Post("/api/v1/teams", {{"name", "客服组"},
                                                            {"leader_id", UserId("team_leader")}}),
                       201)
                    .Json();
    Expect(As("manager").Post("/api/v1/teams/" + std::to_string(team["id"].get<std::int64_t>()) +
                                  "/members",
                              {{"user_id", UserId("agent")}}),
           201);
    // Every client logged in before a test compares snapshots (a first login adds a user).
    for (const char* role : {"engineer", "team_leader", "manager", "agent"}) As(role);
    PartyA(key_);
    PartyA(other_);
  }
  static std::string Visit(std::int64_t id, const std::string& step = "") {
    return "/api/v1/visits/return-visits/" + std::to_string(id) + (step.empty() ? "" : "/" + step);
  }
  static std::string Exchange(std::int64_t id, const std::string& step = "") {
    return "/api/v1/visits/exchange-visits/" + std::to_string(id) +
           (step.empty() ? "" : "/" + step);
  }
  static HttpResponse Put(HttpClient& who, const std::string& path, const json& body) {
    return who.Send("PUT", path, body.dump());
  }
  json Plan(std::int64_t customer) {
    json all = Expect(As("agent").Get("/api/v1/visits/plans"), 200).Json();
    for (const auto& p : all["items"]) {
      if (p["customer_id"] == customer) return p;
    }
    return nullptr;
  }
  json List(HttpClient& who, const std::string& query) {
    const std::string path = "/api/v1/visits/return-visits";
    return Expect(who.Get(query.empty() ? path : path + "?" + query), 200).Json()["items"];
  }
  json Calendar(HttpClient& who, const std::string& source) {
    return Expect(who.Get("/api/v1/calendar?source=" + source + "&from=" + Day(-30) +
                          "&to=" + Day(60)),
                  200)
        .Json()["items"];
  }
  static std::string Day(std::int64_t days) {
    return Rfc3339(NowUnix() + days * kDay).substr(0, 10);
  }
  // The notices of `kind` in `who`'s inbox once there are `n` (up to 15 s).
  std::vector<json> Notices(HttpClient& who, const std::string& kind, std::size_t n) {
    std::vector<json> out;
    for (int i = 0; i < 150; ++i) {
      out.clear();
      json inbox = Expect(who.Get("/api/v1/notifications?limit=200"), 200).Json();
      for (const json& x : inbox["items"]) {
        if (x["kind"] == kind) out.push_back(x);
      }
      if (out.size() >= n) return out;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return out;
  }
  std::int64_t key_ = 0, plain_ = 0, other_ = 0, contract_ = 0;
};
AFTERCARE_API_BACKENDS(VisitsApi);

TEST_P(VisitsApi, Ops3_PlansRecordsCollationAndActions) {
  SetUpWorld();
  const std::int64_t now = NowUnix();
  // Plans: every customer is listed, unplanned at the default month.
  json p = Plan(key_);
  EXPECT_EQ(p["planned"], false);
  EXPECT_EQ(p["interval_days"], 30);
  const std::string plan = "/api/v1/visits/plans/" + std::to_string(key_);
  const std::string before = Snapshot();
  ExpectError(Put(As("agent"), plan, {{"interval_days", 14}}), 403, "forbidden");
  ExpectError(Put(PartyA(key_), plan, {{"interval_days", 14}}), 403, "forbidden");
  ExpectError(Put(As("manager"), plan, {{"interval_days", 0}}), 422, "invalid_input",
              "interval_days");
  ExpectError(Put(As("manager"), plan, {{"interval_days", 367}}), 422, "invalid_input",
              "interval_days");
  ExpectError(Put(As("manager"), plan, {{"responsible_id", 999999}}), 422,
              "invalid_input", "responsible_id");
  ExpectError(Put(As("manager"), plan, {{"next_due_at", Rfc3339(now - 60)}}), 422,
              "invalid_input", "next_due_at");
  ExpectError(Put(As("manager"), plan, {{"interval", 14}}), 400, "bad_request", "interval");
  ExpectError(Put(As("manager"), "/api/v1/visits/plans/999999", json::object()), 404, "not_found");
  EXPECT_EQ(Snapshot(), before);

  // The key customer every 14 days, the agent responsible: its next visit in 14 days,
  // once however often the plan is set, on the calendar under the agent.
  p = Expect(Put(As("team_leader"), plan, {{"interval_days", 14},
                                          {"key_customer", true},
                                          {"responsible_id", UserId("agent")}}),
             200)
          .Json();
  EXPECT_EQ(p["planned"], true);
  EXPECT_EQ(p["key_customer"], true);
  EXPECT_EQ(p["responsible_name"].get<std::string>().empty(), false);
  EXPECT_NEAR(ParseTime(p["next_due_at"]), now + 14 * kDay, 120);
  const std::int64_t first = p["next_visit_id"];
  Expect(Put(As("manager"), plan, {{"key_customer", true}}), 200);
  EXPECT_EQ(List(As("agent"), "state=planned&customer_id=" + std::to_string(key_)).size(), 1u);
  json plain = Expect(Put(As("manager"), "/api/v1/visits/plans/" + std::to_string(plain_),
                                        json::object()),
                      200)
                   .Json();
  EXPECT_EQ(plain["interval_days"], 30);
  EXPECT_NEAR(ParseTime(plain["next_due_at"]), now + 30 * kDay, 120);
  json cal = Calendar(As("engineer"), "return_visit");
  ASSERT_EQ(cal.size(), 2u) << cal;
  EXPECT_EQ(cal[0]["source_id"], first);
  EXPECT_EQ(cal[0]["engineer_id"], UserId("agent"));
  EXPECT_EQ(cal[0]["title"], "重点客户回访：滨江医院");

  // Bad records change nothing.
  json good = {{"customer_id", key_},
               {"method", "phone"},
               {"visited_at", Rfc3339(now - 8 * kDay)},
               {"contact_person", "王主任"},
               {"topics", "系统运行情况"},
               {"problems", "夜间报表慢"},
               {"opinions", "希望提前通知维护"},
               {"actions",
                {{{"title", "排查报表慢"}, {"owner_id", UserId("engineer")},
                  {"due_at", Rfc3339(now - kDay)}},
                 {{"title", "发送维护通知"}, {"owner_id", UserId("engineer")},
                  {"due_at", Rfc3339(now + 5 * kDay)}}}}};
  const std::string base = "/api/v1/visits/return-visits";
  const std::string before_record = Snapshot();
  auto with = [&](const char* key, json value) {
    json b = good;
    b[key] = std::move(value);
    return b;
  };
  ExpectError(As("agent").Post(base, with("method", "pigeon")), 422, "invalid_input", "method");
  ExpectError(As("agent").Post(base, with("topics", " ")), 422, "invalid_input", "topics");
  ExpectError(As("agent").Post(base, with("topics", std::string(1001, 'x'))), 400, "bad_request",
              "topics");
  ExpectError(As("agent").Post(base, with("visited_at", Rfc3339(now + 3600))), 422,
              "invalid_input", "visited_at");
  ExpectError(As("agent").Post(base, with("customer_id", 999999)), 422, "invalid_input",
              "customer_id");
  ExpectError(As("agent").Post(base, with("actions", "x")), 400, "bad_request", "actions");
  ExpectError(As("agent").Post(base, with("actions", {{{"title", "x"}}})), 422, "invalid_input",
              "actions");
  ExpectError(As("agent").Post(base, with("actions", {{{"title", "x"},
                                                       {"owner_id", UserId("engineer")},
                                                       {"due_at", Rfc3339(now - 9 * kDay)}}})),
              422, "invalid_input", "actions.due_at");
  ExpectError(As("agent").Post(base, with("actions", {{{"title", "x"},
                                                       {"owner_id", 999999},
                                                       {"due_at", Rfc3339(now)}}})),
              422, "invalid_input", "actions.owner_id");
  ExpectError(PartyA(key_).Post(base, good), 403, "forbidden");
  EXPECT_EQ(Snapshot(), before_record);

  // Recorded 8 days ago: its collation was due yesterday.
  json v = Expect(As("agent").Post(base, good), 201).Json();
  const std::int64_t late = v["id"];
  EXPECT_EQ(v["state"], "done");
  EXPECT_EQ(v["responsible_id"], UserId("agent"));
  EXPECT_EQ(ParseTime(v["collation_due_at"]), now - kDay);
  EXPECT_EQ(v["awaiting_collation"], true);
  EXPECT_EQ(v["collation_overdue"], true);
  ASSERT_EQ(v["actions"].size(), 2u);
  EXPECT_EQ(v["actions"][0]["overdue"], true);
  EXPECT_EQ(v["actions"][1]["overdue"], false);
  // The planned visit recorded an hour ago: the next one 14 days after it.
  json r = Expect(As("agent").Post(Visit(first, "record"),
                                   {{"method", "onsite"},
                                    {"visited_at", Rfc3339(now - 3600)},
                                    {"topics", "上门了解使用情况"}}),
                  200)
               .Json();
  EXPECT_EQ(r["id"], first);
  EXPECT_EQ(r["awaiting_collation"], true);
  EXPECT_EQ(r["collation_overdue"], false);
  ExpectError(As("agent").Post(Visit(first, "record"), {{"method", "phone"}, {"topics", "x"}}),
              409, "conflict");
  EXPECT_EQ(ParseTime(Plan(key_)["next_due_at"]), now - 3600 + 14 * kDay);
  EXPECT_EQ(List(As("agent"), "collation_due=1").size(), 2u);

  // The warnings: the responsible agent and the team leader, a day before and overdue.
  EXPECT_EQ(Notices(As("team_leader"), "visit_collation_due", 2).size(), 2u);
  auto agent_told = Notices(As("agent"), "visit_collation_due", 2);
  ASSERT_EQ(agent_told.size(), 2u);
  EXPECT_EQ(agent_told[0]["data"]["visit_id"], late);
  auto owner_told = Notices(As("engineer"), "visit_action_due", 1);
  ASSERT_EQ(owner_told.size(), 1u);
  EXPECT_EQ(owner_told[0]["data"]["title"], "排查报表慢");

  // Collation: the engineer may not; the team leader and the responsible agent do.
  ExpectError(As("engineer").Post(Visit(late, "collate"), {{"summary", "x"}}), 403, "forbidden");
  ExpectError(As("team_leader").Post(Visit(late, "collate"), {{"summary", ""}}), 422,
              "invalid_input", "summary");
  json c = Expect(As("team_leader").Post(Visit(late, "collate"),
                                         {{"summary", "客户满意"}, {"strategy", "加强夜间巡检"}}),
                  200)
               .Json();
  EXPECT_EQ(c["awaiting_collation"], false);
  EXPECT_EQ(c["strategy"], "加强夜间巡检");
  ExpectError(As("team_leader").Post(Visit(late, "collate"), {{"summary", "x"}}), 409,
              "conflict");
  Expect(As("agent").Post(Visit(first, "collate"), {{"summary", "正常"}}), 200);
  EXPECT_EQ(List(As("agent"), "collation_due=1").size(), 0u);

  // A problem raised becomes a ticket of the customer, linked to the visit.
  ExpectError(As("agent").Post(Visit(late, "tickets"), {{"title", " "}}), 422, "invalid_input",
              "title");
  ExpectError(As("agent").Post(Visit(late, "tickets"), {{"title", "x"}, {"priority", "P9"}}), 422,
              "invalid_input", "priority");
  ExpectError(PartyA(key_).Post(Visit(late, "tickets"), {{"title", "x"}}), 403, "forbidden");
  json with_ticket = Expect(As("agent").Post(Visit(late, "tickets"), {{"title", "夜间报表慢"}}), 201)
                         .Json();
  ASSERT_EQ(with_ticket["tickets"].size(), 1u);
  json ticket = Expect(As("agent").Get("/api/v1/tickets/" +
                                       std::to_string(with_ticket["tickets"][0]["id"].get<std::int64_t>())),
                       200)
                    .Json();
  EXPECT_EQ(ticket["customer_id"], key_);
  EXPECT_EQ(ticket["description"], "夜间报表慢");
  EXPECT_EQ(ticket["caller_name"], "王主任");

  // My follow-ups: the engineer's two, one overdue; done by the owner only, once.
  json mine = Expect(As("engineer").Get("/api/v1/visits/actions?mine=1&open=1"), 200).Json();
  ASSERT_EQ(mine["items"].size(), 2u);
  const std::int64_t action = v["actions"][0]["id"];
  ExpectError(As("agent").Post("/api/v1/visits/actions/" + std::to_string(action) + "/done",
                               json::object()),
              403, "forbidden");
  json done = Expect(As("engineer").Post("/api/v1/visits/actions/" + std::to_string(action) +
                                             "/done",
                                         {{"note", "已优化索引"}}),
                     200)
                  .Json();
  EXPECT_FALSE(done["done_at"].is_null());
  EXPECT_EQ(done["overdue"], false);
  ExpectError(As("engineer").Post("/api/v1/visits/actions/" + std::to_string(action) + "/done",
                                  json::object()),
              409, "conflict");
  EXPECT_EQ(Expect(As("engineer").Get("/api/v1/visits/actions?mine=1&open=1"), 200)
                .Json()["items"]
                .size(),
            1u);

  // Party A reads its own records without the vendor's collation; another's is a 404.
  json foreign = Expect(As("agent").Post(base, with("customer_id", other_)), 201).Json();
  json own = List(PartyA(key_), "");
  ASSERT_EQ(own.size(), 3u) << own;  // the next planned one and the two records
  for (const auto& x : own) {
    EXPECT_EQ(x["customer_id"], key_);
    EXPECT_FALSE(x.contains("strategy"));
    EXPECT_FALSE(x.contains("summary"));
  }
  json one = Expect(PartyA(key_).Get(Visit(late)), 200).Json();
  EXPECT_EQ(one["topics"], "系统运行情况");
  EXPECT_FALSE(one.contains("strategy"));
  ExpectError(PartyA(key_).Get(Visit(foreign["id"])), 404, "not_found");
  ExpectError(PartyA(key_).Post(Visit(late, "collate"), {{"summary", "x"}}), 403, "forbidden");
  ExpectError(PartyA(key_).Get("/api/v1/visits/actions"), 403, "forbidden");

  // Cancelling the next visit: the engineer may not; its calendar entry goes and the
  // one after is planned; Party A no longer sees the cancelled one.
  const std::int64_t next = Plan(key_)["next_visit_id"];
  ExpectError(As("engineer").Post(Visit(next, "cancel"), json::object()), 403, "forbidden");
  json x = Expect(As("agent").Post(Visit(next, "cancel"), {{"reason", "客户出差"}}), 200).Json();
  EXPECT_EQ(x["state"], "cancelled");
  ExpectError(As("agent").Post(Visit(next, "cancel"), json::object()), 409, "conflict");
  ExpectError(As("agent").Post(Visit(next, "tickets"), {{"title", "x"}}), 409, "conflict");
  EXPECT_EQ(ParseTime(Plan(key_)["next_due_at"]), now - 3600 + 28 * kDay);
  ExpectError(PartyA(key_).Get(Visit(next)), 404, "not_found");
  for (const auto& e : Calendar(As("agent"), "return_visit")) EXPECT_NE(e["source_id"], next);

  // Paused: the planned visits are cancelled and none is scheduled.
  Expect(Put(As("manager"), plan, {{"active", false}}), 200);
  EXPECT_EQ(List(As("agent"), "state=planned&customer_id=" + std::to_string(key_)).size(), 0u);
  EXPECT_TRUE(Plan(key_)["next_due_at"].is_null());
  ExpectError(As("agent").Get(base + "?state=open"), 422, "invalid_input", "state");
  ExpectError(As("agent").Get(base + "?cursor=zz"), 422, "invalid_input", "cursor");
}

TEST_P(VisitsApi, Ops5_ExchangeVisits) {
  SetUpWorld();
  const std::int64_t now = NowUnix();
  const std::string base = "/api/v1/visits/exchange-visits";
  json good = {{"contract_id", contract_},
               {"planned_at", Rfc3339(now - 2 * 3600)},
               {"duration_minutes", 120},
               {"expert_ids", {UserId("engineer")}},
               {"participants", {"信息科 张主任"}}};
  auto with = [&](const char* key, json value) {
    json b = good;
    b[key] = std::move(value);
    return b;
  };
  const std::string before = Snapshot();
  ExpectError(As("agent").Post(base, good), 403, "forbidden");
  ExpectError(PartyA(key_).Post(base, good), 403, "forbidden");
  ExpectError(As("manager").Post(base, with("expert_ids", json::array())), 422, "invalid_input",
              "expert_ids");
  ExpectError(As("manager").Post(base, with("expert_ids", {999999})), 422,
              "invalid_input", "expert_ids");
  ExpectError(As("manager").Post(base, with("duration_minutes", 10)), 422, "invalid_input",
              "duration_minutes");
  ExpectError(As("manager").Post(base, with("contract_id", 999999)), 422, "invalid_input",
              "contract_id");
  ExpectError(As("manager").Post(base, with("participants", {""})), 422, "invalid_input",
              "participants");
  EXPECT_EQ(Snapshot(), before);

  json x = Expect(As("manager").Post(base, good), 201).Json();
  const std::int64_t id = x["id"];
  EXPECT_EQ(x["title"], "定期访问交流");
  EXPECT_EQ(x["state"], "planned");
  EXPECT_TRUE(x["report_id"].is_null());
  json cal = Calendar(As("agent"), "exchange_visit");
  ASSERT_EQ(cal.size(), 1u);
  EXPECT_EQ(cal[0]["source_id"], id);
  EXPECT_EQ(cal[0]["contract_id"], contract_);
  EXPECT_EQ(cal[0]["engineer_id"], UserId("engineer"));

  // Recorded by the attending expert: findings and recommendations as the report takes them.
  json rec = {{"system_state", "运行平稳"},
              {"findings", {{{"title", "备份未异地"}, {"detail", "机房故障有风险"}, {"kind", "risk"}}}},
              {"recommendations",
               {{{"title", "增加异地备份"}, {"detail", "每日同步"}, {"priority", "high"}},
                {{"title", "操作培训"}, {"detail", ""}, {"priority", "low"}}}},
              {"internal_notes", "可推荐备份服务"}};
  auto rec_with = [&](const char* key, json value) {
    json b = rec;
    b[key] = std::move(value);
    return b;
  };
  const std::string before_record = Snapshot();
  ExpectError(As("agent").Post(Exchange(id, "record"), rec), 403, "forbidden");
  ExpectError(As("engineer").Post(Exchange(id, "record"),
                                  rec_with("recommendations", {{{"title", "x"}, {"priority", "urgent"}}})),
              422, "invalid_input", "recommendations");
  ExpectError(As("engineer").Post(Exchange(id, "record"),
                                  rec_with("recommendations", {{{"title", "x"}, {"cost", "1"}}})),
              422, "invalid_input", "recommendations");
  ExpectError(As("engineer").Post(Exchange(id, "record"),
                                  rec_with("findings", {{{"title", ""}, {"kind", "risk"}}})),
              422, "invalid_input", "findings.title");
  ExpectError(As("engineer").Post(Exchange(id, "record"), rec_with("system_state", "")), 422,
              "invalid_input", "system_state");
  ExpectError(As("engineer").Post(Exchange(id, "record"),
                                  rec_with("held_at", Rfc3339(now + 3600))),
              422, "invalid_input", "held_at");
  EXPECT_EQ(Snapshot(), before_record);
  json d = Expect(As("engineer").Post(Exchange(id, "record"), rec), 200).Json();
  EXPECT_EQ(d["state"], "done");
  EXPECT_EQ(ParseTime(d["held_at"]), now - 2 * 3600);
  EXPECT_EQ(d["recommendations"], rec["recommendations"]);
  EXPECT_EQ(d["findings"], rec["findings"]);
  EXPECT_EQ(d["internal_notes"], "可推荐备份服务");
  ExpectError(As("engineer").Post(Exchange(id, "record"), rec), 409, "conflict");
  EXPECT_EQ(Calendar(As("agent"), "exchange_visit")[0]["state"], "done");

  // Party A reads its own without the internal notes; another customer's is a 404.
  json own = Expect(PartyA(key_).Get(Exchange(id)), 200).Json();
  EXPECT_EQ(own["recommendations"], rec["recommendations"]);
  EXPECT_FALSE(own.contains("internal_notes"));
  ExpectError(PartyA(other_).Get(Exchange(id)), 404, "not_found");
  EXPECT_EQ(Expect(PartyA(other_).Get(base), 200).Json()["items"].size(), 0u);

  // Planned, then cancelled: off the calendar, out of Party A's sight.
  json next = Expect(As("team_leader").Post(base, with("planned_at", Rfc3339(now + 10 * kDay))),
                     201)
                  .Json();
  const std::int64_t nid = next["id"];
  ExpectError(As("engineer").Post(Exchange(nid, "cancel"), json::object()), 403, "forbidden");
  Expect(As("manager").Post(Exchange(nid, "cancel"), {{"reason", "客户要求改期"}}), 200);
  ExpectError(As("manager").Post(Exchange(nid, "cancel"), json::object()), 409, "conflict");
  EXPECT_EQ(Calendar(As("agent"), "exchange_visit").size(), 1u);
  ExpectError(PartyA(key_).Get(Exchange(nid)), 404, "not_found");
  json list = Expect(As("manager").Get(base + "?contract_id=" + std::to_string(contract_)), 200)
                  .Json();
  EXPECT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(Expect(PartyA(key_).Get(base), 200).Json()["items"].size(), 1u);
}

}  // namespace
}  // namespace aftercare::apitest
