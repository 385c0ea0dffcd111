// Return visits (service/visits): the schedule job that keeps each active plan's
// next visit ahead, and the warnings of a collation due and a follow-up action due.
#include <cstdio>

#include "jobs/job_areas.h"
#include "service/visits/visits.h"

namespace aftercare::jobs {

void RegisterVisitsJobs(Runner& runner, JobEnv& env) {
  namespace v = service::visits;
  runner.Register(std::string(v::kScheduleJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return v::ScheduleDue(tx, job, Now());
                  });
  runner.Register(std::string(v::kCollationJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return v::WarnCollation(tx, job, Now());
                  });
  runner.Register(std::string(v::kActionJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return v::WarnAction(tx, job, Now());
                  });
  runner.OnStart([&env] {
    Status s = v::EnsureScheduleJob(env.db, Now());
    if (!s.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot queue the return visit schedule: %s %s\n",
                   s.error().message.c_str(), s.error().detail.c_str());
    }
  });
}

}  // namespace aftercare::jobs
