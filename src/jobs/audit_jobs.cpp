// The audit chain's sealer (service/audit/chain.h): seals what committed, signs
// the head now and then, and queues itself again; queued as the server starts.
#include <cstdio>

#include "jobs/job_areas.h"
#include "service/audit/chain.h"

namespace aftercare::jobs {

void RegisterAuditJobs(Runner& runner, JobEnv& env) {
  // Outside work: the sealing runs in transactions of its own; the job's record
  // only queues the next run, and does so even when sealing failed this time (the
  // next run takes it up), so that the sealer never stops.
  runner.RegisterOutside(
      std::string(service::kSealJob),
      [&env](const service::jobs::Job& job, const Runner::Record& record) -> Status {
        const Instant now = Now();
        if (Status s = service::SealAndSign(env.db, env.evidence, now); !s.ok()) {
          std::fprintf(stderr, "aftercare: jobs: the audit sealer: %s %s\n",
                       s.error().message.c_str(), s.error().detail.c_str());
        }
        const std::int64_t n = job.payload.value("n", std::int64_t{0});
        return record([n, now](store::Transaction& tx, const service::jobs::Job&) {
          return service::QueueNextSeal(tx, n, now);
        });
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
