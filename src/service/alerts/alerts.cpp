#include "service/alerts/alerts.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "service/deliveries/deliveries.h"
#include "service/notifications/notifications.h"

namespace aftercare::service::alerts {
namespace {

using nlohmann::json;

std::string_view LevelName(AlertLevel level) {
  return level == AlertLevel::kWarning ? "warning" : "escalation";
}

// The escalation a clock late since `due` has reached at `now`: 0 at due, then one
// more every `every` seconds.
int EscalationsReached(Instant due, Instant now, Seconds every) {
  if (now <= due || every <= 0) return 0;
  return static_cast<int>(std::min<Seconds>((now - due) / every, 1'000'000));
}

std::string TimerKey(std::int64_t ticket, const std::string& metric, AlertLevel level, Instant due,
                     int n) {
  return "sla:" + std::to_string(ticket) + ":" + metric +
         (level == AlertLevel::kWarning ? ":warn:" : ":esc:") + std::to_string(due.unix) + ":" +
         std::to_string(n);
}

jobs::NewJob TimerJob(const Ticket& t, const MetricView& m, AlertLevel level, Instant due, int n,
                      Instant at) {
  json payload = {{"ticket_id", t.id},
                  {"metric", m.name},
                  {"level", LevelName(level)},
                  {"due", due.unix},
                  {"n", n}};
  return jobs::NewJob{std::string(kSlaTimerJob), TimerKey(t.id, m.name, level, due, n),
                      std::move(payload), at, t.id};
}

// A timer a metric calls for, by its key; its job is made only when it is new.
struct WantedTimer {
  const MetricView* m;
  AlertLevel level;
  Instant due;
  int n;
  Instant at;
  std::string key;
};

// The timers `t`'s metrics call for at `now`.
std::vector<WantedTimer> WantedTimers(const Ticket& t, Instant now) {
  std::vector<WantedTimer> out;
  if (!IsOpen(t.status)) return out;
  auto want = [&](const MetricView& m, AlertLevel level, Instant due, int n, Instant at) {
    out.push_back({&m, level, due, n, at, TimerKey(t.id, m.name, level, due, n)});
  };
  for (const MetricView& m : t.metrics) {
    const auto& o = m.outcome;
    if (o.stopped_at || !o.due) continue;  // stopped, or paused
    const Instant due = *o.due;
    if (o.state != sla::MetricState::kLate && m.warn_at && *m.warn_at < due) {
      want(m, AlertLevel::kWarning, due, 0, std::max(*m.warn_at, now));
    }
    // The escalation due now or next: at due, then every escalate_every.
    const int n = EscalationsReached(due, now, m.escalate_every);
    want(m, AlertLevel::kEscalation, due, n, due + static_cast<Seconds>(n) * m.escalate_every);
  }
  return out;
}

Status EnqueueTimer(store::Transaction& tx, const Ticket& t, const MetricView& m, AlertLevel level,
                    Instant due, int n, Instant at, Instant now) {
  auto added = jobs::Enqueue(tx, TimerJob(t, m, level, due, n, at), now);
  if (!added.ok()) return added.error();
  return {};
}

// Adds each of `rows` (id, display_name) to `out` once, as `as`.
void AddPeople(const std::vector<store::Row>& rows, std::string_view as,
               std::vector<Recipient>& out) {
  for (const auto& r : rows) {
    std::int64_t id = r.Int("id");
    if (std::none_of(out.begin(), out.end(), [&](const Recipient& x) { return x.user_id == id; })) {
      out.push_back({id, r.Text("display_name"), as});
    }
  }
}

Result<std::vector<store::Row>> LeadersOnDuty(store::Transaction& tx,
                                              std::optional<std::int64_t> team, Instant at) {
  store::ParamList p;
  std::string sql =
      "SELECT DISTINCT u.id, u.display_name FROM roster r JOIN users u ON u.id = r.user_id "
      "WHERE r.starts_at <= " +
      p.Add(at.unix) + " AND r.ends_at > " + p.Add(at.unix) +
      " AND u.role = 'team_leader' AND u.disabled = 0";
  if (team) sql += " AND r.team_id = " + p.Add(*team);
  return tx.Query(sql + " ORDER BY u.id", p.values());
}

}  // namespace

Status ScheduleSlaTimers(store::Transaction& tx, std::span<const Ticket* const> tickets,
                         Instant now) {
  if (tickets.empty()) return {};
  // The timers they have: one read, through jobs_ticket. The pending ones are picked
  // here rather than in SQL: with `state = 'pending'` there, a planner without
  // statistics (SQLite always; PostgreSQL while the queue's are stale, e.g. within
  // the transaction that fills an empty queue) went through jobs_due, every pending
  // job, once per batch.
  store::ParamList p;
  std::string sql =
      "SELECT id, dedupe_key, state FROM jobs WHERE kind = " + p.Add(std::string(kSlaTimerJob)) +
      " AND ticket_id IN (";
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    sql += (i ? ", " : "") + p.Add(tickets[i]->id);
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + ")", p.values()));
  std::unordered_map<std::string, std::int64_t> have;  // key -> job id
  for (const auto& r : rows) {
    if (r.Text("state") == "pending") have.emplace(r.Text("dedupe_key"), r.Int("id"));
  }
  std::vector<std::int64_t> obsolete;
  std::unordered_set<std::string> wanted_keys;
  std::vector<jobs::NewJob> added;
  for (const Ticket* t : tickets) {
    for (WantedTimer& w : WantedTimers(*t, now)) {
      if (!have.count(w.key)) added.push_back(TimerJob(*t, *w.m, w.level, w.due, w.n, w.at));
      wanted_keys.insert(std::move(w.key));
    }
  }
  AFTERCARE_RETURN_IF_ERROR(jobs::EnqueueAll(tx, added, now));
  for (const auto& [key, id] : have) {
    if (!wanted_keys.count(key)) obsolete.push_back(id);
  }
  // By id alone: these were pending when read in this transaction, and stay so
  // (SQLite has one writer; on PostgreSQL a concurrent claim makes this serializable
  // transaction retry). A `state = 'pending'` here made SQLite, which has no
  // statistics, walk every pending job through jobs_due instead of the ids.
  for (std::size_t i = 0; i < obsolete.size(); i += 500) {
    store::ParamList d;
    std::string del = "DELETE FROM jobs WHERE id IN (";
    for (std::size_t k = i; k < std::min(obsolete.size(), i + 500); ++k) {
      del += (k > i ? ", " : "") + d.Add(obsolete[k]);
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(del + ")", d.values()));
  }
  return {};
}

Status ScheduleSlaTimers(store::Transaction& tx, const Ticket& t, Instant now) {
  const Ticket* one[] = {&t};
  return ScheduleSlaTimers(tx, one, now);
}

Result<std::vector<Recipient>> Chain(store::Transaction& tx, const Ticket& t, AlertLevel level,
                                     int n, Instant at) {
  std::vector<Recipient> out;
  std::optional<std::int64_t> team;
  if (t.assignee_id) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT id, display_name, team_id FROM users WHERE id = $1 AND "
                            "disabled = 0",
                            {*t.assignee_id}));
    AddPeople(rows, "assignee", out);
    if (!rows.empty()) team = rows[0].OptInt("team_id");
  }
  // The assignee's team, or every team when the ticket has no assignee or the
  // assignee no team.
  const std::optional<std::int64_t> scope = t.assignee_id ? team : std::nullopt;
  bool leader_found = false;
  if (level == AlertLevel::kEscalation || out.empty()) {
    AFTERCARE_ASSIGN_OR_RETURN(auto on_duty, LeadersOnDuty(tx, scope, at));
    AddPeople(on_duty, "leader_on_duty", out);
    leader_found = !on_duty.empty();
    if (!leader_found) {
      // Nobody on duty: the team's leader (every team's leader without a team).
      store::ParamList p;
      std::string sql =
          "SELECT u.id, u.display_name FROM teams t JOIN users u ON u.id = t.leader_id WHERE "
          "u.disabled = 0";
      if (scope) sql += " AND t.id = " + p.Add(*scope);
      AFTERCARE_ASSIGN_OR_RETURN(auto leads, tx.Query(sql + " ORDER BY u.id", p.values()));
      AddPeople(leads, "team_leader", out);
      leader_found = !leads.empty();
    }
  }
  // Managers from the second escalation on, or at once when no leader can be found.
  if (level == AlertLevel::kEscalation && (n >= 1 || !leader_found)) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto managers, tx.Query("SELECT id, display_name FROM users WHERE role = 'manager' AND "
                                "disabled = 0 ORDER BY id"));
    AddPeople(managers, "manager", out);
  }
  return out;
}

Status RunSlaTimer(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const json& p = job.payload;
  if (!p.contains("ticket_id") || !p.contains("metric") || !p.contains("due") || !p.contains("n") ||
      !p.contains("level")) {
    return Error{ErrorCode::kInternal,
                 "an SLA timer without its ticket, metric, due, n or level",
                 {},
                 0,
                 p.dump()};
  }
  const std::int64_t ticket_id = p["ticket_id"].get<std::int64_t>();
  const std::string metric = p["metric"].get<std::string>();
  const Instant due{p["due"].get<std::int64_t>()};
  int n = p["n"].get<int>();
  const AlertLevel level = p["level"] == LevelName(AlertLevel::kWarning) ? AlertLevel::kWarning
                                                                         : AlertLevel::kEscalation;

  AFTERCARE_ASSIGN_OR_RETURN(Ticket t, LoadLiveTicket(tx, ticket_id, now));
  auto m = std::find_if(t.metrics.begin(), t.metrics.end(),
                        [&](const MetricView& v) { return v.name == metric; });
  // A stale timer (the clock stopped, paused or moved since): nothing to say.
  if (m == t.metrics.end() || m->outcome.stopped_at || m->outcome.due != due) return {};
  if (!IsOpen(t.status)) return {};

  // A warning fired once the clock is already due (the runner was down, or the demo
  // set its timers at past instants): the escalation says more; no warning.
  if (level == AlertLevel::kWarning && now >= due) return {};
  // Fired late (the runner was down): the level it has reached by now.
  if (level == AlertLevel::kEscalation) {
    n = std::max(n, EscalationsReached(due, now, m->escalate_every));
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto people, Chain(tx, t, level, n, now));
  auto zone = TimeZone::Locate(t.tz);
  const std::string due_at = FormatRfc3339(due, zone.ok() ? *zone : DefaultZone());
  const std::string event_key = TimerKey(t.id, metric, level, due, n);
  // The robots of the assignee's team (and of the contract, and global ones) post it too.
  std::optional<std::int64_t> team;
  if (t.assignee_id) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT team_id FROM users WHERE id = $1",
                                                   {*t.assignee_id}));
    if (!rows.empty()) team = rows[0].OptInt("team_id");
  }
  std::vector<Person> persons;
  for (const Recipient& r : people) persons.push_back({r.user_id, r.name});
  Announcement a{level == AlertLevel::kWarning ? NotificationKind::kSlaWarning
                                               : NotificationKind::kSlaEscalation,
                 event_key,
                 t.id,
                 t.contract_id,
                 team,
                 {{"metric", metric}, {"due_at", due_at}, {"level", n}}};
  AFTERCARE_ASSIGN_OR_RETURN(auto copies, Announce(tx, a, persons, now));
  json told = json::array();
  for (const Told& c : copies) {
    json entry = {{"name", c.name}, {"channel", c.channel}};
    if (c.user_id) {
      entry["user_id"] = *c.user_id;
      auto r = std::find_if(people.begin(), people.end(),
                            [&](const Recipient& p) { return p.user_id == *c.user_id; });
      if (r != people.end()) entry["as"] = r->as;
    }
    if (c.delivery_id) entry["delivery_id"] = *c.delivery_id;
    told.push_back(std::move(entry));
  }
  if (!told.empty()) {
    AFTERCARE_RETURN_IF_ERROR(AppendSystemEntry(tx, t.id, TicketEventKind::kAlerted, now,
                                                {{"metric", metric},
                                                 {"level", LevelName(level)},
                                                 {"escalation", n},
                                                 {"due_at", due_at},
                                                 {"recipients", told},
                                                 {"internal", true}}));
  }
  // Still late: the next escalation, the first still ahead (a runner that was
  // down catches up with one escalation, not with every one it missed).
  if (level == AlertLevel::kEscalation && m->escalate_every > 0) {
    const int next = n + 1;
    AFTERCARE_RETURN_IF_ERROR(EnqueueTimer(tx, t, *m, AlertLevel::kEscalation, due, next,
                                           due + static_cast<Seconds>(next) * m->escalate_every,
                                           now));
  }
  return {};
}

}  // namespace aftercare::service::alerts
