#include "core/posix_tz.h"

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace aftercare {
namespace {

constexpr Seconds kDay = 86'400;

// A cursor over the TZ string; every Read* returns false on malformed input.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool AtEnd() const { return i_ == s_.size(); }
  bool Take(char c) {
    if (AtEnd() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  char Peek() const { return AtEnd() ? '\0' : s_[i_]; }
  size_t pos() const { return i_; }

  // An abbreviation: 3 or more letters, or <...> of letters, digits, '+' and '-'.
  bool ReadName() {
    size_t from = i_;
    if (Take('<')) {
      while (!AtEnd() &&
             (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '+' || s_[i_] == '-')) {
        ++i_;
      }
      return i_ - from - 1 >= 3 && Take('>');
    }
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    return i_ - from >= 3;
  }

  bool ReadNumber(int max, int& out) {
    if (AtEnd() || !std::isdigit(static_cast<unsigned char>(s_[i_]))) return false;
    long v = 0;
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      v = v * 10 + (s_[i_++] - '0');
      if (v > max) return false;
    }
    out = static_cast<int>(v);
    return true;
  }

  // [+-]hh[:mm[:ss]] with hours up to max_hours, as signed seconds.
  bool ReadTime(int max_hours, Seconds& out) {
    bool negative = Take('-');
    if (!negative) Take('+');
    int h = 0, m = 0, sec = 0;
    if (!ReadNumber(max_hours, h)) return false;
    if (Take(':')) {
      if (!ReadNumber(59, m)) return false;
      if (Take(':') && !ReadNumber(59, sec)) return false;
    }
    out = (h * 3600 + m * 60 + sec) * (negative ? -1 : 1);
    return true;
  }

  bool ReadDate(PosixTzDate& d) {
    if (Take('J')) {
      d.kind = PosixTzDate::Kind::kJulian;
      if (!ReadNumber(365, d.day) || d.day < 1) return false;
    } else if (Take('M')) {
      d.kind = PosixTzDate::Kind::kMonthWeekDay;
      if (!ReadNumber(12, d.month) || d.month < 1 || !Take('.') || !ReadNumber(5, d.week) ||
          d.week < 1 || !Take('.') || !ReadNumber(6, d.weekday)) {
        return false;
      }
    } else {
      d.kind = PosixTzDate::Kind::kZeroBased;
      if (!ReadNumber(365, d.day)) return false;
    }
    // RFC 8536 3.3.1: the time's hours may be signed and range over -167..167.
    return !Take('/') || ReadTime(167, d.time);
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

std::int64_t DaysOf(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}

// Days since 1970-01-01 of the rule's day in `year`.
std::int64_t DayIn(const PosixTzDate& d, int year) {
  const std::int64_t jan1 = DaysOf(year, 1, 1);
  switch (d.kind) {
    case PosixTzDate::Kind::kJulian: {
      bool leap = date::year{year}.is_leap();
      return jan1 + d.day - 1 + (leap && d.day >= 60 ? 1 : 0);
    }
    case PosixTzDate::Kind::kZeroBased:
      return jan1 + d.day;
    case PosixTzDate::Kind::kMonthWeekDay:
      break;
  }
  const auto month = static_cast<unsigned>(d.month);
  const std::int64_t first = DaysOf(year, month, 1);
  const std::int64_t next_month = month == 12 ? DaysOf(year + 1, 1, 1) : DaysOf(year, month + 1, 1);
  const int first_weekday = static_cast<int>(
      date::weekday{date::sys_days{date::days{first}}}.c_encoding());  // 0 = Sunday
  std::int64_t day = first + (d.weekday - first_weekday + 7) % 7 + 7 * (d.week - 1);
  while (day >= next_month) day -= 7;  // week 5: the last such weekday
  return day;
}

}  // namespace

Result<PosixTz> ParsePosixTz(std::string_view text) {
  Reader r(text);
  auto bad = [&](std::string_view what) {
    return Error::Invalid("TZ rule \"" + std::string(text) + "\": " + std::string(what) +
                          " at character " + std::to_string(r.pos() + 1));
  };
  PosixTz tz;
  Seconds posix_offset = 0;  // POSIX offsets count west of Greenwich as positive
  if (!r.ReadName()) return bad("expected a standard time name");
  if (!r.ReadTime(24, posix_offset)) return bad("expected the standard time offset");
  tz.std_offset = -posix_offset;
  if (r.AtEnd()) return tz;
  if (!r.ReadName()) return bad("expected a daylight saving time name");
  tz.dst_offset = tz.std_offset + 3600;
  if (!r.AtEnd() && r.Peek() != ',') {
    if (!r.ReadTime(24, posix_offset)) return bad("expected the daylight saving time offset");
    tz.dst_offset = -posix_offset;
  }
  if (r.AtEnd()) {
    tz.start = {PosixTzDate::Kind::kMonthWeekDay, 0, 3, 2, 0, 2 * 3600};
    tz.end = {PosixTzDate::Kind::kMonthWeekDay, 0, 11, 1, 0, 2 * 3600};
    return tz;
  }
  if (!r.Take(',') || !r.ReadDate(tz.start)) return bad("expected the start of daylight saving");
  if (!r.Take(',') || !r.ReadDate(tz.end)) return bad("expected the end of daylight saving");
  if (!r.AtEnd()) return bad("unexpected text after the rule");
  return tz;
}

std::vector<OffsetChange> RuleChanges(const PosixTz& rule, int first_year, int last_year) {
  std::vector<OffsetChange> out;
  if (!rule.dst_offset) return out;
  struct Change {
    OffsetChange c;
    bool starts_dst;
  };
  std::vector<Change> all;
  all.reserve(static_cast<size_t>(std::max(0, last_year - first_year + 2)) * 2);
  // One year more, so that a change of year `last_year` spilling into the next
  // (J365/25) is resolved against that year's own changes, then cut off below.
  for (int y = first_year; y <= last_year + 1; ++y) {
    // Each change's local time is in the time in force before it.
    all.push_back(
        {{DayIn(rule.start, y) * kDay + rule.start.time - rule.std_offset, *rule.dst_offset},
         true});
    all.push_back(
        {{DayIn(rule.end, y) * kDay + rule.end.time - *rule.dst_offset, rule.std_offset}, false});
  }
  // At one instant an end of DST comes before a start: an all-year DST rule ends one
  // year's DST exactly when it starts the next, and stays in DST.
  std::sort(all.begin(), all.end(), [](const Change& a, const Change& b) {
    return a.c.at != b.c.at ? a.c.at < b.c.at : !a.starts_dst && b.starts_dst;
  });
  for (const Change& ch : all) {
    if (!out.empty() && out.back().at == ch.c.at) {
      out.back().offset = ch.c.offset;  // the later change at that instant wins
      if (out.size() >= 2 && out[out.size() - 2].offset == out.back().offset) out.pop_back();
      continue;
    }
    if (!out.empty() && out.back().offset == ch.c.offset) continue;
    out.push_back(ch.c);
  }
  const std::int64_t end = DaysOf(last_year + 1, 1, 1) * kDay;
  while (!out.empty() && out.back().at >= end) out.pop_back();
  return out;
}

}  // namespace aftercare
