#include "service/reports/schedule.h"

#include <set>

#include "service/contracts/contracts.h"
#include "service/tx.h"

namespace aftercare::service::reports {

std::vector<std::pair<LocalDate, LocalDate>> CompletedHalfYears(LocalDate start, LocalDate last,
                                                                LocalDate today) {
  std::vector<std::pair<LocalDate, LocalDate>> out;
  for (int k = 0;; ++k) {
    LocalDate from = AddMonths(start, 6 * k), to = AddMonths(start, 6 * (k + 1));
    if (to > today || from > last) break;
    out.emplace_back(from, to);
  }
  return out;
}

Result<std::vector<ReportRequest>> MissingHealthChecks(store::Database& db, Instant now,
                                                       int limit) {
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<ReportRequest>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto contracts,
        tx.Query("SELECT id, coverage_from, coverage_to, tz FROM contracts ORDER BY id"));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto done, tx.Query("SELECT contract_id, period_from, period_to FROM reports WHERE kind = $1",
                            {std::string(kHealthCheck)}));
    std::set<std::tuple<std::int64_t, std::string, std::string>> have;
    for (const auto& r : done) {
      have.insert({r.Int("contract_id"), r.Text("period_from"), r.Text("period_to")});
    }
    std::vector<ReportRequest> out;
    for (const auto& c : contracts) {
      auto from = ParseDate(c.Text("coverage_from"));
      auto to = ParseDate(c.Text("coverage_to"));
      auto tz = TimeZone::Locate(c.Text("tz"));
      if (!from.ok() || !to.ok() || !tz.ok()) continue;
      for (auto [a, b] : CompletedHalfYears(*from, *to, tz->LocalDateOf(now))) {
        ReportRequest r{std::string(kHealthCheck), c.Int("id"), FormatDate(a), FormatDate(b)};
        if (have.contains({r.contract_id, r.from, r.to})) continue;
        out.push_back(std::move(r));
        if (static_cast<int>(out.size()) > limit) return out;
      }
    }
    return out;
  });
}

Result<bool> RunSchedule(store::Database& db, const std::string& data_dir, Instant now,
                         const ReportWords& words) {
  AFTERCARE_ASSIGN_OR_RETURN(auto missing, MissingHealthChecks(db, now, kReportsPerRun));
  const bool more = static_cast<int>(missing.size()) > kReportsPerRun;
  if (more) missing.resize(kReportsPerRun);
  for (const ReportRequest& request : missing) {
    AFTERCARE_ASSIGN_OR_RETURN(Made made, Make(db, request, now, words));
    AFTERCARE_RETURN_IF_ERROR(InTransaction(db, true, [&](store::Transaction& tx) -> Status {
      AFTERCARE_ASSIGN_OR_RETURN(bool stored, Store(tx, data_dir, made, false));
      if (!stored) return {};
      return TellPartyA(tx, made.report, now);
    }));
  }
  return more;
}

Status QueueNextRun(store::Transaction& tx, const jobs::Job& job, Instant now, bool more) {
  const Instant next = now + (more ? Seconds{60} : kScheduleEvery);
  return jobs::Enqueue(tx,
                       jobs::NewJob{std::string(kScheduleJob),
                                    "reports.schedule:" + std::to_string(next.unix) + ":" +
                                        std::to_string(job.id),
                                    nlohmann::json::object(), next, std::nullopt},
                       now)
      .status();
}

Status EnsureScheduleJob(store::Database& db, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto queued, tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND state <> 'dead' LIMIT 1",
                              {std::string(kScheduleJob)}));
    if (!queued.empty()) return {};
    const Instant first = now + kFirstRunAfter;
    AFTERCARE_RETURN_IF_ERROR(jobs::Enqueue(tx,
                                            jobs::NewJob{std::string(kScheduleJob),
                                                         "reports.schedule:start",
                                                         nlohmann::json::object(), first,
                                                         std::nullopt},
                                            now)
                                  .status());
    return {};
  });
}

}  // namespace aftercare::service::reports
