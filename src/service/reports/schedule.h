// The half-yearly health checks (OPS-2, 7.8.2.1.5 "每 6 个月"): for each contract,
// the half-years from the start of its service period (coverage_from) in 6-month
// steps; every one that has ended (and began within the service period) gets its
// health-check report once, made by the schedule's job (src/jobs/reports_jobs.cpp)
// on the job runner, never on an HTTP thread. Idempotent: the reports table's
// unique key (contract, kind, period) keeps one, and a report that exists is
// never remade by the schedule. Party A's users are told (kReportReady).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "service/jobs/queue.h"
#include "service/reports/reports.h"

namespace aftercare::service::reports {

inline constexpr std::string_view kScheduleJob = "reports.schedule";
inline constexpr Seconds kScheduleEvery = 6 * 3600;
// The first run waits a little after the server starts (the start's own work first).
inline constexpr Seconds kFirstRunAfter = 300;
// Reports made per run; when more are missing the next run is in a minute.
inline constexpr int kReportsPerRun = 10;

// The half-years [start + 6k months, start + 6(k+1) months) that ended by `today`
// (their end, exclusive, is on or before it) and began by `last` (the service's end).
std::vector<std::pair<LocalDate, LocalDate>> CompletedHalfYears(LocalDate start, LocalDate last,
                                                                LocalDate today);

// The health checks the schedule still owes, oldest period first, at most `limit`.
Result<std::vector<ReportRequest>> MissingHealthChecks(store::Database& db, Instant now,
                                                       int limit);

// One run: makes and stores each missing report (each in a transaction of its own;
// one that appeared meanwhile is kept), telling Party A. Returns whether more remain.
Result<bool> RunSchedule(store::Database& db, const std::string& data_dir, Instant now,
                         const ReportWords& words);

// The next run, in the finished run's transaction: in a minute when more remain,
// else after kScheduleEvery.
Status QueueNextRun(store::Transaction& tx, const jobs::Job& job, Instant now, bool more);
// Queues the schedule's job when none is queued (as the server starts its jobs).
Status EnsureScheduleJob(store::Database& db, Instant now);

}  // namespace aftercare::service::reports
