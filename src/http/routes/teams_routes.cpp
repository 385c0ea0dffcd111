// Teams and on-duty rosters (STAFF-1): 7x24 duty that nobody can miss.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/roles.h"
#include "service/teams/teams.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json TeamView(const service::Team& t) {
  return json{{"id", t.id},
              {"name", t.name},
              {"leader_id", t.leader_id ? json(*t.leader_id) : json(nullptr)},
              {"member_ids", t.member_ids}};
}

json ShiftView(const service::Shift& x) {
  const TimeZone& tz = DefaultZone();
  return json{{"id", x.id},
              {"team_id", x.team_id},
              {"user_id", x.user_id},
              {"starts_at", FormatRfc3339(x.starts_at, tz)},
              {"ends_at", FormatRfc3339(x.ends_at, tz)}};
}

}  // namespace

void RegisterTeamsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/teams",
              .summary = "teams with their members",
              .roles = kEveryone,
              .response = s::Items(s::Ref("Team")),
              .handler = [&env](Call& c) {
                return c.Render(service::ListTeams(env.db, c.ctx),
                                [](const auto& list) { return views::Items(list, TeamView); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/teams",
              .summary = "create a team (administrators, managers)",
              .roles = kManagersAndAdmins,
              .request = s::Object({{"name", s::Str()}, {"leader_id", s::Int()}}, {"name"}),
              .response = s::Ref("Team"),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                std::string name = b.Str("name");
                auto leader = b.OptInt("leader_id");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::CreateTeam(env.db, c.ctx, name, leader), TeamView, 201);
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/teams/{id}/members",
              .summary = "put a vendor user in the team (team leaders: agents and engineers "
                         "into their own team)",
              .roles = kTeamManagers,
              .request = s::Object({{"user_id", s::Int()}}, {"user_id"}),
              .response = s::Record({{"team_id", s::Int()}, {"user_id", s::Int()}}),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                std::int64_t user = b.Int("user_id");
                AFTERCARE_BODY_OK(c, b);
                return c.Done(service::SetTeamMember(env.db, c.ctx, c.ids[0], user),
                              {{"team_id", c.ids[0]}, {"user_id", user}}, 201);
              }});
  router.Add({.method = Method::kDelete,
              .path = "/api/v1/teams/{id}/members/{id}",
              .summary = "take a user out of the team (not its leader)",
              .roles = kTeamManagers,
              .response = s::Record({{"removed", s::Bool()}}),
              .handler = [&env](Call& c) {
                return c.Done(service::RemoveTeamMember(env.db, c.ctx, c.ids[0], c.ids[1]),
                              {{"removed", true}});
              }});
  router.Add({.method = Method::kDelete,
              .path = "/api/v1/teams/{id}/roster/{id}",
              .summary = "delete a duty shift (not a finished one: it is the duty record)",
              .roles = kTeamManagers,
              .response = s::Record({{"deleted", s::Bool()}}),
              .handler = [&env](Call& c) {
                return c.Done(service::DeleteShift(env.db, c.ctx, c.ids[0], c.ids[1]),
                              {{"deleted", true}});
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/teams/{id}/roster",
              .summary = "the team's duty shifts overlapping [from, to) (default: the next 7 "
                         "days)",
              .roles = kEveryone,
              .query = {{"from", "date-time", ""}, {"to", "date-time", ""}},
              .response = s::Items(s::Ref("Shift")),
              .handler = [&env](Call& c) {
                auto from = c.QueryTime("from");
                auto to = c.QueryTime("to");
                for (const auto* r : {&from, &to}) {
                  if (!r->ok()) return c.Fail(r->error(), true);
                }
                return c.Render(
                    service::ListShifts(env.db, c.ctx, c.ids[0], from->value_or(c.ctx.now),
                                        to->value_or(c.ctx.now + 7 * kSecondsPerDay)),
                    [](const auto& list) { return views::Items(list, ShiftView); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/teams/{id}/roster",
              .summary = "add a duty shift for a member",
              .roles = kTeamManagers,
              .request = s::Object(
                  {{"user_id", s::Int()}, {"starts_at", s::Time()}, {"ends_at", s::Time()}},
                  {"user_id", "starts_at", "ends_at"}),
              .response = s::Ref("Shift"),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                service::Shift x;
                x.team_id = c.ids[0];
                x.user_id = b.Int("user_id");
                auto from = b.OptTime("starts_at");
                auto to = b.OptTime("ends_at");
                if (!from) b.Str("starts_at");
                if (!to) b.Str("ends_at");
                AFTERCARE_BODY_OK(c, b);
                x.starts_at = *from;
                x.ends_at = *to;
                return c.Render(service::AddShift(env.db, c.ctx, x), ShiftView, 201);
              }});
  router.AddSchema("Team", s::Record({{"id", s::Int()},
                                      {"name", s::Str()},
                                      {"leader_id", s::Nullable(s::Int())},
                                      {"member_ids", s::Array(s::Int())}}));
  router.AddSchema("Shift", s::Record({{"id", s::Int()},
                                       {"team_id", s::Int()},
                                       {"user_id", s::Int()},
                                       {"starts_at", s::Time()},
                                       {"ends_at", s::Time()}}));
}

}  // namespace aftercare::http
