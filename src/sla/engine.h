// The SLA and compliance engine: (contract, policy, calendars, tickets, notices,
// as_of) -> per-ticket metrics, penalty events, contract state. Pure: no I/O, no
// clock, no database. `aftercare sla replay` and the live server both call
// Evaluate, so they cannot disagree. Rules: SCENARIOS.md; CON-2, CON-3, CON-5,
// SLA-1..SLA-3.
#pragma once

#include <cstdint>
#include <vector>

#include "sla/calendar.h"
#include "sla/clock.h"
#include "sla/compliance.h"
#include "sla/model.h"

namespace aftercare::sla {

struct EvaluationInput {
  ContractTerms contract;
  Policy policy;
  // Indexed by Metric::calendar; calendars[0] is 24x7 in the contract's zone.
  std::vector<WorkCalendar> calendars;
  std::vector<Ticket> tickets;  // each validated by CheckTimeline
  std::vector<Notice> notices;  // in time order
  Instant as_of;
};

struct MetricResult {
  std::uint16_t metric = 0;  // index into the policy
  MetricOutcome outcome;
};

struct TicketResult {
  std::uint32_t first = 0;  // range in Evaluation::metrics
  std::uint32_t count = 0;
};

struct Evaluation {
  std::vector<MetricResult> metrics;
  std::vector<TicketResult> tickets;  // parallel to the input's tickets
  std::vector<LateEvent> events;      // by late_at, then ticket id, then metric name
  Seconds max_overrun_s = 0;
  Fen penalty_total_fen = 0;
  Compliance compliance;
};

// A ticket is SLA-bound when `received` falls on a covered date (CON-5).
bool IsBound(const ContractTerms& contract, const Ticket& ticket);

Evaluation Evaluate(const EvaluationInput& input);

}  // namespace aftercare::sla
