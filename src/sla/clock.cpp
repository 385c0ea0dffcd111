#include "sla/clock.h"

#include "sla/timeline.h"

namespace aftercare::sla {
namespace {

// The earliest instant at which the clock described by `segments` read `x` (> 0).
std::optional<Instant> ClockReached(const std::vector<ClockSegment>& segments,
                                    const WorkCalendar& calendar, Seconds x) {
  for (const ClockSegment& s : segments) {
    Seconds len = calendar.Between(s.from, s.to);
    if (s.before + len >= x) return calendar.After(s.from, x - s.before);
  }
  return std::nullopt;
}

// The index of the last `reopened` in events (first, end), or `first` when there is none.
size_t LastReopen(std::span<const Event> events, size_t first) {
  for (size_t i = events.size(); i-- > first + 1;) {
    if (events[i].kind == EventKind::kReopened) return i;
  }
  return first;
}

// Fills in state, `due` and the overrun crossing once the clock has counted `counted`
// (stopped at out.stopped_at, or else running or paused at as_of).
void Conclude(MetricOutcome& out, Seconds counted, bool running,
              const std::vector<ClockSegment>& segments, const WorkCalendar& calendar,
              Instant as_of) {
  out.elapsed_s = counted;
  const Seconds target = out.target_s;
  if (counted >= target) {
    out.due = ClockReached(segments, calendar, target);
  } else if (out.stopped_at) {
    out.due = calendar.After(*out.stopped_at, target - counted);
  } else if (running) {
    out.due = calendar.After(as_of, target - counted);
  }
  if (counted > target) {
    out.state = MetricState::kLate;
    if (counted - target > kOverrunLimit) {
      out.overrun_at = ClockReached(segments, calendar, target + kOverrunLimit + 1);
    }
  } else if (out.stopped_at) {
    out.state = MetricState::kMet;
  } else {
    out.state = running ? MetricState::kRunning : MetricState::kPaused;
  }
}

}  // namespace

std::string_view Name(MetricState s) {
  switch (s) {
    case MetricState::kMet:
      return "met";
    case MetricState::kLate:
      return "late";
    case MetricState::kRunning:
      return "running";
    case MetricState::kPaused:
      return "paused";
  }
  return "?";
}

std::optional<MetricOutcome> EvaluateMetric(const Metric& m, const Ticket& ticket,
                                            std::span<const Event> events,
                                            const WorkCalendar& calendar, Instant as_of,
                                            std::vector<ClockSegment>& segments) {
  if (!m.AppliesTo(ticket)) return std::nullopt;
  const size_t n = events.size();
  size_t s = 0;
  Priority priority = ticket.priority;
  TicketStatus status = TicketStatus::kActive;
  for (; s < n && events[s].kind != m.start; ++s) {
    if (events[s].kind == EventKind::kPriority) priority = events[s].to;
    if (auto next = Apply(status, events[s].kind)) status = *next;
  }
  if (s == n) return std::nullopt;
  const Instant start = events[s].at;
  if (auto next = Apply(status, events[s].kind)) status = *next;

  MetricOutcome out;
  out.target_s = m.target_s[static_cast<size_t>(priority)];

  // A metric that starts while the ticket is resolved counts nothing until
  // `reopened`; with none by as_of it stopped at its start with 0 s.
  bool held_until_reopen = status == TicketStatus::kResolved;
  // A handling metric that stops at `resolved` stops at the last one that no
  // `reopened` follows: from then on it is stopped, and a later priority change
  // must not re-target it (SCENARIOS.md "Clocks").
  const bool stops_at_last_resolved =
      m.kind == MetricKind::kHandling && m.stop == EventKind::kResolved;
  const size_t last_reopen =
      held_until_reopen || stops_at_last_resolved ? LastReopen(events, s) : s;
  if (held_until_reopen && last_reopen == s) {
    out.state = MetricState::kMet;
    out.stopped_at = start;
    out.due = calendar.After(start, out.target_s);
    return out;
  }

  const bool resolved_pauses = (m.pause & kPauseResolved) || m.stop == EventKind::kResolved;
  auto counting = [&] {
    switch (status) {
      case TicketStatus::kActive:
        return true;
      case TicketStatus::kWaiting:
        return !(m.pause & kPauseWaiting);
      case TicketStatus::kResolved:
        return !resolved_pauses && !held_until_reopen;
      case TicketStatus::kClosed:
        return false;
    }
    return false;
  };

  segments.clear();
  Seconds counted = 0;
  Instant cursor = start;
  Instant last_resolved = start;
  bool running = counting();
  auto advance = [&](Instant to) {
    if (running && to > cursor) {
      Seconds len = calendar.Between(cursor, to);
      if (len > 0) {
        segments.push_back({cursor, to, counted});
        counted += len;
      }
    }
    cursor = to;
  };

  for (size_t i = s + 1; i < n; ++i) {
    const Event& e = events[i];
    advance(e.at);
    bool stop = false;
    if (e.kind == m.stop && !stops_at_last_resolved) {
      stop = true;
    } else if (m.kind == MetricKind::kResponse &&
               (e.kind == EventKind::kResolved || e.kind == EventKind::kClosed)) {
      stop = true;
    } else if (e.kind == EventKind::kClosed) {
      stop = true;
    }
    if (stop) {
      out.stopped_at = (e.kind == EventKind::kClosed && stops_at_last_resolved &&
                        status == TicketStatus::kResolved)
                           ? last_resolved
                           : e.at;
      break;
    }
    const bool stopped_for_good =
        stops_at_last_resolved && status == TicketStatus::kResolved && i > last_reopen;
    if (e.kind == EventKind::kPriority && counted <= out.target_s && !stopped_for_good) {
      out.target_s = m.target_s[static_cast<size_t>(e.to)];
    }
    if (auto next = Apply(status, e.kind)) status = *next;
    if (e.kind == EventKind::kResolved) last_resolved = e.at;
    if (e.kind == EventKind::kReopened) held_until_reopen = false;
    running = counting();
  }
  if (!out.stopped_at) {
    if (stops_at_last_resolved && status == TicketStatus::kResolved) {
      out.stopped_at = last_resolved;
    } else {
      advance(as_of);
    }
  }

  Conclude(out, counted, running, segments, calendar, as_of);
  return out;
}

}  // namespace aftercare::sla
