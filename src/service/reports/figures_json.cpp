// The figures as stored in `reports.figures` and answered by the API: counts as
// integers, money in fen, rates in percent with one decimal (computed from the
// counts, so the same counts give the same JSON), times in the contract's zone.
#include <cmath>

#include "service/reports/figures.h"

namespace aftercare::service::reports {
namespace {

using nlohmann::json;

// A share in percent with one decimal; null when there is nothing to share.
json Percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return nullptr;
  return std::round(static_cast<double>(part) * 1000.0 / static_cast<double>(whole)) / 10;
}

json Counts(const std::map<std::string, std::int64_t>& m) {
  json j = json::object();
  for (const auto& [k, n] : m) j[k] = n;
  return j;
}

json ProblemsJson(const Figures& f) {
  json by_system = json::array(), by_title = json::array();
  for (const Problem& p : f.by_system_type) {
    by_system.push_back({{"system_id", p.system_id ? json(*p.system_id) : json(nullptr)},
                         {"system_name", p.system_name},
                         {"type", p.type},
                         {"count", p.count}});
  }
  for (const Problem& p : f.by_title) by_title.push_back({{"title", p.title}, {"count", p.count}});
  return {{"by_system_type", by_system}, {"by_title", by_title}};
}

json InspectionsJson(const Figures& f) {
  json out = json::array();
  for (const InspectionFinding& i : f.inspections) {
    out.push_back({{"date", i.date},
                   {"system", i.system},
                   {"item", i.item},
                   {"outcome", i.outcome},
                   {"finding", i.finding},
                   {"ticket_id", i.ticket_id ? json(*i.ticket_id) : json(nullptr)},
                   {"ticket_number", i.ticket_number},
                   {"ticket_status", i.ticket_status}});
  }
  return out;
}

}  // namespace

json ToJson(const Figures& f, const std::string& tz_name) {
  auto tz = TimeZone::Locate(tz_name);
  const TimeZone zone = tz.ok() ? *tz : DefaultZone();
  json by_tp = json::array();
  for (const auto& [k, n] : f.by_type_priority) {
    by_tp.push_back({{"type", k.first}, {"priority", k.second}, {"count", n}});
  }
  json metrics = json::array();
  for (const MetricFigures& m : f.metrics) {
    metrics.push_back({{"metric", m.metric},
                       {"kind", m.kind},
                       {"finished", m.finished},
                       {"met", m.met},
                       {"late", m.late},
                       {"running", m.running},
                       {"met_rate", Percent(m.met, m.finished)},
                       {"timeout_rate", Percent(m.late, m.finished)}});
  }
  json months = json::array();
  for (const MonthFigures& m : f.months) {
    months.push_back({{"month", m.month},
                      {"tickets", m.tickets},
                      {"faults", m.faults},
                      {"finished", m.finished},
                      {"met", m.met},
                      {"met_rate", Percent(m.met, m.finished)}});
  }
  json events = json::array();
  for (const PenaltyEvent& p : f.penalties) {
    events.push_back({{"ticket_id", p.ticket_id},
                      {"ticket_number", p.ticket_number},
                      {"metric", p.metric},
                      {"due", FormatRfc3339(p.due, zone)},
                      {"late_by_s", p.late_by_s},
                      {"amount_fen", p.amount_fen},
                      {"waived", p.waived}});
  }
  return {{"from", f.from},
          {"to", f.to},
          {"as_of", FormatRfc3339(f.as_of, zone)},
          {"tickets",
           {{"total", f.tickets},
            {"resolved", f.resolved},
            {"open_at_end", f.open_at_end},
            {"by_type", Counts(f.by_type)},
            {"by_priority", Counts(f.by_priority)},
            {"by_type_priority", by_tp}}},
          {"sla", metrics},
          {"months", months},
          {"penalties",
           {{"count", f.penalty_count},
            {"amount_fen", f.penalty_fen},
            {"waived_fen", f.waived_fen},
            {"payable_fen", f.penalty_fen - f.waived_fen},
            {"events", events},
            {"listed", events.size()}}},
          {"problems", ProblemsJson(f)},
          {"inspections", InspectionsJson(f)},
          {"availability",
           {{"downtime_s", f.downtime_s},
            {"percent", std::round(static_cast<double>(f.availability_ppm) / 100.0) / 100}}}};
}

}  // namespace aftercare::service::reports
