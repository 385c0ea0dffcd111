#include "service/jobs/queue.h"

#include <algorithm>

#include "service/tx.h"

namespace aftercare::service::jobs {
namespace {

constexpr std::string_view kJobColumns =
    "id, kind, dedupe_key, payload, run_at, attempts, ticket_id";

Job JobFrom(const store::Row& r) {
  Job j;
  j.id = r.Int("id");
  j.kind = r.Text("kind");
  j.dedupe_key = r.Text("dedupe_key");
  j.payload = nlohmann::json::parse(r.Text("payload"), nullptr, false);
  if (j.payload.is_discarded()) j.payload = nlohmann::json::object();
  j.run_at = Instant{r.Int("run_at")};
  j.attempts = r.Int("attempts");
  j.ticket_id = r.OptInt("ticket_id");
  return j;
}

}  // namespace

Seconds RetryDelay(std::int64_t attempts) {
  Seconds delay = 5;
  for (std::int64_t i = 1; i < attempts && delay < 3600; ++i) delay *= 2;
  return std::min<Seconds>(delay, 3600);
}

Result<bool> Enqueue(store::Transaction& tx, const NewJob& job, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("INSERT INTO jobs (kind, dedupe_key, payload, run_at, ticket_id, created_at, "
               "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (dedupe_key) DO "
               "NOTHING RETURNING id",
               {job.kind, job.dedupe_key, job.payload.dump(), job.run_at.unix,
                store::OrNull(job.ticket_id), now.unix}));
  return !rows.empty();
}

Status EnqueueAll(store::Transaction& tx, std::span<const NewJob> jobs, Instant now) {
  // Multi-row INSERTs of 64 jobs: per-row statements cost ten times more on SQLite,
  // a round trip each on PostgreSQL; SQLite looks `$n` up linearly, so much longer
  // statements get slower again.
  constexpr std::size_t kRows = 64;
  for (std::size_t i = 0; i < jobs.size(); i += kRows) {
    store::ParamList p;
    const std::string at = p.Add(now.unix);
    std::string sql =
        "INSERT INTO jobs (kind, dedupe_key, payload, run_at, ticket_id, created_at, "
        "updated_at) VALUES ";
    for (std::size_t k = i; k < std::min(jobs.size(), i + kRows); ++k) {
      const NewJob& job = jobs[k];
      sql += (k > i ? ", (" : "(") + p.Add(job.kind) + ", " + p.Add(job.dedupe_key) + ", " +
             p.Add(job.payload.dump()) + ", " + p.Add(job.run_at.unix) + ", " +
             p.Add(store::OrNull(job.ticket_id)) + ", " + at + ", " + at + ")";
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(sql + " ON CONFLICT (dedupe_key) DO NOTHING", p.values()));
  }
  return {};
}

Status EnqueueOrMove(store::Transaction& tx, const NewJob& job, Instant now) {
  return tx.Exec(
      "INSERT INTO jobs (kind, dedupe_key, payload, run_at, ticket_id, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (dedupe_key) DO UPDATE SET run_at = "
      "excluded.run_at, payload = excluded.payload, attempts = 0, updated_at = excluded.updated_at "
      "WHERE jobs.state = 'pending'",
      {job.kind, job.dedupe_key, job.payload.dump(), job.run_at.unix, store::OrNull(job.ticket_id),
       now.unix});
}

Status MoveAll(store::Transaction& tx, std::span<const JobMove> moves, Instant now) {
  // As EnqueueAll: 64 rows to a statement.
  constexpr std::size_t kRows = 64;
  for (std::size_t i = 0; i < moves.size(); i += kRows) {
    store::ParamList p;
    std::string sql = "WITH v (id, run_at, payload) AS (VALUES ";
    for (std::size_t k = i; k < std::min(moves.size(), i + kRows); ++k) {
      sql += (k > i ? ", (CAST(" : "(CAST(") + p.Add(moves[k].id) + " AS BIGINT), CAST(" +
             p.Add(moves[k].run_at.unix) + " AS BIGINT), CAST(" + p.Add(moves[k].payload) +
             " AS TEXT))";
    }
    sql +=
        ") UPDATE jobs SET run_at = v.run_at, payload = v.payload, state = 'pending', "
        "attempts = 0, lease_until = NULL, leased_by = NULL, updated_at = " +
        p.Add(now.unix) + " FROM v WHERE jobs.id = v.id AND jobs.state <> 'running'";
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(sql, p.values()));
  }
  return {};
}

Status DeleteAll(store::Transaction& tx, std::span<const std::int64_t> ids) {
  // By id alone: a `state = 'pending'` here made SQLite, which has no statistics,
  // walk every pending job through jobs_due instead of the ids.
  for (std::size_t i = 0; i < ids.size(); i += 500) {
    store::ParamList p;
    std::string sql = "DELETE FROM jobs WHERE id IN (";
    for (std::size_t k = i; k < std::min(ids.size(), i + 500); ++k) {
      sql += (k > i ? ", " : "") + p.Add(ids[k]);
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(sql + ")", p.values()));
  }
  return {};
}

Status CancelTicketJobs(store::Transaction& tx, std::int64_t ticket_id, std::string_view kind) {
  return tx.Exec("DELETE FROM jobs WHERE ticket_id = $1 AND kind = $2 AND state = 'pending'",
                 {ticket_id, std::string(kind)});
}

Result<std::vector<Job>> Claim(store::Database& db, std::string_view worker, Instant now, int limit,
                               Seconds lease) {
  // SKIP LOCKED lets servers sharing a PostgreSQL database take disjoint jobs;
  // SQLite has one writer at a time and no such clause.
  const std::string lock =
      db.dialect() == store::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  const std::string claim =
      "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = $1, "
      "leased_by = $2, updated_at = $3 WHERE id IN (SELECT id FROM jobs WHERE state = "
      "'pending' AND run_at <= $3 ORDER BY run_at, id LIMIT $4" +
      lock + ") RETURNING " + std::string(kJobColumns);
  auto taken = InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::vector<Job>> {
    // A lease that ran out: its worker died (or stalled); the job is due again.
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE jobs SET state = 'pending', leased_by = NULL, lease_until = NULL, "
                "updated_at = $1 WHERE state = 'running' AND lease_until < $1",
                {now.unix}));
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(claim, {(now + lease).unix, std::string(worker),
                                                           now.unix, std::int64_t{limit}}));
    std::vector<Job> jobs;
    for (const auto& r : rows) jobs.push_back(JobFrom(r));
    return jobs;
  });
  if (!taken.ok()) return taken;
  std::sort(taken->begin(), taken->end(), [](const Job& a, const Job& b) {
    return a.run_at != b.run_at ? a.run_at < b.run_at : a.id < b.id;
  });
  return taken;
}

Result<std::vector<std::int64_t>> RenewLeases(store::Database& db, std::string_view worker,
                                              Instant now, Seconds lease) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::vector<std::int64_t>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("UPDATE jobs SET lease_until = $1, updated_at = $2 WHERE state = "
                            "'running' AND leased_by = $3 RETURNING id",
                            {(now + lease).unix, now.unix, std::string(worker)}));
    std::vector<std::int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.Int("id"));
    return ids;
  });
}

Status RunClaimed(store::Database& db, std::string_view worker, const Job& job, Instant now,
                  int max_attempts, const Work& work, bool requeue_when_busy) {
  Status done = InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(auto removed,
                               tx.Query("DELETE FROM jobs WHERE id = $1 AND state = 'running' AND "
                                        "leased_by = $2 RETURNING id",
                                        {job.id, std::string(worker)}));
    if (removed.empty()) {
      return Error{ErrorCode::kConflict, "the job's lease was lost", {}, 0, {}};
    }
    return work(tx, job);
  });
  if (done.ok() || done.error().code == ErrorCode::kConflict) return done;
  if (done.error().code == ErrorCode::kRetry && !requeue_when_busy) return done;
  const bool dead = job.attempts >= max_attempts;
  std::string why = done.error().message;
  if (!done.error().detail.empty()) why += " (" + done.error().detail + ")";
  Status kept = InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    return tx.Exec(
        "UPDATE jobs SET state = $1, run_at = $2, last_error = $3, leased_by = NULL, "
        "lease_until = NULL, updated_at = $4 WHERE id = $5 AND state = 'running' AND "
        "leased_by = $6",
        {std::string(dead ? "dead" : "pending"), (now + RetryDelay(job.attempts)).unix,
         why.substr(0, 2000), now.unix, job.id, std::string(worker)});
  });
  if (!kept.ok()) return kept;
  return done;
}

Result<std::vector<const Job*>> RunClaimedAll(store::Database& db, std::string_view worker,
                                              const std::vector<const Job*>& jobs,
                                              const BatchWork& work) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::vector<const Job*>> {
    std::vector<const Job*> held;
    // One statement for the fence of them all (a claim is at most a few dozen jobs).
    for (std::size_t i = 0; i < jobs.size(); i += 500) {
      store::ParamList p;
      const std::string me = p.Add(std::string(worker));
      std::string sql =
          "DELETE FROM jobs WHERE state = 'running' AND leased_by = " + me + " AND id IN (";
      for (std::size_t k = i; k < std::min(jobs.size(), i + 500); ++k) {
        sql += (k > i ? ", " : "") + p.Add(jobs[k]->id);
      }
      AFTERCARE_ASSIGN_OR_RETURN(auto removed, tx.Query(sql + ") RETURNING id", p.values()));
      for (const auto& r : removed) {
        const std::int64_t id = r.Int("id");
        for (std::size_t k = i; k < std::min(jobs.size(), i + 500); ++k) {
          if (jobs[k]->id == id) held.push_back(jobs[k]);
        }
      }
    }
    AFTERCARE_RETURN_IF_ERROR(work(tx, held));
    return held;
  });
}

Result<std::optional<Instant>> NextDue(store::Database& db) {
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::optional<Instant>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT MIN(run_at) AS next FROM jobs WHERE state = 'pending'"));
    if (rows.empty() || rows[0].IsNull("next")) return std::optional<Instant>();
    return std::optional<Instant>(Instant{rows[0].Int("next")});
  });
}

Result<QueueStats> Stats(store::Database& db) {
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<QueueStats> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT state, COUNT(*) AS n, MIN(run_at) AS oldest FROM jobs "
                            "GROUP BY state"));
    QueueStats s;
    for (const auto& r : rows) {
      const std::string& state = r.Text("state");
      if (state == "pending") {
        s.pending = r.Int("n");
        s.oldest_due = Instant{r.Int("oldest")};
      } else if (state == "running") {
        s.running = r.Int("n");
      } else {
        s.dead = r.Int("n");
      }
    }
    return s;
  });
}

}  // namespace aftercare::service::jobs
