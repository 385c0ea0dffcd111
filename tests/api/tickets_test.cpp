// Tickets over HTTP: the service flow of TKT-4 with live SLA metrics (SLA-2,
// TKT-5), the list's filters and cursor pagination, and the queue (TKT-3).
#include <set>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class TicketApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped()) return;
    customer_ = CreateCustomer("Coastal Rail");
    contract_ = CreateContract(customer_, "HT-RAIL-1", "2000000.00")["id"];
  }

  json Get(std::int64_t ticket) {
    return Expect(As("engineer").Get("/api/v1/tickets/" + std::to_string(ticket)), 200).Json();
  }

  std::int64_t customer_ = 0, contract_ = 0;
};
AFTERCARE_API_BACKENDS(TicketApi);

// Checks one metric of a ticket view.
void ExpectMetric(const json& t, const std::string& name, const std::string& state,
                  std::int64_t target_s, std::optional<std::int64_t> elapsed_s,
                  std::optional<std::int64_t> due, std::optional<std::int64_t> stopped_at,
                  std::optional<std::int64_t> late_by_s = std::nullopt) {
  SCOPED_TRACE("metric " + name);
  ASSERT_TRUE(t["metrics"].contains(name)) << t["metrics"].dump(1);
  const json& m = t["metrics"][name];
  EXPECT_EQ(m["state"], state) << m;
  EXPECT_EQ(m["target_s"], target_s) << m;
  if (elapsed_s) {
    EXPECT_EQ(m["elapsed_s"], *elapsed_s) << m;
  }
  if (due) {
    ASSERT_TRUE(m["due"].is_string()) << m;
    EXPECT_EQ(ParseTime(m["due"]), *due) << m;
  } else {
    EXPECT_TRUE(m["due"].is_null()) << m;
  }
  if (stopped_at) {
    ASSERT_TRUE(m["stopped_at"].is_string()) << m;
    EXPECT_EQ(ParseTime(m["stopped_at"]), *stopped_at) << m;
  } else {
    EXPECT_TRUE(m["stopped_at"].is_null()) << m;
  }
  if (late_by_s) {
    EXPECT_EQ(m["late_by_s"], *late_by_s) << m;
  }
}

// TKT-4, TKT-5, SLA-2: a P2 phone fault through the whole flow: remote first
// (first contact, diagnosis), on site (decided, arrived), waiting on the
// customer, escalation to the manufacturer with its reference number, resolved,
// reopened, resolved again, closed. After each step GET /tickets/{id} shows the
// status, the timeline and the metrics as the engine computes them. All times
// are in the past (received 2026-03-02 09:00 +08:00), so the numbers are fixed.
TEST_P(TicketApi, Tkt4_TheWholeFlowWithLiveMetrics) {
  const std::int64_t r = ParseTime("2026-03-02T09:00:00+08:00");
  const std::int64_t m = 60, h = 3600;
  json t = CreateTicket({{"customer_id", customer_},
                         {"contract_id", contract_},
                         {"channel", "phone"},
                         {"type", "fault"},
                         {"priority", "P2"},
                         {"title", "Signal box offline"},
                         {"caller_name", "Mr. Wang"},
                         {"caller_phone", "13700000000"},
                         {"received_at", Rfc3339(r)},
                         {"form",
                          {{"service_address", "Depot 3"},
                           {"postcode", "100000"},
                           {"approvals", {{"applicant_unit", {{"signer", "Li"}}}}}}}});
  const std::int64_t id = t["id"];
  EXPECT_EQ(t["number"],
            "TK-" + std::string(6 - std::to_string(id).size(), '0') + std::to_string(id));
  EXPECT_EQ(t["status"], "active");
  EXPECT_EQ(t["sla_bound"], true);
  EXPECT_EQ(t["form"]["service_address"], "Depot 3");
  // Nothing happened for months: every running clock is late by now.
  ExpectMetric(t, "acknowledge", "late", 5 * m, std::nullopt, r + 5 * m, std::nullopt);
  ExpectMetric(t, "response", "late", 30 * m, std::nullopt, r + 30 * m, std::nullopt);
  ExpectMetric(t, "repair", "late", 24 * h, std::nullopt, r + 24 * h, std::nullopt);
  EXPECT_EQ(t["metrics"].size(), 3u) << t["metrics"];
  EXPECT_EQ(ParseTime(t["next_due_at"]), r + 5 * m);

  t = AddEvent(id, "first_contact", r + 3 * m);
  ExpectMetric(t, "acknowledge", "met", 5 * m, 3 * m, r + 5 * m, r + 3 * m);
  EXPECT_EQ(ParseTime(t["next_due_at"]), r + 30 * m);

  t = AddEvent(id, "diagnosed", r + 20 * m, {{"note", "Remote: the controller does not boot"}});
  ExpectMetric(t, "response", "met", 30 * m, 20 * m, r + 30 * m, r + 20 * m);
  EXPECT_EQ(t["status"], "active");

  t = AddEvent(id, "onsite_decided", r + 30 * m);
  ExpectMetric(t, "onsite_arrival", "late", 60 * m, std::nullopt, r + 90 * m, std::nullopt);

  t = AddEvent(id, "onsite_arrived", r + 80 * m);
  ExpectMetric(t, "onsite_arrival", "met", 60 * m, 50 * m, r + 90 * m, r + 80 * m);
  ExpectMetric(t, "onsite_fix", "late", 60 * m, std::nullopt, r + 140 * m, std::nullopt);

  // Waiting on the customer pauses the handling metrics (due: null while paused).
  t = AddEvent(id, "waiting_customer", r + 100 * m, {{"note", "Needs the spare part"}});
  EXPECT_EQ(t["status"], "waiting");
  ExpectMetric(t, "onsite_fix", "paused", 60 * m, 20 * m, std::nullopt, std::nullopt);
  ExpectMetric(t, "repair", "paused", 24 * h, 100 * m, std::nullopt, std::nullopt);

  t = AddEvent(id, "customer_replied", r + 220 * m);
  EXPECT_EQ(t["status"], "active");

  // Escalation to the manufacturer: a flow record with its reference number.
  json escalation = {{"escalated_to", "manufacturer"}, {"reference", "MFR-2026-0042"}};
  t = AddEvent(id, "escalated", r + 240 * m, {{"data", escalation}});
  EXPECT_EQ(t["status"], "active");
  EXPECT_EQ(t["timeline"].back()["kind"], "escalated");
  EXPECT_EQ(t["timeline"].back()["data"], escalation);

  t = AddEvent(id, "resolved", r + 250 * m);
  EXPECT_EQ(t["status"], "resolved");
  // onsite_fix: 20 min before the wait + 30 min after it.
  ExpectMetric(t, "onsite_fix", "met", 60 * m, 50 * m, r + 260 * m, r + 250 * m);
  // repair: 100 min + 30 min, the 2 h wait excluded.
  ExpectMetric(t, "repair", "met", 24 * h, 130 * m, r + 24 * h + 120 * m, r + 250 * m);
  EXPECT_TRUE(t["next_due_at"].is_null()) << t["next_due_at"];

  t = AddEvent(id, "reopened", r + 300 * m, {{"note", "Fails again"}});
  EXPECT_EQ(t["status"], "active");
  EXPECT_EQ(t["metrics"]["onsite_fix"]["state"], "late");  // running again, months ago

  t = AddEvent(id, "resolved", r + 320 * m);
  EXPECT_EQ(t["status"], "resolved");
  // 50 min + 20 min after the reopen (the resolved-reopened gap excluded): late by 10 min.
  ExpectMetric(t, "onsite_fix", "late", 60 * m, 70 * m, r + 310 * m, r + 320 * m, 10 * m);
  ExpectMetric(t, "repair", "met", 24 * h, 150 * m, r + 320 * m + 24 * h - 150 * m, r + 320 * m);

  t = AddEvent(id, "closed", r + 360 * m);
  EXPECT_EQ(t["status"], "closed");

  // The timeline (TKT-5): every step, in order, with who and when.
  std::vector<std::string> kinds;
  for (const auto& e : t["timeline"]) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"received", "first_contact", "diagnosed", "onsite_decided",
                                      "onsite_arrived", "waiting_customer", "customer_replied",
                                      "escalated", "resolved", "reopened", "resolved", "closed"}));
  for (std::size_t i = 1; i < t["timeline"].size(); ++i) {
    EXPECT_GE(ParseTime(t["timeline"][i]["recorded_at"]), ParseTime(t["timeline"][i]["at"]));
    EXPECT_EQ(t["timeline"][i]["actor_id"], UserId("team_leader"));
    EXPECT_EQ(t["timeline"][i]["seq"], i + 1);
  }

  // GET shows the same as the last event's answer; a closed ticket takes nothing more.
  json back = Get(id);
  EXPECT_EQ(back["metrics"], t["metrics"]);
  EXPECT_EQ(back["timeline"], t["timeline"]);
  HttpResponse after = As("engineer")
                           .Post("/api/v1/tickets/" + std::to_string(id) + "/events",
                                 {{"kind", "note"}, {"note", "late remark"}});
  ExpectError(after, 409, "conflict");

  // The late on-site fix is a late handling in the contract's ledger (CON-2), not a strike.
  json c =
      Expect(As("manager").Get("/api/v1/contracts/" + std::to_string(contract_) + "/compliance"),
             200)
          .Json();
  EXPECT_EQ(c["late_handlings"], 1);
  EXPECT_EQ(c["strikes"], 0);
  ASSERT_EQ(c["ledger"].size(), 1u) << c;
  EXPECT_EQ(c["ledger"][0]["metric"], "onsite_fix");
  EXPECT_EQ(c["ledger"][0]["late_by_s"], 10 * m);
  EXPECT_EQ(c["ledger"][0]["amount"]["fen"], 60000);  // 2,000,000.00 x 0.0003
}

// TKT-4: the flow rejects what cannot happen and what is incomplete.
TEST_P(TicketApi, Tkt4_StepsThatCannotHappenAreRejected) {
  const std::int64_t r = NowUnix() - 300;
  json t = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(r)}});
  std::string events = "/api/v1/tickets/" + t["id"].dump() + "/events";
  HttpClient& eng = As("engineer");
  ExpectError(
      eng.Post(events, {{"kind", "escalated"}, {"data", {{"escalated_to", "manufacturer"}}}}), 422,
      "invalid_input", "data.reference");
  ExpectError(eng.Post(events, {{"kind", "escalated"}, {"data", {{"escalated_to", "moon"}}}}), 422,
              "invalid_input", "data.escalated_to");
  Expect(eng.Post(events, {{"kind", "escalated"}, {"data", {{"escalated_to", "senior_engineer"}}}}),
         201);
  ExpectError(eng.Post(events, {{"kind", "reopened"}}), 409, "conflict");
  ExpectError(eng.Post(events, {{"kind", "received"}}), 422, "invalid_input", "kind");
  ExpectError(eng.Post(events, {{"kind", "teleported"}}), 422, "invalid_input", "kind");
  ExpectError(eng.Post(events, {{"kind", "note"}}), 422, "invalid_input", "note");
  // A new priority is a team leader's or manager's (issue 10), and needs its value.
  ExpectError(eng.Post(events, {{"kind", "priority"}, {"to_priority", "P1"}}), 403, "forbidden",
              "kind");
  ExpectError(As("team_leader").Post(events, {{"kind", "priority"}}), 422, "invalid_input",
              "to_priority");
  ExpectError(eng.Post(events, {{"kind", "first_contact"}, {"at", Rfc3339(r - 60)}}), 422,
              "invalid_input", "at");
  ExpectError(eng.Post(events, {{"kind", "first_contact"}, {"at", Rfc3339(NowUnix() + 3600)}}), 422,
              "invalid_input", "at");
  ExpectError(As("agent").Post("/api/v1/tickets", {{"customer_id", customer_},
                                                   {"title", "future"},
                                                   {"received_at", Rfc3339(NowUnix() + 3600)}}),
              422, "invalid_input", "received_at");
  json p =
      Expect(As("team_leader").Post(events, {{"kind", "priority"}, {"to_priority", "P1"}}), 201)
          .Json();
  EXPECT_EQ(p["priority"], "P1");
  EXPECT_EQ(p["metrics"]["response"]["target_s"], 15 * 60);
  EXPECT_EQ(Get(t["id"])["timeline"].size(), 3u);
}

// The list's items, by id.
std::vector<std::int64_t> Ids(const json& page) {
  std::vector<std::int64_t> out;
  for (const auto& x : page["items"]) out.push_back(x["id"]);
  return out;
}

// TKT-3, TKT-6: the ticket list filters by status, customer, priority, received
// date and finds a ticket by number or caller phone; newest first.
TEST_P(TicketApi, Tkt3_ListFilters) {
  std::int64_t other = CreateCustomer("Inland Gas");
  CreateContract(other, "HT-GAS-1");
  const std::int64_t now = NowUnix();
  auto make = [&](std::int64_t customer, const std::string& priority, const std::string& phone,
                  std::int64_t ago) {
    return CreateTicket({{"customer_id", customer},
                         {"priority", priority},
                         {"caller_phone", phone},
                         {"title", "Case " + phone},
                         {"received_at", Rfc3339(now - ago)}});
  };
  json t1 = make(customer_, "P1", "13800000001", 5 * 3600);
  json t2 = make(customer_, "P2", "13800000002", 4 * 3600);
  json t3 = make(other, "P1", "13800000003", 3 * 3600);
  json t4 = make(other, "P3", "13800000004", 2 * 3600);
  json t5 = make(customer_, "P3", "13800000005", 1 * 3600);
  AddEvent(t2["id"], "resolved", now - 3600);
  AddEvent(t3["id"], "waiting_customer", now - 3600);
  AddEvent(t5["id"], "closed", now - 600);
  using V = std::vector<std::int64_t>;
  const std::int64_t i1 = t1["id"], i2 = t2["id"], i3 = t3["id"], i4 = t4["id"], i5 = t5["id"];
  HttpClient& agent = As("agent");
  auto list = [&](const std::string& query) {
    return Ids(Expect(agent.Get("/api/v1/tickets" + query), 200).Json());
  };
  EXPECT_EQ(list(""), (V{i5, i4, i3, i2, i1}));
  EXPECT_EQ(list("?status=active"), (V{i4, i1}));
  EXPECT_EQ(list("?status=waiting"), (V{i3}));
  EXPECT_EQ(list("?status=resolved"), (V{i2}));
  EXPECT_EQ(list("?status=closed"), (V{i5}));
  EXPECT_EQ(list("?status=open"), (V{i4, i3, i1}));
  EXPECT_EQ(list("?customer_id=" + std::to_string(customer_)), (V{i5, i2, i1}));
  EXPECT_EQ(list("?priority=P1"), (V{i3, i1}));
  EXPECT_EQ(list("?customer_id=" + std::to_string(other) + "&priority=P3"), (V{i4}));
  EXPECT_EQ(list("?q=" + t3["number"].get<std::string>()), (V{i3}));
  EXPECT_EQ(list("?q=13800000002"), (V{i2}));
  EXPECT_EQ(list("?q=13899999999"), V{});
  std::string from = Rfc3339(now - 4 * 3600 - 1), to = Rfc3339(now - 2 * 3600);
  for (auto* s : {&from, &to}) s->replace(s->find('+'), 1, "%2B");  // '+' in a query is a space
  EXPECT_EQ(list("?received_from=" + from + "&received_to=" + to), (V{i3, i2}));
  EXPECT_EQ(list("?status=open&customer_id=" + std::to_string(other)), (V{i4, i3}));

  json item = Expect(agent.Get("/api/v1/tickets?q=13800000001"), 200).Json()["items"][0];
  EXPECT_EQ(item["number"], t1["number"]);
  EXPECT_EQ(item["caller_phone"], "13800000001");
  EXPECT_EQ(item["priority"], "P1");

  ExpectError(agent.Get("/api/v1/tickets?customer_id=abc"), 400, "bad_request", "customer_id");
  ExpectError(agent.Get("/api/v1/tickets?limit=2x"), 400, "bad_request", "limit");
  ExpectError(agent.Get("/api/v1/tickets?received_from=yesterday"), 400, "bad_request",
              "received_from");
  ExpectError(agent.Get("/api/v1/tickets?status=lost"), 422, "invalid_input", "status");
  ExpectError(agent.Get("/api/v1/tickets?priority=P9"), 422, "invalid_input", "priority");
  ExpectError(agent.Get("/api/v1/tickets?limit=0"), 422, "invalid_input", "limit");
  // Not truncated into range (4294967297 would read as 1).
  ExpectError(agent.Get("/api/v1/tickets?limit=4294967297"), 422, "invalid_input", "limit");
  ExpectError(agent.Get("/api/v1/tickets?cursor=bogus"), 422, "invalid_input", "cursor");
}

// Walks every page of `query` (which must have limit=...) and returns the ids.
std::vector<std::int64_t> WalkPages(HttpClient& c, const std::string& query, int* pages) {
  std::vector<std::int64_t> all;
  std::string cursor;
  *pages = 0;
  for (;;) {
    std::string target = "/api/v1/tickets" + query + (cursor.empty() ? "" : "&cursor=" + cursor);
    json page = Expect(c.Get(target), 200).Json();
    ++*pages;
    for (auto id : Ids(page)) all.push_back(id);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
    if (*pages > 100) throw std::runtime_error("pagination does not end: " + target);
  }
  return all;
}

// Cursor pagination: limit=2 walks every ticket once, in the unpaged order, also
// when several tickets share a received second; filters hold on every page.
TEST_P(TicketApi, Tkt3_CursorPaginationWalksAllPagesWithoutDuplicates) {
  const std::int64_t now = NowUnix();
  for (int i = 0; i < 7; ++i) {
    // Pairs of tickets received at the same second: the cursor must break ties.
    CreateTicket({{"customer_id", customer_},
                  {"priority", i % 3 == 0 ? "P1" : "P4"},
                  {"received_at", Rfc3339(now - 3600 * (i / 2))}});
  }
  HttpClient& agent = As("agent");
  std::vector<std::int64_t> full = Ids(Expect(agent.Get("/api/v1/tickets"), 200).Json());
  ASSERT_EQ(full.size(), 7u);
  int pages = 0;
  std::vector<std::int64_t> walked = WalkPages(agent, "?limit=2", &pages);
  EXPECT_EQ(walked, full);
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(std::set<std::int64_t>(walked.begin(), walked.end()).size(), walked.size());

  std::vector<std::int64_t> p4 = Ids(Expect(agent.Get("/api/v1/tickets?priority=P4"), 200).Json());
  EXPECT_EQ(WalkPages(agent, "?priority=P4&limit=2", &pages), p4);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(WalkPages(agent, "?limit=1", &pages), full);
  EXPECT_EQ(WalkPages(agent, "?limit=7", &pages), full);
  EXPECT_EQ(pages, 1);
}

// TKT-3, SLA-4: queue=1 orders the open tickets by their next due time (the
// earliest running deadline first, tickets with no running clock last), also
// across pages.
TEST_P(TicketApi, Tkt3_QueueOrdersByNextDue) {
  const std::int64_t now = NowUnix();
  const std::int64_t m = 60;
  // next due: received + 5 min (acknowledge) for phone tickets, + 24 h for e-mail.
  json a = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 10 * m)}});
  json b = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 60 * m)}});
  json c = CreateTicket(
      {{"customer_id", customer_}, {"channel", "email"}, {"received_at", Rfc3339(now - 30 * m)}});
  json d = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 20 * m)}});
  AddEvent(d["id"], "first_contact", now - 19 * m);  // next: response, received + 60 min
  json e = CreateTicket(
      {{"customer_id", customer_}, {"type", "consulting"}, {"received_at", Rfc3339(now - 15 * m)}});
  AddEvent(e["id"], "first_contact", now - 14 * m);
  AddEvent(e["id"], "diagnosed", now - 13 * m);  // nothing running: no next due
  json f = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 40 * m)}});
  AddEvent(f["id"], "closed", now - 39 * m);

  json first = Get(b["id"]);
  EXPECT_EQ(ParseTime(first["next_due_at"]), now - 55 * m);
  HttpClient& agent = As("agent");
  json q = Expect(agent.Get("/api/v1/tickets?queue=1"), 200).Json();
  std::vector<std::int64_t> open_order = {b["id"], a["id"], d["id"], c["id"], e["id"]};
  std::vector<std::int64_t> got;
  for (const auto& x : q["items"]) {
    if (x["status"] == "active" || x["status"] == "waiting") got.push_back(x["id"]);
  }
  EXPECT_EQ(got, open_order) << q.dump(1);
  // Non-decreasing next_due_at, nulls last.
  std::optional<std::int64_t> last;
  bool seen_null = false;
  for (const auto& x : q["items"]) {
    if (x["next_due_at"].is_null()) {
      seen_null = true;
      continue;
    }
    EXPECT_FALSE(seen_null) << "a due ticket after one with no due time: " << q.dump(1);
    std::int64_t due = ParseTime(x["next_due_at"]);
    if (last) {
      EXPECT_LE(*last, due) << q.dump(1);
    }
    last = due;
  }
  int pages = 0;
  EXPECT_EQ(WalkPages(agent, "?queue=1&limit=2", &pages), Ids(q));
  EXPECT_EQ(WalkPages(agent, "?queue=1&status=open&limit=2", &pages), open_order);
}

// TKT-3: the queue holds open tickets only: resolved and closed ones are not in it.
TEST_P(TicketApi, Tkt3_QueueListsOnlyOpenTickets) {
  const std::int64_t now = NowUnix();
  json open = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 600)}});
  json closed = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 600)}});
  AddEvent(closed["id"], "closed", now - 300);
  json resolved = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 600)}});
  AddEvent(resolved["id"], "resolved", now - 300);
  json q = Expect(As("agent").Get("/api/v1/tickets?queue=1"), 200).Json();
  EXPECT_EQ(Ids(q), std::vector<std::int64_t>{open["id"]}) << q.dump(1);
}

// TKT-3 with live SLA: open tickets filtered by SLA state at the server's now:
// `late` when a clock past its due is still running, else `on_time`; closed
// tickets are in neither.
TEST_P(TicketApi, Tkt3_FilterBySlaState) {
  const std::int64_t now = NowUnix();
  json late = CreateTicket(
      {{"customer_id", customer_}, {"channel", "phone"}, {"received_at", Rfc3339(now - 600)}});
  json on_time = CreateTicket(
      {{"customer_id", customer_}, {"channel", "phone"}, {"received_at", Rfc3339(now - 60)}});
  json closed = CreateTicket(
      {{"customer_id", customer_}, {"channel", "phone"}, {"received_at", Rfc3339(now - 600)}});
  AddEvent(closed["id"], "closed", now - 300);
  HttpClient& agent = As("agent");
  EXPECT_EQ(Ids(Expect(agent.Get("/api/v1/tickets?sla=late"), 200).Json()),
            std::vector<std::int64_t>{late["id"]});
  EXPECT_EQ(Ids(Expect(agent.Get("/api/v1/tickets?sla=on_time"), 200).Json()),
            std::vector<std::int64_t>{on_time["id"]});
  ExpectError(agent.Get("/api/v1/tickets?sla=bogus"), 422, "invalid_input", "sla");
}

// Regression (was a bug): q finds "words of the ticket's
// text" with SQL LIKE, which is case-insensitive on SQLite but case-sensitive on
// PostgreSQL: GET /api/v1/tickets?q=printer finds "Printer jams" on SQLite only.
TEST_P(TicketApi, Tkt3_TextSearchIsTheSameOnBothBackends) {
  json t = CreateTicket({{"customer_id", customer_}, {"title", "Printer jams on floor 3"}});
  HttpClient& agent = As("agent");
  EXPECT_EQ(Ids(Expect(agent.Get("/api/v1/tickets?q=jams"), 200).Json()),
            std::vector<std::int64_t>{t["id"]});
  EXPECT_EQ(Ids(Expect(agent.Get("/api/v1/tickets?q=printer"), 200).Json()),
            std::vector<std::int64_t>{t["id"]});
}

}  // namespace
}  // namespace aftercare::apitest
