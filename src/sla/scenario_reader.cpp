#include "sla/scenario_reader.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>

#include "sla/timeline.h"
#include "sla/yaml_tree.h"

namespace aftercare::sla {
namespace {

int LineOf(const YamlNode& n) { return n.line(); }

Error Bad(const YamlNode& at, std::string message) {
  return Error::Invalid(std::move(message), LineOf(at));
}

// Re-anchors an error from a value parser (time, money, ...) at the node's line.
Error At(const YamlNode& at, Error e) {
  e.line = LineOf(at);
  return e;
}

std::string Quote(std::string_view s) { return "`" + std::string(s) + "`"; }

// Rejects duplicate keys anywhere in the document (yaml-cpp keeps them all).
Status CheckDuplicateKeys(const YamlNode& n) {
  if (n.IsMap()) {
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (it->first.IsScalar() && !seen.insert(it->first.Scalar()).second) {
        return Bad(it->first, "duplicate key " + Quote(it->first.Scalar()));
      }
      AFTERCARE_RETURN_IF_ERROR(CheckDuplicateKeys(it->first));
      AFTERCARE_RETURN_IF_ERROR(CheckDuplicateKeys(it->second));
    }
  } else if (n.IsSequence()) {
    for (const auto& child : n) AFTERCARE_RETURN_IF_ERROR(CheckDuplicateKeys(child));
  }
  return {};
}

Status ExpectMap(const YamlNode& n, std::string_view what) {
  if (!n.IsMap()) return Bad(n, std::string(what) + " must be a mapping");
  return {};
}

Status ExpectSeq(const YamlNode& n, std::string_view what) {
  if (!n.IsSequence()) return Bad(n, std::string(what) + " must be a list");
  return {};
}

// Every key of map `n` must be one of `allowed`.
Status CheckKeys(const YamlNode& n, std::string_view what,
                 std::initializer_list<std::string_view> allowed) {
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Bad(it->first, "unknown key " + Quote(key) + " in " + std::string(what));
    }
  }
  return {};
}

// The value of a required key, or a "missing" error at the parent's line.
Result<YamlNode> Require(const YamlNode& map, std::string_view key, std::string_view what) {
  YamlNode v = map[std::string(key)];
  if (!v.IsDefined()) {
    return Error::Invalid("missing key " + Quote(key) + " in " + std::string(what),
                          map.owner_line());
  }
  return v;
}

Result<std::string> ScalarOf(const YamlNode& n, std::string_view what) {
  if (!n.IsScalar()) return Bad(n, std::string(what) + " must be a single value");
  return n.Scalar();
}

// A name from a closed set (channel, type, priority, event, kind): `known` lists the
// accepted names for the message.
template <typename T>
Result<T> EnumOf(const YamlNode& n, std::optional<T> (*parse)(std::string_view),
                 std::string_view noun, std::string_view known) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string s, ScalarOf(n, noun));
  auto v = parse(s);
  if (!v)
    return Bad(n,
               "unknown " + std::string(noun) + " " + Quote(s) + " (" + std::string(known) + ")");
  return *v;
}

constexpr std::string_view kKnownChannels = "phone, email, portal, im, onsite";
constexpr std::string_view kKnownTypes =
    "fault, installation, health_check, upgrade, training, consulting, complaint";
constexpr std::string_view kKnownPriorities = "P1 to P4";
constexpr std::string_view kKnownEvents =
    "received, first_contact, first_reply, diagnosed, onsite_decided, onsite_arrived, "
    "waiting_customer, customer_replied, resolved, reopened, closed, priority";

Result<Instant> TimeOf(const YamlNode& n, std::string_view what) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string s, ScalarOf(n, what));
  auto t = ParseRfc3339(s);
  if (!t.ok()) return At(n, Error::Invalid(std::string(what) + ": " + t.error().message));
  return *t;
}

Result<LocalDate> DateOf(const YamlNode& n, std::string_view what) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string s, ScalarOf(n, what));
  auto d = ParseDate(s);
  if (!d.ok()) return At(n, Error::Invalid(std::string(what) + ": " + d.error().message));
  return *d;
}

Result<int> PositiveIntOf(const YamlNode& n, std::string_view what) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string s, ScalarOf(n, what));
  bool digits = !s.empty() && s.size() <= 9 &&
                std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return Bad(n, std::string(what) + " must be a whole number of days, not \"" + s + "\"");
  }
  int v = std::stoi(s);
  if (v < 1) return Bad(n, std::string(what) + " must be at least 1, not " + s);
  return v;
}

// "90m", "4h": a positive integer and a unit s, m, h or d; `key` names it.
Result<Seconds> DurationOf(const YamlNode& n, std::string_view key) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string s, ScalarOf(n, key));
  auto bad = [&] {
    return Bad(n, std::string(key) + " \"" + s +
                      "\" is not a positive whole number with a unit s, m, h or d (e.g. 90m)");
  };
  if (s.size() < 2 || s.size() > 10) return bad();
  char unit = s.back();
  Seconds scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : 0;
  if (scale == 0) return bad();
  Seconds v = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return bad();
    v = v * 10 + (s[i] - '0');
  }
  if (v == 0) return bad();
  return v * scale;
}

Result<Seconds> TargetOf(const YamlNode& n) { return DurationOf(n, "target"); }

// A metric's alerts (SLA-4): `warn_at: 80%` (1% to 99% of the target) and
// `escalate_every: 30m`.
Status AlertsOf(const YamlNode& n, Metric& m) {
  if (auto w = n["warn_at"]; w.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(std::string s, ScalarOf(w, "warn_at"));
    int v = 0;
    bool ok = s.size() >= 2 && s.size() <= 3 && s.back() == '%' &&
              std::all_of(s.begin(), s.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
    if (ok) v = std::stoi(s.substr(0, s.size() - 1));
    if (!ok || v < 1 || v > 99) {
      return Bad(w, "warn_at \"" + s + "\" is not a share of the target from 1% to 99% (e.g. 80%)");
    }
    m.warn_percent = v;
  }
  if (auto e = n["escalate_every"]; e.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(m.escalate_every, DurationOf(e, "escalate_every"));
  }
  return Status();
}

// "HH:MM-HH:MM" within one day; 24:00 may end it.
Result<WorkInterval> IntervalOf(const YamlNode& n) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string s, ScalarOf(n, "working interval"));
  auto bad = [&](std::string_view why) {
    return Bad(n, "working interval \"" + s + "\" " + std::string(why));
  };
  auto hm = [](std::string_view p, int& out) {
    if (p.size() != 5 || p[2] != ':') return false;
    for (int i : {0, 1, 3, 4}) {
      if (p[i] < '0' || p[i] > '9') return false;
    }
    int h = (p[0] - '0') * 10 + (p[1] - '0');
    int m = (p[3] - '0') * 10 + (p[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
    out = h * 3600 + m * 60;
    return true;
  };
  int b = 0, e = 0;
  if (s.size() != 11 || s[5] != '-' || !hm(std::string_view(s).substr(0, 5), b) ||
      !hm(std::string_view(s).substr(6, 5), e)) {
    return bad("is not of the form HH:MM-HH:MM (00:00 to 24:00)");
  }
  if (b == 86400) return bad("starts at 24:00");
  if (e == b) return bad("has zero length");
  if (e < b) return bad("ends before it starts");
  return WorkInterval{b, e};
}

Result<DayHours> DayHoursOf(const YamlNode& n) {
  AFTERCARE_RETURN_IF_ERROR(ExpectSeq(n, "working hours"));
  DayHours hours;
  std::vector<YamlNode> nodes;
  for (const auto& item : n) {
    AFTERCARE_ASSIGN_OR_RETURN(WorkInterval iv, IntervalOf(item));
    hours.push_back(iv);
    nodes.push_back(item);
  }
  std::vector<size_t> order(hours.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return hours[a].begin_s < hours[b].begin_s; });
  for (size_t k = 1; k < order.size(); ++k) {
    if (hours[order[k]].begin_s < hours[order[k - 1]].end_s) {
      size_t later = std::max(order[k], order[k - 1]);
      return Bad(nodes[later], "working interval \"" + nodes[later].Scalar() +
                                   "\" overlaps another interval of the same day");
    }
  }
  std::sort(hours.begin(), hours.end(),
            [](WorkInterval a, WorkInterval b) { return a.begin_s < b.begin_s; });
  return hours;
}

Result<CalendarSpec> CalendarOf(const std::string& name, const YamlNode& n) {
  std::string what = "calendar " + Quote(name);
  AFTERCARE_RETURN_IF_ERROR(ExpectMap(n, what));
  AFTERCARE_RETURN_IF_ERROR(
      CheckKeys(n, what, {"tz", "week", "holidays", "workdays", "builtin_holidays"}));
  CalendarSpec spec;
  spec.name = name;
  if (auto tz = n["tz"]; tz.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(std::string zone, ScalarOf(tz, "tz"));
    auto z = TimeZone::Locate(zone);
    if (!z.ok()) return At(tz, z.error());
    spec.tz = *z;
  }
  if (auto week = n["week"]; week.IsDefined()) {
    AFTERCARE_RETURN_IF_ERROR(ExpectMap(week, "week"));
    static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu",
                                                              "fri", "sat", "sun"};
    AFTERCARE_RETURN_IF_ERROR(
        CheckKeys(week, "week", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}));
    for (size_t d = 0; d < kDays.size(); ++d) {
      if (auto day = week[std::string(kDays[d])]; day.IsDefined()) {
        AFTERCARE_ASSIGN_OR_RETURN(spec.week[d], DayHoursOf(day));
      }
    }
  }
  if (auto hol = n["holidays"]; hol.IsDefined()) {
    AFTERCARE_RETURN_IF_ERROR(ExpectSeq(hol, "holidays"));
    for (const auto& d : hol) {
      AFTERCARE_ASSIGN_OR_RETURN(LocalDate date, DateOf(d, "holiday"));
      spec.holidays.push_back(date);
    }
    std::sort(spec.holidays.begin(), spec.holidays.end());
  }
  if (auto wd = n["workdays"]; wd.IsDefined()) {
    AFTERCARE_RETURN_IF_ERROR(ExpectMap(wd, "workdays"));
    for (auto it = wd.begin(); it != wd.end(); ++it) {
      AFTERCARE_ASSIGN_OR_RETURN(LocalDate date, DateOf(it->first, "workday"));
      AFTERCARE_ASSIGN_OR_RETURN(DayHours hours, DayHoursOf(it->second));
      spec.workdays.emplace_back(date, std::move(hours));
    }
    std::sort(spec.workdays.begin(), spec.workdays.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  if (auto b = n["builtin_holidays"]; b.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(std::string v, ScalarOf(b, "builtin_holidays"));
    if (v != "cn") return Bad(b, "unknown builtin_holidays " + Quote(v) + " (known: cn)");
    spec.builtin_cn = true;
  }
  return spec;
}

template <typename T>
Result<std::uint8_t> MaskOf(const YamlNode& n, std::string_view what,
                            std::optional<T> (*parse)(std::string_view), std::string_view noun,
                            std::string_view known) {
  AFTERCARE_RETURN_IF_ERROR(ExpectSeq(n, what));
  if (n.size() == 0) return Bad(n, std::string(what) + " must not be an empty list");
  std::uint8_t mask = 0;
  for (const auto& item : n) {
    AFTERCARE_ASSIGN_OR_RETURN(T v, EnumOf(item, parse, noun, known));
    mask |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(v));
  }
  return mask;
}

// Resolves names of calendars to indexes; index 0 is the built-in 24x7.
struct CalendarTable {
  std::map<std::string, std::pair<CalendarSpec, YamlNode>> specs;
  std::vector<std::string> used{std::string(k24x7)};
};

Result<Metric> MetricOf(const YamlNode& n, CalendarTable& calendars) {
  AFTERCARE_RETURN_IF_ERROR(ExpectMap(n, "a policy metric"));
  AFTERCARE_RETURN_IF_ERROR(
      CheckKeys(n, "a policy metric",
                {"name", "kind", "start", "stop", "target", "calendar", "pause", "channels",
                 "types", "except_types", "warn_at", "escalate_every"}));
  Metric m;
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode name, Require(n, "name", "a policy metric"));
  AFTERCARE_ASSIGN_OR_RETURN(m.name, ScalarOf(name, "metric name"));
  std::string what = "metric " + Quote(m.name);
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode kind, Require(n, "kind", what));
  AFTERCARE_ASSIGN_OR_RETURN(m.kind,
                             EnumOf(kind, ParseMetricKind, "metric kind", "response or handling"));
  for (auto [key, dest] : {std::pair{"start", &m.start}, std::pair{"stop", &m.stop}}) {
    AFTERCARE_ASSIGN_OR_RETURN(YamlNode ev, Require(n, key, what));
    AFTERCARE_ASSIGN_OR_RETURN(EventKind e, EnumOf(ev, ParseEventKind, "event", kKnownEvents));
    if (e == EventKind::kPriority) {
      return Bad(ev, std::string("`priority` cannot be the ") + key + " of " + what);
    }
    if (std::string_view(key) == "start" &&
        (e == EventKind::kResolved || e == EventKind::kClosed)) {
      return Bad(ev, Quote(Name(e)) + " cannot be the start of " + what);
    }
    *dest = e;
  }
  if (m.start == m.stop) {
    return Bad(n["stop"],
               "start and stop of " + what + " are the same event " + Quote(Name(m.start)));
  }
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode target, Require(n, "target", what));
  AFTERCARE_RETURN_IF_ERROR(ExpectMap(target, "target"));
  AFTERCARE_RETURN_IF_ERROR(CheckKeys(target, "target", {"P1", "P2", "P3", "P4", "default"}));
  std::optional<Seconds> def;
  if (auto d = target["default"]; d.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(def, TargetOf(d));
  }
  for (int p = 0; p < kPriorityCount; ++p) {
    std::string pname(Name(static_cast<Priority>(p)));
    if (auto t = target[pname]; t.IsDefined()) {
      AFTERCARE_ASSIGN_OR_RETURN(m.target_s[p], TargetOf(t));
    } else if (def) {
      m.target_s[p] = *def;
    } else {
      return Bad(target, what + " has no target for " + pname + " and no default");
    }
  }
  if (auto cal = n["calendar"]; cal.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(std::string c, ScalarOf(cal, "calendar"));
    if (c != k24x7 && !calendars.specs.count(c)) {
      return Bad(cal, "unknown calendar " + Quote(c) + " in " + what);
    }
    auto it = std::find(calendars.used.begin(), calendars.used.end(), c);
    m.calendar = static_cast<int>(it - calendars.used.begin());
    if (it == calendars.used.end()) calendars.used.push_back(c);
  }
  if (auto pause = n["pause"]; pause.IsDefined()) {
    AFTERCARE_RETURN_IF_ERROR(ExpectSeq(pause, "pause"));
    for (const auto& item : pause) {
      AFTERCARE_ASSIGN_OR_RETURN(std::string s, ScalarOf(item, "pause"));
      if (s == "waiting_customer") {
        m.pause |= kPauseWaiting;
      } else if (s == "resolved") {
        m.pause |= kPauseResolved;
      } else {
        return Bad(item, Quote(s) + " is not a pause state (waiting_customer or resolved)");
      }
    }
  }
  if (auto ch = n["channels"]; ch.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(
        m.channels, MaskOf<Channel>(ch, "channels", ParseChannel, "channel", kKnownChannels));
  }
  if (auto ty = n["types"]; ty.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(
        m.types, MaskOf<TicketType>(ty, "types", ParseTicketType, "ticket type", kKnownTypes));
  }
  if (auto ex = n["except_types"]; ex.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(
        std::uint8_t except,
        MaskOf<TicketType>(ex, "except_types", ParseTicketType, "ticket type", kKnownTypes));
    m.types = static_cast<std::uint8_t>(m.types & ~except);
  }
  AFTERCARE_RETURN_IF_ERROR(AlertsOf(n, m));
  return m;
}

Result<Policy> PolicyOf(const YamlNode& n, CalendarTable& calendars) {
  AFTERCARE_RETURN_IF_ERROR(ExpectMap(n, "policy"));
  AFTERCARE_RETURN_IF_ERROR(CheckKeys(n, "policy", {"name", "metrics"}));
  Policy p;
  if (auto name = n["name"]; name.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(p.name, ScalarOf(name, "policy name"));
  }
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode metrics, Require(n, "metrics", "policy"));
  AFTERCARE_RETURN_IF_ERROR(ExpectSeq(metrics, "metrics"));
  for (const auto& item : metrics) {
    AFTERCARE_ASSIGN_OR_RETURN(Metric m, MetricOf(item, calendars));
    for (const Metric& other : p.metrics) {
      if (other.name == m.name) return Bad(item["name"], "duplicate metric name " + Quote(m.name));
    }
    p.metrics.push_back(std::move(m));
  }
  return p;
}

Result<Ticket> TicketOf(const YamlNode& n) {
  AFTERCARE_RETURN_IF_ERROR(ExpectMap(n, "a ticket"));
  AFTERCARE_RETURN_IF_ERROR(
      CheckKeys(n, "a ticket", {"id", "channel", "type", "priority", "events"}));
  Ticket t;
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode id, Require(n, "id", "a ticket"));
  AFTERCARE_ASSIGN_OR_RETURN(t.id, ScalarOf(id, "ticket id"));
  std::string what = "ticket " + Quote(t.id);
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode ch, Require(n, "channel", what));
  AFTERCARE_ASSIGN_OR_RETURN(t.channel, EnumOf(ch, ParseChannel, "channel", kKnownChannels));
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode ty, Require(n, "type", what));
  AFTERCARE_ASSIGN_OR_RETURN(t.type, EnumOf(ty, ParseTicketType, "ticket type", kKnownTypes));
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode pr, Require(n, "priority", what));
  AFTERCARE_ASSIGN_OR_RETURN(t.priority, EnumOf(pr, ParsePriority, "priority", kKnownPriorities));
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode events, Require(n, "events", what));
  AFTERCARE_RETURN_IF_ERROR(ExpectSeq(events, "events"));
  std::vector<YamlNode> nodes;
  for (const auto& en : events) {
    AFTERCARE_RETURN_IF_ERROR(ExpectMap(en, "an event"));
    AFTERCARE_RETURN_IF_ERROR(CheckKeys(en, "an event", {"at", "event", "to"}));
    Event e;
    AFTERCARE_ASSIGN_OR_RETURN(YamlNode at, Require(en, "at", "an event"));
    AFTERCARE_ASSIGN_OR_RETURN(e.at, TimeOf(at, "event time"));
    AFTERCARE_ASSIGN_OR_RETURN(YamlNode kind, Require(en, "event", "an event"));
    AFTERCARE_ASSIGN_OR_RETURN(e.kind, EnumOf(kind, ParseEventKind, "event", kKnownEvents));
    YamlNode to = en["to"];
    if (e.kind == EventKind::kPriority) {
      if (!to.IsDefined()) {
        return Error::Invalid("missing key `to` in a `priority` event", en.owner_line());
      }
      AFTERCARE_ASSIGN_OR_RETURN(e.to, EnumOf(to, ParsePriority, "priority", kKnownPriorities));
    } else if (to.IsDefined()) {
      return Bad(to, "`to` is only allowed on a `priority` event, not on " + Quote(Name(e.kind)));
    }
    t.events.push_back(e);
    nodes.push_back(en);
  }
  if (auto problem = CheckTimeline(t.events)) {
    const YamlNode& where = nodes.empty() ? events : nodes[problem->index];
    return Bad(where, what + ": " + problem->message);
  }
  return t;
}

Result<ContractTerms> ContractOf(const YamlNode& n, const Shipped& shipped,
                                 std::optional<std::string_view>& builtin_policy,
                                 YamlNode& policy_node) {
  AFTERCARE_RETURN_IF_ERROR(ExpectMap(n, "contract"));
  AFTERCARE_RETURN_IF_ERROR(
      CheckKeys(n, "contract", {"value", "penalty_rate", "policy", "cure_days", "tz", "coverage"}));
  ContractTerms c;
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode value, Require(n, "value", "contract"));
  AFTERCARE_ASSIGN_OR_RETURN(std::string value_s, ScalarOf(value, "contract value"));
  auto fen = ParseYuan(value_s);
  if (!fen.ok()) return At(value, Error::Invalid("contract value: " + fen.error().message));
  c.value_fen = *fen;
  if (auto rate = n["penalty_rate"]; rate.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(std::string rate_s, ScalarOf(rate, "penalty_rate"));
    auto r = ParseRate(rate_s);
    if (!r.ok()) return At(rate, r.error());
    c.penalty_rate = *r;
  }
  if (auto policy = n["policy"]; policy.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(std::string name, ScalarOf(policy, "contract policy"));
    auto it = std::find_if(shipped.policies.begin(), shipped.policies.end(),
                           [&](const auto& p) { return p.first == name; });
    if (it == shipped.policies.end()) {
      return Bad(policy, "unknown policy " + Quote(name) + " (built in: bid-default)");
    }
    builtin_policy = it->second;
    policy_node = policy;
  }
  if (auto cure = n["cure_days"]; cure.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(c.cure_days, PositiveIntOf(cure, "cure_days"));
  }
  if (auto tz = n["tz"]; tz.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(std::string zone, ScalarOf(tz, "tz"));
    auto z = TimeZone::Locate(zone);
    if (!z.ok()) return At(tz, z.error());
    c.tz = *z;
  }
  if (auto cov = n["coverage"]; cov.IsDefined()) {
    AFTERCARE_RETURN_IF_ERROR(ExpectMap(cov, "coverage"));
    AFTERCARE_RETURN_IF_ERROR(CheckKeys(cov, "coverage", {"from", "to"}));
    AFTERCARE_ASSIGN_OR_RETURN(YamlNode from, Require(cov, "from", "coverage"));
    AFTERCARE_ASSIGN_OR_RETURN(YamlNode to, Require(cov, "to", "coverage"));
    Coverage range;
    AFTERCARE_ASSIGN_OR_RETURN(range.from, DateOf(from, "coverage from"));
    AFTERCARE_ASSIGN_OR_RETURN(range.to, DateOf(to, "coverage to"));
    if (range.to < range.from) return Bad(to, "coverage `to` is before `from`");
    c.coverage = range;
  }
  return c;
}

// The `calendars:` and `policy:` sections of `root` (or the built-in policy when there
// is no inline one), with every calendar a metric uses compiled; calendars[0] is 24x7.
Result<CompiledPolicy> CompilePolicy(const YamlNode& root,
                                     std::optional<std::string_view> builtin_policy,
                                     const YamlNode& missing_at, const TimeZone& tz,
                                     const Shipped& shipped) {
  CompiledPolicy out;
  CalendarTable calendars;
  if (auto cals = root["calendars"]; cals.IsDefined()) {
    AFTERCARE_RETURN_IF_ERROR(ExpectMap(cals, "calendars"));
    for (auto it = cals.begin(); it != cals.end(); ++it) {
      AFTERCARE_ASSIGN_OR_RETURN(std::string name, ScalarOf(it->first, "calendar name"));
      if (name == k24x7)
        return Bad(it->first, "calendar `24x7` is built in and cannot be redefined");
      AFTERCARE_ASSIGN_OR_RETURN(CalendarSpec spec, CalendarOf(name, it->second));
      calendars.specs.emplace(name, std::pair{std::move(spec), it->second});
    }
  }

  if (auto policy = root["policy"]; policy.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(out.policy, PolicyOf(policy, calendars));
  } else if (builtin_policy) {
    auto doc = ParseYaml(*builtin_policy);
    if (!doc.ok()) {
      return Error{ErrorCode::kInternal, "built-in policy is broken", {}, 0, doc.error().message};
    }
    CalendarTable none;
    auto p = PolicyOf(doc->root(), none);
    if (!p.ok()) {
      return Error{ErrorCode::kInternal, "built-in policy is broken", {}, 0, p.error().message};
    }
    out.policy = std::move(p).value();
  } else {
    return Error::Invalid("missing key `policy` in contract (or an inline `policy`)",
                          missing_at.owner_line());
  }

  out.calendars.push_back(WorkCalendar::AlwaysOn(tz));
  for (size_t i = 1; i < calendars.used.size(); ++i) {
    const auto& [spec, node] = calendars.specs.at(calendars.used[i]);
    bool any_hours = std::any_of(spec.week.begin(), spec.week.end(),
                                 [](const DayHours& h) { return !h.empty(); });
    if (!any_hours) {
      return Bad(node, "calendar " + Quote(spec.name) +
                           " is used by a metric but has no working hours on any weekday");
    }
    out.calendars.push_back(WorkCalendar::Build(spec, &shipped.cn));
  }
  return out;
}

Result<Scenario> Read(const YamlNode& root, const Shipped& shipped) {
  AFTERCARE_RETURN_IF_ERROR(CheckDuplicateKeys(root));
  AFTERCARE_RETURN_IF_ERROR(ExpectMap(root, "a scenario"));
  AFTERCARE_RETURN_IF_ERROR(
      CheckKeys(root, "the scenario",
                {"name", "as_of", "contract", "calendars", "policy", "tickets", "notices"}));
  Scenario sc;
  EvaluationInput& in = sc.input;
  if (auto name = root["name"]; name.IsDefined()) {
    AFTERCARE_ASSIGN_OR_RETURN(sc.name, ScalarOf(name, "name"));
  }
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode as_of, Require(root, "as_of", "the scenario"));
  AFTERCARE_ASSIGN_OR_RETURN(in.as_of, TimeOf(as_of, "as_of"));
  AFTERCARE_ASSIGN_OR_RETURN(YamlNode contract, Require(root, "contract", "the scenario"));
  std::optional<std::string_view> builtin_policy;
  YamlNode builtin_policy_node;
  AFTERCARE_ASSIGN_OR_RETURN(in.contract,
                             ContractOf(contract, shipped, builtin_policy, builtin_policy_node));

  AFTERCARE_ASSIGN_OR_RETURN(CompiledPolicy compiled, CompilePolicy(root, builtin_policy, contract,
                                                                    in.contract.tz, shipped));
  in.policy = std::move(compiled.policy);
  in.calendars = std::move(compiled.calendars);

  AFTERCARE_ASSIGN_OR_RETURN(YamlNode tickets, Require(root, "tickets", "the scenario"));
  if (!tickets.IsNull()) {  // `tickets:` with nothing after it is an empty list
    AFTERCARE_RETURN_IF_ERROR(ExpectSeq(tickets, "tickets"));
    std::set<std::string> ids;
    in.tickets.reserve(tickets.size());
    for (const auto& tn : tickets) {
      AFTERCARE_ASSIGN_OR_RETURN(Ticket t, TicketOf(tn));
      if (!ids.insert(t.id).second) return Bad(tn["id"], "duplicate ticket id " + Quote(t.id));
      in.tickets.push_back(std::move(t));
    }
  }

  if (auto notices = root["notices"]; notices.IsDefined() && !notices.IsNull()) {
    AFTERCARE_RETURN_IF_ERROR(ExpectSeq(notices, "notices"));
    for (const auto& nn : notices) {
      AFTERCARE_RETURN_IF_ERROR(ExpectMap(nn, "a notice"));
      AFTERCARE_RETURN_IF_ERROR(CheckKeys(nn, "a notice", {"at", "cure_days"}));
      Notice notice;
      AFTERCARE_ASSIGN_OR_RETURN(YamlNode at, Require(nn, "at", "a notice"));
      AFTERCARE_ASSIGN_OR_RETURN(notice.at, TimeOf(at, "notice time"));
      notice.cure_days = in.contract.cure_days;
      if (auto cure = nn["cure_days"]; cure.IsDefined()) {
        AFTERCARE_ASSIGN_OR_RETURN(notice.cure_days, PositiveIntOf(cure, "cure_days"));
      }
      if (!in.notices.empty() && notice.at < in.notices.back().at) {
        return Bad(at, "notices out of time order: this notice is earlier than the one before");
      }
      in.notices.push_back(notice);
    }
  }
  return sc;
}

// The line of the first byte that is not well-formed UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF included), or 0. YAML text is UTF-8, and
// yaml-cpp 0.7 can spin on some malformed sequences, so they never reach it.
int FirstBadUtf8Line(std::string_view s) {
  int line = 1;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') ++line;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (len == 0 || i + len > s.size()) return line;
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && b1 < 0xA0) || (c == 0xED && b1 > 0x9F) || (c == 0xF0 && b1 < 0x90) ||
        (c == 0xF4 && b1 > 0x8F)) {
      return line;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return line;
    }
    i += len;
  }
  return 0;
}

}  // namespace

Result<Scenario> ReadScenario(std::string_view yaml_text, const Shipped& shipped) {
  if (int line = FirstBadUtf8Line(yaml_text)) {
    return Error::Invalid("the file is not valid UTF-8 text", line);
  }
  AFTERCARE_ASSIGN_OR_RETURN(YamlDocument doc, ParseYaml(yaml_text));
  return Read(doc.root(), shipped);
}

}  // namespace aftercare::sla

namespace aftercare::sla {

Result<CompiledPolicy> ReadPolicyDocument(std::string_view yaml_text, const TimeZone& tz,
                                          const Shipped& shipped) {
  if (int line = FirstBadUtf8Line(yaml_text)) {
    return Error::Invalid("the policy is not valid UTF-8 text", line);
  }
  AFTERCARE_ASSIGN_OR_RETURN(YamlDocument doc, ParseYaml(yaml_text));
  YamlNode root = doc.root();
  AFTERCARE_RETURN_IF_ERROR(CheckDuplicateKeys(root));
  AFTERCARE_RETURN_IF_ERROR(ExpectMap(root, "a policy document"));
  AFTERCARE_RETURN_IF_ERROR(CheckKeys(root, "a policy document", {"calendars", "policy"}));
  return CompilePolicy(root, std::nullopt, root, tz, shipped);
}

Result<CompiledPolicy> BuiltinPolicy(std::string_view name, const TimeZone& tz,
                                     const Shipped& shipped) {
  for (const auto& [n, yaml] : shipped.policies) {
    if (n == name) {
      AFTERCARE_ASSIGN_OR_RETURN(YamlDocument doc, ParseYaml("{}"));
      return CompilePolicy(doc.root(), yaml, doc.root(), tz, shipped);
    }
  }
  return Error::Invalid("unknown policy `" + std::string(name) + "`");
}

}  // namespace aftercare::sla
