#include "http/views/contract_views.h"

#include "http/views/view_helpers.h"
#include "sla/model.h"

namespace aftercare::http::views {
namespace s = schema;

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

json ComplianceSummary(std::int64_t contract_id, const service::Compliance& c) {
  json v = View(c);
  for (const char* k : {"ledger", "history", "notices"}) v.erase(k);
  v["contract_id"] = contract_id;
  return v;
}

json ContractSchema() {
  return s::Record({{"id", s::Int()},
                    {"customer_id", s::Int()},
                    {"number", s::Str()},
                    {"title", s::Str()},
                    {"value", MoneySchema()},
                    {"penalty_rate", s::Str("a decimal rate, 0.0003 is 万分之三")},
                    {"penalty_per_event", MoneySchema()},
                    {"policy", s::Str()},
                    {"cure_days", s::Int()},
                    {"tz", s::Str()},
                    {"signed_on", s::Date()},
                    {"construction_deadline", s::Date()},
                    {"accepted_on", s::Nullable(s::Date())},
                    {"warranty_months", s::Int()},
                    {"free_resident_engineers", s::Int()},
                    {"coverage", s::Record({{"from", s::Date()}, {"to", s::Date()}})},
                    {"maintenance_fee_terms", s::Str()},
                    {"system_ids", s::Array(s::Int())}});
}

json NoticeSchema() {
  return s::Record({{"id", s::Int()},
                    {"at", s::Time()},
                    {"cure_days", s::Int()},
                    {"note", s::Str()},
                    {"recorded_by", s::Str("who recorded it, by name")},
                    {"recorded_by_role", s::Ref("Role")}});
}

json ComplianceSchema() {
  json ledger =
      s::Record({{"ticket_id", s::Int()},
                 {"ticket", s::Str("TK-000042")},
                 {"metric", s::Str()},
                 {"kind", s::Str()},
                 {"due", s::Time()},
                 {"actual", s::Nullable(s::Time())},
                 {"late_by_s", s::Int()},
                 {"amount", MoneySchema()},
                 {"waived", s::Bool()},
                 {"waiver", s::Nullable(s::Record({{"by", s::Str("who waived it, by name")},
                                                   {"reason", s::Str()},
                                                   {"at", s::Nullable(s::Time())}}))}});
  json history = s::Record(
      {{"at", s::Time()}, {"state", s::Str()}, {"why", s::Str()}, {"evidence", s::Any()}});
  json j = ComplianceSummarySchema();
  j["properties"].erase("contract_id");
  j["properties"]["ledger"] = s::Array(ledger);
  j["properties"]["history"] = s::Array(history);
  j["properties"]["notices"] = s::Array(s::Ref("Notice"));
  std::vector<std::string> required;
  for (const auto& [k, v] : j["properties"].items()) required.push_back(k);
  j["required"] = required;
  return j;
}

json ComplianceSummarySchema() {
  return s::Record({{"contract_id", s::Int()},
                    {"as_of", s::Time()},
                    {"state", s::Str("the contract's CON-3 state")},
                    {"strikes", s::Int()},
                    {"late_responses", s::Int()},
                    {"late_handlings", s::Int()},
                    {"max_overrun_s", s::Int()},
                    {"penalty_total", MoneySchema()},
                    {"waived", MoneySchema()},
                    {"payable", MoneySchema()}});
}

}  // namespace aftercare::http::views
