// SLA-4's timers (service/alerts): a warning or an escalation fires.
#include "jobs/job_areas.h"
#include "service/alerts/alerts.h"

namespace aftercare::jobs {

void RegisterAlertsJobs(Runner& runner, JobEnv&) {
  runner.Register(std::string(service::alerts::kSlaTimerJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return service::alerts::RunSlaTimer(tx, job, Now());
                  });
}

}  // namespace aftercare::jobs
