// The team calendar (issue 15, point 8; OPS-1, OPS-3, OPS-4, OPS-5): everything the
// vendor has planned at a customer's site or on the phone: inspection visits,
// return visits, exchange visits, installations. The areas that plan those own
// them; each keeps its calendar entry in step with its own row by calling Put
// (an upsert keyed by source and source id) or Remove IN THE TRANSACTION of the
// change, so the calendar never shows what was not committed. The calendar reads
// only its own table.
//
// Who reads it: vendor staff every entry (a team's calendar is everybody's
// business: who is where); Party A only its own customer's entries (its visits
// to come). A window is at most kMaxCalendarDays long and answers at most
// kMaxCalendarEntries entries (`truncated` says when there were more).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service::calendar {

enum class Source : std::uint8_t { kInspection, kReturnVisit, kExchangeVisit, kInstallation };
inline constexpr std::array<std::string_view, 4> kSourceNames = {
    "inspection", "return_visit", "exchange_visit", "installation"};
std::string_view Name(Source s);
std::optional<Source> ParseSource(std::string_view s);

// Planned until done; an entry whose end passed while planned is overdue (read
// time, not stored).
enum class State : std::uint8_t { kPlanned, kDone };
std::string_view Name(State s);  // "planned", "done"

struct Entry {
  Source source = Source::kInspection;
  std::int64_t source_id = 0;  // the owning area's id of the visit or installation
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> contract_id, system_id;
  // Who goes: an engineer (and then, unless given, the engineer's team) or only
  // a team not yet staffed.
  std::optional<std::int64_t> engineer_id, team_id;
  Instant starts_at, ends_at;  // ends_at >= starts_at
  std::string title;           // at most 200 characters, e.g. "上半年巡检：HIS"
  State state = State::kPlanned;
};

// Inserts or replaces the entry of (source, source_id). Errors: Invalid for an
// empty or too long title, an end before the start (programming errors of the
// calling area, reported by name all the same).
Status Put(store::Transaction& tx, const Entry& e);
// Removes it (a cancelled visit); nothing when there is none.
Status Remove(store::Transaction& tx, Source source, std::int64_t source_id);

inline constexpr std::int64_t kMaxCalendarDays = 186;
inline constexpr std::size_t kMaxCalendarEntries = 5000;

struct Filter {
  Instant from, to;  // entries that overlap [from, to)
  std::optional<std::int64_t> engineer_id, customer_id, team_id;
  std::optional<Source> source;
};

struct Item {
  std::int64_t id = 0;
  Entry entry;
  std::string customer_name, engineer_name, team_name, system_name;
  bool overdue = false;  // planned and its end has passed
};

struct Window {
  std::vector<Item> items;  // by start, then id
  bool truncated = false;
};

// Errors: Unauthenticated; Invalid naming `to` for a window that is empty,
// reversed or longer than kMaxCalendarDays.
Result<Window> List(store::Database& db, const Context& ctx, const Filter& f);

}  // namespace aftercare::service::calendar
