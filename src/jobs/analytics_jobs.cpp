// The slowest links' follower (service/analytics/links.h): queued as the server
// starts its jobs.
#include <cstdio>

#include "jobs/job_areas.h"
#include "service/analytics/links.h"

namespace aftercare::jobs {

void RegisterAnalyticsJobs(Runner& runner, JobEnv& env) {
  runner.Register(std::string(service::links::kFollowJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return service::links::FollowTicketSteps(tx, job, Now());
                  });
  runner.OnStart([&env] {
    Status s = service::links::EnsureLinkJobs(env.db, Now());
    if (!s.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot queue the slowest links' follower: %s %s\n",
                   s.error().message.c_str(), s.error().detail.c_str());
    }
  });
}

}  // namespace aftercare::jobs
