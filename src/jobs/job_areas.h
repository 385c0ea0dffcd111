// The registration list of the areas that run background jobs: one line each. An
// area's src/jobs/<area>_jobs.cpp registers the handlers of its job kinds with a
// runner; `aftercare serve` registers them all (RegisterAllJobs) and starts it.
#pragma once

#include "jobs/runner.h"
#include "service/audit/evidence_key.h"
#include "service/channels/secret_box.h"

#define AFTERCARE_JOB_AREAS(X) X(Alerts) X(Deliveries) X(Notices) X(Mail) X(Audit) X(Backups) X(Analytics) \
  X(Surveys) X(Reports) X(Inspections) X(Visits)

namespace aftercare::jobs {

// What the job areas share: the database, the key that opens channel secrets, the
// attachments folder, the key that signs the audit chain, the data folder.
struct JobEnv {
  store::Database& db;
  const service::SecretBox& secrets;
  std::string attachments_dir;           // where a mail's attachments are kept
  const service::EvidenceKey& evidence;  // signs the audit chain's heads
  std::string data_dir = {};             // DATA: what a backup holds (empty: the bench)
};

#define AFTERCARE_DECLARE_JOB_AREA(Area) void Register##Area##Jobs(Runner& runner, JobEnv& env);
AFTERCARE_JOB_AREAS(AFTERCARE_DECLARE_JOB_AREA)
#undef AFTERCARE_DECLARE_JOB_AREA

inline void RegisterAllJobs(Runner& runner, JobEnv& env) {
#define AFTERCARE_REGISTER_JOB_AREA(Area) Register##Area##Jobs(runner, env);
  AFTERCARE_JOB_AREAS(AFTERCARE_REGISTER_JOB_AREA)
#undef AFTERCARE_REGISTER_JOB_AREA
}

}  // namespace aftercare::jobs
