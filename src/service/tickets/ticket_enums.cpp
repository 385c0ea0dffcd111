#include "service/tickets/ticket_enums.h"

#include <array>

namespace aftercare::service {
namespace {

static_assert(static_cast<int>(TicketEventKind::kPriority) ==
                  static_cast<int>(sla::EventKind::kPriority),
              "the SLA events come first, in sla::EventKind's order");
static_assert(static_cast<int>(StatusFilter::kClosed) ==
                  static_cast<int>(sla::TicketStatus::kClosed),
              "the statuses come first, in sla::TicketStatus's order");

// The names beyond the engine's (its own come from its tables).
constexpr std::array<std::string_view, kTicketEventKindCount - sla::kEventKindCount> kFlowNames = {
    "note", "contact", "escalated",    "assigned", "graded",
    "form", "rated",   "reclassified", "alerted"};
constexpr std::string_view kOpenName = "open";
constexpr std::array<std::string_view, 2> kSlaFilterNames = {"late", "on_time"};

}  // namespace

std::optional<TicketEventKind> ParseTicketEventKind(std::string_view s) {
  if (auto e = sla::ParseEventKind(s)) return static_cast<TicketEventKind>(*e);
  for (std::size_t i = 0; i < kFlowNames.size(); ++i) {
    if (kFlowNames[i] == s) return static_cast<TicketEventKind>(sla::kEventKindCount + i);
  }
  return std::nullopt;
}

std::string_view Name(TicketEventKind k) {
  if (auto e = SlaEvent(k)) return sla::Name(*e);
  return kFlowNames[static_cast<std::size_t>(k) - sla::kEventKindCount];
}

std::optional<sla::EventKind> SlaEvent(TicketEventKind k) {
  if (static_cast<int>(k) >= sla::kEventKindCount) return std::nullopt;
  return static_cast<sla::EventKind>(k);
}

std::optional<StatusFilter> ParseStatusFilter(std::string_view s) {
  if (s == kOpenName) return StatusFilter::kOpen;
  if (auto st = sla::ParseTicketStatus(s)) return static_cast<StatusFilter>(*st);
  return std::nullopt;
}

std::string_view Name(StatusFilter f) {
  if (auto st = StatusOf(f)) return sla::Name(*st);
  return kOpenName;
}

std::optional<sla::TicketStatus> StatusOf(StatusFilter f) {
  if (f == StatusFilter::kOpen) return std::nullopt;
  return static_cast<sla::TicketStatus>(f);
}

std::optional<SlaFilter> ParseSlaFilter(std::string_view s) {
  for (std::size_t i = 0; i < kSlaFilterNames.size(); ++i) {
    if (kSlaFilterNames[i] == s) return static_cast<SlaFilter>(i);
  }
  return std::nullopt;
}

std::string_view Name(SlaFilter f) { return kSlaFilterNames[static_cast<std::size_t>(f)]; }

Error UnknownChannel() {
  return Error::Invalid("channel must be phone, email, portal, im or onsite", 0, "channel");
}

Error UnknownTicketType(const std::string& field) {
  return Error::Invalid(field +
                            " must be fault, installation, health_check, upgrade, training, "
                            "consulting or complaint",
                        0, field);
}

Error UnknownPriority(const std::string& field) {
  return Error::Invalid(field + " must be P1, P2, P3 or P4", 0, field);
}

Error UnknownEventKind(std::string_view name) {
  return Error::Invalid("unknown event kind " + std::string(name), 0, "kind");
}

Error UnknownStatusFilter() {
  return Error::Invalid("status must be open, active, waiting, resolved or closed", 0, "status");
}

Error UnknownSlaFilter() { return Error::Invalid("sla must be late or on_time", 0, "sla"); }

}  // namespace aftercare::service
