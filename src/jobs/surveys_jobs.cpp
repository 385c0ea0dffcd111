// Satisfaction surveys (service/surveys): the follower that sends a survey for each
// resolved ticket, and a questionnaire's reminders; queued as the server starts its jobs.
#include <cstdio>

#include "jobs/job_areas.h"
#include "service/surveys/surveys.h"

namespace aftercare::jobs {

void RegisterSurveysJobs(Runner& runner, JobEnv& env) {
  namespace sv = service::surveys;
  runner.Register(std::string(sv::kFollowJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return sv::FollowResolutions(tx, job, Now());
                  });
  runner.Register(std::string(sv::kRemindJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return sv::SendReminders(tx, job, Now());
                  });
  runner.OnStart([&env] {
    Status s = sv::EnsureSurveyJobs(env.db, Now());
    if (!s.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot queue the survey follower: %s %s\n",
                   s.error().message.c_str(), s.error().detail.c_str());
    }
  });
}

}  // namespace aftercare::jobs
