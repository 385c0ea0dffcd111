// Deliveries (service/deliveries): a notice goes out by mail or to a robot. The
// network runs outside the database (Runner::RegisterOutside); the attempt is
// recorded before and after it.
#include <cstdio>

#include "jobs/delivery/send.h"
#include "jobs/job_areas.h"
#include "service/tx.h"

namespace aftercare::jobs {

void RegisterDeliveriesJobs(Runner& runner, JobEnv& env) {
  runner.RegisterOutside(
      std::string(service::kDeliveryJob),
      [&env, &runner](const service::jobs::Job& job, const Runner::Record& record) -> Status {
        if (!job.payload.contains("delivery_id") || !job.payload["delivery_id"].is_number()) {
          return Error{ErrorCode::kInternal, "a delivery job without its delivery", {}, 0,
                       job.payload.dump()};
        }
        const std::int64_t id = job.payload["delivery_id"].get<std::int64_t>();
        AFTERCARE_ASSIGN_OR_RETURN(
            service::SendPlan plan,
            service::BeginAttempt(env.db, id, runner.worker_id(), Now(), &env.secrets));
        if (plan.step == service::SendPlan::Step::kSkip) {
          return record([](store::Transaction&, const service::jobs::Job&) { return Status{}; });
        }
        if (plan.step == service::SendPlan::Step::kDefer) {
          return record([&](store::Transaction& tx, const service::jobs::Job&) {
            return service::DeferDelivery(tx, plan, Now());
          });
        }
        service::AttemptOutcome outcome;
        if (!plan.channel) {
          // Sealed under a key this server does not have: an administrator must
          // enter the secrets again; retrying cannot help until then.
          outcome.answer = plan.channel_error;
        } else {
          outcome = SendDelivery(*plan.channel, plan.delivery, Now());
        }
        return record([&](store::Transaction& tx, const service::jobs::Job&) {
          return service::FinishAttempt(tx, plan, outcome, Now());
        });
      });
}

}  // namespace aftercare::jobs
