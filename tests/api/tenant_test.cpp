// Tenant isolation (CON-4) and what Party A may do (TKT-1, STAFF-1, SEC-1).
#include <cstdlib>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class TenantApi : public ApiTest {
 protected:
  struct Tenant {
    std::int64_t customer = 0, system = 0, contract = 0, ticket = 0;
  };

  // Two customers, each with a system, a contract and a ticket logged by an agent.
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped()) return;
    a_ = MakeTenant("Alpha Water", "HT-A-1", "13900000001");
    b_ = MakeTenant("Beta Power", "HT-B-1", "13900000002");
  }

  Tenant MakeTenant(const std::string& name, const std::string& number, const std::string& phone) {
    Tenant t;
    t.customer = CreateCustomer(name);
    t.system = CreateSystem(t.customer, name + " billing");
    t.contract = CreateContract(t.customer, number, "800000.00",
                                {{"system_ids", json::array({t.system})}})["id"];
    t.ticket = CreateTicket({{"customer_id", t.customer},
                             {"contract_id", t.contract},
                             {"system_id", t.system},
                             {"title", "Billing run fails for " + name},
                             {"caller_phone", phone},
                             {"received_at", Rfc3339(NowUnix() - 3600)}})["id"];
    return t;
  }

  static std::string Id(std::int64_t id) { return std::to_string(id); }

  Tenant a_, b_;
};
AFTERCARE_API_BACKENDS(TenantApi);

// The error part that must not tell a foreign id from a missing one.
json Comparable(const HttpResponse& r) {
  json e = r.Json()["error"];
  e.erase("request_id");
  return {{"status", r.status}, {"error", e}};
}

// CON-4: for a Party A user of customer A, every id of customer B answers exactly
// like an id that does not exist: 404, same code, message and field.
TEST_P(TenantApi, Con4_ForeignIdsAnswerExactlyLikeMissingOnes) {
  HttpClient& pa = PartyA(a_.customer);
  const std::string missing = "987654";
  struct Probe {
    std::string method, foreign, absent;
    json body;
  };
  std::vector<Probe> probes = {
      {"GET", "/api/v1/tickets/" + Id(b_.ticket), "/api/v1/tickets/" + missing, nullptr},
      {"GET", "/api/v1/contracts/" + Id(b_.contract), "/api/v1/contracts/" + missing, nullptr},
      {"GET", "/api/v1/contracts/" + Id(b_.contract) + "/compliance",
       "/api/v1/contracts/" + missing + "/compliance", nullptr},
      {"GET", "/api/v1/contracts/" + Id(b_.contract) + "/scenario",
       "/api/v1/contracts/" + missing + "/scenario", nullptr},
      {"GET", "/api/v1/contracts/" + Id(b_.contract) + "/scenario?as_of=2026-06-01T00:00:00Z",
       "/api/v1/contracts/" + missing + "/scenario?as_of=2026-06-01T00:00:00Z", nullptr},
      {"GET", "/api/v1/customers/" + Id(b_.customer), "/api/v1/customers/" + missing, nullptr},
      {"GET", "/api/v1/customers/" + Id(b_.customer) + "/systems",
       "/api/v1/customers/" + missing + "/systems", nullptr},
      {"GET", "/api/v1/customers/" + Id(b_.customer) + "/archive",
       "/api/v1/customers/" + missing + "/archive", nullptr},
      {"POST", "/api/v1/tickets/" + Id(b_.ticket) + "/events",
       "/api/v1/tickets/" + missing + "/events", json{{"kind", "note"}, {"note", "hello?"}}},
      {"POST", "/api/v1/contracts/" + Id(b_.contract) + "/notices",
       "/api/v1/contracts/" + missing + "/notices", json{{"note", "we terminate"}}},
  };
  for (const Probe& p : probes) {
    SCOPED_TRACE(p.method + " " + p.foreign);
    std::optional<std::string> body;
    if (!p.body.is_null()) body = p.body.dump();
    HttpResponse foreign = pa.Send(p.method, p.foreign, body);
    HttpResponse absent = pa.Send(p.method, p.absent, body);
    ExpectError(foreign, 404, "not_found", nullptr);
    EXPECT_EQ(Comparable(foreign), Comparable(absent)) << foreign.Describe() << "\n"
                                                       << absent.Describe();
    EXPECT_EQ(foreign.body.find("Beta"), std::string::npos) << foreign.Describe();
  }
  // The same ids are there for the vendor side and for B's own Party A user.
  Expect(admin().Get("/api/v1/tickets/" + Id(b_.ticket)), 200);
  Expect(PartyA(b_.customer).Get("/api/v1/tickets/" + Id(b_.ticket)), 200);
  Expect(PartyA(b_.customer).Get("/api/v1/contracts/" + Id(b_.contract) + "/compliance"), 200);
  // And nothing was written on B's ticket or contract by A's attempts.
  // (The server's own SLA alerts aside: B's ticket was received an hour ago.)
  json t = Expect(admin().Get("/api/v1/tickets/" + Id(b_.ticket)), 200).Json();
  int entries = 0;
  for (const json& e : t["timeline"]) entries += e["kind"] != "alerted";
  EXPECT_EQ(entries, 1) << t["timeline"];
  EXPECT_EQ(server().QueryScalar("SELECT COUNT(*) FROM notices"), "0");
}

// CON-4: lists show Party A only its own customer's tickets, contracts and
// customer record, whatever the filters ask for.
TEST_P(TenantApi, Con4_ListsShowOnlyTheOwnCustomer) {
  HttpClient& pa = PartyA(a_.customer);
  auto ids = [](const json& page) {
    std::vector<std::int64_t> out;
    for (const auto& x : page["items"]) out.push_back(x["id"]);
    return out;
  };
  json all = Expect(pa.Get("/api/v1/tickets"), 200).Json();
  EXPECT_EQ(ids(all), std::vector<std::int64_t>{a_.ticket}) << all;
  for (const auto& x : all["items"]) EXPECT_EQ(x["customer_id"], a_.customer);
  json filtered = Expect(pa.Get("/api/v1/tickets?customer_id=" + Id(b_.customer)), 200).Json();
  EXPECT_TRUE(filtered["items"].empty()) << filtered;
  json by_phone = Expect(pa.Get("/api/v1/tickets?q=13900000002"), 200).Json();
  EXPECT_TRUE(by_phone["items"].empty()) << by_phone;
  json queue = Expect(pa.Get("/api/v1/tickets?queue=1"), 200).Json();
  EXPECT_EQ(ids(queue), std::vector<std::int64_t>{a_.ticket}) << queue;

  json contracts = Expect(pa.Get("/api/v1/contracts"), 200).Json();
  EXPECT_EQ(ids(contracts), std::vector<std::int64_t>{a_.contract}) << contracts;
  json customers = Expect(pa.Get("/api/v1/customers"), 200).Json();
  EXPECT_EQ(ids(customers), std::vector<std::int64_t>{a_.customer}) << customers;

  json archive = Expect(pa.Get("/api/v1/customers/" + Id(a_.customer) + "/archive"), 200).Json();
  EXPECT_EQ(archive["customer"]["id"], a_.customer);
  ASSERT_EQ(archive["tickets"].size(), 1u) << archive;
  EXPECT_EQ(archive["tickets"][0]["id"], a_.ticket);
  ASSERT_EQ(archive["contracts"].size(), 1u) << archive;
  EXPECT_EQ(archive["contracts"][0]["id"], a_.contract);

  // The vendor side sees both.
  json vendor = Expect(As("agent").Get("/api/v1/tickets"), 200).Json();
  EXPECT_EQ(vendor["items"].size(), 2u) << vendor;
}

// TKT-1: Party A submits a ticket on the portal for its own customer, adds a note
// and a reply, and reads it back; the ticket is on the portal channel whatever
// the body says.
TEST_P(TenantApi, Tkt1_PartyACreatesAPortalTicketAndAddsANote) {
  HttpClient& pa = PartyA(a_.customer);
  json t = CreateTicket({{"customer_id", a_.customer},
                         {"system_id", a_.system},
                         {"title", "Reports page is blank"},
                         {"description", "Since this morning"},
                         {"priority", "P2"}},
                        &pa);
  EXPECT_EQ(t["customer_id"], a_.customer);
  EXPECT_EQ(t["channel"], "portal");
  EXPECT_EQ(t["contract_id"], a_.contract);
  EXPECT_EQ(t["status"], "active");
  EXPECT_TRUE(t["metrics"].contains("response")) << t["metrics"];
  std::string events = "/api/v1/tickets/" + t["id"].dump() + "/events";
  json noted =
      Expect(pa.Post(events, {{"kind", "note"}, {"note", "Screenshot attached by mail"}}), 201)
          .Json();
  ASSERT_EQ(noted["timeline"].size(), 2u) << noted;
  EXPECT_EQ(noted["timeline"][1]["kind"], "note");
  EXPECT_EQ(noted["timeline"][1]["note"], "Screenshot attached by mail");
  json me = Expect(pa.Get("/api/v1/me"), 200).Json();
  EXPECT_EQ(noted["timeline"][1]["actor_id"], me["id"]);

  json back = Expect(pa.Get("/api/v1/tickets/" + t["id"].dump()), 200).Json();
  EXPECT_EQ(back["timeline"], noted["timeline"]);
  json mine = Expect(pa.Get("/api/v1/tickets"), 200).Json();
  EXPECT_EQ(mine["items"].size(), 2u) << mine;

  // Not for another customer: indistinguishable from a customer that does not exist.
  HttpResponse foreign = pa.Post("/api/v1/tickets", {{"customer_id", b_.customer}, {"title", "x"}});
  HttpResponse absent = pa.Post("/api/v1/tickets", {{"customer_id", 987654}, {"title", "x"}});
  ExpectError(foreign, 404, "not_found");
  EXPECT_EQ(Comparable(foreign), Comparable(absent));
  // Nor on another customer's contract or system.
  ExpectError(pa.Post("/api/v1/tickets",
                      {{"customer_id", a_.customer}, {"contract_id", b_.contract}, {"title", "x"}}),
              422, "invalid_input", "contract_id");
  ExpectError(pa.Post("/api/v1/tickets",
                      {{"customer_id", a_.customer}, {"system_id", b_.system}, {"title", "x"}}),
              422, "invalid_input", "system_id");
}

// STAFF-1, SEC-1: a Party A user cannot act as the vendor: it cannot record the
// vendor's steps (first contact, diagnosis, resolution...), assign or grade,
// waive, create users or customers, or log a hotline call (its tickets are portal
// tickets); its API token carries its own role. An administrator cannot make a
// customer-bound vendor user either.
TEST_P(TenantApi, Sec1_VendorRolesCannotBeImpersonated) {
  HttpClient& pa = PartyA(a_.customer);
  std::string events = "/api/v1/tickets/" + Id(a_.ticket) + "/events";
  for (std::string kind : {"first_contact", "first_reply", "diagnosed", "onsite_decided",
                           "onsite_arrived", "waiting_customer", "resolved"}) {
    SCOPED_TRACE(kind);
    ExpectError(pa.Post(events, {{"kind", kind}}), 403, "forbidden", nullptr);
  }
  ExpectError(pa.Post(events, {{"kind", "escalated"},
                               {"data", {{"escalated_to", "manufacturer"}, {"reference", "X-1"}}}}),
              403, "forbidden");
  ExpectError(pa.Post(events, {{"kind", "assigned"}, {"data", {{"assignee_id", 1}}}}), 403,
              "forbidden");
  ExpectError(pa.Post(events, {{"kind", "graded"}, {"data", {{"fault_grade", "major"}}}}), 403,
              "forbidden");
  ExpectError(pa.Post(events, {{"kind", "priority"}, {"to_priority", "P1"}}), 403, "forbidden");
  json t = Expect(admin().Get("/api/v1/tickets/" + Id(a_.ticket)), 200).Json();
  EXPECT_EQ(t["timeline"].size(), 1u) << t["timeline"];
  EXPECT_EQ(t["status"], "active");

  // A hotline call cannot be claimed: the channel is forced to portal.
  json call =
      CreateTicket({{"customer_id", a_.customer}, {"channel", "phone"}, {"title", "x"}}, &pa);
  EXPECT_EQ(call["channel"], "portal");
  ExpectError(
      pa.Post("/api/v1/tickets",
              {{"customer_id", a_.customer}, {"title", "x"}, {"assignee_id", UserId("engineer")}}),
      403, "forbidden");

  json user = {{"login", "fake_manager"},
               {"display_name", "Fake"},
               {"role", "manager"},
               {"password", "long-enough-1"}};
  ExpectError(pa.Post("/api/v1/users", user), 403, "forbidden");
  ExpectError(pa.Post("/api/v1/customers", {{"name", "Gamma"}}), 403, "forbidden");
  ExpectError(pa.Post("/api/v1/customers/" + Id(a_.customer) + "/systems", {{"name", "HR"}}), 403,
              "forbidden");
  ExpectError(pa.Get("/api/v1/users"), 403, "forbidden");

  // Its API token is still a Party A credential of customer A.
  json token = Expect(pa.Post("/api/v1/tokens", {{"name", "portal-sync"}}), 201).Json();
  auto bearer = Anonymous();
  bearer->set_bearer(token["token"]);
  json me = Expect(bearer->Get("/api/v1/me"), 200).Json();
  EXPECT_EQ(me["role"], "party_a");
  EXPECT_EQ(me["customer_id"], a_.customer);
  ExpectError(bearer->Get("/api/v1/tickets/" + Id(b_.ticket)), 404, "not_found");

  // Customer binding and vendor roles exclude each other.
  json bound_manager = user;
  bound_manager["customer_id"] = a_.customer;
  ExpectError(admin().Post("/api/v1/users", bound_manager), 422, "invalid_input", "customer_id");
  json unbound_party_a = user;
  unbound_party_a["role"] = "party_a";
  ExpectError(admin().Post("/api/v1/users", unbound_party_a), 422, "invalid_input", "customer_id");
  ExpectError(admin().Post("/api/v1/users", {{"login", "x1"},
                                             {"display_name", "X"},
                                             {"role", "superuser"},
                                             {"password", "long-enough-1"}}),
              422, "invalid_input", "role");
}

// CON-4, SEC-1: every vendor-side read of a customer's ticket lands in the audit
// log (who, what, when), which only administrators can query; Party A reading
// its own ticket is not a vendor read.
TEST_P(TenantApi, Con4_VendorReadsOfTicketsAreAudited) {
  const std::string query = "/api/v1/audit?entity=ticket&action=read&entity_id=" + Id(a_.ticket);
  auto reads = [&] { return Expect(admin().Get(query), 200).Json()["items"]; };
  EXPECT_EQ(reads().size(), 0u);
  Expect(As("engineer").Get("/api/v1/tickets/" + Id(a_.ticket)), 200);
  json after = reads();
  ASSERT_EQ(after.size(), 1u) << after;
  EXPECT_EQ(after[0]["actor_id"], UserId("engineer"));
  EXPECT_EQ(after[0]["actor"], "engineer1");
  EXPECT_LE(std::abs(ParseTime(after[0]["at"]) - NowUnix()), 60);
  Expect(PartyA(a_.customer).Get("/api/v1/tickets/" + Id(a_.ticket)), 200);
  EXPECT_EQ(reads().size(), 1u);
  for (std::string role : {"agent", "engineer", "team_leader", "manager"}) {
    SCOPED_TRACE(role);
    ExpectError(As(role).Get("/api/v1/audit"), 403, "forbidden");
  }
  ExpectError(PartyA(a_.customer).Get("/api/v1/audit"), 403, "forbidden");
}

// Regression (was a bug): Party A sets received_at on its own
// portal tickets, so it can backdate one by a month and make every response
// clock late at once, i.e. create penalty events (CON-2) and strikes (CON-3)
// against the vendor: POST /api/v1/tickets as party_a {"customer_id": A,
// "title": "x", "received_at": now - 30 d} -> 201 with received_at 30 days ago,
// and the contract's ledger gains a late `response`. Expected: a portal ticket
// is received when Party A submits it (received_at refused, or ignored).
TEST_P(TenantApi, Con2_PartyACannotBackdateAPortalTicket) {
  HttpClient& pa = PartyA(a_.customer);
  const std::int64_t now = NowUnix();
  HttpResponse r = pa.Post("/api/v1/tickets", {{"customer_id", a_.customer},
                                               {"title", "Backdated"},
                                               {"received_at", Rfc3339(now - 30 * 86400)}});
  if (r.status == 201) {
    EXPECT_LE(std::abs(ParseTime(r.Json()["received_at"]) - now), 60) << r.Describe();
  } else {
    EXPECT_TRUE(r.status == 400 || r.status == 403 || r.status == 422) << r.Describe();
  }
  if (r.status != 201) return;
  // A ticket Party A has just submitted cannot be late yet.
  json c =
      Expect(As("manager").Get("/api/v1/contracts/" + Id(a_.contract) + "/compliance"), 200).Json();
  for (const auto& e : c["ledger"]) EXPECT_NE(e["ticket_id"], r.Json()["id"]) << e;
}

// TKT-5 and CON-4: an attachment comes back byte for byte; each download is
// audited; Party A of the ticket's customer may download it, Party A of another
// customer gets exactly the 404 of a missing id; over 20 MB is refused and stores
// nothing.
TEST_P(TenantApi, Tkt5_AttachmentsRoundTripAuditedAndIsolated) {
  std::string bytes;
  for (unsigned i = 0; i < 300000; ++i) bytes.push_back(static_cast<char>(i * 7919u % 256u));
  HttpClient& eng = As("engineer");
  const std::string attach = "/api/v1/tickets/" + Id(a_.ticket) + "/attachments";
  HttpResponse up =
      eng.PostRaw(attach + "?name=%E7%8E%B0%E5%9C%BA.bin", bytes, "application/octet-stream");
  ASSERT_EQ(up.status, 201) << up.Describe();
  json a = up.Json();
  EXPECT_EQ(a["name"], "现场.bin");
  EXPECT_EQ(a["size"], 300000);
  const std::string url = a["url"].get<std::string>();
  HttpResponse down = eng.Get(url);
  ASSERT_EQ(down.status, 200) << down.Describe();
  EXPECT_TRUE(down.body == bytes);
  EXPECT_EQ(down.Header("cache-control"), "no-store");
  EXPECT_EQ(down.Header("x-content-type-options"), "nosniff");
  ExpectError(eng.PostRaw(attach + "?name=a%00b.bin", "x", "application/octet-stream"), 422,
              "invalid_input", "name");
  json audit =
      Expect(admin().Get("/api/v1/audit?entity=attachment&action=download&limit=5"), 200).Json();
  ASSERT_EQ(audit["items"].size(), 1u) << audit.dump(1);
  EXPECT_EQ(audit["items"][0]["entity_id"], std::to_string(a["id"].get<std::int64_t>()));

  EXPECT_EQ(PartyA(a_.customer).Get(url).status, 200);
  HttpResponse foreign = PartyA(b_.customer).Get(url);
  HttpResponse missing = PartyA(b_.customer).Get("/api/v1/attachments/999999");
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(Comparable(foreign), Comparable(missing));
  EXPECT_EQ(PartyA(b_.customer).Get(attach).status, 404);

  std::string big(20 * 1024 * 1024 + 1, 'x');
  HttpResponse too_big = eng.PostRaw(attach + "?name=big.bin", big, "application/octet-stream");
  EXPECT_EQ(too_big.status, 422) << too_big.Describe();
  json list = Expect(eng.Get(attach), 200).Json();
  EXPECT_EQ(list["items"].size(), 1u) << list.dump(1);
}

}  // namespace
}  // namespace aftercare::apitest
