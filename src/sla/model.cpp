#include "sla/model.h"

namespace aftercare::sla {
namespace {

constexpr std::array<std::string_view, kChannelCount> kChannelNames = {"phone", "email", "portal",
                                                                       "im", "onsite"};
constexpr std::array<std::string_view, kTicketTypeCount> kTypeNames = {
    "fault", "installation", "health_check", "upgrade", "training", "consulting", "complaint"};
constexpr std::array<std::string_view, kPriorityCount> kPriorityNames = {"P1", "P2", "P3", "P4"};
constexpr std::array<std::string_view, kEventKindCount> kEventNames = {
    "received",       "first_contact",  "first_reply",      "diagnosed",
    "onsite_decided", "onsite_arrived", "waiting_customer", "customer_replied",
    "resolved",       "reopened",       "closed",           "priority"};
constexpr std::array<std::string_view, 2> kKindNames = {"response", "handling"};

template <typename E, size_t N>
std::optional<E> Find(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Channel> ParseChannel(std::string_view s) { return Find<Channel>(kChannelNames, s); }
std::optional<TicketType> ParseTicketType(std::string_view s) {
  return Find<TicketType>(kTypeNames, s);
}
std::optional<Priority> ParsePriority(std::string_view s) {
  return Find<Priority>(kPriorityNames, s);
}
std::optional<EventKind> ParseEventKind(std::string_view s) {
  return Find<EventKind>(kEventNames, s);
}
std::optional<MetricKind> ParseMetricKind(std::string_view s) {
  return Find<MetricKind>(kKindNames, s);
}
std::string_view Name(Channel c) { return kChannelNames[static_cast<size_t>(c)]; }
std::string_view Name(TicketType t) { return kTypeNames[static_cast<size_t>(t)]; }
std::string_view Name(Priority p) { return kPriorityNames[static_cast<size_t>(p)]; }
std::string_view Name(EventKind e) { return kEventNames[static_cast<size_t>(e)]; }
std::string_view Name(MetricKind k) { return kKindNames[static_cast<size_t>(k)]; }

}  // namespace aftercare::sla
