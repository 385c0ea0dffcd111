// The figures of a contract's period (OPS-2's health check, OPS-5's assessment):
// computed from the tickets received in [from, to) (dates in the contract's zone)
// in one streamed pass, a page of tickets and their events at a time, plus a few
// aggregate queries. Memory holds the aggregates and one page, never every ticket.
//
// The SLA results are the live engine's (src/sla, as the response-time analytics
// and the ledger compute them: LoadContractTerms + sla::Evaluate over the period's
// tickets) as of the period's end (or now, for a period not over yet), so the same
// period gives the same figures whenever it is generated. A clock counts when it
// finished (stopped, or late): met when it stopped on time; the timeout rate is
// late / finished. The penalty events are the ledger's entries of those tickets
// (CON-2: one per late clock, the contract's amount, waivers applied).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/time.h"
#include "store/db.h"

namespace aftercare::service::reports {

// At most this many penalty events are listed (all are counted and summed).
inline constexpr std::size_t kListedPenalties = 100;
// The most recurring problems: the top this many.
inline constexpr int kTopProblems = 10;
// Tickets read per page of the streamed pass.
inline constexpr int kTicketPage = 2000;

struct MetricFigures {
  std::string metric;
  std::string kind;  // response | handling
  std::int64_t finished = 0, met = 0, late = 0, running = 0;
};

struct MonthFigures {
  std::string month;  // YYYY-MM
  std::int64_t tickets = 0, faults = 0, finished = 0, met = 0;
};

struct PenaltyEvent {
  std::int64_t ticket_id = 0;
  std::string ticket_number, metric;
  Instant due;
  Seconds late_by_s = 0;
  Fen amount_fen = 0;
  bool waived = false;
};

struct Problem {
  std::optional<std::int64_t> system_id;
  std::string system_name, type, title;  // by system and type, or by title
  std::int64_t count = 0;
};

// An inspection's finding in the period and what became of it (OPS-1 -> OPS-2).
struct InspectionFinding {
  std::string date;  // YYYY-MM-DD
  std::string system, item, outcome, finding;
  std::optional<std::int64_t> ticket_id;  // the ticket it opened
  std::string ticket_number, ticket_status;
};

struct Figures {
  std::string from, to;  // the period: [from, to), YYYY-MM-DD
  Instant as_of;         // the SLA's instant: the period's end, or now before it
  std::int64_t tickets = 0, resolved = 0, open_at_end = 0;
  std::map<std::string, std::int64_t> by_type, by_priority;
  std::map<std::pair<std::string, std::string>, std::int64_t> by_type_priority;
  std::vector<MetricFigures> metrics;  // in the policy's order
  std::vector<MonthFigures> months;    // every month the period touches
  std::int64_t penalty_count = 0;
  Fen penalty_fen = 0, waived_fen = 0;
  std::vector<PenaltyEvent> penalties;  // the first kListedPenalties by due
  std::vector<Problem> by_system_type, by_title;
  std::vector<InspectionFinding> inspections;
  // Availability: the share of the period with no P1 fault open (received to
  // resolved), in parts per million; downtime in seconds.
  Seconds downtime_s = 0;
  std::int64_t availability_ppm = 1'000'000;
};

// The contract's figures for [from, to) (validated by the caller), in the caller's
// transaction; `now` bounds the SLA's instant.
Result<Figures> ComputeFigures(store::Transaction& tx, std::int64_t contract_id, LocalDate from,
                               LocalDate to, Instant now);

// The inspections' findings of the contract in the period (OPS-1, from
// inspections::ListFindings), in the report's Chinese words.
Result<std::vector<InspectionFinding>> LoadInspectionFindings(store::Transaction& tx,
                                                              std::int64_t contract_id,
                                                              Instant from, Instant to);

nlohmann::json ToJson(const Figures& f, const std::string& tz);

}  // namespace aftercare::service::reports
