// Inspections (service/inspections): each plan's job that creates its visits ahead
// of their due dates, and each visit's overdue notice.
#include "jobs/job_areas.h"
#include "service/inspections/inspections.h"

namespace aftercare::jobs {

void RegisterInspectionsJobs(Runner& runner, JobEnv&) {
  namespace in = service::inspections;
  runner.Register(std::string(in::kScheduleJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return in::RunSchedule(tx, job, Now());
                  });
  runner.Register(std::string(in::kOverdueJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return in::RunOverdue(tx, job, Now());
                  });
}

}  // namespace aftercare::jobs
