// SLA-5's slowest links (issue 14 point 6), through the API of a running server
// with its background jobs: the follower turns ticket events into steps; medians,
// 90th percentiles and shares checked against numbers computed by hand; a ticket
// without an on-site visit, a reopen, waiting on the customer; by type, priority
// and team; the monthly counts agree with the tickets' rows; the follower keeps
// up with a new event; who may read them.
#include <chrono>
#include <thread>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class LinksApi : public ApiTest {
 protected:
  bool BackgroundJobs() const override { return true; }

  json Steps(const std::string& query, HttpClient* by = nullptr) {
    return Expect((by ? *by : As("manager")).Get("/api/v1/analytics/steps?" + query), 200).Json();
  }
  // The steps of `query` once `ready` holds of them (the follower runs every 2 s;
  // up to 20 s).
  json WaitFor(const std::string& query, const std::function<bool(const json&)>& ready) {
    json r;
    for (int i = 0; i < 200; ++i) {
      r = Steps(query);
      if (ready(r)) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the steps did not catch up: " << r << server().StderrLog();
    return r;
  }
  static json Group(const json& r, const json& value) {
    for (const auto& g : r["groups"]) {
      if (g["value"] == value) return g;
    }
    return json();
  }
  static json Step(const json& group, const std::string& step) {
    for (const auto& s : group["steps"]) {
      if (s["step"] == step) return s;
    }
    return json();
  }
  // count, median, p90, sum of one step.
  static void ExpectStep(const json& group, const std::string& step, std::int64_t count,
                         std::int64_t median, std::int64_t p90, std::int64_t sum) {
    json s = Step(group, step);
    ASSERT_FALSE(s.is_null()) << step << " in " << group;
    EXPECT_EQ(s["count"], count) << step;
    EXPECT_EQ(s["median_s"], median) << step;
    EXPECT_EQ(s["p90_s"], p90) << step;
    EXPECT_EQ(s["sum_s"], sum) << step;
  }
};
AFTERCARE_API_BACKENDS(LinksApi);

TEST_P(LinksApi, Sla5_SlowestLinksByStep) {
  const std::int64_t customer = CreateCustomer("Links Port");
  const std::int64_t other = CreateCustomer("Other Port");
  CreateContract(customer, "HT-LINKS-1");
  CreateContract(other, "HT-LINKS-2");
  json team = Expect(As("manager").Post("/api/v1/teams", {{"name", "一线"}}), 201).Json();
  const std::string team_id = std::to_string(team["id"].get<std::int64_t>());
  Expect(As("manager").Post("/api/v1/teams/" + team_id + "/members",
                            {{"user_id", UserId("engineer")}}),
         201);
  const std::int64_t t0 = ParseTime("2026-11-16T09:00:00+08:00");
  auto ticket = [&](std::int64_t cust, const char* type, const char* priority, std::int64_t at,
                    bool assigned,
                    std::vector<std::pair<const char*, std::int64_t>> events) -> std::int64_t {
    json body = {{"customer_id", cust}, {"channel", "phone"},       {"type", type},
                 {"priority", priority}, {"title", "links"},        {"received_at", Rfc3339(at)}};
    if (assigned) body["assignee_id"] = UserId("engineer");
    const std::int64_t id = CreateTicket(body)["id"];
    for (auto [kind, after] : events) AddEvent(id, kind, at + after);
    return id;
  };
  // A: the whole flow.
  ticket(customer, "fault", "P2", t0, true,
         {{"first_contact", 300}, {"diagnosed", 1500}, {"onsite_decided", 1800},
          {"onsite_arrived", 7200}, {"resolved", 10800}, {"closed", 14400}});
  // B: no on-site visit, not closed yet.
  const std::int64_t b = ticket(customer, "fault", "P2", t0 + 3600, true,
                                {{"first_contact", 600}, {"diagnosed", 1200}, {"resolved", 4800}});
  // C: waits an hour on the customer, is reopened an hour after its resolution.
  ticket(customer, "fault", "P3", t0 + 7200, true,
         {{"first_contact", 120}, {"diagnosed", 720}, {"waiting_customer", 1000},
          {"customer_replied", 4600}, {"resolved", 5720}, {"reopened", 9320}, {"resolved", 10320}});
  // D: an installation, nobody assigned.
  ticket(customer, "installation", "P2", t0 + 10800, false,
         {{"first_contact", 900}, {"diagnosed", 1800}, {"onsite_decided", 2400},
          {"onsite_arrived", 9600}, {"resolved", 16800}});
  // Another customer's ticket.
  ticket(other, "fault", "P2", t0, false, {{"first_contact", 60}});

  const std::string week =
      "from=2026-11-16&to=2026-11-22&customer_id=" + std::to_string(customer);
  // A 14400 + B 4800 + C 10320 + D 16800 s.
  json r = WaitFor(week, [](const json& r) { return r["groups"][0]["total_s"] == 46320; });
  EXPECT_EQ(r["by"], "type");
  EXPECT_EQ(r["exact"], true);
  json all = r["groups"][0];
  EXPECT_TRUE(all["value"].is_null());
  // Nearest rank: the median is the ceil(n/2)-th, the p90 the ceil(9n/10)-th.
  ExpectStep(all, "received>first_contact", 4, 300, 900, 1920);  // 120 300 600 900
  ExpectStep(all, "first_contact>diagnosed", 4, 600, 1200, 3300);  // 600 600 900 1200
  ExpectStep(all, "diagnosed>onsite_decided", 2, 300, 600, 900);
  ExpectStep(all, "onsite_decided>onsite_arrived", 2, 5400, 7200, 12600);
  ExpectStep(all, "onsite_arrived>resolved", 2, 3600, 7200, 10800);
  // B and C went from the diagnosis to the resolution without a visit; C's 9600 s
  // less its wait and its time resolved before the reopen.
  ExpectStep(all, "diagnosed>resolved", 2, 2400, 3600, 6000);
  ExpectStep(all, "resolved>closed", 1, 3600, 3600, 3600);
  ExpectStep(all, "waiting_customer", 1, 3600, 3600, 3600);
  ExpectStep(all, "reopened", 1, 3600, 3600, 3600);
  EXPECT_EQ(Step(all, "onsite_decided>onsite_arrived")["share_pm"], 272);  // 12600 / 46320
  EXPECT_EQ(Step(all, "onsite_decided>onsite_arrived")["from"], "onsite_decided");
  EXPECT_TRUE(Step(all, "waiting_customer")["from"].is_null());
  EXPECT_EQ(all["slowest"], "onsite_decided>onsite_arrived");
  std::vector<std::string> order;
  for (const auto& s : all["steps"]) order.push_back(s["step"]);
  EXPECT_EQ(order, (std::vector<std::string>{
                       "received>first_contact", "first_contact>diagnosed",
                       "diagnosed>onsite_decided", "onsite_decided>onsite_arrived",
                       "diagnosed>resolved", "onsite_arrived>resolved", "resolved>closed",
                       "waiting_customer", "reopened"}));
  // The faults alone: 29520 s, of which 6000 from the diagnosis to the resolution.
  json fault = Group(r, "fault");
  EXPECT_EQ(fault["total_s"], 29520);
  EXPECT_EQ(fault["slowest"], "diagnosed>resolved");
  EXPECT_EQ(Step(fault, "diagnosed>resolved")["share_pm"], 203);
  ExpectStep(Group(r, "installation"), "onsite_arrived>resolved", 1, 7200, 7200, 7200);

  // By priority and by team (the assignee's; D has none).
  json pr = Steps(week + "&by=priority");
  ExpectStep(Group(pr, "P3"), "reopened", 1, 3600, 3600, 3600);
  ExpectStep(Group(pr, "P2"), "received>first_contact", 3, 600, 900, 1800);
  json tm = Steps(week + "&by=team");
  EXPECT_EQ(Group(tm, team_id)["label"], "一线");
  EXPECT_EQ(Group(tm, team_id)["total_s"], 29520);
  EXPECT_EQ(Group(tm, "")["total_s"], 16800);

  // A whole month comes from the monthly counts: the same counts, sums and slowest
  // step; the median and the p90 within 1 %.
  json month = Steps("from=2026-11-01&to=2026-11-30&customer_id=" + std::to_string(customer));
  EXPECT_EQ(month["exact"], false);
  json m = month["groups"][0];
  EXPECT_EQ(m["total_s"], 46320);
  EXPECT_EQ(m["slowest"], "onsite_decided>onsite_arrived");
  for (const auto& s : all["steps"]) {
    json x = Step(m, s["step"]);
    EXPECT_EQ(x["count"], s["count"]) << s;
    EXPECT_EQ(x["sum_s"], s["sum_s"]) << s;
    EXPECT_NEAR(x["median_s"].get<double>(), s["median_s"].get<double>(),
                s["median_s"].get<double>() * 0.01 + 1)
        << s;
    EXPECT_NEAR(x["p90_s"].get<double>(), s["p90_s"].get<double>(),
                s["p90_s"].get<double>() * 0.01 + 1)
        << s;
  }

  // B is closed two hours after its resolution: the follower keeps up, and the
  // monthly counts move with it.
  AddEvent(b, "closed", t0 + 3600 + 4800 + 7200);
  r = WaitFor(week, [](const json& r) { return r["groups"][0]["total_s"] == 46320 + 7200; });
  ExpectStep(r["groups"][0], "resolved>closed", 2, 3600, 7200, 10800);
  month = Steps("from=2026-11-01&to=2026-11-30&customer_id=" + std::to_string(customer));
  EXPECT_EQ(month["groups"][0]["total_s"], 46320 + 7200);
  EXPECT_EQ(Step(month["groups"][0], "resolved>closed")["count"], 2);

  // Every customer's tickets without customer_id; Party A their own only.
  json both = Steps("from=2026-11-16&to=2026-11-22");
  EXPECT_EQ(Step(both["groups"][0], "received>first_contact")["count"], 5);
  HttpClient& pa = PartyA(other);
  json own = Steps("from=2026-11-16&to=2026-11-22", &pa);
  EXPECT_EQ(own["groups"][0]["total_s"], 60);
  ExpectError(pa.Get("/api/v1/analytics/steps?customer_id=" + std::to_string(customer)), 404,
              "not_found");
  Steps(week, &As("team_leader"));
  Steps(week, &admin());
  ExpectError(As("agent").Get("/api/v1/analytics/steps"), 403, "forbidden");
  ExpectError(As("engineer").Get("/api/v1/analytics/steps"), 403, "forbidden");
  ExpectError(As("manager").Get("/api/v1/analytics/steps?by=engineer"), 422, "invalid_input", "by");
  ExpectError(As("manager").Get("/api/v1/analytics/steps?from=2026-11-22&to=2026-11-16"), 422,
              "invalid_input", "to");
  ExpectError(As("manager").Get("/api/v1/analytics/steps?from=2025-01-01&to=2026-11-16"), 422,
              "invalid_input", "to");
}

}  // namespace
}  // namespace aftercare::apitest
