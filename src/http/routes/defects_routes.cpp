// Defects (QA-1): the list with its filters and cursor pages, a defect with its
// history and linked tickets, and its changes (create, transition, reassign,
// link and unlink tickets) by vendor staff. Party A reads the defects linked to
// its own tickets.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/defects/defects.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json DefectView(const service::Defect& d, bool full) {
  const TimeZone& tz = DefaultZone();
  json j = {{"id", d.id},
            {"title", d.title},
            {"description", d.description},
            {"severity", service::Name(d.severity)},
            {"module", d.module},
            {"system_id", views::Opt(d.system_id)},
            {"system_name", d.system_name},
            {"fix_version", d.fix_version},
            {"state", service::Name(d.state)},
            {"owner_id", d.owner_id},
            {"owner_name", d.owner_name},
            {"created_at", FormatRfc3339(d.created_at, tz)},
            {"updated_at", FormatRfc3339(d.updated_at, tz)},
            {"closed_at", views::Time(d.closed_at, tz)}};
  if (!full) return j;
  json tickets = json::array();
  for (const auto& t : d.tickets) {
    tickets.push_back({{"ticket_id", t.ticket_id},
                       {"customer_id", t.customer_id},
                       {"title", t.title},
                       {"status", t.status}});
  }
  json history = json::array();
  for (const auto& e : d.history) {
    history.push_back({{"at", FormatRfc3339(e.at, tz)},
                       {"actor_name", e.actor_name},
                       {"action", e.action},
                       {"from_state", views::OptName(e.from_state)},
                       {"to_state", views::OptName(e.to_state)},
                       {"owner_id", views::Opt(e.owner_id)},
                       {"ticket_id", views::Opt(e.ticket_id)},
                       {"note", e.note}});
  }
  j["tickets"] = std::move(tickets);
  j["history"] = std::move(history);
  return j;
}

std::vector<std::pair<const char*, json>> DefectFields() {
  return {{"id", s::Int()},
          {"title", s::Str()},
          {"description", s::Str()},
          {"severity", s::Ref("DefectSeverity")},
          {"module", s::Str()},
          {"system_id", s::Nullable(s::Int())},
          {"system_name", s::Str()},
          {"fix_version", s::Str()},
          {"state", s::Ref("DefectState")},
          {"owner_id", s::Int("an active vendor user, in every state")},
          {"owner_name", s::Str()},
          {"created_at", s::Time()},
          {"updated_at", s::Time()},
          {"closed_at", s::Nullable(s::Time())}};
}

json DefectSchema(bool full) {
  json j = s::Record({});
  for (auto& [name, schema] : DefectFields()) j["properties"][name] = schema;
  for (auto& [name, schema] : DefectFields()) j["required"].push_back(name);
  if (!full) return j;
  j["properties"]["tickets"] = s::Array(s::Record({{"ticket_id", s::Int()},
                                                   {"customer_id", s::Int()},
                                                   {"title", s::Str()},
                                                   {"status", s::Str()}}));
  j["properties"]["history"] = s::Array(s::Record({{"at", s::Time()},
                                                   {"actor_name", s::Str()},
                                                   {"action", s::Str()},
                                                   {"from_state", s::Nullable(s::Str())},
                                                   {"to_state", s::Nullable(s::Str())},
                                                   {"owner_id", s::Nullable(s::Int())},
                                                   {"ticket_id", s::Nullable(s::Int())},
                                                   {"note", s::Str()}}));
  j["required"].push_back("tickets");
  j["required"].push_back("history");
  return j;
}

Result<service::DefectFilter> ReadDefectFilter(const Call& c) {
  service::DefectFilter f;
  f.q = c.QueryStr("q");
  f.module = c.QueryStr("module");
  f.cursor = c.QueryStr("cursor").value_or("");
  AFTERCARE_ASSIGN_OR_RETURN(f.owner_id, c.QueryInt("owner_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.system_id, c.QueryInt("system_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.ticket_id, c.QueryInt("ticket_id"));
  AFTERCARE_ASSIGN_OR_RETURN(auto limit, c.QueryLimit("limit"));
  if (limit) f.limit = *limit;
  return f;
}

Reply List(Call& c, ApiEnv& env) {
  auto f = ReadDefectFilter(c);
  if (!f.ok()) return c.Fail(f.error(), true);
  auto state = c.QueryName("state", service::ParseDefectState, service::UnknownDefectState());
  if (!state.ok()) return c.Fail(state.error());
  auto severity =
      c.QueryName("severity", service::ParseDefectSeverity, service::UnknownDefectSeverity());
  if (!severity.ok()) return c.Fail(severity.error());
  f->state = *state;
  f->severity = *severity;
  return c.Render(service::ListDefects(env.db, c.ctx, *f), [](const service::DefectPage& p) {
    json items = json::array();
    for (const auto& d : p.items) items.push_back(DefectView(d, false));
    return json{{"items", items},
                {"next_cursor", p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor)}};
  });
}

json Full(const service::Defect& d) { return DefectView(d, true); }

Reply Create(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::NewDefect d;
  d.title = b.Str("title");
  d.description = b.OptStr("description").value_or("");
  auto severity = b.Str("severity");
  d.module = b.OptStr("module").value_or("");
  d.system_id = b.OptInt("system_id");
  d.fix_version = b.OptStr("fix_version").value_or("");
  d.owner_id = b.OptInt("owner_id");
  d.ticket_ids = b.OptIntList("ticket_ids").value_or(std::vector<std::int64_t>{});
  d.note = b.OptStr("note").value_or("");
  AFTERCARE_BODY_OK(c, b);
  auto sev = service::ParseDefectSeverity(severity);
  if (!sev) return c.Fail(service::UnknownDefectSeverity());
  d.severity = *sev;
  return c.Render(service::CreateDefect(env.db, c.ctx, d), Full, 201);
}

Reply Transition(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::DefectTransition t;
  auto to = b.Str("state");
  t.fix_version = b.OptStr("fix_version");
  t.owner_id = b.OptInt("owner_id");
  t.note = b.OptStr("note").value_or("");
  AFTERCARE_BODY_OK(c, b);
  auto state = service::ParseDefectState(to);
  if (!state) return c.Fail(service::UnknownDefectState());
  t.to = *state;
  return c.Render(service::TransitionDefect(env.db, c.ctx, c.ids[0], t), Full);
}

}  // namespace

void RegisterDefectsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add(
      {.method = Method::kGet,
       .path = "/api/v1/defects",
       .summary = "list defects, newest first: filters state, severity, module, owner_id, "
                  "system_id, ticket_id, q; cursor, limit (Party A: those linked to its "
                  "tickets)",
       .roles = kEveryone,
       .query = {{"state", "string", "identified, analysed, fixed, reviewed, verified, closed"},
                 {"severity", "string", "critical, major, minor or trivial"},
                 {"module", "string", ""},
                 {"owner_id", "integer", ""},
                 {"system_id", "integer", ""},
                 {"ticket_id", "integer", ""},
                 {"q", "string", "words of the title, description or module"},
                 {"cursor", "string", ""},
                 {"limit", "integer", "1 to 500, default 50"}},
       .response = s::Record(
           {{"items", s::Array(s::Ref("DefectRow"))}, {"next_cursor", s::Nullable(s::Str())}}),
       .handler = [&env](Call& c) { return List(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/defects",
              .summary = "record a defect (vendor staff): its owner is required",
              .roles = kVendorStaff,
              .request = s::Object({{"title", s::Str()},
                                    {"description", s::Str()},
                                    {"severity", s::Ref("DefectSeverity")},
                                    {"module", s::Str()},
                                    {"system_id", s::Int()},
                                    {"fix_version", s::Str()},
                                    {"owner_id", s::Int()},
                                    {"ticket_ids", s::Array(s::Int())},
                                    {"note", s::Str()}},
                                   {"title", "severity", "owner_id"}),
              .response = s::Ref("Defect"),
              .status = 201,
              .handler = [&env](Call& c) { return Create(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/defects/{id}",
              .summary = "one defect with its linked tickets and history",
              .roles = kEveryone,
              .response = s::Ref("Defect"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetDefect(env.db, c.ctx, c.ids[0]), Full);
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/defects/{id}/transitions",
              .summary = "move a defect along its state table (closing needs fix_version; "
                         "owner_id hands it over in the same step)",
              .roles = kVendorStaff,
              .request = s::Object({{"state", s::Ref("DefectState")},
                                    {"fix_version", s::Str()},
                                    {"owner_id", s::Int()},
                                    {"note", s::Str()}},
                                   {"state"}),
              .response = s::Ref("Defect"),
              .handler = [&env](Call& c) { return Transition(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/defects/{id}/owner",
              .summary = "hand the defect to another owner (an active vendor user; never none)",
              .roles = kVendorStaff,
              .request = s::Object({{"owner_id", s::Int()}, {"note", s::Str()}}, {"owner_id"}),
              .response = s::Ref("Defect"),
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                auto owner = b.OptInt("owner_id");
                auto note = b.OptStr("note").value_or("");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::ReassignDefect(env.db, c.ctx, c.ids[0], owner, note),
                                Full);
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/defects/{id}/tickets",
              .summary = "link a ticket that reported the defect",
              .roles = kVendorStaff,
              .request = s::Object({{"ticket_id", s::Int()}}, {"ticket_id"}),
              .response = s::Ref("Defect"),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                std::int64_t ticket = b.Int("ticket_id");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::LinkDefectTicket(env.db, c.ctx, c.ids[0], ticket), Full,
                                201);
              }});
  router.Add({.method = Method::kDelete,
              .path = "/api/v1/defects/{id}/tickets/{id}",
              .summary = "unlink a ticket from the defect",
              .roles = kVendorStaff,
              .response = s::Ref("Defect"),
              .handler = [&env](Call& c) {
                return c.Render(service::UnlinkDefectTicket(env.db, c.ctx, c.ids[0], c.ids[1]),
                                Full);
              }});
  router.AddSchema("DefectSeverity",
                   s::EnumOf<service::DefectSeverity>(service::kDefectSeverityCount));
  router.AddSchema("DefectState", s::EnumOf<service::DefectState>(service::kDefectStateCount));
  router.AddSchema("DefectRow", DefectSchema(false));
  router.AddSchema("Defect", DefectSchema(true));
}

}  // namespace aftercare::http
