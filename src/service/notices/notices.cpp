#include "service/notices/notices.h"

#include <algorithm>

#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/deliveries/deliveries.h"
#include "service/permissions.h"
#include "service/tickets/ticket_enums.h"
#include "service/tx.h"

namespace aftercare::service::notices {
namespace {

using nlohmann::json;

constexpr int kBatch = 500;
// Every this many runs (about ten minutes) the follower also queues the morning
// list of a team made since.
constexpr std::int64_t kEnsureEvery = 200;
constexpr int kLeftoverShown = 50;

Result<std::optional<std::int64_t>> Cursor(store::Transaction& tx, std::string_view name) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT last_id FROM notice_cursors WHERE "
                                                 "name = $1",
                                                 {std::string(name)}));
  if (rows.empty()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(rows[0].Int("last_id"));
}

Status SetCursor(store::Transaction& tx, std::string_view name, std::int64_t id) {
  return tx.Exec(
      "INSERT INTO notice_cursors (name, last_id) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE "
      "SET last_id = excluded.last_id",
      {std::string(name), id});
}

// The cursor of `table`, started at its newest id on the first run.
Result<std::optional<std::int64_t>> CursorOrStart(store::Transaction& tx, std::string_view table) {
  AFTERCARE_ASSIGN_OR_RETURN(auto cursor, Cursor(tx, table));
  if (cursor) return cursor;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT COALESCE(MAX(id), 0) AS id FROM " + std::string(table)));
  AFTERCARE_RETURN_IF_ERROR(SetCursor(tx, table, rows[0].Int("id")));
  return std::optional<std::int64_t>();
}

Result<std::optional<std::int64_t>> TeamOf(store::Transaction& tx,
                                           std::optional<std::int64_t> user) {
  if (!user) return std::optional<std::int64_t>();
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT team_id FROM users WHERE id = $1", {*user}));
  if (rows.empty()) return std::optional<std::int64_t>();
  return rows[0].OptInt("team_id");
}

// What Party A reads of their ticket's progress, by the entry that made it.
bool IsProgress(std::string_view kind) {
  return kind == "diagnosed" || kind == "onsite_decided" || kind == "waiting_customer" ||
         kind == "resolved";
}

Status AnnounceEvent(store::Transaction& tx, const store::Row& e, Instant now) {
  const std::string kind = e.Text("kind");
  const std::int64_t event_id = e.Int("id");
  const std::int64_t ticket_id = e.Int("ticket_id");
  const std::optional<std::int64_t> actor = e.OptInt("actor_id");
  const std::optional<std::int64_t> contract = e.OptInt("contract_id");
  Announcement a;
  a.ticket_id = ticket_id;
  a.contract_id = contract;
  auto announce = [&](NotificationKind k, std::string key, std::vector<Person> people,
                      json data, std::optional<std::int64_t> team) -> Status {
    // Nobody is told of what they did themselves.
    std::erase_if(people, [&](const Person& p) { return actor && p.user_id == *actor; });
    a.kind = k;
    a.event_key = std::move(key);
    a.data = std::move(data);
    a.team_id = team;
    if (people.empty() && k != NotificationKind::kPartyANew) return {};
    return Announce(tx, a, people, now).status();
  };
  std::optional<std::int64_t> assignee;
  if (kind == "assigned") {
    json data = json::parse(e.Text("data"), nullptr, false);
    if (data.is_object() && data.contains("assignee_id") && data["assignee_id"].is_number()) {
      assignee = data["assignee_id"].get<std::int64_t>();
    }
  } else if (kind == "received") {
    assignee = e.OptInt("assignee_id");
    if (e.OptText("creator_role") == "party_a") {
      const bool complaint = e.Text("type") == "complaint";
      AFTERCARE_ASSIGN_OR_RETURN(
          auto people, ActiveUsers(tx, complaint ? "role IN ('agent', 'team_leader', 'manager')"
                                            : "role IN ('agent', 'team_leader')"));
      AFTERCARE_RETURN_IF_ERROR(announce(NotificationKind::kPartyANew,
                                         "party_a_new:" + std::to_string(ticket_id), people,
                                         {{"type", e.Text("type")}}, std::nullopt));
    }
  } else if (IsProgress(kind)) {
    AFTERCARE_ASSIGN_OR_RETURN(auto people, ActiveUsers(tx, "role = 'party_a' AND customer_id = $1",
                                                   {e.Int("customer_id")}));
    return announce(NotificationKind::kTicketProgress,
                    "progress:" + std::to_string(event_id), people, {{"status", kind}},
                    std::nullopt);
  }
  if (assignee) {
    AFTERCARE_ASSIGN_OR_RETURN(auto people, ActiveUsers(tx, "id = $1", {*assignee}));
    AFTERCARE_ASSIGN_OR_RETURN(auto team, TeamOf(tx, assignee));
    json data = json::object();
    if (actor) {
      AFTERCARE_ASSIGN_OR_RETURN(auto by, ActiveUsers(tx, "id = $1", {*actor}));
      if (!by.empty()) data["by"] = by[0].name;
    }
    return announce(NotificationKind::kAssigned, "assigned:" + std::to_string(event_id), people,
                    data, team);
  }
  return {};
}

Status FollowTicketEvents(store::Transaction& tx, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto cursor, CursorOrStart(tx, "ticket_events"));
  if (!cursor) return {};
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT e.id, e.ticket_id, e.kind, e.actor_id, e.data, t.customer_id, "
               "t.contract_id, t.assignee_id, t.type, cu.role AS creator_role FROM ticket_events e "
               "JOIN tickets t ON t.id = e.ticket_id LEFT JOIN users cu ON cu.id = t.created_by "
               "WHERE e.id > $1 ORDER BY e.id LIMIT $2",
               {*cursor, std::int64_t{kBatch}}));
  for (const auto& e : rows) AFTERCARE_RETURN_IF_ERROR(AnnounceEvent(tx, e, now));
  if (!rows.empty()) AFTERCARE_RETURN_IF_ERROR(SetCursor(tx, "ticket_events", rows.back().Int("id")));
  return {};
}

Status FollowWrittenNotices(store::Transaction& tx, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto cursor, CursorOrStart(tx, "notices"));
  if (!cursor) return {};
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT n.id, n.contract_id, n.cure_days, k.number FROM notices n JOIN "
                          "contracts k ON k.id = n.contract_id WHERE n.id > $1 ORDER BY n.id "
                          "LIMIT $2",
                          {*cursor, std::int64_t{kBatch}}));
  AFTERCARE_ASSIGN_OR_RETURN(auto managers, ActiveUsers(tx, "role = 'manager'"));
  for (const auto& n : rows) {
    // When the cure period ends the right to terminate may be exercisable: look then.
    AFTERCARE_ASSIGN_OR_RETURN(auto at, tx.Query("SELECT at FROM notices WHERE id = $1",
                                                 {n.Int("id")}));
    const Instant cure_end{at[0].Int("at") + n.Int("cure_days") * kSecondsPerDay + 1};
    AFTERCARE_RETURN_IF_ERROR(
        jobs::Enqueue(tx,
                      jobs::NewJob{std::string(kContractJob),
                                   "contract-check:" + std::to_string(n.Int("contract_id")) + ":" +
                                       std::to_string(cure_end.unix),
                                   {{"contract_id", n.Int("contract_id")}},
                                   std::max(cure_end, now),
                                   std::nullopt},
                      now)
            .status());
    Announcement a{NotificationKind::kNoticeRecorded,
                   "notice:" + std::to_string(n.Int("id")),
                   std::nullopt,
                   n.Int("contract_id"),
                   std::nullopt,
                   {{"contract_number", n.Text("number")}, {"cure_days", n.Int("cure_days")}}};
    AFTERCARE_RETURN_IF_ERROR(Announce(tx, a, managers, now).status());
  }
  if (!rows.empty()) AFTERCARE_RETURN_IF_ERROR(SetCursor(tx, "notices", rows.back().Int("id")));
  return {};
}

Result<LeftoverSchedule> LoadSchedule(store::Transaction& tx, std::int64_t team_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT at_minute, tz FROM leftover_schedules WHERE team_id = $1", {team_id}));
  if (rows.empty()) return LeftoverSchedule{team_id, kDefaultLeftoverMinute, DefaultZone().name()};
  return LeftoverSchedule{team_id, static_cast<int>(rows[0].Int("at_minute")), rows[0].Text("tz")};
}

// The next morning list of `s` after `now`: its job.
jobs::NewJob LeftoverJob(const LeftoverSchedule& s, Instant now) {
  auto zone = TimeZone::Locate(s.tz);
  const TimeZone& tz = zone.ok() ? *zone : DefaultZone();
  LocalDate day = tz.LocalDateOf(now);
  Instant at = tz.ToInstant(day, static_cast<Seconds>(s.minute) * 60);
  if (at <= now) {
    day = day + 1;
    at = tz.ToInstant(day, static_cast<Seconds>(s.minute) * 60);
  }
  return jobs::NewJob{std::string(kLeftoverJob),
                      "leftover:" + std::to_string(s.team_id) + ":" + FormatDate(day),
                      {{"team_id", s.team_id}, {"date", FormatDate(day)}, {"tz", tz.name()}},
                      at,
                      std::nullopt};
}

Status EnsureLeftoverJobs(store::Transaction& tx, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto teams, tx.Query("SELECT t.id FROM teams t WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE "
                           "j.kind = $1 AND j.state <> 'dead' AND j.dedupe_key LIKE 'leftover:' "
                           "|| CAST(t.id AS TEXT) || ':%')",
                           {std::string(kLeftoverJob)}));
  for (const auto& t : teams) {
    AFTERCARE_ASSIGN_OR_RETURN(LeftoverSchedule s, LoadSchedule(tx, t.Int("id")));
    AFTERCARE_RETURN_IF_ERROR(jobs::Enqueue(tx, LeftoverJob(s, now), now).status());
  }
  return {};
}

Status RequireTeamLead(store::Transaction& tx, const Context& ctx, std::int64_t team_id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT leader_id FROM teams WHERE id = $1", {team_id}));
  if (rows.empty()) return NotFound("team");
  if (ctx.actor->role == Role::kTeamLeader && rows[0].OptInt("leader_id") != ctx.actor->user_id) {
    return Error{ErrorCode::kForbidden, "team leaders manage their own team only", {}, 0, {}};
  }
  return {};
}

}  // namespace

Result<std::vector<Person>> ActiveUsers(store::Transaction& tx, const std::string& where,
                                        const std::vector<store::Value>& params) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id, display_name FROM users WHERE disabled = 0 AND " + where +
                              " ORDER BY id",
                          params));
  std::vector<Person> out;
  for (const auto& r : rows) out.push_back({r.Int("id"), r.Text("display_name")});
  return out;
}

Status EnsureNoticeJobs(store::Database& db, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto follow, tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND state <> 'dead' LIMIT 1",
                              {std::string(kFollowJob)}));
    if (follow.empty()) {
      AFTERCARE_RETURN_IF_ERROR(
          jobs::Enqueue(tx,
                        jobs::NewJob{std::string(kFollowJob), "notices.follow:" +
                                                                  std::to_string(now.unix),
                                     {{"n", 0}}, now, std::nullopt},
                        now)
              .status());
    }
    return EnsureLeftoverJobs(tx, now);
  });
}

Status FollowChanges(store::Transaction& tx, const jobs::Job& job, Instant now) {
  AFTERCARE_RETURN_IF_ERROR(FollowTicketEvents(tx, now));
  AFTERCARE_RETURN_IF_ERROR(FollowWrittenNotices(tx, now));
  const std::int64_t n = job.payload.value("n", std::int64_t{0}) + 1;
  if (n % kEnsureEvery == 0) AFTERCARE_RETURN_IF_ERROR(EnsureLeftoverJobs(tx, now));
  const Instant next = now + kFollowEvery;
  return jobs::Enqueue(tx,
                       jobs::NewJob{std::string(kFollowJob),
                                    "notices.follow:" + std::to_string(next.unix) + ":" +
                                        std::to_string(n),
                                    {{"n", n}}, next, std::nullopt},
                       now)
      .status();
}

Status SendLeftoverList(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const std::int64_t team_id = job.payload.value("team_id", std::int64_t{0});
  AFTERCARE_ASSIGN_OR_RETURN(auto team,
                             tx.Query("SELECT name, leader_id FROM teams WHERE id = $1", {team_id}));
  if (team.empty()) return {};  // the team is gone
  AFTERCARE_ASSIGN_OR_RETURN(LeftoverSchedule s, LoadSchedule(tx, team_id));
  auto zone = TimeZone::Locate(job.payload.value("tz", s.tz));
  const TimeZone& tz = zone.ok() ? *zone : DefaultZone();
  auto date = ParseDate(job.payload.value("date", std::string()));
  const LocalDate day = date.ok() ? *date : tz.LocalDateOf(now);
  const Instant midnight = tz.ToInstant(day, 0);
  const std::string where =
      " FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id WHERE t.queue_key IS NOT NULL "
      "AND t.received_at < $1 AND (t.assignee_id IS NULL OR u.team_id = $2)";
  AFTERCARE_ASSIGN_OR_RETURN(auto count,
                             tx.Query("SELECT COUNT(*) AS n" + where, {midnight.unix, team_id}));
  const std::int64_t total = count[0].Int("n");
  if (total > 0) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT t.id, t.title, t.received_at" + where +
                                " ORDER BY t.received_at, t.id LIMIT $3",
                            {midnight.unix, team_id, std::int64_t{kLeftoverShown}}));
    json tickets = json::array();
    for (const auto& r : rows) {
      tickets.push_back({{"id", r.Int("id")},
                         {"number", TicketNumber(r.Int("id"))},
                         {"title", r.Text("title")},
                         {"received_at", FormatRfc3339(Instant{r.Int("received_at")}, tz)}});
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto leaders, ActiveUsers(tx, "(id = $1 OR (team_id = $2 AND role = 'team_leader'))",
                             {store::OrNull(team[0].OptInt("leader_id")), team_id}));
    Announcement a{NotificationKind::kLeftoverList,
                   "leftover:" + std::to_string(team_id) + ":" + FormatDate(day),
                   std::nullopt,
                   std::nullopt,
                   team_id,
                   {{"team", team[0].Text("name")},
                    {"team_id", team_id},
                    {"date", FormatDate(day)},
                    {"count", total},
                    {"tickets", tickets}}};
    AFTERCARE_RETURN_IF_ERROR(Announce(tx, a, leaders, now).status());
  }
  // Tomorrow's (or, after a change of time, the next one's).
  return jobs::Enqueue(tx, LeftoverJob(s, now), now).status();
}

Status AnnounceContractState(store::Transaction& tx, std::int64_t contract_id, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(sla::ContractState state, ContractStateAt(tx, contract_id, now));
  if (state != sla::ContractState::kConditionMet && state != sla::ContractState::kExercisable) {
    return {};
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto k, tx.Query("SELECT number FROM contracts WHERE id = $1",
                                              {contract_id}));
  AFTERCARE_ASSIGN_OR_RETURN(auto managers, ActiveUsers(tx, "role = 'manager'"));
  const std::string name(sla::Name(state));
  Announcement a{NotificationKind::kContractCondition,
                 "contract:" + std::to_string(contract_id) + ":" + name,
                 std::nullopt,
                 contract_id,
                 std::nullopt,
                 {{"contract_number", k.empty() ? std::string() : k[0].Text("number")},
                  {"state", name}}};
  return Announce(tx, a, managers, now).status();
}

Status AnnouncePenaltyEvent(store::Transaction& tx, std::int64_t contract_id,
                            std::int64_t ticket_id, const std::string& metric, Instant due,
                            const std::string& due_at, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto managers, ActiveUsers(tx, "role = 'manager'"));
  Announcement a{NotificationKind::kPenaltyEvent,
                 "penalty:" + std::to_string(ticket_id) + ":" + metric + ":" +
                     std::to_string(due.unix),
                 ticket_id,
                 contract_id,
                 std::nullopt,
                 {{"metric", metric}, {"due_at", due_at}}};
  AFTERCARE_RETURN_IF_ERROR(Announce(tx, a, managers, now).status());
  return AnnounceContractState(tx, contract_id, now);
}

Status CheckContract(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const std::int64_t id = job.payload.value("contract_id", std::int64_t{0});
  AFTERCARE_ASSIGN_OR_RETURN(auto k, tx.Query("SELECT 1 FROM contracts WHERE id = $1", {id}));
  if (k.empty()) return {};
  return AnnounceContractState(tx, id, now);
}

Result<LeftoverSchedule> GetLeftoverSchedule(store::Database& db, const Context& ctx,
                                             std::int64_t team_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<LeftoverSchedule> {
    AFTERCARE_RETURN_IF_ERROR(RequireTeamLead(tx, ctx, team_id));
    return LoadSchedule(tx, team_id);
  });
}

Result<LeftoverSchedule> SetLeftoverSchedule(store::Database& db, const Context& ctx,
                                             const LeftoverSchedule& s) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  if (s.minute < 0 || s.minute >= 24 * 60) {
    return Error::Invalid("time must be a time of day, 00:00 to 23:59", 0, "time");
  }
  if (!TimeZone::Locate(s.tz).ok()) return Error::Invalid("tz: unknown time zone", 0, "tz");
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<LeftoverSchedule> {
    AFTERCARE_RETURN_IF_ERROR(RequireTeamLead(tx, ctx, s.team_id));
    AFTERCARE_ASSIGN_OR_RETURN(LeftoverSchedule before, LoadSchedule(tx, s.team_id));
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO leftover_schedules (team_id, at_minute, tz, updated_at) VALUES ($1, $2, $3, "
        "$4) ON CONFLICT (team_id) DO UPDATE SET at_minute = excluded.at_minute, tz = "
        "excluded.tz, updated_at = excluded.updated_at",
        {s.team_id, std::int64_t{s.minute}, s.tz, ctx.now.unix}));
    // The queued morning list moves to the new time.
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM jobs WHERE kind = $1 AND state = 'pending' AND dedupe_key LIKE $2",
                {std::string(kLeftoverJob), "leftover:" + std::to_string(s.team_id) + ":%"}));
    AFTERCARE_RETURN_IF_ERROR(jobs::Enqueue(tx, LeftoverJob(s, ctx.now), ctx.now).status());
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "update", "leftover_schedule",
                                    std::to_string(s.team_id),
                                    {{"minute", before.minute}, {"tz", before.tz}},
                                    {{"minute", s.minute}, {"tz", s.tz}}));
    return s;
  });
}

}  // namespace aftercare::service::notices
