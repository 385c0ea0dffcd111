// CON-1, CON-5: customers, systems and contracts are corrected after creation by
// the staff who create them; every change is checked as at creation, audited with
// before and after, and a bad one changes nothing. The usual case: a contract
// signed before acceptance gets its acceptance date later, and its service period
// (left at the CON-1 default) moves with it.
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class SetupApi : public ApiTest {};
AFTERCARE_API_BACKENDS(SetupApi);

TEST_P(SetupApi, Con1_CustomersAndSystemsAreCorrected) {
  std::int64_t id = CreateCustomer("North Water");
  std::int64_t other = CreateCustomer("South Water");
  std::string path = "/api/v1/customers/" + std::to_string(id);
  json c =
      Expect(As("agent").Send("PATCH", path,
                              R"({"name":"北区水务","phone":"0571-88001234","address":"杭州"})"),
             200)
          .Json();
  EXPECT_EQ(c["name"], "北区水务");
  EXPECT_EQ(c["phone"], "0571-88001234");
  EXPECT_EQ(c["contact"], "Contact of North Water");  // untouched
  ExpectError(As("agent").Send("PATCH", path, R"({"name":"South Water"})"), 409, "conflict",
              "name");
  ExpectError(As("agent").Send("PATCH", path, R"({"phone":"call me"})"), 422, "invalid_input",
              "phone");
  ExpectError(As("agent").Send("PATCH", path, R"({"name":" "})"), 422, "invalid_input", "name");
  ExpectError(As("agent").Send("PATCH", path, R"({"nmae":"x"})"), 400, "bad_request", "nmae");
  ExpectError(As("engineer").Send("PATCH", path, R"({"name":"x"})"), 403, "forbidden");
  ExpectError(PartyA(id).Send("PATCH", path, R"({"name":"x"})"), 403, "forbidden");
  ExpectError(As("agent").Send("PATCH", "/api/v1/customers/999999", R"({"name":"x"})"), 404,
              "not_found");
  EXPECT_EQ(Expect(As("agent").Get(path), 200).Json()["name"], "北区水务");

  std::int64_t sys = CreateSystem(id, "SCADA");
  CreateSystem(id, "Billing");
  std::int64_t foreign = CreateSystem(other, "GIS");
  std::string spath = path + "/systems/" + std::to_string(sys);
  EXPECT_EQ(Expect(As("manager").Send("PATCH", spath, R"({"name":"SCADA 2"})"), 200).Json()["name"],
            "SCADA 2");
  ExpectError(As("manager").Send("PATCH", spath, R"({"name":"Billing"})"), 409, "conflict", "name");
  // Another customer's system is not found under this one.
  ExpectError(
      As("manager").Send("PATCH", path + "/systems/" + std::to_string(foreign), R"({"name":"x"})"),
      404, "not_found");
  EXPECT_EQ(server().QueryScalar("SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND "
                                 "entity IN ('customer', 'system')"),
            "2");
}

TEST_P(SetupApi, Con1_AContractGetsItsAcceptanceDateLater) {
  std::int64_t customer = CreateCustomer("Lake Port");
  std::int64_t sys = CreateSystem(customer, "Berth control");
  std::int64_t foreign = CreateSystem(CreateCustomer("Other Port"), "Cranes");
  // Signed 2026-01-01, no acceptance yet: construction deadline 2026-03-01, the
  // service period runs from signing to the end of the warranty counted from it.
  json k = CreateContract(customer, "HT-LAKE-9", "500000.00");
  EXPECT_EQ(k["construction_deadline"], "2026-03-01");
  EXPECT_EQ(k["coverage"]["to"], "2028-02-29");
  std::string path = "/api/v1/contracts/" + std::to_string(k["id"].get<std::int64_t>());

  json changed = Expect(As("manager").Send("PATCH", path,
                                           json{{"accepted_on", "2026-05-20"},
                                                {"system_ids", {sys}},
                                                {"title", "Berth control upkeep"}}
                                               .dump()),
                        200)
                     .Json();
  EXPECT_EQ(changed["accepted_on"], "2026-05-20");
  EXPECT_EQ(changed["coverage"]["from"], "2026-01-01");
  EXPECT_EQ(changed["coverage"]["to"], "2028-05-19");  // 24 months from acceptance
  EXPECT_EQ(changed["construction_deadline"], "2026-03-01");
  EXPECT_EQ(changed["system_ids"], json::array({sys}));
  EXPECT_EQ(changed["value"], k["value"]);
  EXPECT_EQ(Expect(As("manager").Get(path), 200).Json(), changed);

  // Checked as at creation; a bad change changes nothing.
  ExpectError(As("manager").Send("PATCH", path, R"({"accepted_on":"2025-12-31"})"), 422,
              "invalid_input", "accepted_on");
  ExpectError(As("manager").Send("PATCH", path, R"({"value":"12.345"})"), 422, "invalid_input",
              "value");
  ExpectError(As("manager").Send("PATCH", path, R"({"policy":"no-such-policy"})"), 422,
              "invalid_input", "policy");
  ExpectError(As("manager").Send("PATCH", path, json{{"system_ids", {foreign}}}.dump()), 422,
              "invalid_input", "system_ids");
  ExpectError(As("manager").Send("PATCH", path, R"({"cure_days":0})"), 422, "invalid_input",
              "cure_days");
  // Not truncated into range (4294967297 would read as 1).
  ExpectError(As("manager").Send("PATCH", path, R"({"cure_days":4294967297})"), 400, "bad_request",
              "cure_days");
  ExpectError(As("manager").Post("/api/v1/contracts", {{"customer_id", customer},
                                                       {"number", "HT-LAKE-10"},
                                                       {"value", "1.00"},
                                                       {"signed_on", "2026-01-01"},
                                                       {"warranty_months", 4294967320LL}}),
              400, "bad_request", "warranty_months");
  ExpectError(As("manager").Send("PATCH", path, R"({"number":"HT-X"})"), 400, "bad_request",
              "number");
  ExpectError(As("agent").Send("PATCH", path, R"({"title":"x"})"), 403, "forbidden");
  ExpectError(As("manager").Send("PATCH", "/api/v1/contracts/999999", R"({"title":"x"})"), 404,
              "not_found");
  EXPECT_EQ(Expect(As("manager").Get(path), 200).Json(), changed);

  // An explicit service period stays; clearing the acceptance is possible.
  json later =
      Expect(As("admin").Send("PATCH", path, R"({"coverage_to":"2030-12-31","accepted_on":null})"),
             200)
          .Json();
  EXPECT_TRUE(later["accepted_on"].is_null()) << later;
  EXPECT_EQ(later["coverage"]["to"], "2030-12-31");

  // The audit keeps only what changed, before and after.
  json entry = json::parse(server().QueryScalar(
      "SELECT after_json FROM audit_log WHERE action = 'update' AND entity = 'contract' "
      "ORDER BY id LIMIT 1"));
  EXPECT_EQ(entry["accepted_on"], "2026-05-20");
  EXPECT_EQ(entry["coverage_to"], "2028-05-19");
  EXPECT_FALSE(entry.contains("value")) << entry;
}

}  // namespace
}  // namespace aftercare::apitest
