// SLA-3: the Chinese holiday schedule. The shipped years are read-only; an
// administrator enters a year the shipped data lacks (the State Council publishes
// each year late in the year before), and from then on every `builtin_holidays:
// cn` calendar counts it, live and in the scenario export that replays the same.
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class HolidaysApi : public ApiTest {};
AFTERCARE_API_BACKENDS(HolidaysApi);

const char* kPolicy =
    "calendars:\n"
    "  office:\n"
    "    week: {mon: [\"09:00-12:00\", \"13:00-18:00\"], tue: [\"09:00-18:00\"],\n"
    "           wed: [\"09:00-18:00\"], thu: [\"09:00-18:00\"], fri: [\"09:00-18:00\"]}\n"
    "    builtin_holidays: cn\n"
    "policy:\n"
    "  name: long-office\n"
    "  metrics:\n"
    "    - {name: project, kind: handling, start: received, stop: resolved,\n"
    "       target: {default: 20d}, calendar: office}\n";

TEST_P(HolidaysApi, Sla3_AnAdministratorEntersANewYearAndCalendarsCountIt) {
  json years = Expect(As("agent").Get("/api/v1/holidays"), 200).Json();
  ASSERT_GE(years["years"].size(), 7u) << years;
  EXPECT_EQ(years["years"][0], json({{"year", 2020}, {"source", "shipped"}}));
  json y2026 = Expect(As("agent").Get("/api/v1/holidays/2026"), 200).Json();
  EXPECT_EQ(y2026["source"], "shipped");
  EXPECT_NE(std::find(y2026["off"].begin(), y2026["off"].end(), "2026-10-01"), y2026["off"].end());
  ExpectError(As("agent").Get("/api/v1/holidays/2027"), 404, "not_found");

  // A ticket whose 20 working days (180 working hours here) run into 2027.
  Expect(admin().Post("/api/v1/policies", {{"name", "long-office"}, {"body", kPolicy}}), 201);
  std::int64_t customer = CreateCustomer("Lake Authority");
  std::int64_t contract =
      CreateContract(customer, "HT-LAKE-1", "500000.00", {{"policy", "long-office"}})["id"];
  json t =
      CreateTicket({{"customer_id", customer}, {"contract_id", contract}, {"title", "大项目"}});
  std::string path = "/api/v1/tickets/" + std::to_string(t["id"].get<std::int64_t>());
  std::int64_t due_before = ParseTime(t["metrics"]["project"]["due"]);

  json year = {
      {"off", {"2027-01-01", "2027-02-16", "2027-02-17", "2027-02-18", "2027-02-19", "2027-02-22"}},
      {"work", {"2027-02-20"}}};
  ExpectError(As("manager").Send("PUT", "/api/v1/holidays/2027", year.dump()), 403, "forbidden");
  ExpectError(admin().Send("PUT", "/api/v1/holidays/2026", year.dump()), 409, "conflict", "year");
  ExpectError(admin().Send("PUT", "/api/v1/holidays/2027",
                           json({{"off", {"2028-01-01"}}, {"work", json::array()}}).dump()),
              422, "invalid_input", "off");
  ExpectError(admin().Send("PUT", "/api/v1/holidays/2027",
                           json({{"off", {"2027-01-01"}}, {"work", {"2027-01-01"}}}).dump()),
              422, "invalid_input", "work");
  ExpectError(admin().Send("PUT", "/api/v1/holidays/2027", R"({"off":["1.1.2027"],"work":[]})"),
              400, "bad_request", "off");
  json stored = Expect(admin().Send("PUT", "/api/v1/holidays/2027", year.dump()), 200).Json();
  EXPECT_EQ(stored["source"], "stored");
  EXPECT_EQ(Expect(As("agent").Get("/api/v1/holidays/2027"), 200).Json()["off"], year["off"]);
  EXPECT_EQ(
      server().QueryScalar(
          "SELECT COUNT(*) FROM audit_log WHERE entity = 'holiday_year' AND entity_id = '2027'"),
      "1");

  // The clock skips the new days off: its due moves later, by whole working days.
  json after = Expect(As("agent").Get(path), 200).Json();
  std::int64_t due_after = ParseTime(after["metrics"]["project"]["due"]);
  EXPECT_GT(due_after, due_before) << after["metrics"];
  // What is stored from the clock (the queue order, the late filter) moved with it
  // (issue 12 point 3).
  EXPECT_EQ(server().QueryScalar("SELECT next_due_at FROM tickets WHERE id = " +
                                 std::to_string(after["id"].get<std::int64_t>())),
            std::to_string(due_after));

  // The export carries the stored year, so the replay gives the same due.
  HttpResponse exported =
      Expect(As("manager").Get("/api/v1/contracts/" + std::to_string(contract) + "/scenario"), 200);
  ProcessResult replay = RunProcess({AftercareBinary(), "sla", "replay", "-"}, exported.body);
  ASSERT_EQ(replay.status, 0) << replay.err << exported.body;
  json out = json::parse(replay.out);
  std::string number = after["number"];
  EXPECT_EQ(ParseTime(out["tickets"][number]["project"]["due"]), due_after) << exported.body;
}

}  // namespace
}  // namespace aftercare::apitest
