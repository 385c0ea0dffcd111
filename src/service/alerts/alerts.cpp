#include "service/alerts/alerts.h"

#include <algorithm>
#include <unordered_map>

#include "service/deliveries/deliveries.h"
#include "service/notices/notices.h"
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

// The ticket's one timer on the queue.
std::string TicketTimerKey(std::int64_t ticket) { return "sla:" + std::to_string(ticket); }

// An alert a running metric calls for: its instant, and its key (the notifications'
// dedupe key, so an alert told once is never told again).
struct Alert {
  const MetricView* m;
  AlertLevel level;
  Instant due;
  int n;
  Instant at;
  std::string key;
};

bool Contains(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Each running metric's next alert at `now`, those in `told` (the timer's alerts
// already fired) passed over: the warning until it is told and while the clock is not
// due, then the escalation the clock has reached (at due, then every escalate_every),
// or the one after the last told. An instant at or before `now` is due now. The keys
// of `told` that still count (their metric's current due) are added to `used`.
std::vector<Alert> NextAlerts(const Ticket& t, Instant now, const std::vector<std::string>& told,
                              std::vector<std::string>* used = nullptr) {
  std::vector<Alert> out;
  if (!IsOpen(t.status)) return out;
  auto note_used = [&](const std::string& key) {
    if (used && !Contains(*used, key)) used->push_back(key);
  };
  for (const MetricView& m : t.metrics) {
    const auto& o = m.outcome;
    if (o.stopped_at || !o.due) continue;  // stopped, or paused
    const Instant due = *o.due;
    if (o.state != sla::MetricState::kLate && m.warn_at && *m.warn_at < due && now < due) {
      std::string key = TimerKey(t.id, m.name, AlertLevel::kWarning, due, 0);
      if (!Contains(told, key)) {
        out.push_back(
            {&m, AlertLevel::kWarning, due, 0, std::max(*m.warn_at, now), std::move(key)});
        continue;
      }
      note_used(key);
    }
    int n = EscalationsReached(due, now, m.escalate_every);
    std::string key = TimerKey(t.id, m.name, AlertLevel::kEscalation, due, n);
    bool more = true;
    while (more && Contains(told, key)) {
      note_used(key);
      more = m.escalate_every > 0;  // without repeats, escalation 0 is the last
      key = TimerKey(t.id, m.name, AlertLevel::kEscalation, due, ++n);
    }
    if (more) {
      out.push_back({&m, AlertLevel::kEscalation, due, n,
                     due + static_cast<Seconds>(n) * m.escalate_every, std::move(key)});
    }
  }
  return out;
}

std::optional<Instant> Earliest(const std::vector<Alert>& alerts) {
  std::optional<Instant> out;
  for (const Alert& a : alerts) {
    if (!out || a.at < *out) out = a.at;
  }
  return out;
}

// The alerts a timer's payload says were told.
std::vector<std::string> ToldIn(const json& payload) {
  std::vector<std::string> out;
  auto it = payload.find("told");
  if (it == payload.end() || !it->is_array()) return out;
  for (const json& k : *it) {
    if (k.is_string()) out.push_back(k.get<std::string>());
  }
  return out;
}

// The payload of `ticket`'s timer.
json TimerPayload(std::int64_t ticket, const std::vector<std::string>& told) {
  json p = {{"ticket_id", ticket}};
  if (!told.empty()) p["told"] = told;
  return p;
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
  // The timers they have: one read, through jobs_ticket. The state is tested here
  // rather than in SQL: with `state = 'pending'` there, a planner without
  // statistics (SQLite always; PostgreSQL while the queue's are stale, e.g. within
  // the transaction that fills an empty queue) went through jobs_due, every pending
  // job, once per batch.
  store::ParamList p;
  std::string sql =
      "SELECT id, ticket_id, dedupe_key, state, run_at, attempts, payload FROM jobs WHERE kind "
      "= " +
      p.Add(std::string(kSlaTimerJob));
  // The ids' range as well as their list, so that the planner reads the index range
  // (as for LoadSlaEvents).
  auto [lo, hi] =
      std::minmax_element(tickets.begin(), tickets.end(),
                          [](const Ticket* a, const Ticket* b) { return a->id < b->id; });
  sql += " AND ticket_id >= " + p.Add((*lo)->id) + " AND ticket_id <= " + p.Add((*hi)->id) +
         " AND ticket_id IN (";
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    sql += (i ? ", " : "") + p.Add(tickets[i]->id);
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + ")", p.values()));
  std::unordered_map<std::int64_t, const store::Row*> timer;  // ticket -> its timer
  std::vector<std::int64_t> removed;
  for (const auto& r : rows) {
    const std::int64_t ticket = r.Int("ticket_id");
    if (r.Text("dedupe_key") == TicketTimerKey(ticket)) {
      timer.emplace(ticket, &r);
    } else if (r.Text("state") == "pending") {
      removed.push_back(r.Int("id"));  // a timer of one alert, from before 0007
    }
  }
  std::vector<jobs::NewJob> added;
  std::vector<jobs::JobMove> moved;
  std::vector<std::string> told, used;
  for (const Ticket* t : tickets) {
    auto it = timer.find(t->id);
    const store::Row* have = it == timer.end() ? nullptr : it->second;
    const std::string state = have ? have->Text("state") : "";
    // A timer running now re-arms itself from what its handler sees, after this.
    if (state == "running") continue;
    told.clear();
    used.clear();
    if (have && have->Text("payload").find("told") != std::string::npos) {
      told = ToldIn(json::parse(have->Text("payload"), nullptr, false));
    }
    const std::optional<Instant> next = Earliest(NextAlerts(*t, now, told, &used));
    if (!next) {
      if (state == "pending") removed.push_back(have->Int("id"));
      continue;
    }
    if (!have) {
      added.push_back({std::string(kSlaTimerJob), TicketTimerKey(t->id), TimerPayload(t->id, used),
                       *next, t->id});
      continue;
    }
    if (state == "pending") {
      const Instant at{have->Int("run_at")};
      // Unchanged, or due now either way: left alone. A timer in its back-off after
      // a failure keeps it: when it runs it finds what is due then.
      if (at == *next || (at <= now && *next <= now) || have->Int("attempts") > 0) continue;
    }
    // Moved; or dead (its last run failed), and the ticket's change calls for it again.
    moved.push_back({have->Int("id"), *next, TimerPayload(t->id, used).dump()});
  }
  AFTERCARE_RETURN_IF_ERROR(jobs::EnqueueAll(tx, added, now));
  AFTERCARE_RETURN_IF_ERROR(jobs::MoveAll(tx, moved, now));
  // These were pending when read in this transaction, and stay so (SQLite has one
  // writer; on PostgreSQL a concurrent claim makes this serializable transaction retry).
  return jobs::DeleteAll(tx, removed);
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

namespace {

// Tells `a`'s chain about it and records the evidence.
Status Tell(store::Transaction& tx, const Ticket& t, const Alert& a, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto people, Chain(tx, t, a.level, a.n, now));
  auto zone = TimeZone::Locate(t.tz);
  const std::string due_at = FormatRfc3339(a.due, zone.ok() ? *zone : DefaultZone());
  // The robots of the assignee's team (and of the contract, and global ones) post it too.
  std::optional<std::int64_t> team;
  if (t.assignee_id) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT team_id FROM users WHERE id = $1",
                                                   {*t.assignee_id}));
    if (!rows.empty()) team = rows[0].OptInt("team_id");
  }
  std::vector<Person> persons;
  for (const Recipient& r : people) persons.push_back({r.user_id, r.name});
  Announcement notice{a.level == AlertLevel::kWarning ? NotificationKind::kSlaWarning
                                                      : NotificationKind::kSlaEscalation,
                      a.key,
                      t.id,
                      t.contract_id,
                      team,
                      {{"metric", a.m->name}, {"due_at", due_at}, {"level", a.n}}};
  AFTERCARE_ASSIGN_OR_RETURN(auto copies, Announce(tx, notice, persons, now));
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
  // Late on a contract: a penalty event (CON-2), and perhaps a new contract state
  // (CON-3), for the managers; once each, whichever escalation gets here first.
  if (a.level == AlertLevel::kEscalation && t.contract_id) {
    AFTERCARE_RETURN_IF_ERROR(notices::AnnouncePenaltyEvent(tx, *t.contract_id, t.id, a.m->name,
                                                            a.due, due_at, now));
  }
  if (told.empty()) return {};
  return AppendSystemEntry(tx, t.id, TicketEventKind::kAlerted, now,
                           {{"metric", a.m->name},
                            {"level", LevelName(a.level)},
                            {"escalation", a.n},
                            {"due_at", due_at},
                            {"recipients", told},
                            {"internal", true}});
}

}  // namespace

Status RunSlaTimer(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const json& p = job.payload;
  if (!p.contains("ticket_id") || !p["ticket_id"].is_number_integer()) {
    return Error{ErrorCode::kInternal, "an SLA timer without its ticket", {}, 0, p.dump()};
  }
  const std::int64_t ticket_id = p["ticket_id"].get<std::int64_t>();
  // What the clocks call for now, from the ticket as it is: a timer that fires
  // early or after a change finds nothing due, one that fires late (the runner was
  // down) finds the level each clock has reached by now, not every one it missed.
  // A warning whose clock is due already says nothing: the escalation says more.
  AFTERCARE_ASSIGN_OR_RETURN(Ticket t, LoadLiveTicket(tx, ticket_id, now));
  std::vector<std::string> told = ToldIn(p);
  for (const Alert& a : NextAlerts(t, now, told)) {
    if (a.at > now) continue;
    AFTERCARE_RETURN_IF_ERROR(Tell(tx, t, a, now));
    told.push_back(a.key);
  }
  // Re-armed to the ticket's next instant, with the alerts told that still count.
  std::vector<std::string> used;
  const std::optional<Instant> next = Earliest(NextAlerts(t, now, told, &used));
  if (!next) return {};
  return jobs::EnqueueOrMove(tx,
                             jobs::NewJob{std::string(kSlaTimerJob), TicketTimerKey(t.id),
                                          TimerPayload(t.id, used), std::max(*next, now + 1), t.id},
                             now);
}

}  // namespace aftercare::service::alerts
