// The ticket status machine of SCENARIOS.md "Ticket status": active, waiting,
// resolved, closed. Used to validate a ticket's whole timeline before anything is
// evaluated, and by the clock to know when a metric pauses.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sla/model.h"

namespace aftercare::sla {

enum class TicketStatus : std::uint8_t { kActive, kWaiting, kResolved, kClosed };
inline constexpr int kTicketStatusCount = 4;

// Names as the API and the database have them; nullopt when unknown.
std::optional<TicketStatus> ParseTicketStatus(std::string_view s);
std::string_view Name(TicketStatus s);

// The status after `e` happens in status `s`, or nullopt when `e` is impossible there
// (customer_replied when not waiting, waiting_customer when not active, resolved when
// resolved, reopened when not resolved, anything after closed).
std::optional<TicketStatus> Apply(TicketStatus s, EventKind e);

struct TimelineProblem {
  size_t index;  // the offending event
  std::string message;
};

// Checks the first event is `received`, times never go backwards, `priority`
// events carry a target and every event is possible in its status.
std::optional<TimelineProblem> CheckTimeline(std::span<const Event> events);

}  // namespace aftercare::sla
