// The rules a ticket's entries follow beyond the SLA flow: the TKT-2 form's
// approvals are signatures (given once, by the right role, kept), Party A closes,
// reopens and rates their own service, late entries show when they were recorded
// and need a team leader beyond a day, and the hotline finds a caller by part of
// a phone number or a name (TKT-6).
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class TicketRules : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped()) return;
    customer_ = CreateCustomer("Harbour Water");
    CreateContract(customer_, "HT-WATER-1");
  }
  std::string Events(std::int64_t id) {
    return "/api/v1/tickets/" + std::to_string(id) + "/events";
  }
  json Get(std::int64_t id) {
    return Expect(As("agent").Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  }
  std::int64_t customer_ = 0;
};
AFTERCARE_API_BACKENDS(TicketRules);

TEST_P(TicketRules, Tkt2_ApprovalsAreSignedOnceByTheRightRoleAndKept) {
  std::int64_t id =
      CreateTicket({{"customer_id", customer_},
                    {"title", "Pump station upgrade"},
                    {"type", "upgrade"},
                    {"form",
                     {{"service_address", "Pump 7"},
                      {"approvals", {{"applicant_unit", {{"signer", "Li"}}}}}}}})["id"];
  json t = Get(id);
  EXPECT_EQ(t["form"]["approvals"]["applicant_unit"]["signer"], "Li");
  EXPECT_TRUE(t["form"]["approvals"]["applicant_unit"]["date"].is_string()) << t["form"];
  EXPECT_EQ(t["form"]["approvals"]["applicant_unit"]["recorded_by"], UserId("team_leader"));

  // Before the vendor approves: staff fill in the vendor's part, Party A theirs.
  Expect(As("agent").Post(Events(id), {{"kind", "form"}, {"data", {{"estimated_cost", "800.00"}}}}),
         201);
  HttpClient& pa = PartyA(customer_);
  Expect(pa.Post(Events(id), {{"kind", "form"}, {"data", {{"phone", "0571-88001234"}}}}), 201);
  ExpectError(pa.Post(Events(id), {{"kind", "form"}, {"data", {{"chargeable", false}}}}), 403,
              "forbidden", "form.chargeable");
  ExpectError(pa.Post(Events(id), {{"kind", "form"}, {"data", {{"estimated_cost", "0.00"}}}}), 403,
              "forbidden", "form.estimated_cost");

  // An agent may not give the vendor's approvals; a team leader signs as supervisor,
  // only a manager as division general manager.
  json supervisor = {{"approvals", {{"supervisor", {{"signer", "Sun"}, {"opinion", "同意"}}}}}};
  ExpectError(As("agent").Post(Events(id), {{"kind", "form"}, {"data", supervisor}}), 403,
              "forbidden", "form.approvals.supervisor");
  Expect(As("team_leader").Post(Events(id), {{"kind", "form"}, {"data", supervisor}}), 201);
  json gm = {{"approvals", {{"division_gm", {{"signer", "Wu"}, {"date", "2026-11-20"}}}}}};
  ExpectError(As("team_leader").Post(Events(id), {{"kind", "form"}, {"data", gm}}), 403,
              "forbidden", "form.approvals.division_gm");
  Expect(As("manager").Post(Events(id), {{"kind", "form"}, {"data", gm}}), 201);
  // What was approved is fixed.
  ExpectError(As("manager").Post(Events(id),
                                 {{"kind", "form"}, {"data", {{"estimated_cost", "99999.00"}}}}),
              409, "conflict", "form.estimated_cost");

  // The form as saved (not just the answer) holds every change.
  t = Get(id);
  EXPECT_EQ(t["form"]["service_address"], "Pump 7");
  EXPECT_EQ(t["form"]["estimated_cost"], "800.00");
  EXPECT_EQ(t["form"]["approvals"]["supervisor"]["opinion"], "同意");
  EXPECT_EQ(t["form"]["approvals"]["supervisor"]["recorded_by"], UserId("team_leader"));
  EXPECT_EQ(t["form"]["approvals"]["division_gm"]["date"], "2026-11-20");

  // A signature is never changed or removed, and recorded_by is the server's.
  ExpectError(As("manager").Post(Events(id), {{"kind", "form"}, {"data", supervisor}}), 409,
              "conflict", "form.approvals.supervisor");
  ExpectError(
      As("manager").Post(Events(id), {{"kind", "form"}, {"data", {{"approvals", nullptr}}}}), 422,
      "invalid_input", "form.approvals");
  ExpectError(
      As("agent").Post(
          Events(id),
          {{"kind", "form"},
           {"data", {{"approvals", {{"applicant_unit", {{"signer", "X"}, {"recorded_by", 1}}}}}}}}),
      409, "conflict", "form.approvals.applicant_unit");
  EXPECT_EQ(Get(id)["form"], t["form"]);

  EXPECT_EQ(Get(id)["form"]["phone"], "0571-88001234");
  EXPECT_EQ(Get(id)["form"]["estimated_cost"], "800.00");
}

// Party A signs their unit's opinion; the vendor records a signed paper form only
// through a team leader or manager (an agent or engineer cannot sign for them).
TEST_P(TicketRules, Tkt2_ApplicantUnitIsPartyAsSignature) {
  std::int64_t id = CreateTicket({{"customer_id", customer_}, {"title", "Valve audit"}})["id"];
  json unit = {{"approvals", {{"applicant_unit", {{"signer", "Li"}, {"opinion", "同意"}}}}}};
  ExpectError(As("agent").Post(Events(id), {{"kind", "form"}, {"data", unit}}), 403, "forbidden",
              "form.approvals.applicant_unit");
  ExpectError(As("engineer").Post(Events(id), {{"kind", "form"}, {"data", unit}}), 403, "forbidden",
              "form.approvals.applicant_unit");
  EXPECT_FALSE(Get(id)["form"].contains("approvals")) << Get(id)["form"];
  HttpClient& pa = PartyA(customer_);
  Expect(pa.Post(Events(id), {{"kind", "form"}, {"data", unit}}), 201);
  json t = Get(id);
  EXPECT_EQ(t["form"]["approvals"]["applicant_unit"]["opinion"], "同意");
  EXPECT_EQ(t["form"]["approvals"]["applicant_unit"]["recorded_by"],
            Expect(pa.Get("/api/v1/me"), 200).Json()["id"]);
}

// TKT-1, TKT-2: phone, fax and postcode are checked where they are typed; a bad one
// is refused by field and changes nothing.
TEST_P(TicketRules, Tkt2_PhoneFaxAndPostcodeAreChecked) {
  ExpectError(As("agent").Post(
                  "/api/v1/tickets",
                  {{"customer_id", customer_}, {"title", "No water"}, {"caller_phone", "王工"}}),
              422, "invalid_input", "caller_phone");
  json list = Expect(As("agent").Get("/api/v1/tickets"), 200).Json();
  EXPECT_TRUE(list["items"].empty()) << list;
  std::int64_t id =
      CreateTicket({{"customer_id", customer_},
                    {"title", "No water"},
                    {"caller_phone", "+86 138 0013 8000"},
                    {"form", {{"postcode", "310012"}, {"fax", "(0571)8800 1234"}}}})["id"];
  for (auto [key, value] : {std::pair{"phone", "call Li"}, std::pair{"fax", "12"},
                            std::pair{"postcode", "31001"}, std::pair{"postcode", "3100120"}}) {
    ExpectError(As("agent").Post(Events(id), {{"kind", "form"}, {"data", {{key, value}}}}), 422,
                "invalid_input", ("form." + std::string(key)).c_str());
  }
  Expect(
      As("agent").Post(Events(id), {{"kind", "form"}, {"data", {{"phone", "0571-88001234转21"}}}}),
      201);
  json t = Get(id);
  EXPECT_EQ(t["caller_phone"], "+86 138 0013 8000");
  EXPECT_EQ(t["form"]["postcode"], "310012");
  EXPECT_EQ(t["form"]["phone"], "0571-88001234转21");
}

TEST_P(TicketRules, PartyAClosesReopensAndRatesTheirService) {
  HttpClient& pa = PartyA(customer_);
  // Party A's own ticket; customer_id defaults to theirs.
  json t = Expect(pa.Post("/api/v1/tickets", {{"title", "Meter readings missing"}}), 201).Json();
  std::int64_t id = t["id"];
  EXPECT_EQ(t["customer_id"], customer_);
  EXPECT_EQ(t["channel"], "portal");
  ExpectError(pa.Post(Events(id), {{"kind", "rated"}, {"data", {{"score", 5}}}}), 409, "conflict");
  std::int64_t now = NowUnix();
  AddEvent(id, "first_contact", now);
  AddEvent(id, "resolved", now);
  // Not fixed after all: Party A reopens; then confirms the second fix by closing.
  Expect(pa.Post(Events(id), {{"kind", "reopened"}, {"note", "still missing"}}), 201);
  AddEvent(id, "resolved", NowUnix());
  ExpectError(pa.Post(Events(id), {{"kind", "resolved"}}), 403, "forbidden", nullptr);
  ExpectError(pa.Post(Events(id), {{"kind", "closed"}, {"at", Rfc3339(now)}}), 422, "invalid_input",
              "at");
  Expect(pa.Post(Events(id), {{"kind", "closed"}}), 201);
  // A rating once the service is done: 1 to 5, once, by Party A only.
  ExpectError(As("manager").Post(Events(id), {{"kind", "rated"}, {"data", {{"score", 5}}}}), 403,
              "forbidden");
  ExpectError(pa.Post(Events(id), {{"kind", "rated"}, {"data", {{"score", 6}}}}), 422,
              "invalid_input", "data.score");
  ExpectError(pa.Post(Events(id), {{"kind", "rated"}, {"data", {{"score", 4}, {"x", 1}}}}), 422,
              "invalid_input", "data.x");
  json rated =
      Expect(pa.Post(Events(id), {{"kind", "rated"}, {"note", "快"}, {"data", {{"score", 4}}}}),
             201)
          .Json();
  EXPECT_EQ(rated["status"], "closed");
  EXPECT_EQ(rated["timeline"].back()["kind"], "rated");
  EXPECT_EQ(rated["timeline"].back()["data"]["score"], 4);
  ExpectError(pa.Post(Events(id), {{"kind", "rated"}, {"data", {{"score", 1}}}}), 409, "conflict");
}

TEST_P(TicketRules, LateEntriesShowWhenRecordedAndNeedALeaderBeyondADay) {
  std::int64_t now = NowUnix();
  std::int64_t id = CreateTicket({{"customer_id", customer_},
                                  {"title", "Valve stuck"},
                                  {"received_at", Rfc3339(now - 3 * 86400)}})["id"];
  // An engineer's entry an hour late is fine and shows both times.
  json t =
      Expect(
          As("engineer").Post(Events(id), {{"kind", "first_contact"}, {"at", Rfc3339(now - 3600)}}),
          201)
          .Json();
  EXPECT_EQ(ParseTime(t["timeline"].back()["at"]), now - 3600);
  EXPECT_GE(ParseTime(t["timeline"].back()["recorded_at"]), now);
  // A call logged two days late needs a team leader too (it moves every clock).
  ExpectError(As("agent").Post("/api/v1/tickets", {{"customer_id", customer_},
                                                   {"title", "Late call"},
                                                   {"received_at", Rfc3339(now - 2 * 86400)}}),
              403, "forbidden", "received_at");
  // Two days back needs a team leader.
  ExpectError(
      As("engineer").Post(Events(id), {{"kind", "diagnosed"}, {"at", Rfc3339(now - 2 * 86400)}}),
      403, "forbidden", "at");
}

TEST_P(TicketRules, Tkt6_TheHotlineFindsACallerByPartOfAPhoneNumberOrAName) {
  std::int64_t id = CreateTicket({{"customer_id", customer_},
                                  {"title", "Flow meter"},
                                  {"caller_name", "张主任"},
                                  {"caller_phone", "0571-88001234"}})["id"];
  CreateTicket({{"customer_id", customer_}, {"title", "Other"}, {"caller_phone", "13900000000"}});
  for (std::string q : std::vector<std::string>{"88001234", "0571-8800", "张主任"}) {
    SCOPED_TRACE(q);
    json page = Expect(As("agent").Get("/api/v1/tickets?q=" + UrlEncode(q)), 200).Json();
    ASSERT_EQ(page["items"].size(), 1u) << page;
    EXPECT_EQ(page["items"][0]["id"], id);
  }
  // A bare number finds that ticket (and any phone it is part of).
  json by_id = Expect(As("agent").Get("/api/v1/tickets?q=" + std::to_string(id)), 200).Json();
  bool found = false;
  for (const auto& item : by_id["items"]) found = found || item["id"] == id;
  EXPECT_TRUE(found) << by_id;
  // LIKE's wildcards are plain characters in a search.
  for (std::string q : {"%", "_"}) {
    json page = Expect(As("agent").Get("/api/v1/tickets?q=" + UrlEncode(q)), 200).Json();
    EXPECT_EQ(page["items"].size(), 0u) << q << page;
  }
}

}  // namespace
}  // namespace aftercare::apitest

namespace aftercare::apitest {
namespace {

class TicketViews : public ApiTest {};
AFTERCARE_API_BACKENDS(TicketViews);

// What a list and a timeline show by name (customer, system, assignee, actor), the
// contract's zone, and TKT-3's reclassification of a wrong intake.
TEST_P(TicketViews, Tkt3_NamesZoneAndReclassification) {
  std::int64_t customer = CreateCustomer("Hill Hospital");
  CreateContract(customer, "HT-HILL-1");
  std::int64_t system = CreateSystem(customer, "HIS");
  json t = CreateTicket({{"customer_id", customer},
                         {"system_id", system},
                         {"type", "consulting"},
                         {"channel", "email"},
                         {"title", "Wrongly typed"},
                         {"assignee_id", UserId("engineer")}});
  std::int64_t id = t["id"];
  json page =
      Expect(As("agent").Get("/api/v1/tickets?customer_id=" + std::to_string(customer)), 200)
          .Json();
  ASSERT_EQ(page["items"].size(), 1u);
  const json& item = page["items"][0];
  EXPECT_EQ(item["customer_name"], "Hill Hospital");
  EXPECT_EQ(item["system_name"], "HIS");
  EXPECT_FALSE(item["assignee_name"].get<std::string>().empty()) << item;
  EXPECT_EQ(item["tz"], "Asia/Shanghai");
  EXPECT_EQ(t["timeline"][0]["actor_name"].is_string(), true) << t["timeline"];

  // It was a fault: reclassified, the fault clocks apply from the start.
  EXPECT_FALSE(t["metrics"].contains("repair")) << t["metrics"];
  // A team leader's call (issue 10: it re-targets the clocks): not the agent's.
  ExpectError(As("agent").Post("/api/v1/tickets/" + std::to_string(id) + "/events",
                               {{"kind", "reclassified"}, {"data", {{"type", "fault"}}}}),
              403, "forbidden", "kind");
  ExpectError(As("team_leader")
                  .Post("/api/v1/tickets/" + std::to_string(id) + "/events",
                        {{"kind", "reclassified"}, {"data", {{"type", "broken"}}}}),
              422, "invalid_input", "data.type");
  json r = Expect(As("team_leader")
                      .Post("/api/v1/tickets/" + std::to_string(id) + "/events",
                            {{"kind", "reclassified"}, {"data", {{"type", "fault"}}}}),
                  201)
               .Json();
  EXPECT_EQ(r["type"], "fault");
  EXPECT_TRUE(r["metrics"].contains("repair")) << r["metrics"];
  EXPECT_EQ(Expect(As("agent").Get("/api/v1/tickets/" + std::to_string(id)), 200).Json()["type"],
            "fault");
  ExpectError(PartyA(customer).Post("/api/v1/tickets/" + std::to_string(id) + "/events",
                                    {{"kind", "reclassified"}, {"data", {{"type", "complaint"}}}}),
              403, "forbidden");
}

}  // namespace
}  // namespace aftercare::apitest

namespace aftercare::apitest {
namespace {

class InternalNotes : public ApiTest {};
AFTERCARE_API_BACKENDS(InternalNotes);

TEST_P(InternalNotes, PartyANeverSeesTheVendorsInternalNotes) {
  std::int64_t customer = CreateCustomer("River Board");
  CreateContract(customer, "HT-RIVER-1");
  std::int64_t id = CreateTicket({{"customer_id", customer}, {"title", "Gate"}})["id"];
  std::string events = "/api/v1/tickets/" + std::to_string(id) + "/events";
  Expect(
      As("engineer")
          .Post(events,
                {{"kind", "note"}, {"note", "厂商说是固件缺陷"}, {"data", {{"internal", true}}}}),
      201);
  Expect(As("engineer").Post(events, {{"kind", "note"}, {"note", "已联系客户"}}), 201);
  ExpectError(As("engineer").Post(events, {{"kind", "diagnosed"}, {"data", {{"internal", true}}}}),
              422, "invalid_input", "data.internal");
  HttpClient& pa = PartyA(customer);
  ExpectError(pa.Post(events, {{"kind", "note"}, {"note", "x"}, {"data", {{"internal", true}}}}),
              403, "forbidden");
  auto notes = [](const json& t) {
    std::vector<std::string> out;
    for (const auto& e : t["timeline"]) {
      if (e["kind"] == "note") out.push_back(e["note"]);
    }
    return out;
  };
  json staff = Expect(As("agent").Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  EXPECT_EQ(notes(staff), (std::vector<std::string>{"厂商说是固件缺陷", "已联系客户"}));
  json own = Expect(pa.Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  EXPECT_EQ(notes(own), (std::vector<std::string>{"已联系客户"}));
  json reply = Expect(pa.Post(events, {{"kind", "note"}, {"note", "谢谢"}}), 201).Json();
  EXPECT_EQ(notes(reply), (std::vector<std::string>{"已联系客户", "谢谢"}));
}

}  // namespace
}  // namespace aftercare::apitest
