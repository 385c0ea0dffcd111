// The CON-3 contract state machine: strikes (late responses since the last cure),
// the termination condition ((a) 3 strikes, (b) an overrun of more than 30 days),
// Party A's written notices, cure windows and the exercisable termination right.
// Evaluated with hindsight from everything known at as_of (SCENARIOS.md "Contract
// state"): the history is recomputed, never appended to.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "sla/model.h"

namespace aftercare::sla {

enum class ContractState : std::uint8_t { kNormal, kConditionMet, kNoticePending, kExercisable };
std::string_view Name(ContractState s);

// A late metric: a penalty event (CON-2) and, for responses, a strike (CON-3 (a)).
struct LateEvent {
  Instant late_at;  // the metric's due instant
  std::uint32_t ticket = 0;
  std::uint16_t metric = 0;
  MetricKind kind = MetricKind::kResponse;
  Fen amount_fen = 0;
};

// The instant a metric's clock read target + 30 days + 1 s (CON-3 (b)).
struct OverrunCrossing {
  Instant at;
  std::uint32_t ticket = 0;
  std::uint16_t metric = 0;
};

enum class Why : std::uint8_t { kThreeStrikes, kOverrun, kNotice, kLateInCure, kCured };
std::string_view Name(Why w);  // English text for logs

struct Evidence {
  bool is_notice = false;
  std::uint32_t ticket = 0;
  std::uint16_t metric = 0;
  Instant notice_at;
};

struct HistoryEntry {
  Instant at;
  ContractState state = ContractState::kNormal;
  Why why = Why::kThreeStrikes;
  std::vector<Evidence> evidence;
};

struct Compliance {
  ContractState state = ContractState::kNormal;
  int strikes = 0;
  std::int64_t late_responses = 0;
  std::int64_t late_handlings = 0;
  std::vector<HistoryEntry> history;
};

inline constexpr int kStrikesForTermination = 3;

// `late` ordered by late_at, `crossings` by at, `notices` by at; all at or before
// as_of. Within one second: late events, then crossings, then notices, then cures.
Compliance RunCompliance(std::span<const LateEvent> late,
                         std::span<const OverrunCrossing> crossings,
                         std::span<const Notice> notices, Instant as_of);

}  // namespace aftercare::sla
