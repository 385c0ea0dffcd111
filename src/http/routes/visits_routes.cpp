// Return visits (OPS-3) and exchange visits (OPS-5) under /api/v1/visits: the
// return visit plans per customer, the return visits (list with filters and
// cursor pages, one, record, collate, cancel), the follow-up actions (mine or
// all, mark done), the exchange visits (list, plan, one, record, cancel). The
// rules: service/visits/visits.h. Party A reads its own customer's records
// without the vendor's internal notes (a return visit's collation and strategy,
// its responsible person; an exchange visit's internal notes).
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/roles.h"
#include "service/tickets/ticket_enums.h"
#include "service/visits/visits.h"

namespace aftercare::http {

namespace {

namespace s = schema;
namespace v = service::visits;
using nlohmann::json;

json T(const std::optional<Instant>& t) { return views::Time(t, DefaultZone()); }
json T(Instant t) { return FormatRfc3339(t, DefaultZone()); }

json ActionView(const v::Action& a) {
  return {{"id", a.id},
          {"visit_id", a.visit_id},
          {"customer_id", a.customer_id},
          {"customer_name", a.customer_name},
          {"title", a.title},
          {"owner_id", a.owner_id},
          {"owner_name", a.owner_name},
          {"due_at", T(a.due_at)},
          {"done_at", T(a.done_at)},
          {"done_by_name", a.done_by_name},
          {"note", a.note},
          {"overdue", a.overdue}};
}

// `internal`: the vendor's view, with the collation and who is responsible.
json VisitView(const v::ReturnVisit& x, bool internal) {
  json j = {{"id", x.id},
            {"customer_id", x.customer_id},
            {"customer_name", x.customer_name},
            {"state", v::Name(x.state)},
            {"due_at", T(x.due_at)},
            {"visited_at", T(x.visited_at)},
            {"visitor_name", x.visitor_name},
            {"method", views::OptName(x.method)},
            {"contact_person", x.contact_person},
            {"topics", x.topics},
            {"problems", x.problems},
            {"opinions", x.opinions},
            {"overdue", x.overdue}};
  json actions = json::array(), tickets = json::array();
  for (const auto& a : x.actions) actions.push_back(ActionView(a));
  for (const auto& t : x.tickets) {
    tickets.push_back({{"id", t.id}, {"number", t.number}, {"title", t.title}, {"status", t.status}});
  }
  j["actions"] = actions;
  j["tickets"] = tickets;
  if (!internal) return j;
  j["key_customer"] = x.key_customer;
  j["responsible_id"] = views::Opt(x.responsible_id);
  j["responsible_name"] = x.responsible_name;
  j["visitor_id"] = views::Opt(x.visitor_id);
  j["collation_due_at"] = T(x.collation_due_at);
  j["collated_at"] = T(x.collated_at);
  j["collated_by_name"] = x.collated_by_name;
  j["summary"] = x.summary;
  j["strategy"] = x.strategy;
  j["cancel_reason"] = x.cancel_reason;
  j["awaiting_collation"] = x.awaiting_collation;
  j["collation_overdue"] = x.collation_overdue;
  return j;
}

json PlanView(const v::Plan& p) {
  return {{"customer_id", p.customer_id},
          {"customer_name", p.customer_name},
          {"planned", p.planned},
          {"interval_days", p.interval_days},
          {"key_customer", p.key_customer},
          {"active", p.active},
          {"responsible_id", views::Opt(p.responsible_id)},
          {"responsible_name", p.responsible_name},
          {"next_visit_id", views::Opt(p.next_visit_id)},
          {"next_due_at", T(p.next_due_at)},
          {"last_visited_at", T(p.last_visited_at)}};
}

json ExchangeView(const v::ExchangeVisit& x, bool internal) {
  const TimeZone tz = views::ZoneOr(x.tz);
  json experts = json::array(), findings = json::array(), recs = json::array();
  for (const auto& e : x.experts) experts.push_back({{"id", e.id}, {"name", e.name}});
  for (const auto& f : x.findings) {
    findings.push_back({{"title", f.title}, {"detail", f.detail}, {"kind", v::Name(f.kind)}});
  }
  for (const auto& r : x.recommendations) {
    recs.push_back({{"title", r.title}, {"detail", r.detail}, {"priority", v::Name(r.priority)}});
  }
  json j = {{"id", x.id},
            {"contract_id", x.contract_id},
            {"contract_number", x.contract_number},
            {"customer_id", x.customer_id},
            {"customer_name", x.customer_name},
            {"title", x.title},
            {"state", v::Name(x.state)},
            {"planned_at", FormatRfc3339(x.planned_at, tz)},
            {"ends_at", FormatRfc3339(x.ends_at, tz)},
            {"held_at", views::Time(x.held_at, tz)},
            {"experts", experts},
            {"participants", x.participants},
            {"system_state", x.system_state},
            {"findings", findings},
            {"recommendations", recs},
            {"report_id", views::Opt(x.report_id)},
            {"recorded_by_name", x.recorded_by_name},
            {"overdue", x.overdue}};
  if (!internal) return j;
  j["internal_notes"] = x.internal_notes;
  j["cancel_reason"] = x.cancel_reason;
  return j;
}

json ActionSchema() {
  return s::Record({{"id", s::Int()},
                    {"visit_id", s::Int()},
                    {"customer_id", s::Int()},
                    {"customer_name", s::Str()},
                    {"title", s::Str()},
                    {"owner_id", s::Int()},
                    {"owner_name", s::Str()},
                    {"due_at", s::Time()},
                    {"done_at", s::Nullable(s::Time())},
                    {"done_by_name", s::Str()},
                    {"note", s::Str()},
                    {"overdue", s::Bool()}});
}

json VisitSchema() {
  const std::vector<std::string> shared = {
      "id",       "customer_id", "customer_name", "state",    "due_at",   "visited_at",
      "visitor_name", "method",  "contact_person", "topics", "problems", "opinions",
      "overdue",  "actions", "tickets"};
  return s::Object(
      {{"id", s::Int()},
       {"customer_id", s::Int()},
       {"customer_name", s::Str()},
       {"state", s::Enum({"planned", "done", "cancelled"})},
       {"due_at", s::Time()},
       {"visited_at", s::Nullable(s::Time())},
       {"visitor_name", s::Str()},
       {"method", s::Nullable(s::Enum({"phone", "email", "onsite", "im", "fax"}))},
       {"contact_person", s::Str()},
       {"topics", s::Str()},
       {"problems", s::Str()},
       {"opinions", s::Str()},
       {"overdue", s::Bool()},
       {"actions", s::Array(s::Ref("VisitAction"))},
       {"tickets", s::Array(s::Record({{"id", s::Int()},
                                       {"number", s::Str()},
                                       {"title", s::Str()},
                                       {"status", s::Ref("TicketStatus")}}))},
       {"key_customer", s::Bool()},
       {"responsible_id", s::Nullable(s::Int())},
       {"responsible_name", s::Str("vendor only")},
       {"visitor_id", s::Nullable(s::Int())},
       {"collation_due_at", s::Nullable(s::Time())},
       {"collated_at", s::Nullable(s::Time())},
       {"collated_by_name", s::Str()},
       {"summary", s::Str("the collation's summary (vendor only)")},
       {"strategy", s::Str("the service-strategy adjustments (vendor only)")},
       {"cancel_reason", s::Str()},
       {"awaiting_collation", s::Bool()},
       {"collation_overdue", s::Bool()}},
      shared);
}

json ExchangeSchema() {
  json rec = s::Record({{"title", s::Str()},
                        {"detail", s::Str()},
                        {"priority", s::Enum({"high", "medium", "low"})}});
  json finding = s::Record(
      {{"title", s::Str()}, {"detail", s::Str()}, {"kind", s::Enum({"problem", "risk"})}});
  return s::Object(
      {{"id", s::Int()},
       {"contract_id", s::Int()},
       {"contract_number", s::Str()},
       {"customer_id", s::Int()},
       {"customer_name", s::Str()},
       {"title", s::Str()},
       {"state", s::Enum({"planned", "done", "cancelled"})},
       {"planned_at", s::Time()},
       {"ends_at", s::Time()},
       {"held_at", s::Nullable(s::Time())},
       {"experts", s::Array(s::Record({{"id", s::Int()}, {"name", s::Str()}}))},
       {"participants", s::Array(s::Str())},
       {"system_state", s::Str()},
       {"findings", s::Array(finding)},
       {"recommendations", s::Array(rec)},
       {"report_id", s::Nullable(s::Int("the assessment report made from it"))},
       {"recorded_by_name", s::Str()},
       {"overdue", s::Bool()},
       {"internal_notes", s::Str("vendor only")},
       {"cancel_reason", s::Str("vendor only")}},
      {"id", "contract_id", "contract_number", "customer_id", "customer_name", "title", "state",
       "planned_at", "ends_at", "held_at", "experts", "participants", "system_state", "findings",
       "recommendations", "report_id", "recorded_by_name", "overdue"});
}

json PlanSchema() {
  return s::Record({{"customer_id", s::Int()},
                    {"customer_name", s::Str()},
                    {"planned", s::Bool()},
                    {"interval_days", s::Int()},
                    {"key_customer", s::Bool()},
                    {"active", s::Bool()},
                    {"responsible_id", s::Nullable(s::Int())},
                    {"responsible_name", s::Str()},
                    {"next_visit_id", s::Nullable(s::Int())},
                    {"next_due_at", s::Nullable(s::Time())},
                    {"last_visited_at", s::Nullable(s::Time())}});
}

// The text fields of one item of a list of objects; an unknown field or a value
// that is not a string fails with `problem`, naming the list.
Result<std::map<std::string, std::string>> Item(const json& item, const char* list,
                                                std::initializer_list<const char*> fields,
                                                const char* problem) {
  std::map<std::string, std::string> out;
  for (const auto& [k, val] : item.items()) {
    bool known = false;
    for (const char* f : fields) known = known || k == f;
    if (!known || !val.is_string()) return Error::Invalid(problem, 0, list);
    out[k] = val.get<std::string>();
  }
  return out;
}

Result<std::vector<v::Recommendation>> ReadRecommendations(const std::vector<json>& list) {
  std::vector<v::Recommendation> out;
  for (const auto& it : list) {
    AFTERCARE_ASSIGN_OR_RETURN(auto m, Item(it, "recommendations", {"title", "detail", "priority"},
                                          "a recommendation has the texts title, detail and "
                                          "priority"));
    auto p = v::ParsePriority(m["priority"]);
    if (!p) {
      return Error::Invalid("a recommendation's priority must be high, medium or low", 0,
                            "recommendations");
    }
    out.push_back({m["title"], m["detail"], *p});
  }
  return out;
}

Result<std::vector<v::Finding>> ReadFindings(const std::vector<json>& list) {
  std::vector<v::Finding> out;
  for (const auto& it : list) {
    AFTERCARE_ASSIGN_OR_RETURN(auto m, Item(it, "findings", {"title", "detail", "kind"},
                                          "a finding has the texts title, detail and kind"));
    auto k = v::ParseFindingKind(m["kind"].empty() ? "problem" : m["kind"]);
    if (!k) return Error::Invalid("a finding's kind must be problem or risk", 0, "findings");
    out.push_back({m["title"], m["detail"], *k});
  }
  return out;
}

Result<std::vector<v::NewAction>> ReadActions(const std::vector<json>& list) {
  std::vector<v::NewAction> out;
  for (const auto& it : list) {
    v::NewAction a;
    bool has_owner = false, has_due = false;
    for (const auto& [k, val] : it.items()) {
      if (k == "title" && val.is_string()) {
        a.title = val.get<std::string>();
      } else if (k == "owner_id" && val.is_number_integer()) {
        a.owner_id = val.get<std::int64_t>();
        has_owner = true;
      } else if (k == "due_at" && val.is_string()) {
        auto t = ParseRfc3339(val.get<std::string>());
        if (!t.ok() || !InServiceRange(*t)) break;
        a.due_at = *t;
        has_due = true;
      } else {
        has_owner = false;
        break;
      }
    }
    if (!has_owner || !has_due) {
      return Error::Invalid(
          "each follow-up action needs a title, an owner_id and a due_at (RFC 3339)", 0,
          "actions");
    }
    out.push_back(std::move(a));
  }
  return out;
}

Reply RecordVisit(Call& c, ApiEnv& env, bool planned) {
  JsonBody b(c.req.body());
  v::VisitRecord r;
  if (!planned) r.customer_id = b.Int("customer_id");
  r.visitor_id = b.OptInt("visitor_id");
  auto method = b.Str("method");
  r.visited_at = b.OptTime("visited_at");
  r.contact_person = b.OptStr("contact_person").value_or("");
  r.topics = b.Str("topics");
  r.problems = b.OptStr("problems").value_or("");
  r.opinions = b.OptStr("opinions").value_or("");
  auto actions = b.OptObjectList("actions");
  AFTERCARE_BODY_OK(c, b);
  auto m = v::ParseMethod(method);
  if (!m) return c.Fail(v::UnknownMethod());
  r.method = *m;
  if (!actions.empty()) {
    auto a = ReadActions(actions);
    if (!a.ok()) return c.Fail(a.error());
    r.actions = std::move(*a);
  }
  std::optional<std::int64_t> id;
  if (planned) id = c.ids[0];
  return c.Render(
      v::RecordReturnVisit(env.db, c.ctx, id, r),
      [](const auto& x) { return VisitView(x, true); }, planned ? 200 : 201);
}

Reply ListVisits(Call& c, ApiEnv& env) {
  v::VisitFilter f;
  f.cursor = c.QueryStr("cursor").value_or("");
  auto customer = c.QueryInt("customer_id");
  auto responsible = c.QueryInt("responsible_id");
  auto overdue = c.QueryFlag("overdue");
  auto collation = c.QueryFlag("collation_due");
  auto limit = c.QueryLimit("limit");
  for (const Error* e : {customer.ok() ? nullptr : &customer.error(),
                         responsible.ok() ? nullptr : &responsible.error(),
                         overdue.ok() ? nullptr : &overdue.error(),
                         collation.ok() ? nullptr : &collation.error(),
                         limit.ok() ? nullptr : &limit.error()}) {
    if (e) return c.Fail(*e, true);
  }
  f.customer_id = *customer;
  f.responsible_id = *responsible;
  f.overdue = *overdue;
  f.collation_due = *collation;
  if (*limit) f.limit = **limit;
  auto state = c.QueryName("state", v::ParseVisitState, v::UnknownVisitState());
  if (!state.ok()) return c.Fail(state.error());
  f.state = *state;
  const bool internal = c.ctx.actor->vendor();
  return c.Render(v::ListReturnVisits(env.db, c.ctx, f), [internal](const v::VisitPage& p) {
    json j = views::Items(p.items, [internal](const auto& x) { return VisitView(x, internal); });
    j["next_cursor"] = p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor);
    return j;
  });
}

Reply PutPlan(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  v::PlanInput in;
  in.interval_days = b.OptInt("interval_days");
  in.key_customer = b.OptBool("key_customer");
  in.active = b.OptBool("active");
  if (auto r = b.OptInt("responsible_id")) {
    in.responsible_id = *r == 0 ? std::optional<std::int64_t>() : std::optional(*r);
  }
  in.next_due_at = b.OptTime("next_due_at");
  AFTERCARE_BODY_OK(c, b);
  return c.Render(v::PutPlan(env.db, c.ctx, c.ids[0], in), PlanView);
}

Reply PlanExchange(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  v::NewExchangeVisit n;
  n.contract_id = b.Int("contract_id");
  n.title = b.OptStr("title").value_or("");
  auto at = b.OptTime("planned_at");
  auto minutes = b.OptInt("duration_minutes");
  n.expert_ids = b.OptIntList("expert_ids").value_or(std::vector<std::int64_t>{});
  n.participants = b.OptStrList("participants").value_or(std::vector<std::string>{});
  AFTERCARE_BODY_OK(c, b);
  if (!at) return c.Fail(Error::Invalid("planned_at is required", 0, "planned_at"));
  n.planned_at = *at;
  if (minutes) {
    if (*minutes < 60 || *minutes > 4320) {
      return c.Fail(Error::Invalid("duration_minutes must be 60 to 4320", 0, "duration_minutes"));
    }
    n.duration = *minutes * 60;
  }
  return c.Render(
      v::PlanExchangeVisit(env.db, c.ctx, n),
      [](const auto& x) { return ExchangeView(x, true); }, 201);
}

Reply RecordExchange(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  v::ExchangeRecord r;
  r.held_at = b.OptTime("held_at");
  r.expert_ids = b.OptIntList("expert_ids");
  r.participants = b.OptStrList("participants");
  r.system_state = b.Str("system_state");
  r.internal_notes = b.OptStr("internal_notes").value_or("");
  auto findings = b.OptObjectList("findings");
  auto recs = b.OptObjectList("recommendations");
  AFTERCARE_BODY_OK(c, b);
  if (!findings.empty()) {
    auto f = ReadFindings(findings);
    if (!f.ok()) return c.Fail(f.error());
    r.findings = std::move(*f);
  }
  if (!recs.empty()) {
    auto x = ReadRecommendations(recs);
    if (!x.ok()) return c.Fail(x.error());
    r.recommendations = std::move(*x);
  }
  return c.Render(v::RecordExchangeVisit(env.db, c.ctx, c.ids[0], r),
                  [](const auto& x) { return ExchangeView(x, true); });
}

Reply ListExchange(Call& c, ApiEnv& env) {
  v::ExchangeFilter f;
  f.cursor = c.QueryStr("cursor").value_or("");
  auto contract = c.QueryInt("contract_id");
  auto customer = c.QueryInt("customer_id");
  auto limit = c.QueryLimit("limit");
  for (const Error* e : {contract.ok() ? nullptr : &contract.error(),
                         customer.ok() ? nullptr : &customer.error(),
                         limit.ok() ? nullptr : &limit.error()}) {
    if (e) return c.Fail(*e, true);
  }
  f.contract_id = *contract;
  f.customer_id = *customer;
  if (*limit) f.limit = **limit;
  auto state = c.QueryName("state", v::ParseVisitState, v::UnknownVisitState());
  if (!state.ok()) return c.Fail(state.error());
  f.state = *state;
  const bool internal = c.ctx.actor->vendor();
  return c.Render(v::ListExchangeVisits(env.db, c.ctx, f), [internal](const v::ExchangePage& p) {
    json j =
        views::Items(p.items, [internal](const auto& x) { return ExchangeView(x, internal); });
    j["next_cursor"] = p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor);
    return j;
  });
}

Reply ListActions(Call& c, ApiEnv& env) {
  v::ActionFilter f;
  f.cursor = c.QueryStr("cursor").value_or("");
  auto mine = c.QueryFlag("mine");
  auto open = c.QueryFlag("open");
  auto limit = c.QueryLimit("limit");
  for (const Error* e : {mine.ok() ? nullptr : &mine.error(), open.ok() ? nullptr : &open.error(),
                         limit.ok() ? nullptr : &limit.error()}) {
    if (e) return c.Fail(*e, true);
  }
  f.mine = *mine;
  f.open = *open;
  if (*limit) f.limit = **limit;
  return c.Render(v::ListActions(env.db, c.ctx, f), [](const v::ActionPage& p) {
    json j = views::Items(p.items, ActionView);
    j["next_cursor"] = p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor);
    return j;
  });
}

Reply OpenTicket(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  v::VisitTicket t;
  t.title = b.Str("title");
  t.description = b.OptStr("description").value_or("");
  t.system_id = b.OptInt("system_id");
  auto priority = b.OptStr("priority");
  AFTERCARE_BODY_OK(c, b);
  auto p = ParseName(priority, sla::ParsePriority, service::UnknownPriority("priority"));
  if (!p.ok()) return c.Fail(p.error());
  if (*p) t.priority = **p;
  return c.Render(
      v::OpenVisitTicket(env.db, c.ctx, c.ids[0], t),
      [](const auto& x) { return VisitView(x, true); }, 201);
}

// A POST with one optional text field `key`, calling `fn(text)`.
template <typename Fn>
Reply WithText(Call& c, const char* key, Fn fn) {
  JsonBody b(c.req.body());
  const std::string text = b.OptStr(key).value_or("");
  AFTERCARE_BODY_OK(c, b);
  return fn(text);
}

void RegisterReturnVisitRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  const std::string base = "/api/v1/visits/return-visits";
  const json visit = s::Ref("ReturnVisit");
  const json record = s::Object({{"customer_id", s::Int("an unplanned visit's customer")},
                                 {"visitor_id", s::Int("default: the caller")},
                                 {"method", s::Enum({"phone", "email", "onsite", "im", "fax"})},
                                 {"visited_at", s::Time()},
                                 {"contact_person", s::Str()},
                                 {"topics", s::Str()},
                                 {"problems", s::Str()},
                                 {"opinions", s::Str()},
                                 {"actions", s::Array(s::Object({{"title", s::Str()},
                                                                 {"owner_id", s::Int()},
                                                                 {"due_at", s::Time()}},
                                                                {"title", "owner_id", "due_at"}))}},
                                {"method", "topics"});
  router.Add({.method = Method::kGet,
              .path = base,
              .summary = "list return visits, latest first: filters customer_id, responsible_id, "
                         "state, overdue=1 (planned, past due), collation_due=1 (awaiting "
                         "collation); cursor, limit (Party A: their own, without internal notes)",
              .roles = kEveryone,
              .query = {{"customer_id", "integer", ""},
                        {"responsible_id", "integer", ""},
                        {"state", "string", "planned, done or cancelled"},
                        {"overdue", "flag", ""},
                        {"collation_due", "flag", ""},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = s::Record({{"items", s::Array(visit)}, {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return ListVisits(c, env); }});
  router.Add({.method = Method::kPost,
              .path = base,
              .summary = "record an unplanned return visit of customer_id, with its follow-up "
                         "actions",
              .roles = kVendorStaff,
              .request = record,
              .response = visit,
              .status = 201,
              .handler = [&env](Call& c) { return RecordVisit(c, env, false); }});
  router.Add({.method = Method::kGet,
              .path = base + "/{id}",
              .summary = "one return visit with its follow-up actions",
              .roles = kEveryone,
              .response = visit,
              .handler = [&env](Call& c) {
                const bool internal = c.ctx.actor->vendor();
                return c.Render(v::GetReturnVisit(env.db, c.ctx, c.ids[0]),
                                [internal](const auto& x) { return VisitView(x, internal); });
              }});
  router.Add({.method = Method::kPost,
              .path = base + "/{id}/record",
              .summary = "record a planned return visit (customer_id is not taken)",
              .roles = kVendorStaff,
              .request = record,
              .response = visit,
              .handler = [&env](Call& c) { return RecordVisit(c, env, true); }});
  router.Add({.method = Method::kPost,
              .path = base + "/{id}/collate",
              .summary = "collate a recorded visit (整理回访结果): summary and the service-strategy "
                         "adjustments; team leaders, managers or the responsible person",
              .roles = kVendorStaff,
              .request = s::Object({{"summary", s::Str()}, {"strategy", s::Str()}}, {"summary"}),
              .response = visit,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                const std::string summary = b.Str("summary");
                const std::string strategy = b.OptStr("strategy").value_or("");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(v::CollateReturnVisit(env.db, c.ctx, c.ids[0], summary, strategy),
                                [](const auto& x) { return VisitView(x, true); });
              }});
  router.Add({.method = Method::kPost,
              .path = base + "/{id}/tickets",
              .summary = "turn a problem raised on a recorded visit into a ticket of its customer "
                         "(description default: the problems raised), linked to the visit",
              .roles = kVendorStaff,
              .request = s::Object({{"title", s::Str()},
                                    {"description", s::Str()},
                                    {"system_id", s::Int()},
                                    {"priority", s::Ref("Priority")}},
                                   {"title"}),
              .response = visit,
              .status = 201,
              .handler = [&env](Call& c) { return OpenTicket(c, env); }});
  router.Add({.method = Method::kPost,
              .path = base + "/{id}/cancel",
              .summary = "cancel a planned return visit (team leaders, managers or the "
                         "responsible person); the next one is scheduled",
              .roles = kVendorStaff,
              .request = s::Object({{"reason", s::Str()}}),
              .response = visit,
              .handler = [&env](Call& c) {
                return WithText(c, "reason", [&](const std::string& reason) {
                  return c.Render(v::CancelReturnVisit(env.db, c.ctx, c.ids[0], reason),
                                  [](const auto& x) { return VisitView(x, true); });
                });
              }});
}

void RegisterExchangeRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  const std::string base = "/api/v1/visits/exchange-visits";
  const json visit = s::Ref("ExchangeVisit");
  router.Add({.method = Method::kGet,
              .path = base,
              .summary = "list exchange visits, newest first: filters contract_id, customer_id, "
                         "state; cursor, limit (Party A: their own, without internal notes)",
              .roles = kEveryone,
              .query = {{"contract_id", "integer", ""},
                        {"customer_id", "integer", ""},
                        {"state", "string", "planned, done or cancelled"},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = s::Record({{"items", s::Array(visit)}, {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return ListExchange(c, env); }});
  router.Add({.method = Method::kPost,
              .path = base,
              .summary = "plan an exchange visit (定期访问交流) of a contract, on the calendar",
              .roles = kVisitPlanners,
              .request = s::Object({{"contract_id", s::Int()},
                                    {"title", s::Str("default 定期访问交流")},
                                    {"planned_at", s::Time()},
                                    {"duration_minutes", s::Int("60 to 4320, default 120")},
                                    {"expert_ids", s::Array(s::Int())},
                                    {"participants", s::Array(s::Str())}},
                                   {"contract_id", "planned_at", "expert_ids"}),
              .response = visit,
              .status = 201,
              .handler = [&env](Call& c) { return PlanExchange(c, env); }});
  router.Add({.method = Method::kGet,
              .path = base + "/{id}",
              .summary = "one exchange visit",
              .roles = kEveryone,
              .response = visit,
              .handler = [&env](Call& c) {
                const bool internal = c.ctx.actor->vendor();
                return c.Render(v::GetExchangeVisit(env.db, c.ctx, c.ids[0]),
                                [internal](const auto& x) { return ExchangeView(x, internal); });
              }});
  json rec = s::Object({{"title", s::Str()},
                        {"detail", s::Str()},
                        {"priority", s::Enum({"high", "medium", "low"})}},
                       {"title", "priority"});
  json finding = s::Object(
      {{"title", s::Str()}, {"detail", s::Str()}, {"kind", s::Enum({"problem", "risk"})}},
      {"title"});
  router.Add({.method = Method::kPost,
              .path = base + "/{id}/record",
              .summary = "record a held exchange visit: the system's state, findings and the "
                         "vendor's recommendations (team leaders, managers or an attending expert)",
              .roles = kVendorStaff,
              .request = s::Object({{"held_at", s::Time()},
                                    {"expert_ids", s::Array(s::Int())},
                                    {"participants", s::Array(s::Str())},
                                    {"system_state", s::Str()},
                                    {"findings", s::Array(finding)},
                                    {"recommendations", s::Array(rec)},
                                    {"internal_notes", s::Str("vendor only")}},
                                   {"system_state"}),
              .response = visit,
              .handler = [&env](Call& c) { return RecordExchange(c, env); }});
  router.Add({.method = Method::kPost,
              .path = base + "/{id}/cancel",
              .summary = "cancel a planned exchange visit (its calendar entry goes)",
              .roles = kVisitPlanners,
              .request = s::Object({{"reason", s::Str()}}),
              .response = visit,
              .handler = [&env](Call& c) {
                return WithText(c, "reason", [&](const std::string& reason) {
                  return c.Render(v::CancelExchangeVisit(env.db, c.ctx, c.ids[0], reason),
                                  [](const auto& x) { return ExchangeView(x, true); });
                });
              }});
}

}  // namespace

void RegisterVisitsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/visits/plans",
              .summary = "every customer with its return visit plan (interval, key customer, "
                         "responsible, the next visit)",
              .roles = kVendorStaff,
              .response = s::Items(s::Ref("ReturnVisitPlan")),
              .handler = [&env](Call& c) {
                return c.Render(v::ListPlans(env.db, c.ctx), [](const auto& list) {
                  return views::Items(list, PlanView);
                });
              }});
  router.Add({.method = Method::kPut,
              .path = "/api/v1/visits/plans/{id}",
              .summary = "set a customer's return visit plan (id: the customer): interval_days "
                         "(default 30), key_customer, responsible_id (0 clears), active, "
                         "next_due_at (moves the next visit)",
              .roles = kVisitPlanners,
              .request = s::Object({{"interval_days", s::Int("1 to 366")},
                                    {"key_customer", s::Bool()},
                                    {"responsible_id", s::Int("a vendor user; 0 clears")},
                                    {"active", s::Bool()},
                                    {"next_due_at", s::Time()}}),
              .response = s::Ref("ReturnVisitPlan"),
              .handler = [&env](Call& c) { return PutPlan(c, env); }});
  RegisterReturnVisitRoutes(router, env);
  router.Add({.method = Method::kGet,
              .path = "/api/v1/visits/actions",
              .summary = "follow-up actions of return visits, newest first: mine=1 (my "
                         "follow-ups), open=1 (not done); cursor, limit",
              .roles = kVendorStaff,
              .query = {{"mine", "flag", ""},
                        {"open", "flag", ""},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = s::Record({{"items", s::Array(s::Ref("VisitAction"))},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return ListActions(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/visits/actions/{id}/done",
              .summary = "mark a follow-up action done (its owner, a team leader or a manager)",
              .roles = kVendorStaff,
              .request = s::Object({{"note", s::Str()}}),
              .response = s::Ref("VisitAction"),
              .handler = [&env](Call& c) {
                return WithText(c, "note", [&](const std::string& note) {
                  return c.Render(v::CompleteAction(env.db, c.ctx, c.ids[0], note), ActionView);
                });
              }});
  RegisterExchangeRoutes(router, env);
  router.AddSchema("VisitAction", ActionSchema());
  router.AddSchema("ReturnVisit", VisitSchema());
  router.AddSchema("ReturnVisitPlan", PlanSchema());
  router.AddSchema("ExchangeVisit", ExchangeSchema());
}

}  // namespace aftercare::http
