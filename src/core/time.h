// Instants (whole seconds since the Unix epoch, UTC), durations in seconds, civil
// dates, and time zones from the system tz database via date-tz. Exact to the
// second: RFC 3339 input with fractions is rejected, never rounded.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace aftercare {

class ZoneRules;

using Seconds = std::int64_t;  // a duration in whole seconds

struct Instant {
  std::int64_t unix = 0;  // seconds since 1970-01-01T00:00:00Z
  friend auto operator<=>(Instant, Instant) = default;
  friend Instant operator+(Instant t, Seconds d) { return Instant{t.unix + d}; }
  friend Instant operator-(Instant t, Seconds d) { return Instant{t.unix - d}; }
  friend Seconds operator-(Instant a, Instant b) { return a.unix - b.unix; }
};

// A civil date as days since 1970-01-01 (date::sys_days' count).
struct LocalDate {
  std::int32_t days = 0;
  friend auto operator<=>(LocalDate, LocalDate) = default;
  LocalDate operator+(int d) const { return LocalDate{days + d}; }
};

inline constexpr Seconds kSecondsPerDay = 86'400;

// The years a service record may fall in: the SLA engine's calendar range
// (SCENARIOS.md). Dates and times typed into the service outside it are refused.
inline constexpr int kFirstServiceYear = 2000;
inline constexpr int kLastServiceYear = 2100;
bool InServiceRange(LocalDate d);
bool InServiceRange(Instant t);  // by its UTC date

// 0 = Monday .. 6 = Sunday.
int WeekdayIndex(LocalDate d);
int YearOf(LocalDate d);
LocalDate MakeDate(int year, unsigned month, unsigned day);

// China's zone: the default of a contract, and the zone of times tied to no
// contract (sessions, audit, shifts).
inline constexpr const char* kDefaultZoneName = "Asia/Shanghai";

// The system clock, to the second. Only the outer layers (http, cli) read it: the
// engine and the service layer take `now` as a value.
Instant Now();

// Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS" + ("Z" | "+HH:MM" | "-HH:MM"), upper-case
// T and Z, seconds 00-59, no fraction. Errors say which part is wrong.
Result<Instant> ParseRfc3339(std::string_view text);

// Parses "YYYY-MM-DD" (a real calendar date).
Result<LocalDate> ParseDate(std::string_view text);
std::string FormatDate(LocalDate d);

// A time zone from the system tz database, with its TZif footer rule applied after
// the last transition the database lists (core/zone_rules.h). Cheap to copy.
class TimeZone {
 public:
  // Errors: unknown zone name.
  static Result<TimeZone> Locate(std::string_view name);
  const std::string& name() const;
  // UTC offset in seconds at instant t.
  Seconds OffsetAt(Instant t) const;
  LocalDate LocalDateOf(Instant t) const;
  // The instant of local wall time `date` + `second_of_day` (0..86400). A time in a
  // DST gap moves forward by the gap's length; one in an overlap is the earlier of
  // its two instants (SCENARIOS.md "Calendars").
  Instant ToInstant(LocalDate date, Seconds second_of_day) const;
  friend bool operator==(const TimeZone& a, const TimeZone& b) { return a.rules_ == b.rules_; }

 private:
  explicit TimeZone(const ZoneRules* rules) : rules_(rules) {}
  const ZoneRules* rules_;
};

// "2026-03-02T09:05:00+08:00": t in zone's offset, never "Z".
std::string FormatRfc3339(Instant t, const TimeZone& zone);

// kDefaultZoneName's zone (the tz database has it: tzdata is a dependency).
const TimeZone& DefaultZone();

}  // namespace aftercare
