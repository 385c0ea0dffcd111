#include "http/views/ticket_views.h"

#include "http/views/view_helpers.h"
#include "sla/model.h"

namespace aftercare::http::views {
namespace s = schema;

json View(const service::Ticket& t, bool full) {
  TimeZone tz = ZoneOr(t.tz);
  json j = {{"id", t.id},
            {"number", t.number},
            {"customer_id", t.customer_id},
            {"contract_id", Opt(t.contract_id)},
            {"system_id", Opt(t.system_id)},
            {"channel", sla::Name(t.channel)},
            {"type", sla::Name(t.type)},
            {"priority", sla::Name(t.priority)},
            {"status", sla::Name(t.status)},
            {"title", t.title},
            {"caller_name", t.caller_name},
            {"caller_phone", t.caller_phone},
            {"received_at", FormatRfc3339(t.received_at, tz)},
            {"assignee_id", Opt(t.assignee_id)},
            {"customer_name", t.customer_name},
            {"system_name", t.system_id ? json(t.system_name) : json(nullptr)},
            {"assignee_name", t.assignee_id ? json(t.assignee_name) : json(nullptr)},
            {"tz", t.tz},
            {"fault_grade", Opt(t.fault_grade)},
            {"next_due_at", Time(t.next_due_at, tz)}};
  json clock = nullptr;
  if (t.clock) {
    const service::MetricView& m = t.metrics[*t.clock];
    clock = {{"metric", m.name},
             {"state", sla::Name(m.outcome.state)},
             {"due", Time(m.outcome.due, tz)},
             {"warn_at", Time(m.warn_at, tz)},
             {"target_s", m.outcome.target_s},
             {"elapsed_s", m.outcome.elapsed_s}};
  }
  j["clock"] = clock;
  if (!full) return j;
  j["description"] = t.description;
  j["form"] = t.form;
  j["sla_bound"] = t.sla_bound;
  json metrics = json::object();
  for (const auto& m : t.metrics) {
    const auto& o = m.outcome;
    json mj = {{"kind", sla::Name(m.kind)},  {"state", sla::Name(o.state)},
               {"target_s", o.target_s},     {"elapsed_s", o.elapsed_s},
               {"due", Time(o.due, tz)},     {"stopped_at", Time(o.stopped_at, tz)},
               {"late_by_s", o.late_by_s()}, {"warn_at", Time(m.warn_at, tz)}};
    metrics[m.name] = mj;
  }
  j["metrics"] = metrics;
  json timeline = json::array();
  for (const auto& e : t.timeline) {
    timeline.push_back({{"seq", e.seq},
                        {"at", FormatRfc3339(e.at, tz)},
                        {"kind", service::Name(e.kind)},
                        {"to_priority", OptName(e.to_priority)},
                        {"actor_id", Opt(e.actor_id)},
                        {"actor_name", e.actor_id ? json(e.actor_name) : json(nullptr)},
                        {"note", e.note},
                        {"data", e.data},
                        {"recorded_at", FormatRfc3339(e.recorded_at, tz)}});
  }
  j["timeline"] = timeline;
  return j;
}

json TicketRowSchema() {
  json clock = s::Nullable(s::Record({{"metric", s::Str()},
                                      {"state", s::Str()},
                                      {"due", s::Nullable(s::Time())},
                                      {"warn_at", s::Nullable(s::Time())},
                                      {"target_s", s::Int()},
                                      {"elapsed_s", s::Int()}}));
  return s::Record({{"id", s::Int()},
                    {"number", s::Str("TK-000042")},
                    {"customer_id", s::Int()},
                    {"contract_id", s::Nullable(s::Int())},
                    {"system_id", s::Nullable(s::Int())},
                    {"channel", s::Ref("Channel")},
                    {"type", s::Ref("TicketType")},
                    {"priority", s::Ref("Priority")},
                    {"status", s::Ref("TicketStatus")},
                    {"title", s::Str()},
                    {"caller_name", s::Str()},
                    {"caller_phone", s::Str()},
                    {"received_at", s::Time()},
                    {"assignee_id", s::Nullable(s::Int())},
                    {"customer_name", s::Str()},
                    {"system_name", s::Nullable(s::Str())},
                    {"assignee_name", s::Nullable(s::Str())},
                    {"tz", s::Str()},
                    {"fault_grade", s::Nullable(s::Str())},
                    {"next_due_at", s::Nullable(s::Time())},
                    {"clock", clock}});
}

json TicketSchema() {
  json metric = s::Record({{"kind", s::Str()},
                           {"state", s::Str()},
                           {"target_s", s::Int()},
                           {"elapsed_s", s::Int()},
                           {"due", s::Nullable(s::Time())},
                           {"stopped_at", s::Nullable(s::Time())},
                           {"late_by_s", s::Int()},
                           {"warn_at", s::Nullable(s::Time())}});
  json to_priority = s::Nullable(s::EnumOf<sla::Priority>(sla::kPriorityCount));
  json entry = s::Record({{"seq", s::Int()},
                          {"at", s::Time()},
                          {"kind", s::Str()},
                          {"to_priority", to_priority},
                          {"actor_id", s::Nullable(s::Int())},
                          {"actor_name", s::Nullable(s::Str())},
                          {"note", s::Str()},
                          {"data", s::FreeObject()},
                          {"recorded_at", s::Time()}});
  json j = TicketRowSchema();
  j["properties"]["description"] = s::Str();
  j["properties"]["form"] = s::FreeObject();
  j["properties"]["sla_bound"] = s::Bool();
  j["properties"]["metrics"] = {{"type", "object"}, {"additionalProperties", metric}};
  j["properties"]["timeline"] = s::Array(entry);
  for (const char* k : {"description", "form", "sla_bound", "metrics", "timeline"}) {
    j["required"].push_back(k);
  }
  return j;
}

}  // namespace aftercare::http::views
