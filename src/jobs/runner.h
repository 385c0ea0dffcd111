// The background runner (issue 12 point 1): threads of their own, never the HTTP
// threads, that claim due jobs from the durable queue (service/jobs/queue.h) and run
// the handler registered for each job's kind. A runner sleeps until the next job
// is due, at most `poll` (so a job another server enqueued on a shared PostgreSQL
// is seen within it), and wakes at once when this process enqueues (Wake). Several
// runners, in one process or in several servers on one PostgreSQL, share the queue
// and each job runs once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "service/jobs/queue.h"
#include "store/db.h"

namespace aftercare::jobs {

struct RunnerOptions {
  int threads = 1;
  std::chrono::milliseconds poll{1000};
  Seconds lease = 60;    // a job whose worker died is taken again after this
  int batch = 32;        // jobs taken per claim
  int max_attempts = 8;  // then the job is dead (kept, with its last error)
};

class Runner {
 public:
  Runner(store::Database& db, RunnerOptions options);
  ~Runner();  // stops
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Before Start: the handler of `kind`. A job of a kind nobody handles fails.
  void Register(std::string kind, service::jobs::Work work);
  // A job that works outside the database first (a delivery's network I/O, a
  // backup; its worker's leases are renewed every half lease meanwhile) and then
  // records the outcome through `record`, which runs
  // the work in the job's transaction, fenced by the lease (RunClaimed). A handler
  // that returns an error without recording has the job retried after the back-off.
  using Record = std::function<Status(const service::jobs::Work&)>;
  using OutsideWork = std::function<Status(const service::jobs::Job&, const Record& record)>;
  void RegisterOutside(std::string kind, OutsideWork work);
  // Several claimed jobs of one kind at once (those next to each other in a claim,
  // in chunks of about 25 ms at the pace of the last chunk, so that a kill cuts
  // little):
  // `work` asks `held(job)` before each job's outside work (false: its lease was
  // lost or could not be renewed; it must not run here) and returns a record for
  // each job it ran: its own Work, or the error that has it retried after the
  // back-off; and `all`, which records every job with a Work in one transaction
  // (RunClaimedAll, fenced). When that transaction fails, each job's own Work is
  // recorded as RegisterOutside's `record` does.
  struct JobRecord {
    const service::jobs::Job* job = nullptr;
    Status failed;  // not ok: retried after the back-off, `work` unused
    service::jobs::Work work;
  };
  struct BatchRecords {
    std::vector<JobRecord> jobs;
    service::jobs::BatchWork all;  // may be empty: each job's Work on its own
  };
  using Held = std::function<bool(const service::jobs::Job&)>;
  using OutsideBatchWork =
      std::function<BatchRecords(std::span<const service::jobs::Job>, const Held& held)>;
  void RegisterOutsideBatch(std::string kind, OutsideBatchWork work);
  // Before Start: work Start does first, on the caller's thread (queueing the
  // jobs that keep themselves going, such as the notice follower).
  void OnStart(std::function<void()> fn);
  void Start();
  // Lets the jobs in hand finish, then returns; jobs not yet taken stay queued.
  void Stop();
  // Something was enqueued: look now rather than at the next poll.
  void Wake();

  const std::string& worker_id() const { return worker_id_; }
  // Jobs run and failed since Start (for /metrics).
  std::uint64_t ran() const { return ran_; }
  std::uint64_t failed() const { return failed_; }

 private:
  void Loop(int index);

  store::Database& db_;
  RunnerOptions options_;
  std::string worker_id_;
  // Runs `job` by its handler; false when it failed.
  bool RunOne(const std::string& worker, const service::jobs::Job& job);
  // Records what an outside job did, fenced; a busy database is tried again.
  Status RecordOutside(const std::string& worker, const service::jobs::Job& job,
                       const service::jobs::Work& work);
  // Runs a batch handler's jobs; returns how many failed.
  void RunBatch(const std::string& worker, const OutsideBatchWork& handler,
                std::span<const service::jobs::Job> jobs, const Held& held);

  std::map<std::string, service::jobs::Work, std::less<>> handlers_;
  std::map<std::string, OutsideWork, std::less<>> outside_handlers_;
  std::map<std::string, OutsideBatchWork, std::less<>> batch_handlers_;
  std::vector<std::function<void()>> on_start_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t wakes_ = 0;
  std::atomic<std::uint64_t> ran_{0}, failed_{0};
};

}  // namespace aftercare::jobs
