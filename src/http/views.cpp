#include "http/views.h"

namespace aftercare::http {
namespace {

using nlohmann::json;

json Opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json Time(const std::optional<Instant>& t, const TimeZone& tz) {
  return t ? json(FormatRfc3339(*t, tz)) : json(nullptr);
}
json Money(Fen fen) { return json{{"fen", fen}, {"yuan", FormatYuan(fen)}}; }

TimeZone ZoneOr(const std::string& name) {
  auto z = TimeZone::Locate(name);
  return z.ok() ? *z : DefaultZone();
}

}  // namespace

json View(const service::User& u) {
  return {{"id", u.id},
          {"login", u.login},
          {"display_name", u.display_name},
          {"role", service::Name(u.role)},
          {"customer_id", Opt(u.customer_id)},
          {"phone", u.phone},
          {"disabled", u.disabled}};
}

json View(const service::Customer& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"contact", c.contact},
          {"phone", c.phone},
          {"address", c.address}};
}

json View(const service::System& s) {
  return {{"id", s.id}, {"customer_id", s.customer_id}, {"name", s.name}};
}

json View(const service::Contract& c) {
  return {{"id", c.id},
          {"customer_id", c.customer_id},
          {"number", c.number},
          {"title", c.title},
          {"value", Money(c.value_fen)},
          {"penalty_rate", c.penalty_rate},
          {"penalty_per_event", Money(ApplyRate(c.value_fen, *ParseRate(c.penalty_rate)))},
          {"policy", c.policy},
          {"cure_days", c.cure_days},
          {"tz", c.tz},
          {"signed_on", c.signed_on},
          {"construction_deadline", c.construction_deadline},
          {"accepted_on", Opt(c.accepted_on)},
          {"warranty_months", c.warranty_months},
          {"free_resident_engineers", c.free_resident_engineers},
          {"coverage", {{"from", c.coverage_from}, {"to", c.coverage_to}}},
          {"maintenance_fee_terms", c.maintenance_fee_terms},
          {"system_ids", c.system_ids}};
}

json View(const service::NoticeView& n) {
  TimeZone tz = ZoneOr(n.tz);
  return {
      {"id", n.id},     {"at", FormatRfc3339(n.at, tz)}, {"cure_days", n.cure_days},
      {"note", n.note}, {"recorded_by", n.recorded_by},  {"recorded_by_role", n.recorded_by_role}};
}

json View(const service::Compliance& c) {
  TimeZone tz = ZoneOr(c.tz);
  json ledger = json::array();
  for (const auto& l : c.ledger) {
    ledger.push_back({{"ticket_id", l.ticket_id},
                      {"ticket", l.ticket_number},
                      {"metric", l.metric},
                      {"kind", sla::Name(l.kind)},
                      {"due", FormatRfc3339(l.due, tz)},
                      {"actual", Time(l.actual, tz)},
                      {"late_by_s", l.late_by_s},
                      {"amount", Money(l.amount_fen)},
                      {"waived", l.waived},
                      {"waiver", l.waived ? json{{"by", l.waived_by},
                                                 {"reason", l.waiver_reason},
                                                 {"at", Time(l.waived_at, tz)}}
                                          : json(nullptr)}});
  }
  json history = json::array();
  for (const auto& h : c.history) {
    history.push_back({{"at", FormatRfc3339(h.at, tz)},
                       {"state", sla::Name(h.state)},
                       {"why", h.why},
                       {"evidence", h.evidence}});
  }
  json notices = json::array();
  for (const auto& n : c.notices) notices.push_back(View(n));
  return {{"as_of", FormatRfc3339(c.as_of, tz)},
          {"state", sla::Name(c.state)},
          {"strikes", c.strikes},
          {"late_responses", c.late_responses},
          {"late_handlings", c.late_handlings},
          {"max_overrun_s", c.max_overrun_s},
          {"penalty_total", Money(c.penalty_total_fen)},
          {"waived", Money(c.waived_fen)},
          {"payable", Money(c.payable_fen)},
          {"ledger", ledger},
          {"history", history},
          {"notices", notices}};
}

json View(const service::Ticket& t, bool full) {
  TimeZone tz = ZoneOr(t.tz);
  json j = {{"id", t.id},
            {"number", t.number},
            {"customer_id", t.customer_id},
            {"contract_id", Opt(t.contract_id)},
            {"system_id", Opt(t.system_id)},
            {"channel", t.channel},
            {"type", t.type},
            {"priority", t.priority},
            {"status", t.status},
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
                        {"kind", e.kind},
                        {"to_priority", Opt(e.to_priority)},
                        {"actor_id", Opt(e.actor_id)},
                        {"actor_name", e.actor_id ? json(e.actor_name) : json(nullptr)},
                        {"note", e.note},
                        {"data", e.data},
                        {"recorded_at", FormatRfc3339(e.recorded_at, tz)}});
  }
  j["timeline"] = timeline;
  return j;
}

}  // namespace aftercare::http
