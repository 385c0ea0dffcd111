// Contracts and their compliance (CON-1..CON-5): terms with the CON-1 defaults,
// the penalty ledger, strikes and state, notices, waivers, the scenario export.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/contract_views.h"
#include "http/views/view_helpers.h"
#include "service/contracts/contracts.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

// The terms a contract is created with or corrected by; everything but the
// customer, number, signing date and zone may change later.
json TermsSchema(bool creating) {
  json j = s::Object({{"title", s::Str()},
                      {"value", s::Str("yuan, exact to the fen: \"1000000.00\"")},
                      {"penalty_rate", s::Str("default 0.0003")},
                      {"policy", s::Str("default bid-default")},
                      {"cure_days", s::Int()},
                      {"construction_deadline", s::Date()},
                      {"accepted_on", s::Nullable(s::Date())},
                      {"warranty_months", s::Int()},
                      {"free_resident_engineers", s::Int()},
                      {"coverage_from", s::Date()},
                      {"coverage_to", s::Date()},
                      {"maintenance_fee_terms", s::Str()},
                      {"system_ids", s::Array(s::Int())}});
  if (creating) {
    j["properties"]["customer_id"] = s::Int();
    j["properties"]["number"] = s::Str();
    j["properties"]["signed_on"] = s::Date();
    j["properties"]["tz"] = s::Str("default Asia/Shanghai");
    j["properties"]["accepted_on"] = s::Date();
    j["required"] = {"customer_id", "number", "value", "signed_on"};
  }
  return j;
}

Reply CreateContract(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::NewContract n;
  service::Contract& k = n.fields;
  k.customer_id = b.Int("customer_id");
  k.number = b.Str("number");
  k.title = b.OptStr("title").value_or("");
  n.value_text = b.Str("value");
  k.signed_on = b.Str("signed_on");
  if (auto v = b.OptStr("penalty_rate")) k.penalty_rate = *v;
  if (auto v = b.OptStr("policy")) k.policy = *v;
  if (auto v = b.OptInt32("cure_days")) {
    k.cure_days = *v;
    n.has_cure_days = true;
  }
  if (auto v = b.OptStr("tz")) k.tz = *v;
  if (auto v = b.OptStr("construction_deadline")) {
    k.construction_deadline = *v;
    n.has_construction_deadline = true;
  }
  k.accepted_on = b.OptStr("accepted_on");
  if (auto v = b.OptInt32("warranty_months")) k.warranty_months = *v;
  if (auto v = b.OptInt32("free_resident_engineers")) k.free_resident_engineers = *v;
  auto from = b.OptStr("coverage_from");
  auto to = b.OptStr("coverage_to");
  if (from || to) {
    n.has_coverage = true;
    k.coverage_from = from.value_or("");
    k.coverage_to = to.value_or("");
  }
  k.maintenance_fee_terms = b.OptStr("maintenance_fee_terms").value_or("");
  k.system_ids = b.OptIntList("system_ids").value_or(std::vector<std::int64_t>{});
  AFTERCARE_BODY_OK(c, b);
  return c.Render(
      service::CreateContract(env.db, c.ctx, n), [](const auto& v) { return views::View(v); }, 201);
}

Reply UpdateContract(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::ContractChange k;
  k.title = b.OptStr("title");
  k.value_text = b.OptStr("value");
  k.penalty_rate = b.OptStr("penalty_rate");
  k.policy = b.OptStr("policy");
  k.construction_deadline = b.OptStr("construction_deadline");
  k.accepted_on = b.NullableStr("accepted_on");
  k.cure_days = b.OptInt32("cure_days");
  k.warranty_months = b.OptInt32("warranty_months");
  k.free_resident_engineers = b.OptInt32("free_resident_engineers");
  k.coverage_from = b.OptStr("coverage_from");
  k.coverage_to = b.OptStr("coverage_to");
  k.maintenance_fee_terms = b.OptStr("maintenance_fee_terms");
  k.system_ids = b.OptIntList("system_ids");
  AFTERCARE_BODY_OK(c, b);
  return c.Render(service::UpdateContract(env.db, c.ctx, c.ids[0], k),
                  [](const auto& v) { return views::View(v); });
}

}  // namespace

void RegisterContractsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  auto view = [](const auto& x) { return views::View(x); };
  router.Add({.method = Method::kGet,
              .path = "/api/v1/contracts",
              .summary = "list contracts (Party A: their own)",
              .roles = kEveryone,
              .response = s::Items(s::Ref("Contract")),
              .handler = [&env, view](Call& c) {
                return c.Render(service::ListContracts(env.db, c.ctx),
                                [&](const auto& list) { return views::Items(list, view); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/contracts",
              .summary = "create a contract (CON-1 defaults apply)",
              .roles = kManagersAndAdmins,
              .request = TermsSchema(true),
              .response = s::Ref("Contract"),
              .status = 201,
              .handler = [&env](Call& c) { return CreateContract(c, env); }});
  router.Add({.method = Method::kPatch,
              .path = "/api/v1/contracts/{id}",
              .summary = "change a contract's terms (admin, manager; audited): title, value, "
                         "penalty_rate, policy, cure_days, construction_deadline, accepted_on "
                         "(null clears), warranty_months, free_resident_engineers, "
                         "coverage_from, coverage_to, maintenance_fee_terms, system_ids; number, "
                         "customer, signing date and zone do not change",
              .roles = kManagersAndAdmins,
              .request = TermsSchema(false),
              .response = s::Ref("Contract"),
              .handler = [&env](Call& c) { return UpdateContract(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/contracts/{id}",
              .summary = "one contract",
              .roles = kEveryone,
              .response = s::Ref("Contract"),
              .handler = [&env, view](Call& c) {
                return c.Render(service::GetContract(env.db, c.ctx, c.ids[0]), view);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/contracts/compliance",
              .summary = "every visible contract's compliance at a glance (CON-2, CON-3): state, "
                         "strikes, late responses and handlings, longest overrun, penalty total, "
                         "waived, payable; one audited read",
              .roles = kEveryone,
              .response = s::Items(views::ComplianceSummarySchema()),
              .handler = [&env](Call& c) {
                return c.Render(service::ListCompliance(env.db, c.ctx), [](const auto& list) {
                  json items = json::array();
                  for (const auto& [id, x] : list) items.push_back(views::ComplianceSummary(id, x));
                  return json{{"items", items}};
                });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/contracts/{id}/compliance",
              .summary = "penalty ledger, strikes, state, notices and history (CON-2, CON-3)",
              .roles = kEveryone,
              .response = views::ComplianceSchema(),
              .handler = [&env, view](Call& c) {
                return c.Render(service::GetCompliance(env.db, c.ctx, c.ids[0]), view);
              }});
  router.Add(
      {.method = Method::kPost,
       .path = "/api/v1/contracts/{id}/notices",
       .summary = "record Party A's written notice (CON-3)",
       .roles = kNoticeParties,
       .request = s::Object({{"at", s::Time()}, {"cure_days", s::Int()}, {"note", s::Str()}}),
       .response = s::Ref("Notice"),
       .status = 201,
       .handler = [&env, view](Call& c) {
         JsonBody b(c.req.body());
         auto at = b.OptTime("at");
         std::optional<int> cure_days = b.OptInt32("cure_days");
         std::string note = b.OptStr("note").value_or("");
         AFTERCARE_BODY_OK(c, b);
         return c.Render(service::RecordNotice(env.db, c.ctx, c.ids[0], at, cure_days, note), view,
                         201);
       }});
  router.Add(
      {.method = Method::kPost,
       .path = "/api/v1/contracts/{id}/waivers",
       .summary = "waive a penalty event (managers, CON-2)",
       .roles = kManagers,
       .request = s::Object({{"ticket_id", s::Int()}, {"metric", s::Str()}, {"reason", s::Str()}},
                            {"ticket_id", "metric", "reason"}),
       .response = s::Record({{"waived", s::Bool()}}),
       .status = 201,
       .handler = [&env](Call& c) {
         JsonBody b(c.req.body());
         std::int64_t ticket = b.Int("ticket_id");
         std::string metric = b.Str("metric");
         std::string reason = b.Str("reason");
         AFTERCARE_BODY_OK(c, b);
         return c.Done(service::Waive(env.db, c.ctx, c.ids[0], ticket, metric, reason),
                       {{"waived", true}}, 201);
       }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/contracts/{id}/scenario",
              .summary = "the contract as an `aftercare sla replay` scenario (YAML; audited "
                         "export)",
              .roles = kEveryone,
              .query = {{"as_of", "date-time", "evaluate as of this time (default now)"}},
              .response_type = "application/yaml",
              .handler = [&env](Call& c) {
                auto as_of = c.QueryTime("as_of");
                if (!as_of.ok()) return c.Fail(as_of.error(), true);
                auto y = service::ExportScenario(env.db, c.ctx, c.ids[0], *as_of);
                if (!y.ok()) return c.Fail(y.error());
                Reply r;
                r.content_type = "application/yaml; charset=utf-8";
                r.body = std::move(*y);
                return r;
              }});
  router.AddSchema("Contract", views::ContractSchema());
  router.AddSchema("Notice", views::NoticeSchema());
}

}  // namespace aftercare::http
