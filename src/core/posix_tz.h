// POSIX TZ strings as TZif v2+ files carry them in their footer (RFC 8536 section
// 3.3): the rule a zone follows after the last transition its file lists, e.g.
// "CET-1CEST,M3.5.0,M10.5.0/3". The tz database lists transitions only up to 2037,
// and SCENARIOS.md promises calendar arithmetic until 2100, so the rule is applied
// here (date-tz does not read it).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace aftercare {

using Seconds = std::int64_t;

// A rule's day in a year and the local time of the change on it.
struct PosixTzDate {
  enum class Kind : std::uint8_t {
    kJulian,        // Jn: day 1..365, February 29 never counted
    kZeroBased,     // n: day 0..365, February 29 counted in leap years
    kMonthWeekDay,  // Mm.w.d: weekday d (0 = Sunday) of week w (5 = last) of month m
  };
  Kind kind = Kind::kMonthWeekDay;
  int day = 0;  // kJulian, kZeroBased
  int month = 1, week = 1, weekday = 0;
  // Local time of day, in the time in force before the change. RFC 8536 allows
  // -167..167 hours: "/-1" is 23:00 of the day before, "/25" 01:00 of the day after.
  Seconds time = 2 * 3600;
};

struct PosixTz {
  Seconds std_offset = 0;             // UTC offset of standard time, east positive
  std::optional<Seconds> dst_offset;  // nullopt: no daylight saving time
  PosixTzDate start, end;             // when DST starts and ends (with dst_offset)
};

// "std offset [dst [offset] [,start[/time],end[/time]]]". Without a rule, DST follows
// "M3.2.0,M11.1.0" as glibc assumes. Errors say which part is wrong.
Result<PosixTz> ParsePosixTz(std::string_view text);

// From `at` (unix seconds) on, the UTC offset is `offset`.
struct OffsetChange {
  std::int64_t at = 0;
  Seconds offset = 0;
  friend bool operator==(OffsetChange, OffsetChange) = default;
};

// The offset changes the rule makes in years first..last, up to the start of year
// last + 1 (UTC), in time order, each one to an offset other than the one before it:
// a rule whose DST lasts all year (RFC 8536's "EST5EDT,0/0,J365/25") has only its first.
std::vector<OffsetChange> RuleChanges(const PosixTz& rule, int first_year, int last_year);

}  // namespace aftercare
