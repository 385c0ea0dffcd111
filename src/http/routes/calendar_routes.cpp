// The team calendar (issue 15, point 8): everything planned in a window of dates,
// filtered by engineer, team, customer or kind; Party A sees its own customer's.
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/calendar/calendar.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
namespace cal = service::calendar;
using nlohmann::json;

json EntryView(const cal::Item& it) {
  const TimeZone& tz = DefaultZone();
  const cal::Entry& e = it.entry;
  return {{"id", it.id},
          {"source", cal::Name(e.source)},
          {"source_id", e.source_id},
          {"customer_id", e.customer_id},
          {"customer_name", it.customer_name},
          {"contract_id", views::Opt(e.contract_id)},
          {"system_id", views::Opt(e.system_id)},
          {"system_name", it.system_name},
          {"engineer_id", views::Opt(e.engineer_id)},
          {"engineer_name", it.engineer_name},
          {"team_id", views::Opt(e.team_id)},
          {"team_name", it.team_name},
          {"starts_at", FormatRfc3339(e.starts_at, tz)},
          {"ends_at", FormatRfc3339(e.ends_at, tz)},
          {"title", e.title},
          {"state", cal::Name(e.state)},
          {"overdue", it.overdue}};
}

Error UnknownSource() {
  return Error::Invalid(
      "source must be inspection, return_visit, exchange_visit or installation", 0, "source");
}

Result<cal::Filter> ReadFilter(const Call& c) {
  const TimeZone& tz = DefaultZone();
  LocalDate from = tz.LocalDateOf(c.ctx.now);
  LocalDate to = from + 27;
  AFTERCARE_ASSIGN_OR_RETURN(auto f, c.QueryDate("from"));
  AFTERCARE_ASSIGN_OR_RETURN(auto t, c.QueryDate("to"));
  if (f) from = *f;
  if (t) to = *t;
  cal::Filter out;
  out.from = tz.ToInstant(from, 0);
  out.to = tz.ToInstant(to + 1, 0);  // `to` is the last day shown
  AFTERCARE_ASSIGN_OR_RETURN(out.engineer_id, c.QueryInt("engineer_id"));
  AFTERCARE_ASSIGN_OR_RETURN(out.team_id, c.QueryInt("team_id"));
  AFTERCARE_ASSIGN_OR_RETURN(out.customer_id, c.QueryInt("customer_id"));
  AFTERCARE_ASSIGN_OR_RETURN(out.source, c.QueryName("source", cal::ParseSource, UnknownSource()));
  return out;
}

Reply List(Call& c, ApiEnv& env) {
  auto f = ReadFilter(c);
  if (!f.ok()) return c.Fail(f.error(), true);
  return c.Render(cal::List(env.db, c.ctx, *f), [](const cal::Window& w) {
    json out = views::Items(w.items, EntryView);
    out["truncated"] = w.truncated;
    return out;
  });
}

}  // namespace

void RegisterCalendarRoutes(Router& router, ApiEnv& env) {
  json entry = s::Record({{"id", s::Int()},
                          {"source", s::Ref("CalendarSource")},
                          {"source_id", s::Int("the visit's or installation's id in its area")},
                          {"customer_id", s::Int()},
                          {"customer_name", s::Str()},
                          {"contract_id", s::Nullable(s::Int())},
                          {"system_id", s::Nullable(s::Int())},
                          {"system_name", s::Str()},
                          {"engineer_id", s::Nullable(s::Int())},
                          {"engineer_name", s::Str()},
                          {"team_id", s::Nullable(s::Int())},
                          {"team_name", s::Str()},
                          {"starts_at", s::Time()},
                          {"ends_at", s::Time()},
                          {"title", s::Str()},
                          {"state", s::Enum({"planned", "done"})},
                          {"overdue", s::Bool()}});
  router.AddSchema("CalendarSource", s::Enum({"inspection", "return_visit", "exchange_visit",
                                              "installation"}));
  router.Add({.method = Method::kGet,
              .path = "/api/v1/calendar",
              .summary = "the team calendar: inspections, return visits, exchange visits and "
                         "installations planned between from and to (YYYY-MM-DD, both days "
                         "shown; default the next 4 weeks; at most 186 days), by start; Party A "
                         "sees its own customer's",
              .roles = service::roles::kEveryone,
              .query = {{"from", "date", ""},
                        {"to", "date", "the last day shown"},
                        {"engineer_id", "integer", ""},
                        {"team_id", "integer", ""},
                        {"customer_id", "integer", ""},
                        {"source", "string", "inspection, return_visit, exchange_visit, installation"}},
              .response = s::Record({{"items", s::Array(entry)},
                                     {"truncated", s::Bool()}}),
              .handler = [&env](Call& c) { return List(c, env); }});
}

}  // namespace aftercare::http
