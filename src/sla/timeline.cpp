#include "sla/timeline.h"

#include <array>

namespace aftercare::sla {
namespace {

constexpr std::array<std::string_view, kTicketStatusCount> kStatusNames = {"active", "waiting",
                                                                           "resolved", "closed"};

}  // namespace

std::optional<TicketStatus> ParseTicketStatus(std::string_view s) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == s) return static_cast<TicketStatus>(i);
  }
  return std::nullopt;
}

std::string_view Name(TicketStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }

std::optional<TicketStatus> Apply(TicketStatus s, EventKind e) {
  if (s == TicketStatus::kClosed) return std::nullopt;
  switch (e) {
    case EventKind::kWaitingCustomer:
      return s == TicketStatus::kActive ? std::optional(TicketStatus::kWaiting) : std::nullopt;
    case EventKind::kCustomerReplied:
      return s == TicketStatus::kWaiting ? std::optional(TicketStatus::kActive) : std::nullopt;
    case EventKind::kResolved:
      return s != TicketStatus::kResolved ? std::optional(TicketStatus::kResolved) : std::nullopt;
    case EventKind::kReopened:
      return s == TicketStatus::kResolved ? std::optional(TicketStatus::kActive) : std::nullopt;
    case EventKind::kClosed:
      return TicketStatus::kClosed;
    default:
      return s;  // received (repeated), milestones and priority keep the status
  }
}

std::optional<TimelineProblem> CheckTimeline(std::span<const Event> events) {
  if (events.empty()) return TimelineProblem{0, "a ticket needs at least the event `received`"};
  if (events[0].kind != EventKind::kReceived) {
    return TimelineProblem{
        0, "the first event must be `received`, not `" + std::string(Name(events[0].kind)) + "`"};
  }
  TicketStatus status = TicketStatus::kActive;
  for (size_t i = 1; i < events.size(); ++i) {
    if (events[i].at < events[i - 1].at) {
      return TimelineProblem{i, "events out of time order: `" + std::string(Name(events[i].kind)) +
                                    "` is earlier than the event before it"};
    }
    auto next = Apply(status, events[i].kind);
    if (!next) {
      return TimelineProblem{i, "event `" + std::string(Name(events[i].kind)) +
                                    "` is impossible in ticket status " +
                                    std::string(Name(status))};
    }
    status = *next;
  }
  return std::nullopt;
}

}  // namespace aftercare::sla
