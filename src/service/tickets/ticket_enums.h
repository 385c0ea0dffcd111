// The ticket area's closed sets (issue 11 point 5). The service API takes and
// gives typed values; names appear only at the JSON edge (routes and query
// readers parse them, views print them) and in storage. The SLA engine's sets are
// reused: sla::Channel, sla::TicketType, sla::Priority (sla/model.h) and
// sla::TicketStatus (sla/timeline.h). Each set has one name table, for parsing and
// printing alike; the sets here extend the engine's with its names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "sla/model.h"
#include "sla/timeline.h"

namespace aftercare::service {

// A timeline entry's kind: the SLA events (sla::EventKind, same order and names),
// then the flow records.
enum class TicketEventKind : std::uint8_t {
  kReceived,
  kFirstContact,
  kFirstReply,
  kDiagnosed,
  kOnsiteDecided,
  kOnsiteArrived,
  kWaitingCustomer,
  kCustomerReplied,
  kResolved,
  kReopened,
  kClosed,
  kPriority,
  // flow records
  kNote,
  kContact,
  kEscalated,
  kAssigned,
  kGraded,
  kForm,
  kRated,
  kReclassified,
  kAlerted  // an SLA warning or escalation the server sent (service/alerts): evidence
};
inline constexpr int kTicketEventKindCount = sla::kEventKindCount + 9;

std::optional<TicketEventKind> ParseTicketEventKind(std::string_view s);
std::string_view Name(TicketEventKind k);
// The SLA event a kind is; nullopt for a flow record.
std::optional<sla::EventKind> SlaEvent(TicketEventKind k);

// The ticket list's status filter: one status, or kOpen (active or waiting).
enum class StatusFilter : std::uint8_t { kActive, kWaiting, kResolved, kClosed, kOpen };
std::optional<StatusFilter> ParseStatusFilter(std::string_view s);
std::string_view Name(StatusFilter f);
// Open: active or waiting (kOpen's statuses; the queue holds these tickets).
inline bool IsOpen(sla::TicketStatus s) {
  return s == sla::TicketStatus::kActive || s == sla::TicketStatus::kWaiting;
}
// The one status it names; nullopt for kOpen.
std::optional<sla::TicketStatus> StatusOf(StatusFilter f);

// Open tickets by SLA state: late (a clock past its due is still running) or on time.
enum class SlaFilter : std::uint8_t { kLate, kOnTime };
std::optional<SlaFilter> ParseSlaFilter(std::string_view s);
std::string_view Name(SlaFilter f);

// What the service says of a name outside its set (invalid input naming the
// field), for the edge that parses names into these values.
Error UnknownChannel();                             // channel
Error UnknownTicketType(const std::string& field);  // type, data.type
Error UnknownPriority(const std::string& field);    // priority, to_priority
Error UnknownEventKind(std::string_view name);      // kind
Error UnknownStatusFilter();                        // status
Error UnknownSlaFilter();                           // sla

}  // namespace aftercare::service
