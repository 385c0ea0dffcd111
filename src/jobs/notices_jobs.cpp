// The notices that follow from what others record, and the morning lists
// (service/notices): queued as the server starts its jobs.
#include <cstdio>

#include "jobs/job_areas.h"
#include "service/notices/notices.h"

namespace aftercare::jobs {

void RegisterNoticesJobs(Runner& runner, JobEnv& env) {
  runner.Register(std::string(service::notices::kFollowJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return service::notices::FollowChanges(tx, job, Now());
                  });
  runner.Register(std::string(service::notices::kLeftoverJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return service::notices::SendLeftoverList(tx, job, Now());
                  });
  runner.Register(std::string(service::notices::kContractJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return service::notices::CheckContract(tx, job, Now());
                  });
  runner.OnStart([&env] {
    Status s = service::notices::EnsureNoticeJobs(env.db, Now());
    if (!s.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot queue the notice follower: %s %s\n",
                   s.error().message.c_str(), s.error().detail.c_str());
    }
  });
}

}  // namespace aftercare::jobs
