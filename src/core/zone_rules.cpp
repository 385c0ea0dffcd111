#include "core/zone_rules.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

namespace aftercare {
namespace {

// The rule's changes are tabulated through this year, one more than the calendars'
// range (2000-2100) needs, so every zone's table covers 2101-01-01 in local time.
constexpr int kLastTabulatedYear = 2102;
// Where date-tz's history starts and ends (its first and last periods reach the
// limits of its year range, about +-32767).
constexpr std::int64_t kFarPast = -(std::int64_t{1} << 40);
constexpr std::int64_t kFarFuture = std::int64_t{1} << 38;
// date-tz reads zone files from here on Linux (USE_OS_TZDB); so does the footer.
constexpr std::string_view kZoneInfoDir = "/usr/share/zoneinfo/";

std::int64_t StartOfYear(int year) {
  return std::int64_t{date::sys_days{date::year{year} / 1 / 1}.time_since_epoch().count()} * 86'400;
}

int YearOfUnix(std::int64_t t) {
  auto days = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{t}});
  return static_cast<int>(date::year_month_day{days}.year());
}

// The POSIX TZ string at the end of a TZif v2+ file (RFC 8536 3.3): between its last
// two newlines. nullopt for a v1 file or an empty footer (no rule for later times).
Result<std::optional<PosixTz>> ReadFooter(const std::string& zone) {
  std::string path = std::string(kZoneInfoDir) + zone;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Io("cannot read time zone " + zone, path);
  std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (data.size() < 5 || data.compare(0, 4, "TZif") != 0) {
    return Error::Io("time zone " + zone + " is not a TZif file", path);
  }
  if (data[4] < '2' || data.back() != '\n') return std::optional<PosixTz>{};
  size_t begin = data.rfind('\n', data.size() - 2);
  if (begin == std::string::npos) return Error::Io("time zone " + zone + " has no footer", path);
  std::string_view footer(data.data() + begin + 1, data.size() - begin - 2);
  if (footer.empty()) return std::optional<PosixTz>{};
  auto rule = ParsePosixTz(footer);
  if (!rule.ok()) return Error::Io("time zone " + zone + ": " + rule.error().message, path);
  return std::optional<PosixTz>(*rule);
}

// The zone's history as date-tz lists it, then its footer rule.
Result<std::unique_ptr<ZoneRules>> Load(const date::time_zone& zone) {
  auto info = zone.get_info(date::sys_seconds{std::chrono::seconds{kFarPast}});
  const Seconds initial = info.offset.count();
  std::vector<OffsetChange> listed;
  std::int64_t last_listed = kFarPast;
  Seconds current = initial;
  while (info.end.time_since_epoch().count() < kFarFuture) {
    auto next = zone.get_info(info.end);
    if (next.begin <= info.begin) break;  // no progress: the last period
    info = next;
    last_listed = info.begin.time_since_epoch().count();
    if (info.offset.count() != current) {
      current = info.offset.count();
      listed.push_back({last_listed, current});
    }
  }
  AFTERCARE_ASSIGN_OR_RETURN(std::optional<PosixTz> rule, ReadFooter(zone.name()));
  return std::make_unique<ZoneRules>(zone.name(), initial, std::move(listed), last_listed,
                                     std::move(rule));
}

}  // namespace

OffsetTable::OffsetTable(Seconds initial, const std::vector<OffsetChange>& changes)
    : initial_(initial) {
  at_.reserve(changes.size());
  offset_.reserve(changes.size());
  key_.reserve(changes.size());
  Seconds before = initial;
  std::int64_t key = std::numeric_limits<std::int64_t>::min();
  for (const OffsetChange& c : changes) {
    at_.push_back(c.at);
    offset_.push_back(c.offset);
    key = std::max(key, c.at + std::max(before, c.offset));
    key_.push_back(key);
    before = c.offset;
  }
}

Seconds OffsetTable::OffsetAt(std::int64_t unix) const {
  size_t i = static_cast<size_t>(std::upper_bound(at_.begin(), at_.end(), unix) - at_.begin());
  return i == 0 ? initial_ : offset_[i - 1];
}

std::int64_t OffsetTable::ToUnix(std::int64_t local) const {
  // The first change whose key lies after `local` has not happened yet in local
  // terms (or `local` is in its gap or overlap): the offset before it applies.
  size_t i = static_cast<size_t>(std::upper_bound(key_.begin(), key_.end(), local) - key_.begin());
  return local - (i == 0 ? initial_ : offset_[i - 1]);
}

std::vector<OffsetChange> OffsetTable::Changes() const {
  std::vector<OffsetChange> out;
  for (size_t i = 0; i < at_.size(); ++i) out.push_back({at_[i], offset_[i]});
  return out;
}

ZoneRules::ZoneRules(std::string name, Seconds initial, std::vector<OffsetChange> listed,
                     std::int64_t rule_from, std::optional<PosixTz> rule)
    : name_(std::move(name)), table_end_(StartOfYear(kLastTabulatedYear)) {
  if (rule && rule->dst_offset) {
    Seconds current = listed.empty() ? initial : listed.back().offset;
    // From the year before the last listed transition (the rule's first change may
    // fall in the same year); a zone with no history at all starts in 1900.
    int first = std::clamp(YearOfUnix(rule_from), 1900, kLastTabulatedYear) - 1;
    for (const OffsetChange& c : RuleChanges(*rule, first, kLastTabulatedYear)) {
      if (c.at <= rule_from || c.offset == current) continue;
      listed.push_back(c);
      current = c.offset;
    }
    rule_ = std::move(rule);  // kept only when it changes the offset
  }
  table_ = OffsetTable(initial, listed);
}

OffsetTable ZoneRules::Beyond(std::int64_t t) const {
  int year = YearOfUnix(t);
  return OffsetTable(rule_->std_offset, RuleChanges(*rule_, year - 1, year + 1));
}

Result<const ZoneRules*> ZoneRules::Find(std::string_view name) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (const std::exception&) {
    return Error::Invalid("unknown time zone \"" + std::string(name) + "\"");
  }
  static std::mutex mu;
  static std::map<const date::time_zone*, std::unique_ptr<ZoneRules>> loaded;
  std::lock_guard lock(mu);
  auto it = loaded.find(zone);
  if (it == loaded.end()) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rules, Load(*zone));
    it = loaded.emplace(zone, std::move(rules)).first;
  }
  return static_cast<const ZoneRules*>(it->second.get());
}

}  // namespace aftercare
