// The durable job queue and its runner (issue 12 point 1) on SQLite and on
// PostgreSQL ($AFTERCARE_TEST_PG_URL, a schema per test; skipped when unset):
// enqueuing is idempotent, each due job runs once also with several runners,
// a failed job backs off and ends dead, a job whose worker died is taken again
// and the late worker's writes are dropped.
#include "jobs/runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "service/tx.h"
#include "store/migrations.h"

namespace aftercare::jobs {
namespace {

namespace fs = std::filesystem;
using service::InTransaction;
using service::jobs::Job;
using service::jobs::NewJob;

enum class Backend { kSqlite, kPostgres };
void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::kSqlite ? "SQLite" : "PostgreSQL");
}

std::atomic<int> next_serial{0};
std::string Serial() { return std::to_string(::getpid()) + "_" + std::to_string(next_serial++); }

class JobQueue : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      file_ = fs::temp_directory_path() / ("aftercare_jobs_test_" + Serial() + ".db");
      url_ = file_.string();
    } else {
      const char* url = std::getenv("AFTERCARE_TEST_PG_URL");
      if (url == nullptr || *url == '\0') GTEST_SKIP() << "AFTERCARE_TEST_PG_URL is not set";
      admin_url_ = url;
      schema_ = "aftercare_jobs_test_" + Serial();
      auto admin = store::OpenDatabase(admin_url_);
      ASSERT_TRUE(admin.ok());
      auto tx = (*admin)->Begin(true);
      ASSERT_TRUE(tx.ok());
      ASSERT_TRUE((*tx)->Exec("CREATE SCHEMA " + schema_).ok());
      ASSERT_TRUE((*tx)->Commit().ok());
      url_ = admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") +
             "options=-c%20search_path%3D" + schema_;
    }
    db_ = Open();
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(store::Migrate(*db_).ok());
    Status s = InTransaction(*db_, true, [](store::Transaction& tx) {
      return tx.Exec("CREATE TABLE job_runs (job_key TEXT NOT NULL, worker TEXT NOT NULL)");
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  void TearDown() override {
    db_.reset();
    if (!file_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file_.string() + suffix);
    }
    if (!schema_.empty()) {
      auto admin = store::OpenDatabase(admin_url_);
      if (!admin.ok()) return;
      auto tx = (*admin)->Begin(true);
      if (tx.ok() && (*tx)->Exec("DROP SCHEMA " + schema_ + " CASCADE").ok()) {
        (void)(*tx)->Commit();
      }
    }
  }

  std::unique_ptr<store::Database> Open() {
    auto db = store::OpenDatabase(url_);
    EXPECT_TRUE(db.ok()) << db.error().message;
    return db.ok() ? std::move(db).value() : nullptr;
  }

  bool Enqueue(const std::string& key, Instant run_at, std::string kind = "test") {
    auto added = InTransaction(*db_, true, [&](store::Transaction& tx) {
      return service::jobs::Enqueue(tx, NewJob{kind, key, {{"key", key}}, run_at, {}}, now_);
    });
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() && *added;
  }

  // What the jobs table holds about `key`: state, attempts, run_at, last_error.
  std::optional<std::tuple<std::string, std::int64_t, std::int64_t, std::string>> Row(
      const std::string& key) {
    auto rows = InTransaction(*db_, false, [&](store::Transaction& tx) {
      return tx.Query("SELECT state, attempts, run_at, last_error FROM jobs WHERE dedupe_key = $1",
                      {key});
    });
    if (!rows.ok() || rows->empty()) return std::nullopt;
    const auto& r = (*rows)[0];
    return std::tuple(r.Text("state"), r.Int("attempts"), r.Int("run_at"), r.Text("last_error"));
  }

  // How many times each job key was run (committed).
  std::map<std::string, int> Runs() {
    auto rows = InTransaction(*db_, false, [&](store::Transaction& tx) {
      return tx.Query("SELECT job_key FROM job_runs");
    });
    std::map<std::string, int> out;
    if (rows.ok()) {
      for (const auto& r : *rows) ++out[r.Text("job_key")];
    }
    return out;
  }

  static Status Record(store::Transaction& tx, const Job& job, const std::string& worker) {
    return tx.Exec("INSERT INTO job_runs (job_key, worker) VALUES ($1, $2)",
                   {job.dedupe_key, worker});
  }

  Instant now_ = Now();
  std::unique_ptr<store::Database> db_;
  std::string url_, admin_url_, schema_;
  fs::path file_;
};

TEST_P(JobQueue, EnqueuingIsIdempotentByKey) {
  EXPECT_TRUE(Enqueue("a", now_));
  EXPECT_FALSE(Enqueue("a", now_ + 60));  // the same key: the queued job stays as it is
  EXPECT_TRUE(Enqueue("b", now_ + 60));
  auto stats = service::jobs::Stats(*db_);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->pending, 2);
  EXPECT_EQ(stats->oldest_due, now_);
  auto next = service::jobs::NextDue(*db_);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, std::optional<Instant>(now_));
}

TEST_P(JobQueue, ClaimTakesDueJobsEarliestFirstAndLeavesTheRest) {
  Enqueue("later", now_ + 3600);
  Enqueue("second", now_ - 10);
  Enqueue("first", now_ - 20);
  auto jobs = service::jobs::Claim(*db_, "w1", now_, 10, 60);
  ASSERT_TRUE(jobs.ok()) << jobs.error().message;
  ASSERT_EQ(jobs->size(), 2u);
  EXPECT_EQ((*jobs)[0].dedupe_key, "first");
  EXPECT_EQ((*jobs)[1].dedupe_key, "second");
  EXPECT_EQ((*jobs)[0].payload["key"], "first");
  EXPECT_EQ((*jobs)[0].attempts, 1);
  // Leased: nobody else takes them while the lease runs.
  auto again = service::jobs::Claim(*db_, "w2", now_ + 30, 10, 60);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(std::get<0>(*Row("later")), "pending");
}

TEST_P(JobQueue, AJobRunsOnceAndLeavesTheQueueWithItsWrites) {
  Enqueue("a", now_);
  auto jobs = service::jobs::Claim(*db_, "w1", now_, 10, 60);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1);
  Status s = service::jobs::RunClaimed(
      *db_, "w1", (*jobs)[0], now_, 3,
      [](store::Transaction& tx, const Job& j) { return Record(tx, j, "w1"); });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(Row("a"), std::nullopt);
  EXPECT_EQ(Runs(), (std::map<std::string, int>{{"a", 1}}));
}

// A failure drops the job's writes and retries after 5 s, then 10 s, ...; after
// the last attempt the job is dead and keeps its error.
TEST_P(JobQueue, AFailedJobBacksOffThenDies) {
  Enqueue("a", now_);
  auto fail = [](store::Transaction& tx, const Job& j) -> Status {
    AFTERCARE_RETURN_IF_ERROR(Record(tx, j, "w"));
    return Error::Io("the receiver answered 502");
  };
  Instant t = now_;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto jobs = service::jobs::Claim(*db_, "w", t, 10, 60);
    ASSERT_TRUE(jobs.ok());
    ASSERT_EQ(jobs->size(), 1u) << "attempt " << attempt;
    EXPECT_FALSE(service::jobs::RunClaimed(*db_, "w", (*jobs)[0], t, 3, fail).ok());
    auto [state, attempts, run_at, error] = *Row("a");
    EXPECT_EQ(attempts, attempt);
    EXPECT_EQ(error, "the receiver answered 502");
    if (attempt < 3) {
      EXPECT_EQ(state, "pending");
      EXPECT_EQ(run_at, (t + service::jobs::RetryDelay(attempt)).unix);
      // Not before its back-off.
      auto early = service::jobs::Claim(*db_, "w", t + 1, 10, 60);
      ASSERT_TRUE(early.ok());
      EXPECT_TRUE(early->empty());
      t = Instant{run_at};
    } else {
      EXPECT_EQ(state, "dead");
    }
  }
  EXPECT_EQ(service::jobs::RetryDelay(1), 5);
  EXPECT_EQ(service::jobs::RetryDelay(2), 10);
  EXPECT_EQ(service::jobs::RetryDelay(20), 3600);
  EXPECT_TRUE(Runs().empty());  // every failed attempt's writes were dropped
  auto stats = service::jobs::Stats(*db_);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->dead, 1);
}

// A worker killed with a job in hand: its lease runs out, another worker takes
// the job; the first one, if it comes back, can no longer complete it.
TEST_P(JobQueue, AJobWhoseWorkerDiedIsTakenAgainOnce) {
  Enqueue("a", now_);
  auto first = service::jobs::Claim(*db_, "dead-worker", now_, 10, 30);
  ASSERT_TRUE(first.ok() && first->size() == 1);
  auto during = service::jobs::Claim(*db_, "w2", now_ + 29, 10, 30);
  ASSERT_TRUE(during.ok());
  EXPECT_TRUE(during->empty());
  auto after = service::jobs::Claim(*db_, "w2", now_ + 31, 10, 30);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].attempts, 2);
  Status late = service::jobs::RunClaimed(
      *db_, "dead-worker", (*first)[0], now_ + 32, 3,
      [](store::Transaction& tx, const Job& j) { return Record(tx, j, "dead-worker"); });
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(service::jobs::RunClaimed(
                  *db_, "w2", (*after)[0], now_ + 32, 3,
                  [](store::Transaction& tx, const Job& j) { return Record(tx, j, "w2"); })
                  .ok());
  EXPECT_EQ(Runs(), (std::map<std::string, int>{{"a", 1}}));
}

// Several jobs recorded in one transaction: only those the worker still holds,
// and on a failure none (each stays leased, for the worker to record alone).
TEST_P(JobQueue, ABatchRecordsOnlyTheJobsStillHeldOrNothing) {
  Enqueue("a", now_);
  Enqueue("b", now_ + 1);
  auto first = service::jobs::Claim(*db_, "dead-worker", now_ + 1, 10, 30);
  ASSERT_TRUE(first.ok() && first->size() == 2);
  // "a"'s lease runs out and w2 takes it; "b" was renewed by its worker.
  ASSERT_TRUE(service::jobs::RenewLeases(*db_, "dead-worker", now_ + 20, 30).ok());
  Status expire = InTransaction(*db_, true, [&](store::Transaction& tx) {
    return tx.Exec("UPDATE jobs SET lease_until = $1 WHERE dedupe_key = 'a'", {now_.unix});
  });
  ASSERT_TRUE(expire.ok());
  auto after = service::jobs::Claim(*db_, "w2", now_ + 31, 10, 30);
  ASSERT_TRUE(after.ok() && after->size() == 1);
  std::vector<const Job*> mine{&(*first)[0], &(*first)[1]};
  auto failed = service::jobs::RunClaimedAll(
      *db_, "dead-worker", mine,
      [](store::Transaction& tx, const std::vector<const Job*>& held) -> Status {
        for (const Job* j : held) AFTERCARE_RETURN_IF_ERROR(Record(tx, *j, "dead-worker"));
        return Status(Error::Io("the database went away"));
      });
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(Runs().empty());
  EXPECT_EQ(std::get<0>(*Row("b")), "running");
  auto done = service::jobs::RunClaimedAll(
      *db_, "dead-worker", mine,
      [](store::Transaction& tx, const std::vector<const Job*>& held) -> Status {
        for (const Job* j : held) AFTERCARE_RETURN_IF_ERROR(Record(tx, *j, "dead-worker"));
        return Status{};
      });
  ASSERT_TRUE(done.ok()) << done.error().message;
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ((*done)[0]->dedupe_key, "b");
  EXPECT_EQ(Runs(), (std::map<std::string, int>{{"b", 1}}));
  EXPECT_EQ(Row("b"), std::nullopt);
  EXPECT_EQ(std::get<0>(*Row("a")), "running");  // w2's now
}

TEST_P(JobQueue, TicketJobsAreCancelledByKind) {
  // A ticket to hang timers on needs a customer.
  Status s = InTransaction(*db_, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO customers (id, name, created_at) VALUES (1, 'c', 0)"));
    return tx.Exec(
        "INSERT INTO tickets (id, customer_id, channel, type, priority, status, title, "
        "received_at, created_at, updated_at) VALUES (7, 1, 'phone', 'fault', 'P3', 'active', "
        "'t', 0, 0, 0)");
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto add = [&](const std::string& key, const std::string& kind) {
    return InTransaction(*db_, true, [&](store::Transaction& tx) {
      return service::jobs::Enqueue(tx, NewJob{kind, key, {}, now_ + 60, 7}, now_);
    });
  };
  ASSERT_TRUE(add("t1", "sla.timer").ok());
  ASSERT_TRUE(add("t2", "sla.timer").ok());
  ASSERT_TRUE(add("m1", "mail").ok());
  ASSERT_TRUE(InTransaction(*db_, true, [&](store::Transaction& tx) {
                return service::jobs::CancelTicketJobs(tx, 7, "sla.timer");
              }).ok());
  EXPECT_EQ(Row("t1"), std::nullopt);
  EXPECT_EQ(Row("t2"), std::nullopt);
  EXPECT_NE(Row("m1"), std::nullopt);
}

// Several runners (threads of one process, or servers on one PostgreSQL) share
// the queue: every job runs exactly once.
TEST_P(JobQueue, ManyRunnersRunEachJobOnce) {
  constexpr int kJobs = 300;
  for (int i = 0; i < kJobs; ++i) Enqueue("job-" + std::to_string(i), now_ - 1);
  std::vector<std::unique_ptr<store::Database>> dbs;
  std::vector<std::unique_ptr<Runner>> runners;
  for (int r = 0; r < 3; ++r) {
    dbs.push_back(Open());
    runners.push_back(
        std::make_unique<Runner>(*dbs.back(), RunnerOptions{.threads = 2,
                                                            .poll = std::chrono::milliseconds(50),
                                                            .lease = 60,
                                                            .batch = 8,
                                                            .max_attempts = 3}));
    const std::string name = "runner-" + std::to_string(r);
    runners.back()->Register(
        "test", [name](store::Transaction& tx, const Job& j) { return Record(tx, j, name); });
  }
  for (auto& r : runners) r->Start();
  for (int waited = 0; waited < 600; ++waited) {
    auto stats = service::jobs::Stats(*db_);
    if (stats.ok() && stats->pending == 0 && stats->running == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& r : runners) r->Stop();
  auto runs = Runs();
  EXPECT_EQ(static_cast<int>(runs.size()), kJobs);
  for (const auto& [key, n] : runs) EXPECT_EQ(n, 1) << key;
  std::uint64_t ran = 0;
  for (auto& r : runners) ran += r->ran();
  EXPECT_EQ(ran, static_cast<std::uint64_t>(kJobs));
}

// Outside work longer than the lease (a backup of a large store): its worker's lease is
// renewed meanwhile, so another runner does not take the job and it runs once.
TEST_P(JobQueue, OutsideWorkLongerThanTheLeaseKeepsIt) {
  Enqueue("long", now_ - 1, "long");
  auto lease_until = [this] {
    auto rows = InTransaction(*db_, false, [](store::Transaction& tx) {
      return tx.Query("SELECT lease_until FROM jobs WHERE dedupe_key = 'long'");
    });
    return rows.ok() && !rows->empty() ? rows->front().OptInt("lease_until").value_or(0) : 0;
  };
  std::vector<std::unique_ptr<store::Database>> dbs;
  std::vector<std::unique_ptr<Runner>> runners;
  std::atomic<bool> renewed{false};
  for (int r = 0; r < 2; ++r) {
    dbs.push_back(Open());
    runners.push_back(std::make_unique<Runner>(
        *dbs.back(),
        RunnerOptions{.threads = 1, .poll = std::chrono::milliseconds(50), .lease = 2}));
    const std::string name = "runner-" + std::to_string(r);
    runners.back()->RegisterOutside(
        "long", [&, name](const Job&, const Runner::Record& record) -> Status {
          // Until the lease has been renewed twice (the first lease has run out).
          const std::int64_t first = lease_until();
          for (int i = 0; i < 100 && lease_until() < first + 2; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
          }
          renewed = lease_until() >= first + 2;
          return record([&](store::Transaction& tx, const Job& j) { return Record(tx, j, name); });
        });
  }
  for (auto& r : runners) r->Start();
  for (int waited = 0; waited < 300 && Runs().empty(); ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& r : runners) r->Stop();
  EXPECT_TRUE(renewed) << "the lease was renewed while the work ran";
  auto runs = Runs();
  EXPECT_EQ(runs["long"], 1);
  EXPECT_FALSE(Row("long").has_value()) << "done and removed";
}

// Wake: a job enqueued in this process runs without waiting for the poll.
TEST_P(JobQueue, AJobOfAKindNobodyHandlesFails) {
  Enqueue("orphan", now_ - 1, "no-such-kind");
  Runner runner(*db_, RunnerOptions{.threads = 1,
                                    .poll = std::chrono::milliseconds(50),
                                    .lease = 60,
                                    .batch = 8,
                                    .max_attempts = 1});
  runner.Start();
  for (int waited = 0; waited < 200 && runner.failed() == 0; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  runner.Stop();
  auto row = Row("orphan");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(std::get<0>(*row), "dead");
  EXPECT_EQ(std::get<3>(*row), "no handler for jobs of kind no-such-kind");
}

INSTANTIATE_TEST_SUITE_P(Backends, JobQueue, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) {
                           return info.param == Backend::kSqlite ? "sqlite" : "postgresql";
                         });

}  // namespace
}  // namespace aftercare::jobs
