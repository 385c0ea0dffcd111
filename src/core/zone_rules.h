// A time zone's UTC offsets as one table of changes: the transitions the system tz
// database lists (read through date-tz), then the ones its TZif footer rule gives
// for later years (date-tz ignores the footer, so Berlin had no summer time after
// 2037). Built once per zone and kept for the process, so OffsetAt and ToUnix are
// a binary search over a few hundred integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/posix_tz.h"
#include "core/result.h"

namespace aftercare {

// UTC offsets from `initial` on, changed by `changes` (in time order).
class OffsetTable {
 public:
  OffsetTable() = default;
  OffsetTable(Seconds initial, const std::vector<OffsetChange>& changes);

  Seconds OffsetAt(std::int64_t unix) const;
  // The unix time of `local` (seconds since 1970-01-01 00:00 local wall time),
  // using the offset in force before any change around it: a time in a gap moves
  // forward by the gap's length, one in an overlap is the earlier of its instants.
  std::int64_t ToUnix(std::int64_t local) const;
  std::vector<OffsetChange> Changes() const;

 private:
  Seconds initial_ = 0;
  std::vector<std::int64_t> at_;
  std::vector<Seconds> offset_;  // in force from at_[i]
  // key_[i]: the first local time that change i no longer precedes (at_[i] plus the
  // larger of the offsets around it), kept non-decreasing for the binary search.
  std::vector<std::int64_t> key_;
};

class ZoneRules {
 public:
  // A zone of the system tz database, loaded on first use and kept for the process
  // (thread-safe). Errors: unknown zone; a zone file whose footer is unreadable.
  static Result<const ZoneRules*> Find(std::string_view name);

  // `listed`: the database's offset changes; `rule` applies after `rule_from` (its
  // last listed transition).
  ZoneRules(std::string name, Seconds initial, std::vector<OffsetChange> listed,
            std::int64_t rule_from, std::optional<PosixTz> rule);

  const std::string& name() const { return name_; }
  Seconds OffsetAt(std::int64_t unix) const {
    return unix < table_end_ || !rule_ ? table_.OffsetAt(unix) : Beyond(unix).OffsetAt(unix);
  }
  std::int64_t ToUnix(std::int64_t local) const {
    return local < table_end_ || !rule_ ? table_.ToUnix(local) : Beyond(local).ToUnix(local);
  }
  // Every change up to the end of the table (2102), for tests.
  std::vector<OffsetChange> Changes() const { return table_.Changes(); }

 private:
  // The rule's changes around a time past the table (rare: input times after 2101).
  OffsetTable Beyond(std::int64_t t) const;

  std::string name_;
  OffsetTable table_;
  std::int64_t table_end_ = 0;  // the table holds every change before this
  std::optional<PosixTz> rule_;
};

}  // namespace aftercare
