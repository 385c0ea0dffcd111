#include "sla/engine.h"

#include <algorithm>
#include <numeric>

namespace aftercare::sla {

bool IsBound(const ContractTerms& contract, const Ticket& ticket) {
  if (!contract.coverage) return true;
  LocalDate d = contract.tz.LocalDateOf(ticket.events.front().at);
  return contract.coverage->from <= d && d <= contract.coverage->to;
}

Evaluation Evaluate(const EvaluationInput& in) {
  Evaluation out;
  out.tickets.resize(in.tickets.size());
  out.metrics.reserve(in.tickets.size() * 3);
  std::vector<OverrunCrossing> crossings;
  std::vector<ClockSegment> scratch;
  const Fen amount = ApplyRate(in.contract.value_fen, in.contract.penalty_rate);
  const auto& metrics = in.policy.metrics;

  for (size_t t = 0; t < in.tickets.size(); ++t) {
    const Ticket& ticket = in.tickets[t];
    TicketResult& tr = out.tickets[t];
    tr.first = static_cast<std::uint32_t>(out.metrics.size());
    auto end = std::upper_bound(ticket.events.begin(), ticket.events.end(), in.as_of,
                                [](Instant x, const Event& e) { return x < e.at; });
    std::span<const Event> known(ticket.events.data(),
                                 static_cast<size_t>(end - ticket.events.begin()));
    if (known.empty() || !IsBound(in.contract, ticket)) continue;
    for (size_t m = 0; m < metrics.size(); ++m) {
      auto r = EvaluateMetric(metrics[m], ticket, known, in.calendars[metrics[m].calendar],
                              in.as_of, scratch);
      if (!r) continue;
      if (r->state == MetricState::kLate) {
        // A late metric's due is always known: its clock already passed the target.
        out.events.push_back({*r->due, static_cast<std::uint32_t>(t), static_cast<std::uint16_t>(m),
                              metrics[m].kind, amount});
        out.max_overrun_s = std::max(out.max_overrun_s, r->late_by_s());
        if (r->overrun_at) {
          crossings.push_back(
              {*r->overrun_at, static_cast<std::uint32_t>(t), static_cast<std::uint16_t>(m)});
        }
      }
      out.metrics.push_back({static_cast<std::uint16_t>(m), std::move(*r)});
    }
    tr.count = static_cast<std::uint32_t>(out.metrics.size()) - tr.first;
  }

  // Metric names rank once, so ties on late_at sort without string compares.
  std::vector<std::uint16_t> name_rank(metrics.size());
  std::vector<std::uint16_t> by_name(metrics.size());
  std::iota(by_name.begin(), by_name.end(), 0);
  std::sort(by_name.begin(), by_name.end(),
            [&](auto a, auto b) { return metrics[a].name < metrics[b].name; });
  for (size_t i = 0; i < by_name.size(); ++i) name_rank[by_name[i]] = static_cast<std::uint16_t>(i);
  std::sort(out.events.begin(), out.events.end(), [&](const LateEvent& a, const LateEvent& b) {
    if (a.late_at != b.late_at) return a.late_at < b.late_at;
    if (a.ticket != b.ticket) {
      int c = in.tickets[a.ticket].id.compare(in.tickets[b.ticket].id);
      if (c != 0) return c < 0;
    }
    return name_rank[a.metric] < name_rank[b.metric];
  });
  std::sort(crossings.begin(), crossings.end(), [&](const auto& a, const auto& b) {
    if (a.at != b.at) return a.at < b.at;
    int c = in.tickets[a.ticket].id.compare(in.tickets[b.ticket].id);
    if (c != 0) return c < 0;
    return name_rank[a.metric] < name_rank[b.metric];
  });
  for (const LateEvent& e : out.events) out.penalty_total_fen += e.amount_fen;

  auto notices_end = std::upper_bound(in.notices.begin(), in.notices.end(), in.as_of,
                                      [](Instant x, const Notice& n) { return x < n.at; });
  out.compliance =
      RunCompliance(out.events, crossings,
                    std::span<const Notice>(in.notices.data(),
                                            static_cast<size_t>(notices_end - in.notices.begin())),
                    in.as_of);
  return out;
}

}  // namespace aftercare::sla
