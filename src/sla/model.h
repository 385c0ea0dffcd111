// The SLA engine's input model (SCENARIOS.md "Input"; SLA-1, SLA-2, CON-1, CON-5):
// tickets with their event timelines, a policy of metrics, contract terms and
// Party A's written notices. Plain values: no I/O, no clock.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/time.h"

namespace aftercare::sla {

enum class Channel : std::uint8_t { kPhone, kEmail, kPortal, kIm, kOnsite };
inline constexpr int kChannelCount = 5;

enum class TicketType : std::uint8_t {
  kFault,
  kInstallation,
  kHealthCheck,
  kUpgrade,
  kTraining,
  kConsulting,
  kComplaint
};
inline constexpr int kTicketTypeCount = 7;

enum class Priority : std::uint8_t { kP1, kP2, kP3, kP4 };  // P1 is the highest
inline constexpr int kPriorityCount = 4;

enum class EventKind : std::uint8_t {
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
  kPriority
};
inline constexpr int kEventKindCount = 12;

enum class MetricKind : std::uint8_t { kResponse, kHandling };

// Names as they appear in scenario files and the API; nullopt when unknown.
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<TicketType> ParseTicketType(std::string_view s);
std::optional<Priority> ParsePriority(std::string_view s);
std::optional<EventKind> ParseEventKind(std::string_view s);
std::optional<MetricKind> ParseMetricKind(std::string_view s);
std::string_view Name(Channel c);
std::string_view Name(TicketType t);
std::string_view Name(Priority p);
std::string_view Name(EventKind e);
std::string_view Name(MetricKind k);

struct Event {
  Instant at;
  EventKind kind = EventKind::kReceived;
  Priority to = Priority::kP1;  // only for kPriority
};

struct Ticket {
  std::string id;
  Channel channel = Channel::kPhone;
  TicketType type = TicketType::kFault;
  Priority priority = Priority::kP3;
  std::vector<Event> events;  // time order, first is kReceived (see ValidateTimeline)
};

// Pause states a metric may list (SCENARIOS.md "Clocks").
enum PauseMask : std::uint8_t { kPauseWaiting = 1, kPauseResolved = 2 };

inline constexpr int kDefaultWarnPercent = 80;
inline constexpr Seconds kDefaultEscalateEvery = 30 * 60;

struct Metric {
  std::string name;
  MetricKind kind = MetricKind::kResponse;
  EventKind start = EventKind::kReceived;
  EventKind stop = EventKind::kFirstContact;
  std::array<Seconds, kPriorityCount> target_s{};  // resolved per priority
  int calendar = 0;              // index into the evaluation's calendars; 0 is 24x7
  std::uint8_t pause = 0;        // PauseMask bits
  std::uint8_t channels = 0xFF;  // bit per Channel
  std::uint8_t types = 0xFF;     // bit per TicketType (types minus except_types)
  // SLA-4's alerts (issue 12): a warning when a running clock reaches this share
  // of its target, an escalation at its due instant, and again every
  // `escalate_every` while it stays late. YAML `warn_at: 80%`, `escalate_every: 30m`.
  int warn_percent = kDefaultWarnPercent;
  Seconds escalate_every = kDefaultEscalateEvery;

  bool AppliesTo(const Ticket& t) const {
    return (channels >> static_cast<int>(t.channel) & 1) && (types >> static_cast<int>(t.type) & 1);
  }
};

struct Policy {
  std::string name;
  std::vector<Metric> metrics;
};

struct Coverage {
  LocalDate from;  // inclusive, in the contract's time zone
  LocalDate to;    // inclusive
};

struct ContractTerms {
  Fen value_fen = 0;
  Rate penalty_rate{300'000'000};  // 0.0003
  int cure_days = 30;
  TimeZone tz = DefaultZone();
  std::optional<Coverage> coverage;  // nullopt: always covered
};

struct Notice {
  Instant at;
  int cure_days = 30;
};

}  // namespace aftercare::sla
