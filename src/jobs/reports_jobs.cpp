// The half-yearly health-check reports (service/reports/schedule.h): the run makes
// the missing reports outside the job's transaction (each stored in one of its
// own, idempotent by the reports' unique key), then queues the next run in the
// job's transaction. Queued as the server starts its jobs.
#include <cstdio>

#include "http/report_words.h"
#include "jobs/job_areas.h"
#include "service/reports/schedule.h"

namespace aftercare::jobs {

void RegisterReportsJobs(Runner& runner, JobEnv& env) {
  namespace reports = service::reports;
  runner.RegisterOutside(
      std::string(reports::kScheduleJob),
      [&env](const service::jobs::Job&, const Runner::Record& record) -> Status {
        auto more = reports::RunSchedule(env.db, env.data_dir, Now(), http::ChineseReportWords());
        if (!more.ok()) {
          std::fprintf(stderr, "aftercare: reports: the schedule failed: %s %s\n",
                       more.error().message.c_str(), more.error().detail.c_str());
        }
        const bool again = more.ok() && *more;
        return record([again](store::Transaction& tx, const service::jobs::Job& j) {
          return reports::QueueNextRun(tx, j, Now(), again);
        });
      });
  runner.OnStart([&env] {
    Status s = reports::EnsureScheduleJob(env.db, Now());
    if (!s.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot queue the reports' schedule: %s %s\n",
                   s.error().message.c_str(), s.error().detail.c_str());
    }
  });
}

}  // namespace aftercare::jobs
