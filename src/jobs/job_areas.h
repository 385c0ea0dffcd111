// The registration list of the areas that run background jobs: one line each. An
// area's src/jobs/<area>_jobs.cpp registers the handlers of its job kinds with a
// runner; `aftercare serve` registers them all (RegisterAllJobs) and starts it.
#pragma once

#include "jobs/runner.h"

#define AFTERCARE_JOB_AREAS(X) X(Alerts)

namespace aftercare::jobs {

#define AFTERCARE_DECLARE_JOB_AREA(Area) void Register##Area##Jobs(Runner& runner);
AFTERCARE_JOB_AREAS(AFTERCARE_DECLARE_JOB_AREA)
#undef AFTERCARE_DECLARE_JOB_AREA

inline void RegisterAllJobs(Runner& runner) {
#define AFTERCARE_REGISTER_JOB_AREA(Area) Register##Area##Jobs(runner);
  AFTERCARE_JOB_AREAS(AFTERCARE_REGISTER_JOB_AREA)
#undef AFTERCARE_REGISTER_JOB_AREA
}

}  // namespace aftercare::jobs
