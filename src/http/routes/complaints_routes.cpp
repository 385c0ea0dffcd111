// Complaints (QA-2, issue 14 point 1): record one from the hotline or the portal,
// the list with its filters and cursor pages (a manager's view of the open ones and
// where each waits), one complaint with its timeline and solutions, and one POST
// per step of the procedure (service/complaints/complaints.h has the rules).
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/complaints/complaints.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;
using service::ComplaintAction;

json ComplaintView(const service::Complaint& c, bool full) {
  const TimeZone tz = views::ZoneOr(c.tz);
  json j = {{"id", c.id},
            {"number", c.number},
            {"customer_id", c.customer_id},
            {"customer_name", c.customer_name},
            {"title", c.title},
            {"channel", sla::Name(c.channel)},
            {"priority", sla::Name(c.priority)},
            {"ticket_status", sla::Name(c.ticket_status)},
            {"state", service::Name(c.state)},
            {"waiting_on", service::Name(service::WaitingOnIn(c.state))},
            {"received_at", FormatRfc3339(c.received_at, tz)},
            {"since", FormatRfc3339(c.since, tz)},
            {"outcome", views::Opt(c.outcome)},
            {"team_id", views::Opt(c.team_id)},
            {"team_name", c.team_name},
            {"refusals", c.refusals}};
  if (!full) return j;
  j["description"] = c.description;
  j["caller_name"] = c.caller_name;
  j["finding"] = c.finding;
  json timeline = json::array();
  for (const auto& e : c.timeline) {
    timeline.push_back({{"step", e.step},
                        {"at", FormatRfc3339(e.at, tz)},
                        {"actor_id", views::Opt(e.actor_id)},
                        {"actor_name", e.actor_name},
                        {"content", e.text},
                        {"team_id", views::Opt(e.team_id)},
                        {"team_name", e.team_name}});
  }
  json solutions = json::array();
  for (const auto& x : c.solutions) {
    solutions.push_back({{"n", x.n},
                         {"content", x.text},
                         {"proposed_at", FormatRfc3339(x.proposed_at, tz)},
                         {"proposed_by", x.proposed_by},
                         {"answer", x.answer.empty() ? json(nullptr) : json(x.answer)},
                         {"answered_at", views::Time(x.answered_at, tz)},
                         {"answered_by", x.answered_by},
                         {"reason", x.reason}});
  }
  j["timeline"] = timeline;
  j["solutions"] = solutions;
  return j;
}

json RowSchema() {
  return s::Record({{"id", s::Int("the ticket's id")},
                    {"number", s::Str("the ticket's number")},
                    {"customer_id", s::Int()},
                    {"customer_name", s::Str()},
                    {"title", s::Str()},
                    {"channel", s::Ref("Channel")},
                    {"priority", s::Ref("Priority")},
                    {"ticket_status", s::Ref("TicketStatus")},
                    {"state", s::Ref("ComplaintState")},
                    {"waiting_on", s::Enum({"vendor", "customer", "nobody"})},
                    {"received_at", s::Time()},
                    {"since", s::Time()},
                    {"outcome", s::Nullable(s::Enum({"valid", "invalid"}))},
                    {"team_id", s::Nullable(s::Int("the responsible department"))},
                    {"team_name", s::Str()},
                    {"refusals", s::Int("solutions the customer refused")}});
}

json FullSchema() {
  json j = RowSchema();
  json step = s::Record({{"step", s::Str("received, replied, or a step's action")},
                         {"at", s::Time()},
                         {"actor_id", s::Nullable(s::Int())},
                         {"actor_name", s::Str()},
                         {"content", s::Str()},
                         {"team_id", s::Nullable(s::Int())},
                         {"team_name", s::Str()}});
  json solution = s::Record({{"n", s::Int()},
                             {"content", s::Str()},
                             {"proposed_at", s::Time()},
                             {"proposed_by", s::Str()},
                             {"answer", s::Nullable(s::Enum({"agreed", "refused"}))},
                             {"answered_at", s::Nullable(s::Time())},
                             {"answered_by", s::Str()},
                             {"reason", s::Str()}});
  for (const char* k : {"description", "caller_name", "finding"}) {
    j["properties"][k] = s::Str();
    j["required"].push_back(k);
  }
  j["properties"]["timeline"] = s::Array(step);
  j["properties"]["solutions"] = s::Array(solution);
  j["required"].push_back("timeline");
  j["required"].push_back("solutions");
  return j;
}

Reply List(Call& c, ApiEnv& env) {
  service::ComplaintFilter f;
  f.q = c.QueryStr("q");
  f.cursor = c.QueryStr("cursor").value_or("");
  auto customer = c.QueryInt("customer_id");
  auto team = c.QueryInt("team_id");
  auto open = c.QueryFlag("open");
  auto limit = c.QueryLimit("limit");
  for (const Error* e :
       {customer.ok() ? nullptr : &customer.error(), team.ok() ? nullptr : &team.error(),
        open.ok() ? nullptr : &open.error(), limit.ok() ? nullptr : &limit.error()}) {
    if (e) return c.Fail(*e, true);
  }
  f.customer_id = *customer;
  f.team_id = *team;
  f.open = *open;
  if (*limit) f.limit = **limit;
  auto state = c.QueryName("state", service::ParseComplaintState, service::UnknownComplaintState());
  if (!state.ok()) return c.Fail(state.error());
  f.state = *state;
  auto waiting = c.QueryName("waiting_on", service::ParseWaitingOn, service::UnknownWaitingOn());
  if (!waiting.ok()) return c.Fail(waiting.error());
  f.waiting_on = *waiting;
  return c.Render(service::ListComplaints(env.db, c.ctx, f), [](const service::ComplaintPage& p) {
    json j = views::Items(p.items, [](const auto& x) { return ComplaintView(x, false); });
    j["next_cursor"] = p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor);
    return j;
  });
}

Reply Record(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::NewComplaint n;
  n.customer_id =
      c.ctx.actor->vendor() ? b.Int("customer_id") : b.OptInt("customer_id").value_or(0);
  n.contract_id = b.OptInt("contract_id");
  n.system_id = b.OptInt("system_id");
  auto channel = b.OptStr("channel");
  auto priority = b.OptStr("priority");
  n.title = b.Str("title");
  n.description = b.OptStr("description").value_or("");
  n.caller_name = b.OptStr("caller_name").value_or("");
  n.caller_phone = b.OptStr("caller_phone").value_or("");
  n.received_at = b.OptTime("received_at");
  AFTERCARE_BODY_OK(c, b);
  if (c.ctx.actor->vendor()) {
    auto ch = ParseName(channel, sla::ParseChannel, service::UnknownChannel());
    if (!ch.ok()) return c.Fail(ch.error());
    if (*ch) n.channel = **ch;
  } else {
    n.channel = sla::Channel::kPortal;
  }
  auto p = ParseName(priority, sla::ParsePriority, service::UnknownPriority("priority"));
  if (!p.ok()) return c.Fail(p.error());
  if (*p) n.priority = **p;
  return c.Render(
      service::RecordComplaint(env.db, c.ctx, n),
      [](const auto& v) { return ComplaintView(v, true); }, 201);
}

// A step: its content, and what its action takes besides (a reply's time, a
// finding's department).
Reply Step(Call& c, ApiEnv& env, ComplaintAction action) {
  JsonBody b(c.req.body());
  service::ComplaintStep st;
  st.action = action;
  st.text = b.OptStr("content").value_or("");
  if (action == ComplaintAction::kReply) st.at = b.OptTime("at");
  std::optional<std::string> outcome;
  if (action == ComplaintAction::kFindValid) {
    outcome = b.Str("outcome");
    st.team_id = b.OptInt("team_id");
  }
  AFTERCARE_BODY_OK(c, b);
  if (outcome) {
    if (*outcome == "invalid") {
      st.action = ComplaintAction::kFindInvalid;
    } else if (*outcome != "valid") {
      return c.Fail(Error::Invalid("outcome must be valid or invalid", 0, "outcome"));
    }
  }
  return c.Render(service::TakeComplaintStep(env.db, c.ctx, c.ids[0], st),
                  [](const auto& v) { return ComplaintView(v, true); });
}

struct StepRoute {
  const char* path;
  ComplaintAction action;
  service::RoleSet roles;
  const char* summary;
};

}  // namespace

void RegisterComplaintsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/complaints",
              .summary = "list complaints, newest first: filters state, customer_id, team_id, "
                         "waiting_on (vendor, customer, nobody), open=1, q (a number or words); "
                         "cursor, limit (Party A: their own; a vendor's list is audited)",
              .roles = kEveryone,
              .query = {{"state", "string", ""},
                        {"customer_id", "integer", ""},
                        {"team_id", "integer", ""},
                        {"waiting_on", "string", "vendor, customer or nobody"},
                        {"open", "flag", ""},
                        {"q", "string", ""},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = s::Record({{"items", s::Array(s::Ref("ComplaintRow"))},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return List(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/complaints",
              .summary = "record a complaint (the hotline, or Party A in the portal): its ticket "
                         "of type complaint starts the complaint_reply clock",
              .roles = kComplaintRecorders,
              .request = s::Object({{"customer_id", s::Int("staff: required; Party A: theirs")},
                                    {"contract_id", s::Int()},
                                    {"system_id", s::Int()},
                                    {"channel", s::Ref("Channel")},
                                    {"priority", s::Ref("Priority")},
                                    {"title", s::Str()},
                                    {"description", s::Str()},
                                    {"caller_name", s::Str()},
                                    {"caller_phone", s::Str()},
                                    {"received_at", s::Time()}},
                                   {"title"}),
              .response = s::Ref("Complaint"),
              .status = 201,
              .handler = [&env](Call& c) { return Record(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/complaints/{id}",
              .summary = "one complaint with its timeline and its solutions",
              .roles = kEveryone,
              .response = s::Ref("Complaint"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetComplaint(env.db, c.ctx, c.ids[0]),
                                [](const auto& v) { return ComplaintView(v, true); });
              }});
  const StepRoute steps[] = {
      {"reply", ComplaintAction::kReply, kComplaintHandlers,
       "the reply (答复): the ticket's first_reply, which stops complaint_reply; `at` when given "
       "earlier"},
      {"investigate", ComplaintAction::kFindValid, kComplaintInvestigators,
       "the finding: outcome valid (with team_id, the responsible department) or invalid (its "
       "content is returned to the customer)"},
      {"close", ComplaintAction::kClose, kComplaintClosers,
       "close a complaint found invalid (the customer, or team leaders and managers)"},
      {"solutions", ComplaintAction::kPropose, kVendorStaff,
       "propose a solution (the responsible department, or a manager)"},
      {"agree", ComplaintAction::kAgree, kComplaintCustomers,
       "the customer agrees to the solution"},
      {"refuse", ComplaintAction::kRefuse, kComplaintCustomers,
       "the customer refuses the solution (content: the reason); back to the department"},
      {"implement", ComplaintAction::kImplement, kVendorStaff,
       "record the agreed solution's implementation (the department, or a manager)"},
      {"confirm", ComplaintAction::kConfirm, kComplaintCustomers,
       "the customer confirms the implementation: the complaint is closed"},
  };
  for (const StepRoute& r : steps) {
    json request = r.action == ComplaintAction::kFindValid
                       ? s::Object({{"outcome", s::Enum({"valid", "invalid"})},
                                    {"content", s::Str("the finding")},
                                    {"team_id", s::Int()}},
                                   {"outcome", "content"})
                   : r.action == ComplaintAction::kReply
                       ? s::Object({{"content", s::Str()}, {"at", s::Time()}}, {"content"})
                       : s::Object({{"content", s::Str()}});
    const ComplaintAction action = r.action;
    router.Add({.method = Method::kPost,
                .path = std::string("/api/v1/complaints/{id}/") + r.path,
                .summary = r.summary,
                .roles = r.roles,
                .request = request,
                .response = s::Ref("Complaint"),
                .handler = [&env, action](Call& c) { return Step(c, env, action); }});
  }
  router.AddSchema("ComplaintState",
                   s::EnumOf<service::ComplaintState>(service::kComplaintStateCount));
  router.AddSchema("ComplaintRow", RowSchema());
  router.AddSchema("Complaint", FullSchema());
}

}  // namespace aftercare::http
