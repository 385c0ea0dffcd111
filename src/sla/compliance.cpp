#include "sla/compliance.h"

#include <algorithm>
#include <limits>

namespace aftercare::sla {

std::string_view Name(ContractState s) {
  switch (s) {
    case ContractState::kNormal:
      return "normal";
    case ContractState::kConditionMet:
      return "condition_met";
    case ContractState::kNoticePending:
      return "notice_pending";
    case ContractState::kExercisable:
      return "exercisable";
  }
  return "?";
}

std::string_view Name(Why w) {
  switch (w) {
    case Why::kThreeStrikes:
      return "termination condition met: 3 late responses (CON-3 a)";
    case Why::kOverrun:
      return "termination condition met: a metric overran its due time by more than 30 days "
             "(CON-3 b)";
    case Why::kNotice:
      return "Party A gave written notice; the cure period runs";
    case Why::kLateInCure:
      return "a late response or handling fell due inside the cure period: termination right "
             "exercisable";
    case Why::kCured:
      return "cure period passed clean: cured, strikes count from zero";
  }
  return "?";
}

Compliance RunCompliance(std::span<const LateEvent> late,
                         std::span<const OverrunCrossing> crossings,
                         std::span<const Notice> notices, Instant as_of) {
  Compliance c;
  std::vector<Evidence> strike_evidence;
  Instant notice_at;
  Instant window_end{std::numeric_limits<std::int64_t>::max()};
  size_t li = 0, ci = 0, ni = 0;
  constexpr Instant kNever{std::numeric_limits<std::int64_t>::max()};

  auto cure_if_due = [&](Instant next) {
    // A clean window ends with a cure at its end, after everything at that second.
    if (c.state == ContractState::kNoticePending && window_end < next && window_end < as_of) {
      c.state = ContractState::kNormal;
      c.strikes = 0;
      strike_evidence.clear();
      c.history.push_back(
          {window_end, ContractState::kNormal, Why::kCured, {Evidence{true, 0, 0, notice_at}}});
    }
  };

  while (true) {
    Instant tl = li < late.size() ? late[li].late_at : kNever;
    Instant tc = ci < crossings.size() ? crossings[ci].at : kNever;
    Instant tn = ni < notices.size() ? notices[ni].at : kNever;
    Instant next = std::min({tl, tc, tn});
    cure_if_due(next);
    if (next == kNever) break;
    if (tl == next) {
      const LateEvent& e = late[li++];
      Evidence ev{false, e.ticket, e.metric, {}};
      if (e.kind == MetricKind::kResponse) {
        ++c.late_responses;
        ++c.strikes;
        strike_evidence.push_back(ev);
      } else {
        ++c.late_handlings;
      }
      if (c.state == ContractState::kNoticePending && e.late_at > notice_at &&
          e.late_at <= window_end) {
        c.state = ContractState::kExercisable;
        c.history.push_back({e.late_at, c.state, Why::kLateInCure, {ev}});
      } else if (c.state == ContractState::kNormal && c.strikes >= kStrikesForTermination) {
        c.state = ContractState::kConditionMet;
        c.history.push_back({e.late_at, c.state, Why::kThreeStrikes, strike_evidence});
      }
    } else if (tc == next) {
      const OverrunCrossing& x = crossings[ci++];
      if (c.state == ContractState::kNormal) {
        c.state = ContractState::kConditionMet;
        c.history.push_back(
            {x.at, c.state, Why::kOverrun, {Evidence{false, x.ticket, x.metric, {}}}});
      }
    } else {
      const Notice& n = notices[ni++];
      if (c.state == ContractState::kConditionMet) {
        c.state = ContractState::kNoticePending;
        notice_at = n.at;
        window_end = n.at + n.cure_days * kSecondsPerDay;
        c.history.push_back({n.at, c.state, Why::kNotice, {Evidence{true, 0, 0, n.at}}});
      }
    }
  }
  return c;
}

}  // namespace aftercare::sla
