// Contracts (CON-1, CON-5) and their compliance (CON-2, CON-3): the penalty ledger
// with waivers, strikes, state and history, Party A's written notices, and the
// scenario export that `aftercare sla replay` turns into the same numbers.
// The live view and the replay share src/sla: EvaluateContract builds the engine's
// input from the database, ExportScenario writes the same input as a scenario file.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "sla/engine.h"
#include "store/db.h"

namespace aftercare::service {

// A cure period (CON-3) is at most a year: longer ones would carry dates past the
// service range.
inline constexpr int kMaxCureDays = 365;

struct Contract {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::string number, title;
  Fen value_fen = 0;
  std::string penalty_rate = "0.0003";
  std::string policy = "bid-default";
  int cure_days = 30;
  std::string tz = kDefaultZoneName;
  std::string signed_on;              // YYYY-MM-DD
  std::string construction_deadline;  // default: signed_on + 2 months
  std::optional<std::string> accepted_on;
  int warranty_months = 24;
  int free_resident_engineers = 1;
  std::string coverage_from, coverage_to;  // default: signing to end of warranty
  std::string maintenance_fee_terms;
  std::vector<std::int64_t> system_ids;
};

// Input: required customer_id, number, value (decimal CNY), signed_on; the rest
// optional with CON-1 defaults. `value_text` is the decimal string as sent.
struct NewContract {
  Contract fields;
  std::string value_text;
  bool has_construction_deadline = false, has_coverage = false, has_cure_days = false;
};

Result<Contract> CreateContract(store::Database& db, const Context& ctx, NewContract in);

// A change of a contract's terms (admin, manager), checked as at creation and
// audited with the terms before and after; most often the acceptance date recorded
// once the system is accepted (CON-1: it starts the warranty). The number, the
// customer, the signing date and the time zone identify the contract and do not
// change. A construction deadline or service period left at its CON-1 default
// follows the terms it derives from (signing, acceptance, warranty).
struct ContractChange {
  std::optional<std::string> title, value_text, penalty_rate, policy, construction_deadline;
  std::optional<std::optional<std::string>> accepted_on;  // a date, or null to clear it
  std::optional<int> cure_days, warranty_months, free_resident_engineers;
  std::optional<std::string> coverage_from, coverage_to, maintenance_fee_terms;
  std::optional<std::vector<std::int64_t>> system_ids;
};
Result<Contract> UpdateContract(store::Database& db, const Context& ctx, std::int64_t id,
                                const ContractChange& change);
Result<Contract> GetContract(store::Database& db, const Context& ctx, std::int64_t id);
Result<std::vector<Contract>> ListContracts(store::Database& db, const Context& ctx);

struct LedgerEntry {
  std::int64_t ticket_id = 0;
  std::string ticket_number, metric;
  sla::MetricKind kind = sla::MetricKind::kResponse;
  Instant due;                    // late_at
  std::optional<Instant> actual;  // when the clock stopped; null while running
  Seconds late_by_s = 0;
  Fen amount_fen = 0;
  bool waived = false;
  std::string waived_by, waiver_reason;
  std::optional<Instant> waived_at;
};

struct HistoryView {
  Instant at;
  sla::ContractState state;
  std::string why;
  nlohmann::json evidence;  // [{"ticket": number, "ticket_id", "metric"}] or [{"notice": at}]
};

struct NoticeView {
  std::int64_t id = 0;
  Instant at;
  int cure_days = 30;
  std::string note;
  std::string tz;  // the contract's time zone, for rendering
  // Who entered it, and when: Party A's own notice is recorded at `at`; a manager
  // may enter a paper notice received earlier.
  std::string recorded_by;
  std::string recorded_by_role;
};

struct Compliance {
  std::int64_t customer_id = 0;  // whose contract (an export's audit names it, CON-4)
  std::string tz;                // the contract's time zone, for rendering
  Instant as_of;
  sla::ContractState state = sla::ContractState::kNormal;
  int strikes = 0;
  std::int64_t late_responses = 0, late_handlings = 0;
  Seconds max_overrun_s = 0;
  Fen penalty_total_fen = 0, waived_fen = 0, payable_fen = 0;
  std::vector<LedgerEntry> ledger;
  std::vector<HistoryView> history;
  std::vector<NoticeView> notices;
};

Result<Compliance> GetCompliance(store::Database& db, const Context& ctx, std::int64_t contract_id);
// Every contract the actor may see with its compliance (the contracts list's
// summary): one audited read for the vendor (CON-4), not one per contract.
Result<std::vector<std::pair<std::int64_t, Compliance>>> ListCompliance(store::Database& db,
                                                                        const Context& ctx);
// Party A (own contracts) or a manager records Party A's written notice (CON-3).
Result<NoticeView> RecordNotice(store::Database& db, const Context& ctx, std::int64_t contract_id,
                                std::optional<Instant> at, std::optional<int> cure_days,
                                const std::string& note);
// A named manager waives one penalty event with a reason (CON-2): the amount is
// cancelled, the late event still counts for CON-3.
Status Waive(store::Database& db, const Context& ctx, std::int64_t contract_id,
             std::int64_t ticket_id, const std::string& metric, const std::string& reason);
// The contract as a scenario file (SCENARIOS.md) at `as_of` (audited export).
Result<std::string> ExportScenario(store::Database& db, const Context& ctx,
                                   std::int64_t contract_id, std::optional<Instant> as_of);

// The scenario text of a contract at `when`, in the caller's transaction (not
// audited: the caller audits its export).
Result<std::string> ScenarioText(store::Transaction& tx, std::int64_t contract_id, Instant when);
// The contract's customer when the actor may see the contract (kNotFound for
// another customer's, as for one that does not exist).
Result<std::int64_t> CheckContractVisible(store::Transaction& tx, const Context& ctx,
                                          std::int64_t contract_id);

// For the ticket service: the engine input of one contract, tickets limited to
// `only_ticket` when given. Tickets are named by their number.
struct ContractInput {
  Contract contract;
  sla::EvaluationInput input;
  std::vector<std::int64_t> ticket_ids;  // parallel to input.tickets
};
// `received`: only tickets received in [first, second).
Result<ContractInput> LoadContractInput(
    store::Transaction& tx, std::int64_t contract_id, Instant as_of,
    std::optional<std::int64_t> only_ticket,
    std::optional<std::pair<Instant, Instant>> received = std::nullopt);
Result<Contract> LoadContract(store::Transaction& tx, std::int64_t id);
// The contract's own row, without its system list (kNotFound when missing).
Result<Contract> LoadContractRow(store::Transaction& tx, std::int64_t id);
// The engine input of a contract without tickets or notices (terms, policy,
// calendars): enough to evaluate one ticket's metrics.
Result<sla::EvaluationInput> LoadContractTerms(store::Transaction& tx, const Contract& c,
                                               Instant as_of);
// For the notices (service/notices): the contract's state at `now` (CON-3), a
// system read in the caller's transaction, not audited.
Result<sla::ContractState> ContractStateAt(store::Transaction& tx, std::int64_t contract_id,
                                           Instant now);
// The same day `months` later (the month's last day when it is shorter): a
// warranty's end, a report's half-year (service/reports).
LocalDate AddMonths(LocalDate d, int months);
// "TK-000042": a ticket's number is derived from its id.
std::string TicketNumber(std::int64_t id);

}  // namespace aftercare::service
