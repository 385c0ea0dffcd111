// The Chinese holiday schedule (SLA-3): shipped years, and years an administrator
// enters before a release ships them.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "service/holidays/holidays.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json HolidayView(const service::HolidayYear& y) {
  json off = json::array(), work = json::array();
  for (LocalDate d : y.off) off.push_back(FormatDate(d));
  for (LocalDate d : y.work) work.push_back(FormatDate(d));
  return json{{"year", y.year}, {"source", y.source}, {"off", off}, {"work", work}};
}

// A year is 2000-2100; anything else is refused before it could be narrowed to an
// int (4294969322 read as 2026).
std::optional<Reply> BadYear(const Call& c) {
  if (c.ids[0] >= kFirstServiceYear && c.ids[0] <= kLastServiceYear) return std::nullopt;
  return c.Fail(Error::Invalid("year must be 2000 to 2100", 0, "year"), true);
}

Reply PutYear(Call& c, ApiEnv& env) {
  if (auto bad = BadYear(c)) return *bad;
  JsonBody b(c.req.body());
  std::vector<LocalDate> lists[2];
  const char* keys[2] = {"off", "work"};
  for (int i = 0; i < 2; ++i) {
    for (const std::string& text : b.StrList(keys[i])) {
      auto d = ParseDate(text);
      if (!d.ok()) {
        return c.Fail(Error::Invalid(std::string(keys[i]) + ": " + d.error().message, 0, keys[i]),
                      true);
      }
      lists[i].push_back(*d);
    }
  }
  AFTERCARE_BODY_OK(c, b);
  return c.Render(service::PutHolidayYear(env.db, c.ctx, static_cast<int>(c.ids[0]),
                                          std::move(lists[0]), std::move(lists[1])),
                  HolidayView);
}

}  // namespace

void RegisterHolidaysRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  json year = s::Record({{"year", s::Int()},
                         {"source", s::Enum({"shipped", "stored"})},
                         {"off", s::Array(s::Date())},
                         {"work", s::Array(s::Date())}});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/holidays",
              .summary = "years of the Chinese holiday schedule (SLA-3): shipped, or entered by an "
                         "administrator",
              .roles = kEveryone,
              .response = s::Record(
                  {{"years", s::Array(s::Record({{"year", s::Int()},
                                                 {"source", s::Enum({"shipped", "stored"})}}))}}),
              .handler = [&env](Call& c) {
                return c.Render(service::ListHolidayYears(env.db, c.ctx), [](const auto& years) {
                  json items = json::array();
                  for (const auto& y : years)
                    items.push_back({{"year", y.year}, {"source", y.source}});
                  return json{{"years", items}};
                });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/holidays/{id}",
              .summary = "one year's days off and make-up working days (2000-2100)",
              .roles = kEveryone,
              .response = year,
              .handler = [&env](Call& c) {
                if (auto bad = BadYear(c)) return *bad;
                return c.Render(service::GetHolidayYear(env.db, c.ctx, static_cast<int>(c.ids[0])),
                                HolidayView);
              }});
  router.Add({.method = Method::kPut,
              .path = "/api/v1/holidays/{id}",
              .summary = "enter a year the shipped schedule lacks (administrators): {off: "
                         "[dates], work: [dates]}",
              .roles = kAdmins,
              .request = s::Object({{"off", s::Array(s::Date())}, {"work", s::Array(s::Date())}},
                                   {"off", "work"}),
              .response = year,
              .handler = [&env](Call& c) { return PutYear(c, env); }});
}

}  // namespace aftercare::http
