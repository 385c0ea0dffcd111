#include "jobs/runner.h"

#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace aftercare::jobs {
namespace {

std::string NewWorkerId() {
  char host[64] = {};
  ::gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" +
         std::to_string(randombytes_uniform(1u << 30));
}

// Renews `worker`'s leases every half lease while it lives: outside work may outlast
// a lease (a backup of a large store), and no other worker may take its job meanwhile.
class LeaseKeeper {
 public:
  LeaseKeeper(store::Database& db, std::string worker, Seconds lease)
      : thread_([this, &db, worker = std::move(worker), lease] {
          std::unique_lock lock(mu_);
          while (!cv_.wait_for(lock, std::chrono::milliseconds(lease * 500),
                               [this] { return done_; })) {
            lock.unlock();
            auto renewed = service::jobs::RenewLeases(db, worker, Now(), lease);
            if (!renewed.ok()) {
              std::fprintf(stderr, "aftercare: jobs: cannot renew leases: %s %s\n",
                           renewed.error().message.c_str(), renewed.error().detail.c_str());
            }
            lock.lock();
          }
        }) {}
  ~LeaseKeeper() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: it starts once the members it uses exist
};

}  // namespace

Runner::Runner(store::Database& db, RunnerOptions options)
    : db_(db), options_(options), worker_id_(NewWorkerId()) {}

Runner::~Runner() { Stop(); }

void Runner::Register(std::string kind, service::jobs::Work work) {
  handlers_[std::move(kind)] = std::move(work);
}

void Runner::RegisterOutside(std::string kind, OutsideWork work) {
  outside_handlers_[std::move(kind)] = std::move(work);
}

void Runner::RegisterOutsideBatch(std::string kind, OutsideBatchWork work) {
  batch_handlers_[std::move(kind)] = std::move(work);
}

Status Runner::RecordOutside(const std::string& worker, const service::jobs::Job& job,
                             const service::jobs::Work& w) {
  // What happened outside (a delivery sent) must be recorded: a record the
  // database refuses as busy (PostgreSQL's serialization failures under load)
  // is tried again rather than the job being run again (it would send twice).
  constexpr int kRounds = 10;
  Status recorded;
  for (int round = 1;; ++round) {
    recorded = service::jobs::RunClaimed(db_, worker, job, Now(), options_.max_attempts, w,
                                         round == kRounds);
    if (recorded.ok() || recorded.error().code != ErrorCode::kRetry || round == kRounds) {
      return recorded;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * round));
  }
}

void Runner::RunBatch(const std::string& worker, const OutsideBatchWork& handler,
                      std::span<const service::jobs::Job> jobs, const Held& held) {
  BatchRecords records = handler(jobs, held);
  std::vector<const service::jobs::Job*> together;
  std::vector<const JobRecord*> alone;
  for (const JobRecord& r : records.jobs) {
    if (!r.failed.ok()) {
      // Failed before recording: the job backs off (or goes dead) with its error.
      Status s = service::jobs::RunClaimed(
          db_, worker, *r.job, Now(), options_.max_attempts,
          [&](store::Transaction&, const service::jobs::Job&) -> Status { return r.failed; });
      std::fprintf(stderr, "aftercare: jobs: %s %s failed (attempt %lld): %s %s\n",
                   r.job->kind.c_str(), r.job->dedupe_key.c_str(),
                   static_cast<long long>(r.job->attempts), r.failed.error().message.c_str(),
                   r.failed.error().detail.c_str());
      (void)s;
      ++failed_;
    } else if (records.all) {
      together.push_back(r.job);
    } else {
      alone.push_back(&r);
    }
  }
  if (!together.empty()) {
    auto done = service::jobs::RunClaimedAll(db_, worker, together, records.all);
    if (done.ok()) {
      ran_ += done->size();
      failed_ += together.size() - done->size();  // leases lost: nothing recorded
    } else {
      std::fprintf(stderr, "aftercare: jobs: a batch of %zu %s jobs recorded one by one: %s %s\n",
                   together.size(), together[0]->kind.c_str(), done.error().message.c_str(),
                   done.error().detail.c_str());
      for (const JobRecord& r : records.jobs) {
        if (r.failed.ok()) alone.push_back(&r);
      }
    }
  }
  for (const JobRecord* r : alone) {
    Status s = RecordOutside(worker, *r->job, r->work);
    if (s.ok()) {
      ++ran_;
    } else {
      ++failed_;
      std::fprintf(stderr, "aftercare: jobs: %s %s failed (attempt %lld): %s %s\n",
                   r->job->kind.c_str(), r->job->dedupe_key.c_str(),
                   static_cast<long long>(r->job->attempts), s.error().message.c_str(),
                   s.error().detail.c_str());
    }
  }
}

bool Runner::RunOne(const std::string& worker, const service::jobs::Job& job) {
  Status s;
  if (auto outside = outside_handlers_.find(job.kind); outside != outside_handlers_.end()) {
    bool recorded = false;
    Status recorded_status;
    const LeaseKeeper keeper(db_, worker, options_.lease);
    Status work = outside->second(job, [&](const service::jobs::Work& w) {
      recorded = true;
      recorded_status = RecordOutside(worker, job, w);
      return recorded_status;
    });
    if (recorded) {
      s = recorded_status;
    } else {
      // Failed before recording: the job backs off (or goes dead) with its error.
      s = service::jobs::RunClaimed(db_, worker, job, Now(), options_.max_attempts,
                                    [&](store::Transaction&, const service::jobs::Job&) -> Status {
                                      if (work.ok()) return Status{};
                                      return work.error();
                                    });
    }
  } else {
    auto handler = handlers_.find(job.kind);
    s = service::jobs::RunClaimed(
        db_, worker, job, Now(), options_.max_attempts,
        [&](store::Transaction& tx, const service::jobs::Job& j) -> Status {
          if (handler == handlers_.end()) {
            return Error{ErrorCode::kInternal, "no handler for jobs of kind " + j.kind, {}, 0, {}};
          }
          return handler->second(tx, j);
        });
  }
  if (s.ok()) return true;
  std::fprintf(stderr, "aftercare: jobs: %s %s failed (attempt %lld): %s %s\n", job.kind.c_str(),
               job.dedupe_key.c_str(), static_cast<long long>(job.attempts),
               s.error().message.c_str(), s.error().detail.c_str());
  return false;
}

void Runner::OnStart(std::function<void()> fn) { on_start_.push_back(std::move(fn)); }

void Runner::Start() {
  for (const auto& fn : on_start_) fn();
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back([this, i] { Loop(i); });
  }
}

void Runner::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void Runner::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wakes_;
  }
  cv_.notify_all();
}

void Runner::Loop(int index) {
  const std::string worker = worker_id_ + ":" + std::to_string(index);
  // Jobs of a batch kind run together (RunBatch), this many at a time: as many as
  // fit in kChunkTime at the pace of the last chunk.
  constexpr auto kChunkTime = std::chrono::milliseconds(25);
  std::size_t chunk = 1;
  for (;;) {
    std::uint64_t wakes_seen;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      wakes_seen = wakes_;
    }
    Instant now = Now();
    auto jobs = service::jobs::Claim(db_, worker, now, options_.batch, options_.lease);
    if (!jobs.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot claim: %s %s\n", jobs.error().message.c_str(),
                   jobs.error().detail.c_str());
    } else {
      // The batch runs one job after another, and a job may take long (a delivery
      // waits up to 20 s for its remote end): when half the lease has gone by, the
      // rest of the batch is leased afresh, so that each job starts with at least
      // half a lease left and none is taken over by another worker while it waits
      // here (it would run twice). A job whose lease ran out and that another
      // worker took meanwhile is not run here.
      auto renewed = std::chrono::steady_clock::now();
      const auto half_lease = std::chrono::milliseconds(options_.lease * 500);
      std::vector<std::int64_t> held;
      bool all_held = true, renew_failed = false;
      const Held hold = [&](const service::jobs::Job& job) {
        if (renew_failed) return false;
        if (std::chrono::steady_clock::now() - renewed >= half_lease) {
          auto ids = service::jobs::RenewLeases(db_, worker, Now(), options_.lease);
          if (!ids.ok()) {
            std::fprintf(stderr, "aftercare: jobs: cannot renew leases: %s %s\n",
                         ids.error().message.c_str(), ids.error().detail.c_str());
            renew_failed =
                true;  // the rest's leases run out; another worker (or this one) takes them
            return false;
          }
          held = std::move(*ids);
          all_held = false;
          renewed = std::chrono::steady_clock::now();
        }
        return all_held || std::find(held.begin(), held.end(), job.id) != held.end();
      };
      const std::span<const service::jobs::Job> claimed(*jobs);
      for (std::size_t i = 0; i < claimed.size() && !renew_failed;) {
        const auto& job = claimed[i];
        if (auto batch = batch_handlers_.find(job.kind); batch != batch_handlers_.end()) {
          // The jobs of this kind next to it go together, in chunks of about
          // kChunkTime each: what a kill -9 cuts (sent, not yet recorded: sent
          // again) stays within one chunk. Quick jobs (a local receiver) go a
          // claim at a time, slow ones (a remote that takes 100 ms) one by one.
          std::size_t end = i + 1;
          while (end < claimed.size() && claimed[end].kind == job.kind) ++end;
          while (i < end && !renew_failed) {
            const std::size_t n = std::min(chunk, end - i);
            const auto started = std::chrono::steady_clock::now();
            RunBatch(worker, batch->second, claimed.subspan(i, n), hold);
            const auto each = std::max<std::chrono::steady_clock::duration>(
                (std::chrono::steady_clock::now() - started) / n, std::chrono::microseconds(1));
            chunk = std::clamp<std::size_t>(static_cast<std::size_t>(kChunkTime / each), 1,
                                            static_cast<std::size_t>(std::max(1, options_.batch)));
            i += n;
          }
          continue;
        }
        ++i;
        if (!hold(job)) continue;
        if (RunOne(worker, job)) {
          ++ran_;
        } else {
          ++failed_;
        }
      }
      // A full batch: more may be due now.
      if (static_cast<int>(jobs->size()) == options_.batch) continue;
    }
    // Sleep until the next job is due (whole seconds: wake at its second), the
    // poll interval, a Wake or Stop.
    auto deadline = std::chrono::steady_clock::now() + options_.poll;
    if (auto next = service::jobs::NextDue(db_); next.ok() && next->has_value()) {
      auto wall = std::chrono::system_clock::now();
      auto due = std::chrono::system_clock::time_point(std::chrono::seconds((*next)->unix));
      auto until = std::chrono::steady_clock::now() + std::max<std::chrono::system_clock::duration>(
                                                          due - wall, std::chrono::milliseconds(0));
      deadline = std::min(deadline, until);
    }
    std::unique_lock lock(mu_);
    cv_.wait_until(lock, deadline, [&] { return stopping_ || wakes_ != wakes_seen; });
  }
}

}  // namespace aftercare::jobs
