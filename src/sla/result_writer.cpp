#include "sla/result_writer.h"

namespace aftercare::sla {
namespace {

using Json = nlohmann::ordered_json;

Json TimeOrNull(const std::optional<Instant>& t, const TimeZone& tz) {
  return t ? Json(FormatRfc3339(*t, tz)) : Json(nullptr);
}

Json MetricJson(const MetricOutcome& o, const TimeZone& tz) {
  Json j;
  j["state"] = Name(o.state);
  j["target_s"] = o.target_s;
  j["elapsed_s"] = o.elapsed_s;
  j["due"] = TimeOrNull(o.due, tz);
  if (o.stopped_at) j["stopped_at"] = FormatRfc3339(*o.stopped_at, tz);
  if (o.state == MetricState::kLate) j["late_by_s"] = o.late_by_s();
  return j;
}

}  // namespace

Json ResultJson(const EvaluationInput& in, const Evaluation& r) {
  const TimeZone& tz = in.contract.tz;
  const auto& metrics = in.policy.metrics;
  Json out;
  out["as_of"] = FormatRfc3339(in.as_of, tz);
  Json tickets = Json::object();
  // ordered_json's operator[] finds keys by linear search (quadratic over 100k
  // tickets); ids are unique (the reader checks), so append to the vector directly.
  auto& ticket_entries = tickets.get_ref<Json::object_t&>();
  ticket_entries.reserve(in.tickets.size());
  for (size_t t = 0; t < in.tickets.size(); ++t) {
    Json tj = Json::object();
    const TicketResult& tr = r.tickets[t];
    for (std::uint32_t i = tr.first; i < tr.first + tr.count; ++i) {
      const MetricResult& mr = r.metrics[i];
      tj[metrics[mr.metric].name] = MetricJson(mr.outcome, tz);
    }
    ticket_entries.Container::emplace_back(in.tickets[t].id, std::move(tj));
  }
  out["tickets"] = std::move(tickets);

  const Compliance& c = r.compliance;
  Json contract;
  contract["state"] = Name(c.state);
  contract["strikes"] = c.strikes;
  contract["late_responses"] = c.late_responses;
  contract["late_handlings"] = c.late_handlings;
  contract["max_overrun_s"] = r.max_overrun_s;
  contract["penalty_events"] = r.events.size();
  contract["penalty_total_fen"] = r.penalty_total_fen;
  Json events = Json::array();
  for (const LateEvent& e : r.events) {
    events.push_back({{"ticket", in.tickets[e.ticket].id},
                      {"metric", metrics[e.metric].name},
                      {"kind", Name(e.kind)},
                      {"late_at", FormatRfc3339(e.late_at, tz)},
                      {"amount_fen", e.amount_fen}});
  }
  contract["events"] = std::move(events);
  Json history = Json::array();
  for (const HistoryEntry& h : c.history) {
    Json evidence = Json::array();
    for (const Evidence& ev : h.evidence) {
      if (ev.is_notice) {
        evidence.push_back({{"notice", FormatRfc3339(ev.notice_at, tz)}});
      } else {
        evidence.push_back(
            {{"ticket", in.tickets[ev.ticket].id}, {"metric", metrics[ev.metric].name}});
      }
    }
    history.push_back({{"at", FormatRfc3339(h.at, tz)},
                       {"state", Name(h.state)},
                       {"why", Name(h.why)},
                       {"evidence", std::move(evidence)}});
  }
  contract["history"] = std::move(history);
  out["contract"] = std::move(contract);
  return out;
}

}  // namespace aftercare::sla
