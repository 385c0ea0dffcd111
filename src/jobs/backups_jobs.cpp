// The scheduled backups (service/backups/backups.h): the backup runs outside any
// transaction while its lease holds, then its record, warning and next run commit
// in the job's transaction; the hourly check warns of a missed one. Both are
// queued as the server starts.
#include <cstdio>

#include "jobs/job_areas.h"
#include "service/backups/backups.h"

namespace aftercare::jobs {

void RegisterBackupsJobs(Runner& runner, JobEnv& env) {
  namespace backups = service::backups;
  runner.RegisterOutside(
      std::string(backups::kRunJob),
      [&env](const service::jobs::Job& job, const Runner::Record& record) -> Status {
        const backups::Attempt attempt = backups::RunBackup(env.db, env.data_dir, job);
        if (attempt.record.state != "ok") {
          std::fprintf(stderr, "aftercare: backups: %s failed: %s\n", attempt.record.file.c_str(),
                       attempt.record.error.c_str());
        }
        return record([&attempt](store::Transaction& tx, const service::jobs::Job&) {
          return backups::RecordBackup(tx, attempt, Now());
        });
      });
  runner.Register(std::string(backups::kCheckJob),
                  [](store::Transaction& tx, const service::jobs::Job& job) {
                    return backups::CheckBackups(tx, job, Now());
                  });
  runner.OnStart([&env] {
    Status s = backups::EnsureBackupJobs(env.db, Now());
    if (!s.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot queue the backups: %s %s\n",
                   s.error().message.c_str(), s.error().detail.c_str());
    }
  });
}

}  // namespace aftercare::jobs
