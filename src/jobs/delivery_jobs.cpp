// Deliveries (service/deliveries): a notice goes out by mail or to a robot. The
// network runs outside the database (Runner::RegisterOutside); the attempt is
// recorded before and after it. The jobs of a claim go together: their attempts
// begin in one transaction (each `sending` before its request) and are recorded
// in another, a few statements each rather than a few for each delivery.
#include <cstdio>
#include <map>
#include <memory>

#include "jobs/delivery/send.h"
#include "jobs/job_areas.h"
#include "service/tx.h"

namespace aftercare::jobs {

namespace {

// The plans and outcomes of a batch, shared by its records.
struct BatchState {
  std::vector<service::SendPlan> plans;
  std::vector<service::AttemptOutcome> outcomes;
  std::map<std::int64_t, std::size_t> by_job;  // job id -> index
};

Runner::BatchRecords SendBatch(std::span<const service::jobs::Job> jobs, const Runner::Held& held,
                               JobEnv& env, const std::string& worker) {
  Runner::BatchRecords out;
  std::vector<const service::jobs::Job*> mine;
  std::vector<std::int64_t> ids;
  for (const auto& job : jobs) {
    if (!held(job)) continue;
    if (!job.payload.contains("delivery_id") || !job.payload["delivery_id"].is_number()) {
      out.jobs.push_back({&job,
                          Error{ErrorCode::kInternal,
                                "a delivery job without its delivery",
                                {},
                                0,
                                job.payload.dump()},
                          {}});
      continue;
    }
    mine.push_back(&job);
    ids.push_back(job.payload["delivery_id"].get<std::int64_t>());
  }
  if (mine.empty()) return out;
  auto plans = service::BeginAttempts(env.db, ids, worker, Now(), &env.secrets);
  if (!plans.ok()) {
    for (const auto* job : mine) out.jobs.push_back({job, plans.error(), {}});
    return out;
  }
  auto state = std::make_shared<BatchState>();
  state->plans.reserve(mine.size());
  state->outcomes.resize(mine.size());
  for (std::size_t k = 0; k < mine.size(); ++k) {
    const auto& job = *mine[k];
    Result<service::SendPlan>& plan = (*plans)[k];
    if (!plan.ok()) {
      state->plans.emplace_back();
      out.jobs.push_back({&job, plan.error(), {}});
      continue;
    }
    const std::size_t i = state->plans.size();
    state->plans.push_back(std::move(*plan));
    service::SendPlan& p = state->plans[i];
    if (p.step == service::SendPlan::Step::kSend) {
      // Its lease lost meanwhile: not sent here (its attempt stays `sending`).
      if (!held(job)) continue;
      if (!p.channel) {
        // Sealed under a key this server does not have: an administrator must
        // enter the secrets again; retrying cannot help until then.
        state->outcomes[i].answer = p.channel_error;
      } else {
        state->outcomes[i] = SendDelivery(*p.channel, p.delivery, Now());
      }
    }
    state->by_job[job.id] = i;
    out.jobs.push_back(
        {&job, Status{}, [state, i](store::Transaction& tx, const service::jobs::Job&) -> Status {
           const service::SendPlan& p = state->plans[i];
           switch (p.step) {
             case service::SendPlan::Step::kSkip:
               return Status{};
             case service::SendPlan::Step::kDefer:
               return service::DeferDelivery(tx, p, Now());
             case service::SendPlan::Step::kSend:
               break;
           }
           return service::FinishAttempt(tx, p, state->outcomes[i], Now());
         }});
  }
  out.all = [state](store::Transaction& tx,
                    const std::vector<const service::jobs::Job*>& held) -> Status {
    const Instant now = Now();
    std::vector<service::FinishedAttempt> finished;
    for (const auto* job : held) {
      const std::size_t i = state->by_job.at(job->id);
      const service::SendPlan& p = state->plans[i];
      if (p.step == service::SendPlan::Step::kDefer) {
        AFTERCARE_RETURN_IF_ERROR(service::DeferDelivery(tx, p, now));
      } else if (p.step == service::SendPlan::Step::kSend) {
        finished.push_back({&p, state->outcomes[i]});
      }
    }
    return service::FinishAttempts(tx, finished, now);
  };
  return out;
}

}  // namespace

void RegisterDeliveriesJobs(Runner& runner, JobEnv& env) {
  runner.RegisterOutsideBatch(
      std::string(service::kDeliveryJob),
      [&env, &runner](std::span<const service::jobs::Job> jobs, const Runner::Held& held) {
        return SendBatch(jobs, held, env, runner.worker_id());
      });
}

}  // namespace aftercare::jobs
