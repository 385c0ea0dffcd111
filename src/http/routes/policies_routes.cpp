// SLA policies as data (SLA-1): the built-in ones and those an administrator stores.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "service/policies/policies.h"
#include "service/roles.h"

namespace aftercare::http {

void RegisterPoliciesRoutes(Router& router, ApiEnv& env) {
  namespace s = schema;
  using nlohmann::json;
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/policies",
              .summary = "built-in and stored SLA policies",
              .roles = kEveryone,
              .response = s::Items(s::Ref("Policy")),
              .handler = [&env](Call& c) {
                return c.Render(service::ListPolicies(env.db, c.ctx), [](const auto& list) {
                  json items = json::array();
                  for (const auto& p : list) {
                    items.push_back({{"name", p.name}, {"builtin", p.builtin}, {"body", p.body}});
                  }
                  return json{{"items", items}};
                });
              }});
  router.Add(
      {.method = Method::kPost,
       .path = "/api/v1/policies",
       .summary = "store an SLA policy (administrators): body is YAML with `policy:` and "
                  "optional `calendars:` in the scenario format",
       .roles = kAdmins,
       .request = s::Object({{"name", s::Str()}, {"body", s::Str("YAML")}}, {"name", "body"}),
       .response = s::Ref("Policy"),
       .status = 201,
       .handler = [&env](Call& c) {
         JsonBody b(c.req.body());
         service::StoredPolicy p;
         p.name = b.Str("name");
         p.body = b.Str("body");
         AFTERCARE_BODY_OK(c, b);
         return c.Render(
             service::CreatePolicy(env.db, c.ctx, p),
             [](const auto& v) {
               return json{{"name", v.name}, {"builtin", false}, {"body", v.body}};
             },
             201);
       }});
  router.AddSchema("Policy",
                   s::Record({{"name", s::Str()}, {"builtin", s::Bool()}, {"body", s::Str()}}));
}

}  // namespace aftercare::http
