// Issue 12's SLA-timer benchmark (not a test; bench/alerts_bench.sh runs it) on a
// database seeded by `seed_store DB_URL N --open-clocks`: N open tickets with
// running clocks on contract 1 (24x7 and office-hours-with-cn-holidays metrics).
// Phases, in this order unless named on the command line:
//
//  prepare    makes a reused database fresh: no timers, notifications, alerted
//             entries, benchmark tickets or stored holiday years; every ticket's
//             times moved so that the newest was received a minute ago.
//  recompute  times RecomputeOpenTickets over every open ticket: (1) the first run,
//             which creates every timer; (2) PutHolidayYear(2027), the service
//             function behind PUT /api/v1/holidays/2027, whose recomputation moves
//             every office-hours due (and the timers of the tickets whose next
//             instant is one of them); (3) the same year put again: the steady
//             state, nothing moves; (4) the worst case for the timers: every one
//             set a second off, then the same year put again, which moves every
//             one back.
//  idle       the runner (serve's options, every job area registered) on that
//             database for SECONDS (30) with every timer hours away: process CPU
//             time over wall time.
//  lateness   HOT (3000) tickets on contract 2 whose 10-minute `acknowledge` clocks
//             reach their warnings spread over WINDOW (60) seconds starting 15 s
//             from now, while the N others' timers are hours away; the runner runs
//             them; each warning's lateness is the wall time its handler started
//             minus its run_at.
//
// Usage: alerts_bench DB_URL [prepare] [recompute] [idle[=SECONDS]]
//                            [lateness[=HOT[,WINDOW]]]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "core/time.h"
#include "jobs/job_areas.h"
#include "jobs/runner.h"
#include "row_batch.h"
#include "service/alerts/alerts.h"
#include "service/holidays/holidays.h"
#include "service/tickets/tickets.h"
#include "service/tx.h"
#include "store/db.h"

namespace {

using namespace aftercare;
using namespace aftercare::bench;
constexpr std::int64_t kNoDue = 253402300799;

// serve's runner (cli/server_commands.cpp): the same options and job areas, with
// the SLA timer's handler wrapped to note when each one starts.
struct Fired {
  std::int64_t lateness_ms;
  std::int64_t run_at;
};
struct TimedRunner {
  std::mutex mu;
  std::vector<Fired> fired;
  service::SecretBox secrets = service::SecretBox::Random();
  service::EvidenceKey evidence = service::EvidenceKey::Random();
  jobs::Runner runner;
  jobs::JobEnv env;

  explicit TimedRunner(store::Database& db)
      : runner(db, jobs::RunnerOptions{.poll = std::chrono::milliseconds(250)}),
        env{db, secrets, {}, evidence} {
    jobs::RegisterAllJobs(runner, env);
    // What jobs/alerts_jobs.cpp registers, timed.
    runner.Register(std::string(service::alerts::kSlaTimerJob),
                    [this](store::Transaction& tx, const service::jobs::Job& job) {
                      auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
                      {
                        std::lock_guard lock(mu);
                        fired.push_back({wall - job.run_at.unix * 1000, job.run_at.unix});
                      }
                      return service::alerts::RunSlaTimer(tx, job, Now());
                    });
  }
};

// PostgreSQL plans by its statistics: after a mass change, what autovacuum does
// within its minute on a live server (the first recomputation fills an empty queue).
void Analyze(store::Database& db) {
  if (db.dialect() != store::Dialect::kPostgres) return;
  Check(service::InTransaction(db, true,
                               [](store::Transaction& tx) -> Status { return tx.Exec("ANALYZE"); }),
        "analyze");
}

void Prepare(store::Database& db) {
  auto start = Clock::now();
  Status s = service::InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    for (const char* sql :
         {"DELETE FROM jobs", "DELETE FROM notifications",
          "DELETE FROM ticket_events WHERE ticket_id IN (SELECT id FROM tickets WHERE "
          "contract_id = 2)",
          "DELETE FROM tickets WHERE contract_id = 2",
          "DELETE FROM ticket_events WHERE kind = 'alerted'", "DELETE FROM holiday_years"}) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(sql));
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT MAX(received_at) AS n FROM tickets WHERE contract_id = 1"));
    const std::int64_t shift = Now().unix - 60 - rows.at(0).OptInt("n").value_or(0);
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE tickets SET received_at = received_at + $1, created_at = created_at + $1, "
        "updated_at = updated_at + $1, next_due_at = NULL, queue_key = $2 WHERE contract_id = 1",
        {shift, kNoDue}));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE ticket_events SET at = at + $1 WHERE kind = 'received'", {shift}));
    std::printf("prepare: times moved by %lld s\n", static_cast<long long>(shift));
    return {};
  });
  Check(s, "prepare");
  Analyze(db);
  std::printf("prepare: %.1f s\n", SecondsSince(start));
}

std::int64_t PendingTimers(store::Database& db) {
  return Scalar(db, "SELECT COUNT(*) AS n FROM jobs WHERE state = 'pending'");
}

// The pending timers: id -> (run_at, payload).
std::map<std::int64_t, std::pair<std::int64_t, std::string>> Timers(store::Database& db) {
  auto rows = service::InTransaction(db, false, [&](store::Transaction& tx) {
    return tx.Query("SELECT id, run_at, payload FROM jobs WHERE state = 'pending'");
  });
  Check(rows.ok() ? Status{} : Status(rows.error()), "timers");
  std::map<std::int64_t, std::pair<std::int64_t, std::string>> out;
  for (const auto& r : *rows) out[r.Int("id")] = {r.Int("run_at"), r.Text("payload")};
  return out;
}

void Recompute(store::Database& db) {
  const std::int64_t open =
      Scalar(db, "SELECT COUNT(*) AS n FROM tickets WHERE queue_key IS NOT NULL");
  std::printf("recompute: %lld open tickets\n", static_cast<long long>(open));
  auto start = Clock::now();
  auto changed = service::InTransaction(db, true, [&](store::Transaction& tx) {
    return service::RecomputeOpenTickets(tx, std::nullopt, Now());
  });
  Check(changed.ok() ? Status{} : Status(changed.error()), "first recomputation");
  std::printf(
      "recompute 1 (first: creates every timer): %.2f s, %lld tickets' due stored, %lld "
      "timers\n",
      SecondsSince(start), static_cast<long long>(*changed),
      static_cast<long long>(PendingTimers(db)));
  Analyze(db);

  // An illustrative 2027 (the State Council's dates are not out yet): New Year,
  // Spring Festival with its make-up days, Qingming, Labour Day, Dragon Boat,
  // Mid-Autumn and National Day.
  std::vector<LocalDate> off, work;
  for (const char* d :
       {"2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
        "2027-02-12", "2027-04-05", "2027-05-03", "2027-05-04", "2027-05-05", "2027-06-09",
        "2027-09-15", "2027-10-01", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"}) {
    off.push_back(*ParseDate(d));
  }
  for (const char* d : {"2027-02-06", "2027-02-20", "2027-04-25", "2027-09-26", "2027-10-09"}) {
    work.push_back(*ParseDate(d));
  }
  service::Context admin{
      service::Actor{1, "bench-admin", service::Role::kAdmin, std::nullopt, "压测管理员"},
      "alerts-bench", Now()};
  for (const char* run : {"2 (holiday year 2027 stored: office-hours dues move)",
                          "3 (the same year again: steady state, nothing moves)",
                          "4 (the same year again, every timer a second off: every one moves)"}) {
    if (run[0] == '4') {
      Check(service::InTransaction(db, true,
                                   [](store::Transaction& tx) -> Status {
                                     return tx.Exec(
                                         "UPDATE jobs SET run_at = run_at + 1 WHERE state = "
                                         "'pending'");
                                   }),
            "timers off");
      Analyze(db);
    }
    const auto before = Timers(db);
    admin.now = Now();
    start = Clock::now();
    auto put = service::PutHolidayYear(db, admin, 2027, off, work);
    Check(put.ok() ? Status{} : Status(put.error()), "PutHolidayYear");
    const double took = SecondsSince(start);
    const auto after = Timers(db);
    std::int64_t changed = 0;
    for (const auto& [id, at] : after) {
      auto was = before.find(id);
      changed += was == before.end() || was->second != at;
    }
    for (const auto& [id, at] : before) changed += !after.count(id);
    std::printf("recompute %s: %.2f s, %lld timers, %lld of them moved, added or removed\n", run,
                took, static_cast<long long>(after.size()), static_cast<long long>(changed));
  }
}

// Process CPU time (user + system) in seconds.
void Idle(store::Database& db, int seconds) {
  const std::int64_t next = Scalar(db, "SELECT MIN(run_at) AS n FROM jobs WHERE state = 'pending'");
  std::printf("idle: %lld timers, the first due in %.1f h\n",
              static_cast<long long>(PendingTimers(db)), (next - Now().unix) / 3600.0);
  TimedRunner timed(db);
  timed.runner.Start();
  std::this_thread::sleep_for(std::chrono::seconds(1));  // past the start
  double cpu0 = CpuSeconds();
  auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  double cpu = CpuSeconds() - cpu0, wall = SecondsSince(start);
  timed.runner.Stop();
  std::printf("idle: runner %.0f s: CPU %.3f s = %.2f %% of a core (%llu jobs ran)\n", wall, cpu,
              100 * cpu / wall, static_cast<unsigned long long>(timed.runner.ran()));
}

// `hot` tickets on contract 2 whose acknowledge warnings (80 % of 10 minutes after
// receipt) fall due from `t0` over `window` seconds, with their timers.
void AddHotTickets(store::Database& db, int hot, int window, std::int64_t t0) {
  Status s = service::InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    bench::RowBatch rows(tx,
                         "INSERT INTO tickets (customer_id, contract_id, channel, type, priority, "
                         "status, title, received_at, queue_key, assignee_id, created_at, "
                         "updated_at) VALUES ",
                         "(1, 2, 'im', 'fault', 'P3', 'active', $, $, $, 4, $, $)", 64);
    for (int i = 0; i < hot; ++i) {
      std::int64_t received = t0 + static_cast<std::int64_t>(i) * window / hot - 480;
      AFTERCARE_RETURN_IF_ERROR(
          rows.Add({"压测告警工单 " + std::to_string(i), received, kNoDue, received, received}));
    }
    AFTERCARE_RETURN_IF_ERROR(rows.Flush());
    return tx.Exec(
        "INSERT INTO ticket_events (ticket_id, seq, at, kind, to_priority) SELECT id, 1, "
        "received_at, 'received', priority FROM tickets WHERE contract_id = 2");
  });
  Check(s, "hot tickets");
  auto start = Clock::now();
  auto changed = service::InTransaction(db, true, [&](store::Transaction& tx) {
    return service::RecomputeOpenTickets(tx, std::int64_t{2}, Now());
  });
  Check(changed.ok() ? Status{} : Status(changed.error()), "hot tickets' timers");
  std::printf("lateness: %d tickets' timers scheduled in %.2f s\n", hot, SecondsSince(start));
}

void Lateness(store::Database& db, int hot, int window) {
  const std::int64_t t0 = Now().unix + 15;
  AddHotTickets(db, hot, window, t0);
  const std::int64_t due =
      Scalar(db, "SELECT COUNT(*) AS n FROM jobs WHERE state = 'pending' AND run_at >= " +
                     std::to_string(t0) + " AND run_at < " + std::to_string(t0 + window) + "");
  std::printf("lateness: %lld warnings due over %d s among %lld timers\n",
              static_cast<long long>(due), window, static_cast<long long>(PendingTimers(db)));
  // A ticket's timer is at its next instant: within the window, a hot ticket's warning.
  auto warning = [&](const Fired& f) { return f.run_at >= t0 && f.run_at < t0 + window; };
  TimedRunner timed(db);
  timed.runner.Start();
  const std::int64_t give_up = t0 + window + 60;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    std::size_t warnings = 0;
    {
      std::lock_guard lock(timed.mu);
      for (const Fired& f : timed.fired) warnings += warning(f);
    }
    if ((warnings >= static_cast<std::size_t>(due) && Now().unix >= t0 + window) ||
        Now().unix > give_up) {
      break;
    }
  }
  timed.runner.Stop();
  std::vector<std::int64_t> late;
  for (const Fired& f : timed.fired) {
    if (warning(f)) late.push_back(f.lateness_ms);
  }
  std::sort(late.begin(), late.end());
  auto pct = [&](double p) {
    return late.empty()
               ? 0
               : late[std::min(late.size() - 1, static_cast<std::size_t>(p * late.size()))];
  };
  std::printf(
      "lateness: %zu of %lld warnings fired (%llu jobs failed): p50 %lld ms, p99 %lld ms, max "
      "%lld ms\n",
      late.size(), static_cast<long long>(due),
      static_cast<unsigned long long>(timed.runner.failed()), static_cast<long long>(pct(0.5)),
      static_cast<long long>(pct(0.99)), static_cast<long long>(late.empty() ? 0 : late.back()));
  std::printf("lateness: %lld alerted entries, %lld notifications\n",
              static_cast<long long>(
                  Scalar(db, "SELECT COUNT(*) AS n FROM ticket_events WHERE kind = 'alerted'")),
              static_cast<long long>(Scalar(db, "SELECT COUNT(*) AS n FROM notifications")));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: alerts_bench DB_URL [prepare] [recompute] [idle[=SECONDS]] "
                 "[lateness[=HOT[,WINDOW]]]\n");
    return 2;
  }
  std::vector<std::string> phases(argv + 2, argv + argc);
  if (phases.empty()) phases = {"prepare", "recompute", "idle", "lateness"};
  auto db = store::OpenDatabase(argv[1]);
  Check(db.ok() ? Status{} : Status(db.error()), "open");
  for (const std::string& phase : phases) {
    std::string name = phase.substr(0, phase.find('='));
    std::string arg = phase.find('=') == std::string::npos ? "" : phase.substr(phase.find('=') + 1);
    if (name == "prepare") {
      Prepare(**db);
    } else if (name == "recompute") {
      Recompute(**db);
    } else if (name == "idle") {
      Idle(**db, arg.empty() ? 30 : std::atoi(arg.c_str()));
    } else if (name == "lateness") {
      int hot = arg.empty() ? 3000 : std::atoi(arg.c_str());
      auto comma = arg.find(',');
      int window = comma == std::string::npos ? 60 : std::atoi(arg.c_str() + comma + 1);
      Lateness(**db, hot, window);
    } else {
      std::fprintf(stderr, "alerts_bench: unknown phase %s\n", phase.c_str());
      return 2;
    }
    std::fflush(stdout);
  }
  return 0;
}
