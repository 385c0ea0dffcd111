#include "core/time.h"

#include <date/date.h>

#include <chrono>
#include <cstdio>

#include "core/zone_rules.h"

namespace aftercare {

bool InServiceRange(LocalDate d) {
  int y = YearOf(d);
  return y >= kFirstServiceYear && y <= kLastServiceYear;
}

bool InServiceRange(Instant t) {
  // Floor division: instants before 1970 have negative seconds.
  std::int64_t days = t.unix / kSecondsPerDay - (t.unix % kSecondsPerDay < 0 ? 1 : 0);
  if (days < -1'000'000 || days > 1'000'000) return false;
  return InServiceRange(LocalDate{static_cast<std::int32_t>(days)});
}

const TimeZone& DefaultZone() {
  static const TimeZone zone = *TimeZone::Locate(kDefaultZoneName);
  return zone;
}

Instant Now() {
  return Instant{std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count()};
}

namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

Result<LocalDate> ParseDatePrefix(std::string_view text, std::string_view what) {
  int y = 0, m = 0, d = 0;
  if (text.size() < 10 || !Digits(text, 0, 4, y) || text[4] != '-' || !Digits(text, 5, 2, m) ||
      text[7] != '-' || !Digits(text, 8, 2, d)) {
    return Error::Invalid(std::string(what) + " is not of the form YYYY-MM-DD: \"" +
                          std::string(text) + "\"");
  }
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return Error::Invalid("no such date: \"" + std::string(text.substr(0, 10)) + "\"");
  }
  return LocalDate{static_cast<std::int32_t>(date::sys_days{ymd}.time_since_epoch().count())};
}

}  // namespace

int WeekdayIndex(LocalDate d) {
  // 1970-01-01 was a Thursday (index 3).
  int r = (d.days + 3) % 7;
  return r < 0 ? r + 7 : r;
}

int YearOf(LocalDate d) {
  date::year_month_day ymd{date::sys_days{date::days{d.days}}};
  return static_cast<int>(ymd.year());
}

LocalDate MakeDate(int year, unsigned month, unsigned day) {
  date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  return LocalDate{static_cast<std::int32_t>(date::sys_days{ymd}.time_since_epoch().count())};
}

Result<LocalDate> ParseDate(std::string_view text) {
  if (text.size() != 10) {
    return Error::Invalid("date is not of the form YYYY-MM-DD: \"" + std::string(text) + "\"");
  }
  return ParseDatePrefix(text, "date");
}

std::string FormatDate(LocalDate d) {
  date::year_month_day ymd{date::sys_days{date::days{d.days}}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<Instant> ParseRfc3339(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Error::Invalid("time \"" + std::string(text) + "\" is not RFC 3339 (" + why + ")");
  };
  auto date = ParseDatePrefix(text, "time");
  if (!date.ok()) {
    if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
      return bad("no such date " + std::string(text.substr(0, 10)));
    }
    return bad("expected YYYY-MM-DDTHH:MM:SS+08:00");
  }
  if (text.size() == 10) return bad("a date without a time");
  if (text[10] != 'T') return bad("expected an upper-case 'T' after the date");
  int hh = 0, mm = 0, ss = 0;
  if (!Digits(text, 11, 2, hh) || text.size() < 14 || text[13] != ':' || !Digits(text, 14, 2, mm) ||
      text.size() < 17 || text[16] != ':' || !Digits(text, 17, 2, ss)) {
    return bad("expected HH:MM:SS after the 'T'");
  }
  if (hh > 23 || mm > 59 || ss > 59) return bad("hour, minute or second out of range");
  std::string_view rest = text.substr(19);
  if (!rest.empty() && rest[0] == '.') return bad("fractions of a second are not allowed");
  Seconds offset = 0;
  if (rest == "Z") {
    offset = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    if (!Digits(rest, 1, 2, oh) || !Digits(rest, 4, 2, om) || oh > 23 || om > 59) {
      return bad("bad UTC offset");
    }
    offset = (oh * 3600 + om * 60) * (rest[0] == '-' ? -1 : 1);
  } else if (rest.empty()) {
    return bad("missing UTC offset or 'Z'");
  } else {
    return bad("expected 'Z' or an offset like +08:00 after the seconds");
  }
  return Instant{static_cast<std::int64_t>(date->days) * kSecondsPerDay + hh * 3600 + mm * 60 + ss -
                 offset};
}

Result<TimeZone> TimeZone::Locate(std::string_view name) {
  AFTERCARE_ASSIGN_OR_RETURN(const ZoneRules* rules, ZoneRules::Find(name));
  return TimeZone(rules);
}

const std::string& TimeZone::name() const { return rules_->name(); }

Seconds TimeZone::OffsetAt(Instant t) const { return rules_->OffsetAt(t.unix); }

LocalDate TimeZone::LocalDateOf(Instant t) const {
  std::int64_t local = t.unix + OffsetAt(t);
  std::int64_t days = local / kSecondsPerDay;
  if (local % kSecondsPerDay < 0) --days;
  return LocalDate{static_cast<std::int32_t>(days)};
}

Instant TimeZone::ToInstant(LocalDate date, Seconds second_of_day) const {
  return Instant{
      rules_->ToUnix(static_cast<std::int64_t>(date.days) * kSecondsPerDay + second_of_day)};
}

std::string FormatRfc3339(Instant t, const TimeZone& zone) {
  Seconds offset = zone.OffsetAt(t);
  std::int64_t local = t.unix + offset;
  std::int64_t days = local / kSecondsPerDay;
  std::int64_t sod = local % kSecondsPerDay;
  if (sod < 0) {
    sod += kSecondsPerDay;
    --days;
  }
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  Seconds off_abs = offset < 0 ? -offset : offset;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(sod / 3600),
                static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60), offset < 0 ? '-' : '+',
                static_cast<int>(off_abs / 3600), static_cast<int>(off_abs / 60 % 60));
  return buf;
}

}  // namespace aftercare
