// Defect management (QA-1; seed 7.8.2.1 "缺陷管理"): a defect is identified,
// analysed, fixed, reviewed, verified and closed, with its severity, the software
// module, the customer system it shows in and the version its fix ships in.
//
// No defect is lost: a defect has an owner (an active vendor user) in every state.
// Creating one without an owner, handing it to nobody, to a Party A user or to a
// disabled user is refused naming `owner_id`, and nothing changes.
//
// The state table (kDefectTransitions): forward one step at a time; a review or a
// verification that fails sends the defect back to analysis; a closed defect is
// final (a defect that comes back is a new one):
//   identified -> analysed -> fixed -> reviewed -> verified -> closed
//   fixed, reviewed, verified -> analysed
// Closing needs the version the fix ships in (`fix_version`, given then or before).
// Every change (create, transition, reassignment, link, unlink) is a history entry
// with who, when and the note, and an audit entry.
//
// Linked to the tickets that reported it (many to many; vendor staff link and
// unlink). When a defect is closed, the Party A users of each linked ticket's
// customer are told (NotificationKind::kDefectClosed, with the fix version).
//
// Who: vendor staff record and move defects; Party A reads the defects linked to
// its own customer's tickets, read-only, with only its own tickets and no notes;
// any other defect is not found for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

enum class DefectSeverity : std::uint8_t {
  kCritical,
  kMajor,
  kMinor,
  kTrivial
};  // 致命 严重 一般 轻微
inline constexpr int kDefectSeverityCount = 4;
enum class DefectState : std::uint8_t {
  kIdentified,
  kAnalysed,
  kFixed,
  kReviewed,
  kVerified,
  kClosed
};
inline constexpr int kDefectStateCount = 6;

std::optional<DefectSeverity> ParseDefectSeverity(std::string_view s);
std::string_view Name(DefectSeverity s);
std::optional<DefectState> ParseDefectState(std::string_view s);
std::string_view Name(DefectState s);
// Whether the state table allows `from` -> `to`.
bool DefectTransitionAllowed(DefectState from, DefectState to);
Error UnknownDefectSeverity();  // severity
Error UnknownDefectState();     // state

struct DefectHistoryEntry {
  Instant at;
  std::optional<std::int64_t> actor_id;
  std::string actor_name;
  std::string action;  // create, transition, reassign, link, unlink
  std::optional<DefectState> from_state, to_state;
  std::optional<std::int64_t> owner_id, ticket_id;
  std::string note;
};

struct DefectTicket {
  std::int64_t ticket_id = 0, customer_id = 0;
  std::string title, status;
};

struct Defect {
  std::int64_t id = 0;
  std::string title, description;
  DefectSeverity severity = DefectSeverity::kMinor;
  std::string module;
  std::optional<std::int64_t> system_id;
  std::string system_name;
  std::string fix_version;
  DefectState state = DefectState::kIdentified;
  std::int64_t owner_id = 0;
  std::string owner_name;
  Instant created_at, updated_at;
  std::optional<Instant> closed_at;
  std::vector<DefectTicket> tickets;        // GetDefect only
  std::vector<DefectHistoryEntry> history;  // GetDefect only, oldest first
};

struct NewDefect {
  std::string title, description, module, fix_version;
  DefectSeverity severity = DefectSeverity::kMinor;
  std::optional<std::int64_t> system_id, owner_id;
  std::vector<std::int64_t> ticket_ids;  // the tickets that reported it
  std::string note;
};

struct DefectFilter {
  std::optional<DefectState> state;
  std::optional<DefectSeverity> severity;
  std::optional<std::string> module, q;
  std::optional<std::int64_t> owner_id, system_id, ticket_id;
  std::string cursor;
  int limit = 50;  // 1 to 500
};

struct DefectPage {
  std::vector<Defect> items;  // newest first
  std::string next_cursor;    // empty on the last page
};

// Vendor staff. Title required; owner_id required (an active vendor user); the
// system and the tickets must exist.
Result<Defect> CreateDefect(store::Database& db, const Context& ctx, const NewDefect& d);
Result<DefectPage> ListDefects(store::Database& db, const Context& ctx, const DefectFilter& f);
Result<Defect> GetDefect(store::Database& db, const Context& ctx, std::int64_t id);

struct DefectTransition {
  DefectState to = DefectState::kAnalysed;
  std::optional<std::string> fix_version;  // sets it (needed to close)
  std::optional<std::int64_t> owner_id;    // hands the defect over in the same step
  std::string note;
};
// A step the table allows (else a conflict naming `state`).
Result<Defect> TransitionDefect(store::Database& db, const Context& ctx, std::int64_t id,
                                const DefectTransition& t);
// Hands the defect to another owner; nullopt is refused (owner_id is required).
Result<Defect> ReassignDefect(store::Database& db, const Context& ctx, std::int64_t id,
                              std::optional<std::int64_t> owner_id, const std::string& note);
Result<Defect> LinkDefectTicket(store::Database& db, const Context& ctx, std::int64_t id,
                                std::int64_t ticket_id);
Result<Defect> UnlinkDefectTicket(store::Database& db, const Context& ctx, std::int64_t id,
                                  std::int64_t ticket_id);

}  // namespace aftercare::service
