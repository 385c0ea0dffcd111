// The audit chain's sealer (service/audit/chain.h): seals what committed, signs
// the head now and then, and queues itself again; queued as the server starts.
#include <cstdio>

#include "jobs/job_areas.h"
#include "service/audit/chain.h"

namespace aftercare::jobs {

void RegisterAuditJobs(Runner& runner, JobEnv& env) {
  runner.Register(std::string(service::kSealJob), [&env](store::Transaction& tx,
                                                         const service::jobs::Job& job) {
    return service::RunSealJob(tx, env.evidence, job.payload.value("n", std::int64_t{0}), Now());
  });
  runner.OnStart([&env] {
    Status s = service::EnsureSealJob(env.db, Now());
    if (!s.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot queue the audit sealer: %s %s\n",
                   s.error().message.c_str(), s.error().detail.c_str());
    }
  });
}

}  // namespace aftercare::jobs
