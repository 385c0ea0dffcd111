// The durable job queue (issue 12 point 1; SLA-4's timers and every delivery run
// on it). Jobs live in the database (`jobs`, migration 0004), so a restart or a
// kill -9 loses none: a job taken by a worker is leased, and a lease that runs out
// (the worker died) makes the job pending again. Enqueuing is idempotent by
// `dedupe_key`. A job's own writes commit in one transaction with its removal
// from the queue, fenced by the lease (RunClaimed), so what it writes to the
// database happens once; work outside the database (a mail, a robot) must carry
// its own idempotency key. On PostgreSQL several servers share the queue (claims
// use FOR UPDATE SKIP LOCKED); on SQLite one process runs it.
//
// The background runner (src/jobs/) claims and runs jobs; services enqueue them
// in their own transactions, so a job exists exactly when the change that asked
// for it committed.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/db.h"

namespace aftercare::service::jobs {

struct NewJob {
  std::string kind;        // which handler runs it, e.g. "sla.timer"
  std::string dedupe_key;  // one job per key while it is queued
  nlohmann::json payload = nlohmann::json::object();
  Instant run_at;
  std::optional<std::int64_t> ticket_id;  // a job about a ticket (its timers)
};

// Adds `job` in the caller's transaction; false when a job with its key is queued.
Result<bool> Enqueue(store::Transaction& tx, const NewJob& job, Instant now);
// Adds many at once (a recomputation's timers), those whose key is queued left out,
// with one statement per few dozen jobs.
Status EnqueueAll(store::Transaction& tx, std::span<const NewJob> jobs, Instant now);

// Adds `job`, or moves the pending job with its key to the job's run_at and payload
// (a timer re-armed by its own handler); a running or dead job with the key stays.
Status EnqueueOrMove(store::Transaction& tx, const NewJob& job, Instant now);

// A queued job to move: to `run_at`, with `payload`, pending with no attempts (a
// dead one is revived).
struct JobMove {
  std::int64_t id = 0;
  Instant run_at;
  std::string payload;
};
// Moves many at once (a recomputation's timers), one statement per few dozen jobs;
// a job running meanwhile is left alone.
Status MoveAll(store::Transaction& tx, std::span<const JobMove> moves, Instant now);
// Removes the jobs of `ids` (a recomputation's timers no longer wanted).
Status DeleteAll(store::Transaction& tx, std::span<const std::int64_t> ids);

// Removes the ticket's pending jobs of `kind` (a change replaces its timers); a
// job already running finishes.
Status CancelTicketJobs(store::Transaction& tx, std::int64_t ticket_id, std::string_view kind);

struct Job {
  std::int64_t id = 0;
  std::string kind, dedupe_key;
  nlohmann::json payload;
  Instant run_at;
  std::int64_t attempts = 0;  // this run included
  std::optional<std::int64_t> ticket_id;
};

// Leases up to `limit` pending jobs due at `now` to `worker` until now + lease,
// earliest first. Jobs whose lease ran out are pending again first.
Result<std::vector<Job>> Claim(store::Database& db, std::string_view worker, Instant now, int limit,
                               Seconds lease);

// Renews the lease of every job `worker` holds (the rest of a claimed batch) until
// now + lease; returns the ids still held (a job whose lease ran out and that another
// worker took is not among them: it must not run here).
Result<std::vector<std::int64_t>> RenewLeases(store::Database& db, std::string_view worker,
                                              Instant now, Seconds lease);

// Runs `work` for a claimed job in one transaction that also removes the job,
// only while `worker` still holds its lease (kConflict otherwise: another worker
// took it over, and nothing of `work` is kept). When `work` fails, its writes are
// dropped and the job is retried after a back-off that doubles from 5 s up to an
// hour, or marked dead after `max_attempts`; the error is kept on the job.
// `requeue_when_busy` false: when the database stays busy (kRetry), the job is left
// as it is (still leased) for the caller to record again.
using Work = std::function<Status(store::Transaction&, const Job&)>;
Status RunClaimed(store::Database& db, std::string_view worker, const Job& job, Instant now,
                  int max_attempts, const Work& work, bool requeue_when_busy = true);

// RunClaimed for several claimed jobs in one transaction (deliveries: one
// transaction records a batch): removes those `worker` still holds and runs `work`
// with them; the others' leases were lost and nothing is written for them.
// Returns the jobs held (of `jobs`). On any error nothing is kept and
// every job stays leased: the caller records them one by one with RunClaimed.
using BatchWork = std::function<Status(store::Transaction&, const std::vector<const Job*>& held)>;
Result<std::vector<const Job*>> RunClaimedAll(store::Database& db, std::string_view worker,
                                              const std::vector<const Job*>& jobs,
                                              const BatchWork& work);

// The earliest instant a pending job is due, nullopt when none is.
Result<std::optional<Instant>> NextDue(store::Database& db);

struct QueueStats {
  std::int64_t pending = 0, running = 0, dead = 0;
  std::optional<Instant> oldest_due;  // of the pending ones
};
Result<QueueStats> Stats(store::Database& db);

// The retry delay after `attempts` failed runs.
Seconds RetryDelay(std::int64_t attempts);

}  // namespace aftercare::service::jobs
