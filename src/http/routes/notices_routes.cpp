// A team's morning list of leftover tickets (TKT-5, issue 12 point 6): when its
// leaders get it. Team managers (a leader their own team).
#include <cstdio>

#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "service/notices/notices.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json ScheduleView(const service::notices::LeftoverSchedule& x) {
  char hhmm[16];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", x.minute / 60, x.minute % 60);
  return json{{"team_id", x.team_id}, {"time", hhmm}, {"tz", x.tz}};
}

// "08:30" as minutes of the day; -1 when it is not HH:MM.
int ParseHhMm(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return -1;
  for (int i : {0, 1, 3, 4}) {
    if (t[i] < '0' || t[i] > '9') return -1;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return -1;
  return h * 60 + m;
}

}  // namespace

void RegisterNoticesRoutes(Router& router, ApiEnv& env) {
  using service::roles::kTeamManagers;
  json schedule = s::Record({{"team_id", s::Int()}, {"time", s::Str()}, {"tz", s::Str()}});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/teams/{id}/leftover-list",
              .summary = "when the team's leaders get the morning list of leftover tickets",
              .roles = kTeamManagers,
              .response = schedule,
              .handler = [&env](Call& c) {
                return c.Render(service::notices::GetLeftoverSchedule(env.db, c.ctx, c.ids[0]),
                                ScheduleView);
              }});
  router.Add({.method = Method::kPut,
              .path = "/api/v1/teams/{id}/leftover-list",
              .summary = "set the time of day (HH:MM) and zone of the team's morning list",
              .roles = kTeamManagers,
              .request = s::Object({{"time", s::Str()}, {"tz", s::Str()}}, {"time"}),
              .response = schedule,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                std::string time = b.Str("time");
                auto tz = b.OptStr("tz");
                AFTERCARE_BODY_OK(c, b);
                service::notices::LeftoverSchedule x{c.ids[0], ParseHhMm(time),
                                                     tz.value_or(DefaultZone().name())};
                return c.Render(service::notices::SetLeftoverSchedule(env.db, c.ctx, x),
                                ScheduleView);
              }});
}

}  // namespace aftercare::http
