// Customers, their systems, and a customer's service archive (TKT-6).
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/contract_views.h"
#include "http/views/customer_views.h"
#include "http/views/ticket_views.h"
#include "http/views/view_helpers.h"
#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/customers/customers.h"
#include "service/roles.h"
#include "service/tickets/tickets.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

// Every customer view, for a list route.
template <typename List>
json ItemsOf(const List& list) {
  return views::Items(list, [](const auto& x) { return views::View(x); });
}

// The archive: the customer, its systems and contracts, and a page of its tickets
// (500 at a time); one audit entry for the whole read (CON-4).
Reply Archive(Call& c, ApiEnv& env) {
  const std::int64_t id = c.ids[0];
  auto customer = service::GetCustomer(env.db, c.ctx, id);
  if (!customer.ok()) return c.Fail(customer.error());
  auto systems = service::ListSystems(env.db, c.ctx, id);
  if (!systems.ok()) return c.Fail(systems.error());
  auto contracts = service::ListContracts(env.db, c.ctx);
  if (!contracts.ok()) return c.Fail(contracts.error());
  service::TicketFilter f;
  f.customer_id = id;
  f.limit = 500;
  f.cursor = c.QueryStr("cursor").value_or("");
  f.audited = false;  // one entry for the whole archive, below
  auto tickets = service::ListTickets(env.db, c.ctx, f);
  if (!tickets.ok()) return c.Fail(tickets.error());
  json j = {{"customer", views::View(*customer)},
            {"systems", json::array()},
            {"contracts", json::array()},
            {"tickets", json::array()}};
  for (const auto& x : *systems) j["systems"].push_back(views::View(x));
  for (const auto& k : *contracts) {
    if (k.customer_id == id) j["contracts"].push_back(views::View(k));
  }
  for (const auto& t : tickets->items) j["tickets"].push_back(views::View(t, false));
  Status st = service::AuditRead(env.db, c.ctx, "read", "customer_archive", std::to_string(id),
                                 {{"filter", {{"customer_id", id}, {"cursor", f.cursor}}},
                                  {"returned",
                                   {{"systems", systems->size()},
                                    {"contracts", j["contracts"].size()},
                                    {"tickets", tickets->items.size()}}}},
                                 id);
  if (!st.ok()) return c.Fail(st.error());
  j["next_cursor"] = tickets->next_cursor.empty() ? json(nullptr) : json(tickets->next_cursor);
  return c.Json(j);
}

}  // namespace

void RegisterCustomersRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  auto view = [](const auto& x) { return views::View(x); };
  router.Add({.method = Method::kGet,
              .path = "/api/v1/customers",
              .summary = "list customers (Party A: their own)",
              .roles = kEveryone,
              .response = s::Items(s::Ref("Customer")),
              .handler = [&env](Call& c) {
                return c.Render(service::ListCustomers(env.db, c.ctx),
                                [](const auto& l) { return ItemsOf(l); });
              }});
  router.Add(
      {.method = Method::kPost,
       .path = "/api/v1/customers",
       .summary = "create a customer (agents take a new caller's details)",
       .roles = kCustomerEditors,
       .request = s::Object(
           {{"name", s::Str()}, {"contact", s::Str()}, {"phone", s::Str()}, {"address", s::Str()}},
           {"name"}),
       .response = s::Ref("Customer"),
       .status = 201,
       .handler = [&env, view](Call& c) {
         JsonBody b(c.req.body());
         service::Customer x;
         x.name = b.Str("name");
         x.contact = b.OptStr("contact").value_or("");
         x.phone = b.OptStr("phone").value_or("");
         x.address = b.OptStr("address").value_or("");
         AFTERCARE_BODY_OK(c, b);
         return c.Render(service::CreateCustomer(env.db, c.ctx, x), view, 201);
       }});
  router.Add(
      {.method = Method::kPatch,
       .path = "/api/v1/customers/{id}",
       .summary = "correct a customer (admin, manager, agent): name, contact, phone, "
                  "address",
       .roles = kCustomerEditors,
       .request = s::Object(
           {{"name", s::Str()}, {"contact", s::Str()}, {"phone", s::Str()}, {"address", s::Str()}}),
       .response = s::Ref("Customer"),
       .handler = [&env, view](Call& c) {
         JsonBody b(c.req.body());
         service::CustomerChange x;
         x.name = b.OptStr("name");
         x.contact = b.OptStr("contact");
         x.phone = b.OptStr("phone");
         x.address = b.OptStr("address");
         AFTERCARE_BODY_OK(c, b);
         return c.Render(service::UpdateCustomer(env.db, c.ctx, c.ids[0], x), view);
       }});
  router.Add({.method = Method::kPatch,
              .path = "/api/v1/customers/{id}/systems/{id}",
              .summary = "rename a customer's system: name",
              .roles = kCustomerEditors,
              .request = s::Object({{"name", s::Str()}}, {"name"}),
              .response = s::Ref("System"),
              .handler = [&env, view](Call& c) {
                JsonBody b(c.req.body());
                std::string name = b.Str("name");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::RenameSystem(env.db, c.ctx, c.ids[0], c.ids[1], name),
                                view);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/customers/{id}",
              .summary = "one customer",
              .roles = kEveryone,
              .response = s::Ref("Customer"),
              .handler = [&env, view](Call& c) {
                return c.Render(service::GetCustomer(env.db, c.ctx, c.ids[0]), view);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/customers/{id}/systems",
              .summary = "a customer's systems",
              .roles = kEveryone,
              .response = s::Items(s::Ref("System")),
              .handler = [&env](Call& c) {
                return c.Render(service::ListSystems(env.db, c.ctx, c.ids[0]),
                                [](const auto& l) { return ItemsOf(l); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/customers/{id}/systems",
              .summary = "add a system to a customer",
              .roles = kCustomerEditors,
              .request = s::Object({{"name", s::Str()}}, {"name"}),
              .response = s::Ref("System"),
              .status = 201,
              .handler = [&env, view](Call& c) {
                JsonBody b(c.req.body());
                service::System x;
                x.customer_id = c.ids[0];
                x.name = b.Str("name");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::CreateSystem(env.db, c.ctx, x), view, 201);
              }});
  router.Add(
      {.method = Method::kGet,
       .path = "/api/v1/customers/{id}/archive",
       .summary = "the customer's service archive (TKT-6): customer, systems, contracts, tickets",
       .roles = kEveryone,
       .query = {{"cursor", "string", "the next page of tickets"}},
       .response = s::Record({{"customer", s::Ref("Customer")},
                              {"systems", s::Array(s::Ref("System"))},
                              {"contracts", s::Array(s::Ref("Contract"))},
                              {"tickets", s::Array(s::Ref("TicketRow"))},
                              {"next_cursor", s::Nullable(s::Str())}}),
       .handler = [&env](Call& c) { return Archive(c, env); }});
  router.AddSchema("Customer", views::CustomerSchema());
  router.AddSchema("System", views::SystemSchema());
}

}  // namespace aftercare::http
