// Inspections (OPS-1): checklist templates (administrators), plans (team leaders
// and managers), visits: the list with its filters and overdue badge, one visit
// with its checklist, filling an item, photos, submitting, Party A's confirmation
// in the portal or a signature on the engineer's screen.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/inspections/inspections.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
namespace in = service::inspections;
using nlohmann::json;

json ItemSpecView(const in::TemplateItem& it) {
  json j = {{"section", it.section}, {"label", it.label}, {"kind", in::Name(it.kind)}};
  j["unit"] = it.unit;
  j["threshold"] = views::Opt(it.threshold);
  j["direction"] = it.kind == in::ItemKind::kNumber ? json(in::Name(it.direction)) : json(nullptr);
  return j;
}

json TemplateView(const in::Template& t) {
  json items = json::array();
  for (const auto& it : t.items) items.push_back(ItemSpecView(it));
  return {{"id", t.id},          {"name", t.name},         {"description", t.description},
          {"version", t.version}, {"built_in", t.built_in}, {"items", items},
          {"updated_at", FormatRfc3339(t.updated_at, DefaultZone())}};
}

json PlanView(const in::Plan& p) {
  return {{"id", p.id},
          {"customer_id", p.customer_id},
          {"customer_name", p.customer_name},
          {"contract_id", p.contract_id},
          {"contract_number", p.contract_number},
          {"system_id", p.system_id},
          {"system_name", p.system_name},
          {"template_id", p.template_id},
          {"template_name", p.template_name},
          {"interval_months", p.interval_months},
          {"lead_days", p.lead_days},
          {"first_due", FormatDate(p.first_due)},
          {"next_due", p.next_due ? json(FormatDate(*p.next_due)) : json(nullptr)},
          {"engineer_id", views::Opt(p.engineer_id)},
          {"engineer_name", p.engineer_name},
          {"team_id", views::Opt(p.team_id)},
          {"team_name", p.team_name},
          {"paused", p.paused},
          {"note", p.note}};
}

json VisitItemView(std::int64_t visit_id, const in::VisitItem& it) {
  json j = ItemSpecView(it.spec);
  json photos = json::array();
  for (const auto& p : it.photos) {
    photos.push_back({{"id", p.id},
                      {"content_type", p.content_type},
                      {"size", p.size},
                      {"url", "/api/v1/inspections/visits/" + std::to_string(visit_id) +
                                  "/photos/" + std::to_string(p.id)}});
  }
  j["id"] = it.id;
  j["position"] = it.position;
  j["outcome"] = views::OptName(it.outcome);
  j["number"] = views::Opt(it.number);
  j["text"] = it.text;
  j["photos"] = std::move(photos);
  j["ticket"] = it.ticket_id ? json{{"id", *it.ticket_id},
                                    {"number", it.ticket_number},
                                    {"status", it.ticket_status}}
                             : json(nullptr);
  return j;
}

json VisitView(const in::Visit& v, bool full) {
  const TimeZone& tz = DefaultZone();
  json j = {{"id", v.id},
            {"plan_id", v.plan_id},
            {"customer_id", v.customer_id},
            {"customer_name", v.customer_name},
            {"contract_id", v.contract_id},
            {"contract_number", v.contract_number},
            {"system_id", v.system_id},
            {"system_name", v.system_name},
            {"engineer_id", views::Opt(v.engineer_id)},
            {"engineer_name", v.engineer_name},
            {"team_id", views::Opt(v.team_id)},
            {"team_name", v.team_name},
            {"due_on", FormatDate(v.due_on)},
            {"planned_on", FormatDate(v.planned_on)},
            {"moved_reason", v.moved_reason},
            {"state", in::Name(v.state)},
            {"overdue", v.overdue},
            {"template_name", v.template_name},
            {"template_version", v.template_version},
            {"submitted_at", views::Time(v.submitted_at, tz)},
            {"confirmed_at", views::Time(v.confirmed_at, tz)},
            {"confirm_kind", v.confirm_kind},
            {"confirmed_by_name", v.confirmed_by_name},
            {"signer_name", v.signer_name},
            {"signature_url", v.signed_ ? json("/api/v1/inspections/visits/" +
                                               std::to_string(v.id) + "/signature")
                                        : json(nullptr)},
            {"failed", v.failed},
            {"flagged", v.flagged}};
  if (!full) return j;
  json items = json::array();
  for (const auto& it : v.items) items.push_back(VisitItemView(v.id, it));
  j["items"] = std::move(items);
  return j;
}

json Full(const in::Visit& v) { return VisitView(v, true); }

// One template item of a body, read strictly: known fields of the right types.
Result<in::TemplateItem> ReadItem(const json& e, std::size_t i) {
  const std::string at = "items." + std::to_string(i);
  if (!e.is_object()) return Error::Invalid(at + " must be an object", 0, at);
  in::TemplateItem it;
  for (const auto& [key, value] : e.items()) {
    const std::string field = at + "." + key;
    if (key == "section" || key == "label" || key == "unit" || key == "kind" ||
        key == "direction") {
      if (!value.is_string()) return Error::Invalid(field + " must be a string", 0, field);
    } else if (key == "threshold") {
      if (!value.is_number_integer()) return Error::Invalid(field + " must be an integer", 0, field);
      it.threshold = value.get<std::int64_t>();
    } else {
      return Error::Invalid(field + " is not a known field", 0, field);
    }
  }
  it.section = e.value("section", "");
  it.label = e.value("label", "");
  it.unit = e.value("unit", "");
  auto kind = in::ParseItemKind(e.value("kind", ""));
  if (!kind) return Error::Invalid(at + ".kind must be check, number, text or photos", 0, at + ".kind");
  it.kind = *kind;
  auto dir = in::ParseDirection(e.value("direction", "above"));
  if (!dir) return Error::Invalid(at + ".direction must be above or below", 0, at + ".direction");
  it.direction = *dir;
  return it;
}

Result<in::TemplateInput> ReadTemplate(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return Error::Invalid("the body must be a JSON object", 0, "body");
  in::TemplateInput t;
  for (const auto& [key, value] : j.items()) {
    if (key == "name" || key == "description") {
      if (!value.is_string()) return Error::Invalid(key + " must be a string", 0, key);
    } else if (key == "items") {
      if (!value.is_array() || value.size() > in::kMaxItems) {
        return Error::Invalid("a template has 1 to 100 items", 0, "items");
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        AFTERCARE_ASSIGN_OR_RETURN(auto it, ReadItem(value[i], i));
        t.items.push_back(std::move(it));
      }
    } else {
      return Error::Invalid(key + " is not a known field", 0, key);
    }
  }
  t.name = j.value("name", "");
  t.description = j.value("description", "");
  return t;
}

Reply PutTemplate(Call& c, ApiEnv& env, bool create) {
  auto t = ReadTemplate(c.req.body());
  if (!t.ok()) return c.Fail(t.error());
  if (create) return c.Render(in::CreateTemplate(env.db, c.ctx, *t), TemplateView, 201);
  return c.Render(in::UpdateTemplate(env.db, c.ctx, c.ids[0], *t), TemplateView);
}

Reply CreatePlan(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  in::PlanInput p;
  p.contract_id = b.Int("contract_id");
  p.system_id = b.Int("system_id");
  p.template_id = b.OptInt("template_id");
  p.interval_months = b.OptInt32("interval_months");
  p.lead_days = b.OptInt32("lead_days");
  auto first = b.OptStr("first_due");
  p.engineer_id = b.OptInt("engineer_id");
  p.team_id = b.OptInt("team_id");
  p.note = b.OptStr("note").value_or("");
  AFTERCARE_BODY_OK(c, b);
  if (first) {
    auto d = ParseDate(*first);
    if (!d.ok()) return c.Fail(Error::Invalid("first_due must be a date YYYY-MM-DD", 0, "first_due"));
    p.first_due = *d;
  }
  return c.Render(in::CreatePlan(env.db, c.ctx, p), PlanView, 201);
}

Reply UpdatePlan(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  in::PlanChange p;
  p.template_id = b.OptInt("template_id");
  p.interval_months = b.OptInt32("interval_months");
  p.lead_days = b.OptInt32("lead_days");
  p.paused = b.OptBool("paused");
  p.note = b.OptStr("note");
  auto eng = b.OptInt("engineer_id");
  auto team = b.OptInt("team_id");
  AFTERCARE_BODY_OK(c, b);
  if (eng) p.engineer_id = std::optional<std::int64_t>(*eng);
  if (team) p.team_id = std::optional<std::int64_t>(*team);
  return c.Render(in::UpdatePlan(env.db, c.ctx, c.ids[0], p), PlanView);
}

Reply ListVisits(Call& c, ApiEnv& env) {
  in::VisitFilter f;
  f.cursor = c.QueryStr("cursor").value_or("");
  auto read = [&]() -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(f.contract_id, c.QueryInt("contract_id"));
    AFTERCARE_ASSIGN_OR_RETURN(f.customer_id, c.QueryInt("customer_id"));
    AFTERCARE_ASSIGN_OR_RETURN(f.engineer_id, c.QueryInt("engineer_id"));
    AFTERCARE_ASSIGN_OR_RETURN(f.team_id, c.QueryInt("team_id"));
    AFTERCARE_ASSIGN_OR_RETURN(f.overdue, c.QueryFlag("overdue"));
    AFTERCARE_ASSIGN_OR_RETURN(f.my_team, c.QueryFlag("my_team"));
    AFTERCARE_ASSIGN_OR_RETURN(auto limit, c.QueryLimit("limit"));
    if (limit) f.limit = *limit;
    return {};
  }();
  if (!read.ok()) return c.Fail(read.error(), true);
  auto state = c.QueryName("state", in::ParseVisitState, in::UnknownVisitState());
  if (!state.ok()) return c.Fail(state.error());
  f.state = *state;
  return c.Render(in::ListVisits(env.db, c.ctx, f), [](const in::VisitPage& p) {
    json items = json::array();
    for (const auto& v : p.items) items.push_back(VisitView(v, false));
    return json{{"items", items},
                {"overdue", p.overdue},
                {"next_cursor", p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor)}};
  });
}

Reply FillItem(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  in::ItemFill f;
  auto outcome = b.OptStr("outcome");
  auto number = b.OptInt("number");
  f.text = b.OptStr("text");
  AFTERCARE_BODY_OK(c, b);
  if (outcome) {
    f.outcome = in::ParseOutcome(*outcome);
    if (!f.outcome) return c.Fail(Error::Invalid("outcome must be pass, flag or fail", 0, "outcome"));
  }
  if (number) f.number = std::optional<std::int64_t>(*number);
  return c.Render(in::FillItem(env.db, c.ctx, c.ids[0], c.ids[1], f), Full);
}

Reply FileReply(Call& c, const Result<std::pair<std::string, std::string>>& r) {
  if (!r.ok()) return c.Fail(r.error());
  Reply out;
  out.content_type = r->second;
  out.headers.emplace_back("Content-Security-Policy", "sandbox; default-src 'none'");
  out.body = r->first;
  return out;
}

json VisitListSchema() {
  return s::Record({{"items", s::Array(s::Ref("InspectionVisitRow"))},
                    {"overdue", s::Int("overdue visits under the same filter")},
                    {"next_cursor", s::Nullable(s::Str())}});
}

void RegisterTemplateRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/inspections/templates",
              .summary = "checklist templates (vendor staff)",
              .roles = kVendorStaff,
              .response = s::Items(s::Ref("InspectionTemplate")),
              .handler = [&env](Call& c) {
                return c.Render(in::ListTemplates(env.db, c.ctx), [](const auto& list) {
                  return views::Items(list, TemplateView);
                });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/inspections/templates/{id}",
              .summary = "one checklist template",
              .roles = kVendorStaff,
              .response = s::Ref("InspectionTemplate"),
              .handler = [&env](Call& c) {
                return c.Render(in::GetTemplate(env.db, c.ctx, c.ids[0]), TemplateView);
              }});
  const json body = s::Object({{"name", s::Str()},
                               {"description", s::Str()},
                               {"items", s::Array(s::Ref("InspectionItemSpec"))}},
                              {"name", "items"});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/inspections/templates",
              .summary = "create a checklist template (administrators)",
              .roles = kAdmins,
              .request = body,
              .response = s::Ref("InspectionTemplate"),
              .status = 201,
              .handler = [&env](Call& c) { return PutTemplate(c, env, true); }});
  router.Add({.method = Method::kPut,
              .path = "/api/v1/inspections/templates/{id}",
              .summary = "edit a checklist template (administrators): its version goes up; "
                         "visits keep the items they were made with",
              .roles = kAdmins,
              .request = body,
              .response = s::Ref("InspectionTemplate"),
              .handler = [&env](Call& c) { return PutTemplate(c, env, false); }});
}

void RegisterPlanRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/inspections/plans",
              .summary = "inspection plans (vendor staff): filters contract_id, customer_id, "
                         "team_id",
              .roles = kVendorStaff,
              .query = {{"contract_id", "integer", ""},
                        {"customer_id", "integer", ""},
                        {"team_id", "integer", ""}},
              .response = s::Items(s::Ref("InspectionPlan")),
              .handler = [&env](Call& c) {
                in::PlanFilter f;
                auto read = [&]() -> Status {
                  AFTERCARE_ASSIGN_OR_RETURN(f.contract_id, c.QueryInt("contract_id"));
                  AFTERCARE_ASSIGN_OR_RETURN(f.customer_id, c.QueryInt("customer_id"));
                  AFTERCARE_ASSIGN_OR_RETURN(f.team_id, c.QueryInt("team_id"));
                  return {};
                }();
                if (!read.ok()) return c.Fail(read.error(), true);
                return c.Render(in::ListPlans(env.db, c.ctx, f), [](const auto& list) {
                  return views::Items(list, PlanView);
                });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/inspections/plans",
              .summary = "plan a contract system's inspections (team leaders, managers): every "
                         "interval_months (default 6) from first_due (default from acceptance), "
                         "each visit made lead_days (default 14) ahead",
              .roles = kInspectionPlanners,
              .request = s::Object({{"contract_id", s::Int()},
                                    {"system_id", s::Int()},
                                    {"template_id", s::Int()},
                                    {"interval_months", s::Int("1 to 24")},
                                    {"lead_days", s::Int("0 to 90")},
                                    {"first_due", s::Str("YYYY-MM-DD")},
                                    {"engineer_id", s::Int()},
                                    {"team_id", s::Int()},
                                    {"note", s::Str()}},
                                   {"contract_id", "system_id"}),
              .response = s::Ref("InspectionPlan"),
              .status = 201,
              .handler = [&env](Call& c) { return CreatePlan(c, env); }});
  router.Add({.method = Method::kPatch,
              .path = "/api/v1/inspections/plans/{id}",
              .summary = "edit or pause a plan (team leaders, managers); resuming re-arms it",
              .roles = kInspectionPlanners,
              .request = s::Object({{"template_id", s::Int()},
                                    {"interval_months", s::Int()},
                                    {"lead_days", s::Int()},
                                    {"engineer_id", s::Int()},
                                    {"team_id", s::Int()},
                                    {"paused", s::Bool()},
                                    {"note", s::Str()}},
                                   {}),
              .response = s::Ref("InspectionPlan"),
              .handler = [&env](Call& c) { return UpdatePlan(c, env); }});
}

// A route on one visit (GET it, or a step without a body) answering the visit.
using VisitStep = Result<in::Visit> (*)(store::Database&, const service::Context&, std::int64_t);
void AddVisitStep(Router& router, ApiEnv& env, Method method, const std::string& rest,
                  const char* summary, service::RoleSet roles, VisitStep step) {
  router.Add({.method = method,
              .path = "/api/v1/inspections/visits/{id}" + rest,
              .summary = summary,
              .roles = roles,
              .response = s::Ref("InspectionVisit"),
              .handler = [&env, step](Call& c) {
                return c.Render(step(env.db, c.ctx, c.ids[0]), Full);
              }});
}

void RegisterVisitRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/inspections/visits",
              .summary = "inspection visits, newest first, with the overdue count (Party A: its "
                         "own)",
              .roles = kEveryone,
              .query = {{"contract_id", "integer", ""},
                        {"customer_id", "integer", ""},
                        {"engineer_id", "integer", ""},
                        {"team_id", "integer", ""},
                        {"state", "string", "planned, in_progress, submitted, confirmed"},
                        {"overdue", "flag", "only visits past their planned day, not done"},
                        {"my_team", "flag", "the caller's team's visits (a team leader's view)"},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = VisitListSchema(),
              .handler = [&env](Call& c) { return ListVisits(c, env); }});
  AddVisitStep(router, env, Method::kGet, "", "one visit with its checklist", kEveryone,
               in::GetVisit);
  router.Add({.method = Method::kPut,
              .path = "/api/v1/inspections/visits/{id}/items/{id}",
              .summary = "save one checklist item (the visit's engineer or team, a manager)",
              .roles = kInspectionFillers,
              .request = s::Object({{"outcome", s::Str("pass, flag or fail (check items)")},
                                    {"number", s::Int("number items")},
                                    {"text", s::Str("at most 1000 characters")}},
                                   {}),
              .response = s::Ref("InspectionVisit"),
              .handler = [&env](Call& c) { return FillItem(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/inspections/visits/{id}/items/{id}/photos",
              .summary = "add a photo to a photos item (raw PNG, JPEG or WebP, at most 5 MB; "
                         "at most 6 per item)",
              .roles = kInspectionFillers,
              .response = s::Ref("InspectionVisit"),
              .status = 201,
              .raw_body = true,
              .handler = [&env](Call& c) {
                return c.Render(in::AddPhoto(env.db, c.ctx, env.attachments_dir, c.ids[0],
                                             c.ids[1], std::string(c.req.header("Content-Type")),
                                             std::string(c.req.body())),
                                Full, 201);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/inspections/visits/{id}/photos/{id}",
              .summary = "a checklist photo",
              .roles = kEveryone,
              .response_type = "image/png, image/jpeg, image/webp",
              .handler = [&env](Call& c) {
                return FileReply(
                    c, in::ReadPhoto(env.db, c.ctx, env.attachments_dir, c.ids[0], c.ids[1]));
              }});
  AddVisitStep(router, env, Method::kPost, "/submit",
               "submit the filled checklist: each failed item opens a ticket", kInspectionFillers,
               in::Submit);
  AddVisitStep(router, env, Method::kPost, "/confirm",
               "Party A confirms its own customer's submitted visit", kInspectionConfirmers,
               in::Confirm);
  router.Add({.method = Method::kPost,
              .path = "/api/v1/inspections/visits/{id}/sign",
              .summary = "Party A's representative signs on the engineer's screen: ?name=, the "
                         "drawn signature as a raw PNG of at most 200 KB",
              .roles = kInspectionFillers,
              .query = {{"name", "string", "the signer's name"}},
              .response = s::Ref("InspectionVisit"),
              .raw_body = true,
              .handler = [&env](Call& c) {
                return c.Render(in::Sign(env.db, c.ctx, env.attachments_dir, c.ids[0],
                                         c.QueryStr("name").value_or(""),
                                         std::string(c.req.body())),
                                Full);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/inspections/visits/{id}/signature",
              .summary = "the drawn signature of a signed visit (PNG)",
              .roles = kEveryone,
              .response_type = "image/png",
              .handler = [&env](Call& c) {
                return FileReply(c, in::ReadSignature(env.db, c.ctx, env.attachments_dir,
                                                      c.ids[0]));
              }});
}

json VisitSchema(bool full) {
  json j = s::Record({{"id", s::Int()},
                      {"plan_id", s::Int()},
                      {"customer_id", s::Int()},
                      {"customer_name", s::Str()},
                      {"contract_id", s::Int()},
                      {"contract_number", s::Str()},
                      {"system_id", s::Int()},
                      {"system_name", s::Str()},
                      {"engineer_id", s::Nullable(s::Int())},
                      {"engineer_name", s::Str()},
                      {"team_id", s::Nullable(s::Int())},
                      {"team_name", s::Str()},
                      {"due_on", s::Str("YYYY-MM-DD")},
                      {"planned_on", s::Str("the due date, or the next working day")},
                      {"moved_reason", s::Str("why planned_on differs from due_on; '' if not")},
                      {"state", s::Str("planned, in_progress, submitted, confirmed")},
                      {"overdue", s::Bool()},
                      {"template_name", s::Str()},
                      {"template_version", s::Int()},
                      {"submitted_at", s::Nullable(s::Time())},
                      {"confirmed_at", s::Nullable(s::Time())},
                      {"confirm_kind", s::Str("portal, signature or ''")},
                      {"confirmed_by_name", s::Str()},
                      {"signer_name", s::Str()},
                      {"signature_url", s::Nullable(s::Str())},
                      {"failed", s::Int()},
                      {"flagged", s::Int()}});
  if (!full) return j;
  j["properties"]["items"] = s::Array(s::Ref("InspectionVisitItem"));
  j["required"].push_back("items");
  return j;
}

json ItemSpecSchema() {
  return s::Record({{"section", s::Str()},
                    {"label", s::Str()},
                    {"kind", s::Str("check, number, text or photos")},
                    {"unit", s::Str()},
                    {"threshold", s::Nullable(s::Int())},
                    {"direction", s::Nullable(s::Str("above or below: which side fails"))}});
}

void RegisterSchemas(Router& router) {
  router.AddSchema("InspectionItemSpec", ItemSpecSchema());
  json item = ItemSpecSchema();
  for (auto& [name, sc] : std::vector<std::pair<const char*, json>>{
           {"id", s::Int()},
           {"position", s::Int()},
           {"outcome", s::Nullable(s::Str("pass, flag or fail"))},
           {"number", s::Nullable(s::Int())},
           {"text", s::Str()},
           {"photos", s::Array(s::Record({{"id", s::Int()},
                                          {"content_type", s::Str()},
                                          {"size", s::Int()},
                                          {"url", s::Str()}}))},
           {"ticket", s::Nullable(s::Record(
                          {{"id", s::Int()}, {"number", s::Str()}, {"status", s::Str()}}))}}) {
    item["properties"][name] = sc;
    item["required"].push_back(name);
  }
  router.AddSchema("InspectionVisitItem", item);
  router.AddSchema("InspectionTemplate",
                   s::Record({{"id", s::Int()},
                              {"name", s::Str()},
                              {"description", s::Str()},
                              {"version", s::Int()},
                              {"built_in", s::Bool()},
                              {"items", s::Array(s::Ref("InspectionItemSpec"))},
                              {"updated_at", s::Time()}}));
  router.AddSchema("InspectionPlan", s::Record({{"id", s::Int()},
                                               {"customer_id", s::Int()},
                                               {"customer_name", s::Str()},
                                               {"contract_id", s::Int()},
                                               {"contract_number", s::Str()},
                                               {"system_id", s::Int()},
                                               {"system_name", s::Str()},
                                               {"template_id", s::Int()},
                                               {"template_name", s::Str()},
                                               {"interval_months", s::Int()},
                                               {"lead_days", s::Int()},
                                               {"first_due", s::Str()},
                                               {"next_due", s::Nullable(s::Str())},
                                               {"engineer_id", s::Nullable(s::Int())},
                                               {"engineer_name", s::Str()},
                                               {"team_id", s::Nullable(s::Int())},
                                               {"team_name", s::Str()},
                                               {"paused", s::Bool()},
                                               {"note", s::Str()}}));
  router.AddSchema("InspectionVisitRow", VisitSchema(false));
  router.AddSchema("InspectionVisit", VisitSchema(true));
}

}  // namespace

void RegisterInspectionsRoutes(Router& router, ApiEnv& env) {
  RegisterTemplateRoutes(router, env);
  RegisterPlanRoutes(router, env);
  RegisterVisitRoutes(router, env);
  RegisterSchemas(router);
}

}  // namespace aftercare::http
