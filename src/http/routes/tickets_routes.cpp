// Tickets (TKT-1..TKT-6): intake from every channel, lists and the queue with
// live SLA clocks, the ticket with its metrics and timeline, the flow's events,
// and the workload for dispatching.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/routes/list_filters.h"
#include "http/schema.h"
#include "http/views/ticket_views.h"
#include "service/roles.h"
#include "service/tickets/tickets.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

}  // namespace

std::vector<QueryParam> TicketFilterQuery(std::vector<QueryParam> more) {
  std::vector<QueryParam> q = {{"status", "string", "open, active, waiting, resolved or closed"},
                               {"customer_id", "integer", ""},
                               {"system_id", "integer", ""},
                               {"assignee_id", "integer", ""},
                               {"priority", "string", "P1 to P4"},
                               {"received_from", "date-time", ""},
                               {"received_to", "date-time", ""},
                               {"q", "string", "a ticket number, part of a phone, a caller, words"},
                               {"sla", "string", "late or on_time"},
                               {"queue", "flag", ""},
                               {"leftover", "flag", ""},
                               {"unassigned", "flag", ""}};
  q.insert(q.end(), more.begin(), more.end());
  return q;
}

Result<service::TicketFilter> ReadTicketFilter(const Call& c) {
  service::TicketFilter f;
  f.q = c.QueryStr("q");
  f.cursor = c.QueryStr("cursor").value_or("");
  AFTERCARE_ASSIGN_OR_RETURN(f.customer_id, c.QueryInt("customer_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.system_id, c.QueryInt("system_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.assignee_id, c.QueryInt("assignee_id"));
  AFTERCARE_ASSIGN_OR_RETURN(auto limit, c.QueryLimit("limit"));
  if (limit) f.limit = *limit;
  AFTERCARE_ASSIGN_OR_RETURN(f.queue, c.QueryFlag("queue"));
  AFTERCARE_ASSIGN_OR_RETURN(f.unassigned, c.QueryFlag("unassigned"));
  AFTERCARE_ASSIGN_OR_RETURN(bool leftover, c.QueryFlag("leftover"));
  AFTERCARE_ASSIGN_OR_RETURN(f.received_from, c.QueryTime("received_from"));
  AFTERCARE_ASSIGN_OR_RETURN(f.received_to, c.QueryTime("received_to"));
  if (leftover) {
    const TimeZone& tz = DefaultZone();
    f.leftover_before = tz.ToInstant(tz.LocalDateOf(c.ctx.now), 0);
  }
  return f;
}

Status ReadTicketFilterNames(const Call& c, service::TicketFilter& f) {
  AFTERCARE_ASSIGN_OR_RETURN(
      f.status, c.QueryName("status", service::ParseStatusFilter, service::UnknownStatusFilter()));
  AFTERCARE_ASSIGN_OR_RETURN(f.priority, c.QueryName("priority", sla::ParsePriority,
                                                     service::UnknownPriority("priority")));
  AFTERCARE_ASSIGN_OR_RETURN(
      f.sla, c.QueryName("sla", service::ParseSlaFilter, service::UnknownSlaFilter()));
  return {};
}

namespace {

Reply List(Call& c, ApiEnv& env) {
  auto f = ReadTicketFilter(c);
  if (!f.ok()) return c.Fail(f.error(), true);
  if (Status names = ReadTicketFilterNames(c, *f); !names.ok()) return c.Fail(names.error());
  return c.Render(service::ListTickets(env.db, c.ctx, *f), [](const service::TicketPage& p) {
    json items = json::array();
    for (const auto& t : p.items) items.push_back(views::View(t, false));
    return json{{"items", items},
                {"next_cursor", p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor)}};
  });
}

// The intake's names (JSON strings, absent: the service's default) as the
// service's values; the first unknown one is the service's 422 naming it. Party
// A's tickets come through the portal whatever channel they name.
Status ReadIntakeNames(const Call& c, const std::optional<std::string>& channel,
                       const std::optional<std::string>& type,
                       const std::optional<std::string>& priority, service::NewTicket& t) {
  if (c.ctx.actor->vendor()) {
    AFTERCARE_ASSIGN_OR_RETURN(auto v,
                               ParseName(channel, sla::ParseChannel, service::UnknownChannel()));
    if (v) t.channel = *v;
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto ty, ParseName(type, sla::ParseTicketType, service::UnknownTicketType("type")));
  if (ty) t.type = *ty;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto p, ParseName(priority, sla::ParsePriority, service::UnknownPriority("priority")));
  if (p) t.priority = *p;
  return {};
}

Reply Create(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::NewTicket t;
  // Party A's tickets are their own customer's; staff name the customer.
  t.customer_id =
      c.ctx.actor->vendor() ? b.Int("customer_id") : b.OptInt("customer_id").value_or(0);
  t.contract_id = b.OptInt("contract_id");
  t.system_id = b.OptInt("system_id");
  auto channel = b.OptStr("channel");
  auto type = b.OptStr("type");
  auto priority = b.OptStr("priority");
  t.title = b.Str("title");
  t.description = b.OptStr("description").value_or("");
  t.caller_name = b.OptStr("caller_name").value_or("");
  t.caller_phone = b.OptStr("caller_phone").value_or("");
  t.received_at = b.OptTime("received_at");
  t.assignee_id = b.OptInt("assignee_id");
  t.form = b.OptObject("form");
  AFTERCARE_BODY_OK(c, b);
  if (Status names = ReadIntakeNames(c, channel, type, priority, t); !names.ok()) {
    return c.Fail(names.error());
  }
  auto r = service::CreateTicket(env.db, c.ctx, t);
  if (r.ok()) ++env.metrics.tickets_created;
  return c.Render(
      r, [](const auto& v) { return views::View(v, true); }, 201);
}

Reply AddEvent(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::NewEvent e;
  std::string kind = b.Str("kind");
  e.at = b.OptTime("at");
  auto to_priority = b.OptStr("to_priority");
  e.note = b.OptStr("note").value_or("");
  e.data = b.OptObject("data");
  AFTERCARE_BODY_OK(c, b);
  // The names as the service's values; an unknown one is the service's 422.
  auto k = service::ParseTicketEventKind(kind);
  if (!k) return c.Fail(service::UnknownEventKind(kind));
  e.kind = *k;
  auto to = ParseName(to_priority, sla::ParsePriority, service::UnknownPriority("to_priority"));
  if (!to.ok()) return c.Fail(to.error());
  e.to_priority = *to;
  return c.Render(
      service::AddTicketEvent(env.db, c.ctx, c.ids[0], e),
      [](const auto& v) { return views::View(v, true); }, 201);
}

}  // namespace

void RegisterTicketsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add(
      {.method = Method::kGet,
       .path = "/api/v1/workload",
       .summary = "open tickets per assignee (vendor staff, for dispatching): items of user_id, "
                  "open; unassigned: open tickets nobody has",
       .roles = kVendorStaff,
       .response =
           s::Record({{"items", s::Array(s::Record({{"user_id", s::Int()}, {"open", s::Int()}}))},
                      {"unassigned", s::Int()}}),
       .handler = [&env](Call& c) {
         return c.Render(service::OpenTicketsByAssignee(env.db, c.ctx), [](const auto& w) {
           json items = json::array();
           for (const auto& p : w.by_assignee)
             items.push_back({{"user_id", p.user_id}, {"open", p.open}});
           return json{{"items", items}, {"unassigned", w.unassigned}};
         });
       }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/tickets",
              .summary =
                  "list tickets: filters status, customer_id, system_id, assignee_id, priority, "
                  "received_from, received_to, q, sla (late, on_time), unassigned=1; queue=1 "
                  "orders open tickets by next due; leftover=1 lists open tickets received "
                  "before today; cursor, limit (a vendor's list is audited)",
              .roles = kEveryone,
              .query = TicketFilterQuery(
                  {{"cursor", "string", ""}, {"limit", "integer", "1 to 500, default 50"}}),
              .response = s::Record({{"items", s::Array(s::Ref("TicketRow"))},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return List(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/tickets",
              .summary = "create a ticket (intake from any channel; TKT-1, TKT-2)",
              .roles = kEveryone,
              .request = s::Object({{"customer_id", s::Int("staff: required; Party A: theirs")},
                                    {"contract_id", s::Int()},
                                    {"system_id", s::Int()},
                                    {"channel", s::Ref("Channel")},
                                    {"type", s::Ref("TicketType")},
                                    {"priority", s::Ref("Priority")},
                                    {"title", s::Str()},
                                    {"description", s::Str()},
                                    {"caller_name", s::Str()},
                                    {"caller_phone", s::Str()},
                                    {"received_at", s::Time()},
                                    {"assignee_id", s::Int()},
                                    {"form", s::FreeObject()}},
                                   {"title"}),
              .response = s::Ref("Ticket"),
              .status = 201,
              .handler = [&env](Call& c) { return Create(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/tickets/{id}",
              .summary = "one ticket with live SLA metrics and its timeline",
              .roles = kEveryone,
              .response = s::Ref("Ticket"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetTicket(env.db, c.ctx, c.ids[0]),
                                [](const auto& v) { return views::View(v, true); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/tickets/{id}/events",
              .summary = "record a step of the flow (TKT-4, TKT-5): an SLA event, a note, a "
                         "contact, an escalation, an assignment or a grading",
              .roles = kEveryone,
              .request = s::Object({{"kind", s::Str()},
                                    {"at", s::Time()},
                                    {"to_priority", s::Ref("Priority")},
                                    {"note", s::Str()},
                                    {"data", s::FreeObject()}},
                                   {"kind"}),
              .response = s::Ref("Ticket"),
              .status = 201,
              .handler = [&env](Call& c) { return AddEvent(c, env); }});
  router.AddSchema("TicketRow", views::TicketRowSchema());
  router.AddSchema("Ticket", views::TicketSchema());
}

}  // namespace aftercare::http
