// Service calendars (SLA-3): 24x7, or working hours per weekday in a time zone with
// holidays and make-up working days (调休), optionally plus the shipped Chinese
// schedule. A WorkCalendar is compiled once from a CalendarSpec into a table of
// working intervals over 2000-01-01..2100-12-31 (in its zone) with prefix sums, so
// "working seconds between a and b" is O(1) and "the instant when N working seconds
// have passed" is O(log n): never a walk over days or minutes.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"

namespace aftercare::sla {

// Working hours within one local day: [begin_s, end_s) in seconds of the day,
// end_s <= 86400 (24:00).
struct WorkInterval {
  std::int32_t begin_s = 0;
  std::int32_t end_s = 0;
  friend bool operator==(WorkInterval, WorkInterval) = default;
};
using DayHours = std::vector<WorkInterval>;

// The official schedule (State Council notices): whole days off and make-up working
// days, both sorted. Shipped as data (data/holidays/cn.json), passed in as a value.
struct HolidaySchedule {
  std::vector<LocalDate> off;
  std::vector<LocalDate> work;
};

inline constexpr std::string_view k24x7 = "24x7";

struct CalendarSpec {
  std::string name;
  TimeZone tz = DefaultZone();
  std::array<DayHours, 7> week;                          // index 0 = Monday
  std::vector<LocalDate> holidays;                       // sorted
  std::vector<std::pair<LocalDate, DayHours>> workdays;  // sorted by date
  bool builtin_cn = false;
};

class WorkCalendar {
 public:
  // 24x7 over the supported range in `tz` (the contract's zone).
  static WorkCalendar AlwaysOn(const TimeZone& tz);
  // `cn` is used when spec.builtin_cn is set; it must then be non-null.
  static WorkCalendar Build(const CalendarSpec& spec, const HolidaySchedule* cn);

  // Working seconds from the range's start up to instant t (clamped to the range).
  Seconds WorkedUntil(Instant t) const {
    if (always_) return Clamp(t) - lo_.unix;
    return WorkedUntilTable(t);
  }
  Seconds Between(Instant a, Instant b) const { return WorkedUntil(b) - WorkedUntil(a); }
  // The earliest instant t with WorkedUntil(t) >= w (w > 0); nullopt past the range.
  std::optional<Instant> InstantAtWork(Seconds w) const {
    if (always_) {
      if (w > hi_.unix - lo_.unix) return std::nullopt;
      return Instant{lo_.unix + (w < 0 ? 0 : w)};
    }
    return InstantAtWorkTable(w);
  }
  // The instant when the clock, standing at `from`, has counted `w` more seconds.
  std::optional<Instant> After(Instant from, Seconds w) const {
    return InstantAtWork(WorkedUntil(from) + w);
  }

  Instant range_begin() const { return lo_; }
  Instant range_end() const { return hi_; }
  size_t interval_count() const { return begin_.size(); }

 private:
  std::int64_t Clamp(Instant t) const {
    return t.unix < lo_.unix ? lo_.unix : (t.unix > hi_.unix ? hi_.unix : t.unix);
  }
  Seconds WorkedUntilTable(Instant t) const;
  std::optional<Instant> InstantAtWorkTable(Seconds w) const;

  bool always_ = true;
  Instant lo_, hi_;
  // Merged, disjoint working intervals [begin_[i], end_[i]) as unix seconds; cum_[i]
  // is the working time before interval i (cum_ has one extra entry: the total).
  std::vector<std::int64_t> begin_, end_, cum_;
  // For UTC day d counted from day_base_: the first interval that ends after the
  // day starts.
  std::int64_t day_base_ = 0;
  std::vector<std::int32_t> day_first_;
};

}  // namespace aftercare::sla
