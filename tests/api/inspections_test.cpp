// OPS-1: inspections through the API on both databases, in one server per
// backend: templates (administrators; an edit never rewrites a visit), plans whose
// job creates each visit ahead of its due date (one due on 国庆节 2026-10-01,
// moved to the next working day 2026-10-08, and so overdue and told), the
// checklist filled item by item with its bounds, a failed item that becomes a
// ticket, Party A's confirmation in the portal and a signature on the engineer's
// screen, roles and another customer's ids.
#include <chrono>
#include <thread>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'x');

class InspectionsApi : public ApiTest {
 protected:
  bool BackgroundJobs() const override { return true; }

  static std::string Day(int from_today) {
    return Rfc3339(NowUnix() + std::int64_t{from_today} * 86400).substr(0, 10);
  }
  static std::string Visit(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/inspections/visits/" + std::to_string(id) + rest;
  }
  // The contract's visits once there are `n` (the schedule job runs in the background).
  json Visits(std::int64_t contract, std::size_t n) {
    json page;
    for (int i = 0; i < 100; ++i) {
      page = Expect(As("manager").Get("/api/v1/inspections/visits?contract_id=" +
                                      std::to_string(contract)),
                    200)
                 .Json();
      if (page["items"].size() >= n) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return page;
  }
  json PlanBody(std::int64_t system, json extra = json::object()) {
    json body = {{"contract_id", ca}, {"system_id", system}, {"engineer_id", engineer}};
    body.update(extra);
    return body;
  }
  HttpResponse Fill(HttpClient& by, std::int64_t visit, std::int64_t item, const json& body) {
    return by.Send("PUT", Visit(visit, "/items/" + std::to_string(item)), body.dump());
  }
  static const json& Item(const json& visit, const std::string& label) {
    for (const json& it : visit["items"]) {
      if (it["label"] == label) return it;
    }
    throw std::runtime_error("no item " + label);
  }

  void Given() {
    a = CreateCustomer("湖滨医院");
    b = CreateCustomer("滨江交通局");
    s1 = CreateSystem(a, "HIS");
    s2 = CreateSystem(a, "PACS");
    s3 = CreateSystem(a, "LIS");
    sb = CreateSystem(b, "信号控制");
    ca = CreateContract(a, "HT-INSP-A", "1000000.00",
                        {{"accepted_on", "2026-03-01"}, {"system_ids", {s1, s2, s3}}})["id"];
    cb = CreateContract(b, "HT-INSP-B", "1000000.00", {{"system_ids", {sb}}})["id"];
    engineer = UserId("engineer");
    other = CreateUser("engineer_other", "engineer")["id"];
    PartyA(a);
    PartyA(b);
  }

  // Templates: the built-in list; bounds; an administrator's own.
  void Templates() {
    json list = Expect(As("engineer").Get("/api/v1/inspections/templates"), 200).Json();
    ASSERT_GE(list["items"].size(), 1u);
    const json& builtin = list["items"][0];
    EXPECT_TRUE(builtin["built_in"].get<bool>());
    ASSERT_EQ(builtin["items"].size(), 11u);
    EXPECT_EQ(builtin["items"][4]["label"], "页面反应速度");
    EXPECT_EQ(builtin["items"][4]["threshold"], 3000);
    EXPECT_EQ(builtin["items"][4]["direction"], "above");
    const std::string path = "/api/v1/inspections/templates";
    As("manager");  // logged in before the snapshot
    const std::string before = Snapshot();
    ExpectError(admin().Post(path, {{"name", "空"}, {"items", json::array()}}), 422,
                "invalid_input", "items");
    ExpectError(admin().Post(path, {{"name", "x"},
                                    {"items", {{{"section", "A"}, {"label", "B"}, {"kind", "number"}}}}}),
                422, "invalid_input", "items.0.threshold");
    ExpectError(admin().Post(path, {{"name", "x"},
                                    {"items", {{{"section", "A"}, {"label", "B"}, {"kind", "dial"}}}}}),
                422, "invalid_input", "items.0.kind");
    ExpectError(
        admin().Post(path, {{"name", "x"},
                            {"items", {{{"section", "A"}, {"label", "B"}, {"kind", "check"}, {"x", 1}}}}}),
        422, "invalid_input", "items.0.x");
    json good = {{"name", "机房巡检"},
                 {"items",
                  {{{"section", "机房"}, {"label", "UPS 电池"}, {"kind", "check"}},
                   {{"section", "机房"},
                    {"label", "磁盘剩余空间"},
                    {"kind", "number"},
                    {"unit", "%"},
                    {"threshold", 15},
                    {"direction", "below"}}}}};
    ExpectError(As("manager").Post(path, good), 403, "forbidden");
    EXPECT_EQ(Snapshot(), before) << "refused templates leave nothing";
    tpl = Expect(admin().Post(path, good), 201).Json()["id"];
    ExpectError(admin().Post(path, good), 409, "conflict", "name");
  }

  void Plans() {
    const std::string path = "/api/v1/inspections/plans";
    As("agent"), As("team_leader");  // logged in before the snapshot
    const std::string before = Snapshot();
    ExpectError(As("agent").Post(path, PlanBody(s1)), 403, "forbidden");
    ExpectError(As("team_leader").Post(path, PlanBody(s1, {{"interval_months", 0}})), 422,
                "invalid_input", "interval_months");
    ExpectError(As("team_leader").Post(path, PlanBody(s1, {{"lead_days", 91}})), 422,
                "invalid_input", "lead_days");
    ExpectError(As("team_leader").Post(path, PlanBody(sb)), 422, "invalid_input", "system_id");
    ExpectError(As("team_leader").Post(path, {{"contract_id", ca}, {"system_id", s1}}), 422,
                "invalid_input", "engineer_id");
    ExpectError(As("team_leader").Post(path, PlanBody(s1, {{"first_due", "2020-01-01"}})), 422,
                "invalid_input", "first_due");
    EXPECT_EQ(Snapshot(), before);
    // Due on 国庆节: made at once (its creation day has passed), moved to 2026-10-08.
    p1 = Expect(As("team_leader").Post(path, PlanBody(s1, {{"first_due", "2026-10-01"}})), 201)
             .Json();
    EXPECT_EQ(p1["interval_months"], 6);
    EXPECT_EQ(p1["lead_days"], 14);
    ExpectError(As("team_leader").Post(path, PlanBody(s1)), 409, "conflict", "system_id");
    // From acceptance (2026-03-01): the first due not before today; made 14 days ahead.
    p2 = Expect(As("manager").Post(path, PlanBody(s2)), 201).Json();
    EXPECT_GE(p2["first_due"].get<std::string>(), Day(0));
    // Due in 10 days with a lead of 14: made now, with the administrator's template.
    p3 = Expect(As("manager").Post(path, PlanBody(s3, {{"first_due", Day(10)},
                                                         {"template_id", tpl}})),
                201)
             .Json();
    Expect(As("manager").Post(path, {{"contract_id", cb},
                                     {"system_id", sb},
                                     {"engineer_id", other},
                                     {"first_due", Day(5)}}),
           201);
  }

  void VisitsMadeAhead() {
    json page = Visits(ca, 2);
    ASSERT_EQ(page["items"].size(), 2u) << page;
    json v3 = page["items"][0], v1 = page["items"][1];
    if (v3["system_id"] != s3) std::swap(v1, v3);
    visit1 = v1["id"];
    visit3 = v3["id"];
    EXPECT_EQ(v1["due_on"], "2026-10-01");
    EXPECT_EQ(v1["planned_on"], "2026-10-08") << "国庆节 2026-10-01..07 moves it";
    EXPECT_EQ(v1["moved_reason"], "national_day");
    EXPECT_TRUE(v1["overdue"].get<bool>());
    EXPECT_EQ(v3["due_on"], Day(10));
    EXPECT_GE(v3["planned_on"].get<std::string>(), Day(10));
    EXPECT_FALSE(v3["overdue"].get<bool>());
    EXPECT_GE(page["overdue"].get<int>(), 1);
    json overdue = Expect(As("manager").Get("/api/v1/inspections/visits?overdue=1"), 200).Json();
    ASSERT_EQ(overdue["items"].size(), 1u);
    EXPECT_EQ(overdue["items"][0]["id"], visit1);
    // The next visits wait for their creation day.
    json plans = Expect(As("engineer").Get("/api/v1/inspections/plans?contract_id=" +
                                           std::to_string(ca)),
                        200)
                     .Json();
    for (const json& p : plans["items"]) {
      if (p["id"] == p1["id"]) {
        EXPECT_EQ(p["next_due"], "2027-04-01");
      }
    }
    // The team calendar has them, in the same transaction as the visit.
    json cal = Expect(As("engineer").Get("/api/v1/calendar?from=2026-10-01&to=" + Day(20) +
                                         "&source=inspection"),
                      200)
                   .Json();
    int found = 0;
    for (const json& e : cal["items"]) {
      if (e["source_id"] == visit1 || e["source_id"] == visit3) ++found;
    }
    EXPECT_EQ(found, 2) << cal;
    // Overdue: the engineer is told once.
    bool told = false;
    for (int i = 0; i < 100 && !told; ++i) {
      json inbox = Expect(As("engineer").Get("/api/v1/notifications"), 200).Json();
      for (const json& n : inbox["items"]) told = told || n["kind"] == "inspection_overdue";
      if (!told) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(told);
  }

  // The built-in checklist: bounds, roles, a failed check and a failed number.
  void FillAndSubmit() {
    json v = Expect(As("engineer").Get(Visit(visit1)), 200).Json();
    const std::int64_t logs = Item(v, "监测故障日志")["id"];
    const std::int64_t speed = Item(v, "页面反应速度")["id"];
    const std::int64_t photos = Item(v, "现场照片")["id"];
    auto other_engineer = LoginAs("engineer_other");
    const std::string before = Snapshot();
    ExpectError(Fill(As("engineer"), visit1, 999999, {{"outcome", "pass"}}), 422, "invalid_input",
                "item_id");
    ExpectError(Fill(As("engineer"), visit1, speed, {{"number", 2000000000}}), 422,
                "invalid_input", "number");
    ExpectError(Fill(As("engineer"), visit1, speed, {{"outcome", "pass"}}), 422, "invalid_input",
                "outcome");
    ExpectError(Fill(As("engineer"), visit1, logs, {{"outcome", "bad"}}), 422, "invalid_input",
                "outcome");
    ExpectError(Fill(As("engineer"), visit1, logs, {{"text", std::string(1001, 'x')}}), 400,
                "bad_request", "text");
    ExpectError(Fill(*other_engineer, visit1, logs, {{"outcome", "pass"}}), 403,
                "forbidden");
    ExpectError(Fill(PartyA(a), visit1, logs, {{"outcome", "pass"}}), 403, "forbidden");
    ExpectError(As("engineer").PostRaw(Visit(visit1, "/items/" + std::to_string(photos) + "/photos"),
                                       "not an image", "image/png"),
                422, "invalid_input", "photo");
    ExpectError(As("engineer").PostRaw(Visit(visit1, "/items/" + std::to_string(logs) + "/photos"),
                                       kPng, "image/png"),
                422, "invalid_input", "item_id");
    ExpectError(As("engineer").Post(Visit(visit1, "/submit"), json::object()), 422,
                "invalid_input", "items");
    EXPECT_EQ(Snapshot(), before) << "refused fills leave nothing";
    for (int i = 0; i < 6; ++i) {
      Expect(As("engineer").PostRaw(Visit(visit1, "/items/" + std::to_string(photos) + "/photos"),
                                    kPng + std::to_string(i), "image/png"),
             201);
    }
    ExpectError(As("engineer").PostRaw(Visit(visit1, "/items/" + std::to_string(photos) + "/photos"),
                                       kPng, "image/png"),
                422, "invalid_input", "photos");
    for (const json& it : v["items"]) {
      if (it["kind"] != "check") continue;
      const bool bad = it["id"] == logs;
      json body = {{"outcome", bad ? "fail" : "pass"}};
      if (bad) body["text"] = "故障日志中有磁盘 I/O 告警";
      Expect(Fill(As("engineer"), visit1, it["id"], body), 200);
    }
    json filled = Expect(Fill(As("engineer"), visit1, speed, {{"number", 4200}}), 200).Json();
    EXPECT_EQ(filled["state"], "in_progress");
    EXPECT_EQ(Item(filled, "页面反应速度")["outcome"], "fail") << "4200 ms > 3000 ms";
    EXPECT_EQ(Item(filled, "现场照片")["photos"].size(), 6u);
    const std::string photo_url = Item(filled, "现场照片")["photos"][0]["url"];
    EXPECT_EQ(As("engineer").Get(photo_url).status, 200);
    json done = Expect(As("engineer").Post(Visit(visit1, "/submit"), json::object()), 200).Json();
    EXPECT_EQ(done["state"], "submitted");
    EXPECT_EQ(done["failed"], 2);
    const json& ticket = Item(done, "监测故障日志")["ticket"];
    ASSERT_TRUE(ticket.is_object()) << done;
    EXPECT_EQ(ticket["status"], "active");
    json t = Expect(As("manager").Get("/api/v1/tickets/" + std::to_string(ticket["id"].get<std::int64_t>())),
                    200)
                 .Json();
    EXPECT_EQ(t["type"], "health_check");
    EXPECT_EQ(t["contract_id"], ca);
    EXPECT_EQ(t["system_id"], s1);
    EXPECT_NE(t["description"].get<std::string>().find("磁盘 I/O 告警"), std::string::npos);
    EXPECT_TRUE(Item(done, "页面反应速度")["ticket"].is_object());
    ExpectError(Fill(As("engineer"), visit1, logs, {{"outcome", "pass"}}), 409, "conflict",
                "state");
    ExpectError(As("engineer").Post(Visit(visit1, "/submit"), json::object()), 409, "conflict",
                "state");
  }

  // Party A confirms its own customer's visit; another customer's is not found.
  void Confirm() {
    ExpectError(PartyA(b).Get(Visit(visit1)), 404, "not_found");
    ExpectError(PartyA(b).Post(Visit(visit1, "/confirm"), json::object()), 404, "not_found");
    json mine = Expect(PartyA(b).Get("/api/v1/inspections/visits"), 200).Json();
    for (const json& v : mine["items"]) EXPECT_EQ(v["customer_id"], b);
    ExpectError(As("engineer").Post(Visit(visit1, "/confirm"), json::object()), 403, "forbidden");
    ExpectError(PartyA(a).Post(Visit(visit3, "/confirm"), json::object()), 409, "conflict",
                "state");
    json ok = Expect(PartyA(a).Post(Visit(visit1, "/confirm"), json::object()), 200).Json();
    EXPECT_EQ(ok["state"], "confirmed");
    EXPECT_EQ(ok["confirm_kind"], "portal");
    EXPECT_FALSE(ok["overdue"].get<bool>());
    ExpectError(PartyA(a).Post(Visit(visit1, "/confirm"), json::object()), 409, "conflict",
                "state");
    json cal = Expect(PartyA(a).Get("/api/v1/calendar?from=2026-10-01&to=2026-10-31"), 200).Json();
    ASSERT_EQ(cal["items"].size(), 1u);
    EXPECT_EQ(cal["items"][0]["state"], "done");
  }

  // The administrator's template: a number that fails below; a signature.
  void SignAndTemplateEdit() {
    json v = Expect(As("engineer").Get(Visit(visit3)), 200).Json();
    ASSERT_EQ(v["items"].size(), 2u);
    Expect(admin().Send("PUT", "/api/v1/inspections/templates/" + std::to_string(tpl),
                        json{{"name", "机房巡检"},
                             {"items", {{{"section", "机房"}, {"label", "空调"}, {"kind", "check"}}}}}
                            .dump()),
           200);
    Expect(Fill(As("engineer"), visit3, Item(v, "UPS 电池")["id"], {{"outcome", "flag"}}), 200);
    json f = Expect(Fill(As("engineer"), visit3, Item(v, "磁盘剩余空间")["id"], {{"number", 40}}),
                    200)
                 .Json();
    EXPECT_EQ(Item(f, "磁盘剩余空间")["outcome"], "pass") << "40% is not below 15%";
    EXPECT_EQ(f["items"].size(), 2u) << "the template's edit leaves the visit's copy";
    EXPECT_EQ(f["template_version"], 1);
    ExpectError(As("engineer").PostRaw(Visit(visit3, "/sign?name=" + UrlEncode("王主任")), kPng,
                                       "image/png"),
                409, "conflict", "state");
    Expect(As("engineer").Post(Visit(visit3, "/submit"), json::object()), 200);
    ExpectError(As("engineer").PostRaw(Visit(visit3, "/sign?name=" + UrlEncode("王主任")),
                                       "GIF89a", "image/png"),
                422, "invalid_input", "signature");
    ExpectError(As("engineer").PostRaw(Visit(visit3, "/sign"), kPng, "image/png"), 422,
                "invalid_input", "name");
    json s = Expect(As("engineer").PostRaw(Visit(visit3, "/sign?name=" + UrlEncode("王主任")),
                                           kPng, "image/png"),
                    200)
                 .Json();
    EXPECT_EQ(s["state"], "confirmed");
    EXPECT_EQ(s["confirm_kind"], "signature");
    EXPECT_EQ(s["signer_name"], "王主任");
    EXPECT_EQ(s["flagged"], 1);
    HttpResponse png = PartyA(a).Get(s["signature_url"]);
    EXPECT_EQ(png.status, 200);
    EXPECT_EQ(png.body, kPng);
    // A plan paused makes nothing; the list shows it.
    json paused = Expect(As("team_leader").Send("PATCH", "/api/v1/inspections/plans/" +
                                                             std::to_string(p2["id"].get<std::int64_t>()),
                                                json{{"paused", true}}.dump()),
                         200)
                      .Json();
    EXPECT_TRUE(paused["paused"].get<bool>());
  }

  std::int64_t a = 0, b = 0, s1 = 0, s2 = 0, s3 = 0, sb = 0, ca = 0, cb = 0;
  std::int64_t engineer = 0, other = 0, tpl = 0, visit1 = 0, visit3 = 0;
  json p1, p2, p3;
};

TEST_P(InspectionsApi, PlansVisitsChecklistsTicketsAndConfirmation) {
  Given();
  Templates();
  Plans();
  VisitsMadeAhead();
  FillAndSubmit();
  Confirm();
  SignAndTemplateEdit();
}

AFTERCARE_API_BACKENDS(InspectionsApi);

}  // namespace
}  // namespace aftercare::apitest
