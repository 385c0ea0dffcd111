// One metric's clock on one ticket (SCENARIOS.md "Clock rules" and "Decisions on
// edge cases: Clocks"; SLA-1, SLA-2): start and stop events, pauses, the
// resolved-to-reopened gap, re-targeting on priority changes from the original
// start, calendar time, `due`, lateness and the 30-day overrun of CON-3 (b).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "sla/calendar.h"
#include "sla/model.h"

namespace aftercare::sla {

enum class MetricState : std::uint8_t { kMet, kLate, kRunning, kPaused };
std::string_view Name(MetricState s);

// CON-3 (b): an overrun of more than 30 days of the metric's own clock.
inline constexpr Seconds kOverrunLimit = 30 * kSecondsPerDay;

struct MetricOutcome {
  MetricState state = MetricState::kRunning;
  Seconds target_s = 0;
  Seconds elapsed_s = 0;
  std::optional<Instant> due;         // null while paused or beyond the calendar range
  std::optional<Instant> stopped_at;  // set when the clock stopped
  std::optional<Instant> overrun_at;  // when the clock read target + 30 days + 1 s
  Seconds late_by_s() const { return state == MetricState::kLate ? elapsed_s - target_s : 0; }
};

// A counting stretch of a metric's clock: [from, to) with `before` seconds counted
// earlier. Scratch space the caller owns, so evaluation does not allocate.
struct ClockSegment {
  Instant from, to;
  Seconds before;
};

// Evaluates `metric` on `events` (the ticket's events at or before as_of, already
// validated by CheckTimeline) at `as_of`. nullopt when the metric does not apply:
// the ticket's channel or type is filtered out, or its start event never occurs.
std::optional<MetricOutcome> EvaluateMetric(const Metric& metric, const Ticket& ticket,
                                            std::span<const Event> events,
                                            const WorkCalendar& calendar, Instant as_of,
                                            std::vector<ClockSegment>& scratch);

}  // namespace aftercare::sla
