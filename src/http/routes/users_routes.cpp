// Users and their roles (STAFF-1, SEC-1): the staff directory and administration.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/session_cache.h"
#include "http/views/account_views.h"
#include "http/views/view_helpers.h"
#include "service/accounts/accounts.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

// The role a body names in its "role" field.
Result<service::Role> RoleField(const std::string& name) {
  if (auto r = service::ParseRole(name)) return *r;
  return Error::Invalid("role must be agent, engineer, team_leader, manager, party_a or admin", 0,
                        "role");
}

}  // namespace

void RegisterUsersRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/users",
              .summary = "the vendor's staff directory (names on timelines, assignees)",
              .roles = kVendorStaff,
              .response = s::Items(s::Ref("User")),
              .handler = [&env](Call& c) {
                return c.Render(service::ListUsers(env.db, c.ctx), [](const auto& users) {
                  return views::Items(users, [](const auto& v) { return views::View(v); });
                });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/users",
              .summary = "create a user (administrators)",
              .roles = kAdmins,
              .request = s::Object({{"login", s::Str()},
                                    {"display_name", s::Str()},
                                    {"role", s::Ref("Role")},
                                    {"password", s::Str()},
                                    {"customer_id", s::Int("party_a users only")},
                                    {"phone", s::Str()}},
                                   {"login", "display_name", "role", "password"}),
              .response = s::Ref("User"),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                service::NewUser u;
                u.login = b.Str("login");
                u.display_name = b.Str("display_name");
                std::string role = b.Str("role");
                u.password = b.Str("password");
                u.customer_id = b.OptInt("customer_id");
                u.phone = b.OptStr("phone").value_or("");
                AFTERCARE_BODY_OK(c, b);
                auto r = RoleField(role);
                if (!r.ok()) return c.Fail(r.error());
                u.role = *r;
                return c.Render(
                    service::CreateUser(env.db, c.ctx, u),
                    [](const auto& x) { return views::View(x); }, 201);
              }});
  router.Add({.method = Method::kPatch,
              .path = "/api/v1/users/{id}",
              .summary = "change a user (administrators): display_name, phone, role, "
                         "customer_id, disabled, password",
              .roles = kAdmins,
              .request = s::Object({{"display_name", s::Str()},
                                    {"phone", s::Str()},
                                    {"password", s::Str()},
                                    {"customer_id", s::Int()},
                                    {"disabled", s::Bool()},
                                    {"role", s::Ref("Role")}}),
              .response = s::Ref("User"),
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                service::UserChange u;
                u.display_name = b.OptStr("display_name");
                u.phone = b.OptStr("phone");
                u.password = b.OptStr("password");
                u.customer_id = b.OptInt("customer_id");
                u.disabled = b.OptBool("disabled");
                auto role = b.OptStr("role");
                AFTERCARE_BODY_OK(c, b);
                if (role) {
                  auto r = RoleField(*role);
                  if (!r.ok()) return c.Fail(r.error());
                  u.role = *r;
                }
                auto r = service::UpdateUser(env.db, c.ctx, c.ids[0], u);
                // A change of rights ends the user's sessions at once in this process.
                if (r.ok()) env.sessions.ForgetUser(c.ids[0]);
                return c.Render(r, [](const auto& x) { return views::View(x); });
              }});
}

}  // namespace aftercare::http
