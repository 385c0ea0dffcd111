#include "sla/calendar.h"

#include <algorithm>

namespace aftercare::sla {
namespace {

const LocalDate kRangeFirstDay = MakeDate(2000, 1, 1);
const LocalDate kRangeEndDay = MakeDate(2101, 1, 1);  // exclusive

bool Contains(const std::vector<LocalDate>& sorted, LocalDate d) {
  return std::binary_search(sorted.begin(), sorted.end(), d);
}

const DayHours* HoursOf(const CalendarSpec& spec, const HolidaySchedule* cn, LocalDate d) {
  static const DayHours kNone;
  auto w = std::lower_bound(spec.workdays.begin(), spec.workdays.end(), d,
                            [](const auto& entry, LocalDate x) { return entry.first < x; });
  if (w != spec.workdays.end() && w->first == d) return &w->second;
  if (Contains(spec.holidays, d)) return &kNone;
  if (spec.builtin_cn && cn != nullptr) {
    if (Contains(cn->work, d)) return &spec.week[0];  // make-up days work Monday hours
    if (Contains(cn->off, d)) return &kNone;
  }
  return &spec.week[WeekdayIndex(d)];
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

WorkCalendar WorkCalendar::AlwaysOn(const TimeZone& tz) {
  WorkCalendar c;
  c.always_ = true;
  c.lo_ = tz.ToInstant(kRangeFirstDay, 0);
  c.hi_ = tz.ToInstant(kRangeEndDay, 0);
  return c;
}

WorkCalendar WorkCalendar::Build(const CalendarSpec& spec, const HolidaySchedule* cn) {
  WorkCalendar c;
  c.always_ = false;
  c.lo_ = spec.tz.ToInstant(kRangeFirstDay, 0);
  c.hi_ = spec.tz.ToInstant(kRangeEndDay, 0);
  const int days = kRangeEndDay.days - kRangeFirstDay.days;
  // Each interval's real instants, in day order. A DST gap can move an interval past
  // a later one of the same day (02:30-02:50 becomes 03:30-03:50, inside 03:00-04:00),
  // so they are sorted by their real start before merging into a union.
  std::vector<std::pair<std::int64_t, std::int64_t>> raw;
  raw.reserve(static_cast<size_t>(days) * 2);
  for (LocalDate d = kRangeFirstDay; d < kRangeEndDay; d = d + 1) {
    for (const WorkInterval& iv : *HoursOf(spec, cn, d)) {
      std::int64_t b = spec.tz.ToInstant(d, iv.begin_s).unix;
      std::int64_t e = spec.tz.ToInstant(d, iv.end_s).unix;
      if (e > b) raw.emplace_back(b, e);
    }
  }
  if (!std::is_sorted(raw.begin(), raw.end())) std::sort(raw.begin(), raw.end());
  c.begin_.reserve(raw.size());
  c.end_.reserve(raw.size());
  for (auto [b, e] : raw) {
    // Overlapping (DST) and touching (12:00/12:00, 24:00/00:00) intervals merge.
    if (!c.end_.empty() && b <= c.end_.back()) {
      c.end_.back() = std::max(c.end_.back(), e);
      continue;
    }
    c.begin_.push_back(b);
    c.end_.push_back(e);
  }
  c.cum_.resize(c.begin_.size() + 1);
  c.cum_[0] = 0;
  for (size_t i = 0; i < c.begin_.size(); ++i) {
    c.cum_[i + 1] = c.cum_[i] + (c.end_[i] - c.begin_[i]);
  }
  c.day_base_ = FloorDiv(c.lo_.unix, kSecondsPerDay);
  std::int64_t last_day = FloorDiv(c.hi_.unix, kSecondsPerDay);
  c.day_first_.resize(static_cast<size_t>(last_day - c.day_base_ + 1));
  size_t i = 0;
  for (size_t d = 0; d < c.day_first_.size(); ++d) {
    std::int64_t day_start = (c.day_base_ + static_cast<std::int64_t>(d)) * kSecondsPerDay;
    while (i < c.end_.size() && c.end_[i] <= day_start) ++i;
    c.day_first_[d] = static_cast<std::int32_t>(i);
  }
  return c;
}

Seconds WorkCalendar::WorkedUntilTable(Instant t) const {
  std::int64_t x = Clamp(t);
  size_t i =
      static_cast<size_t>(day_first_[static_cast<size_t>(FloorDiv(x, kSecondsPerDay) - day_base_)]);
  const size_t n = end_.size();
  while (i < n && end_[i] <= x) ++i;
  if (i < n && begin_[i] < x) return cum_[i] + (x - begin_[i]);
  return cum_[i];
}

std::optional<Instant> WorkCalendar::InstantAtWorkTable(Seconds w) const {
  if (w <= 0) return lo_;
  if (w > cum_.back()) return std::nullopt;
  // The first interval whose end brings the total to at least w.
  auto it = std::lower_bound(cum_.begin() + 1, cum_.end(), w);
  size_t i = static_cast<size_t>(it - cum_.begin()) - 1;
  return Instant{begin_[i] + (w - cum_[i])};
}

}  // namespace aftercare::sla
