// Operations: liveness, Prometheus metrics, the OpenAPI document.
#include <sodium.h>

#include "http/routes/areas.h"
#include "http/schema.h"
#include "service/backups/backups.h"
#include "service/jobs/queue.h"
#include "store/migrations.h"

namespace aftercare::http {

namespace {

// /metrics: a client on this machine (not forwarded from elsewhere by a proxy),
// or one presenting the metrics token.
bool MetricsAllowed(const Call& c, const ApiEnv& env) {
  if (c.peer_loopback && (!env.behind_proxy || c.req.header("X-Forwarded-For").empty())) {
    return true;
  }
  std::string_view auth = c.req.header("Authorization");
  if (env.metrics_token.empty() || auth.rfind("Bearer ", 0) != 0) return false;
  std::string_view given = auth.substr(7);
  // Constant time: the token is a secret.
  return given.size() == env.metrics_token.size() &&
         sodium_memcmp(given.data(), env.metrics_token.data(), given.size()) == 0;
}

}  // namespace

void RegisterOpsRoutes(Router& router, ApiEnv& env) {
  namespace s = schema;
  router.Add({.method = Method::kGet,
              .path = "/healthz",
              .summary = "liveness and database check (reads only)",
              .is_public = true,
              .response = s::Record({{"status", s::Enum({"ok"})}, {"schema_version", s::Int()}}),
              .handler = [&env](Call& c) {
                auto version = store::CurrentSchemaVersion(env.db);
                if (!version.ok()) return c.Fail(version.error());
                return c.Json({{"status", "ok"}, {"schema_version", *version}});
              }});
  router.Add(
      {.method = Method::kGet,
       .path = "/metrics",
       .summary = "Prometheus metrics (from this machine, or with the metrics token as a bearer "
                  "token)",
       .is_public = true,
       .response_type = "text/plain",
       .handler = [&env](Call& c) {
         if (!MetricsAllowed(c, env)) {
           return c.ErrorReply(403, "forbidden",
                               "metrics are for this machine or the metrics token", "");
         }
         const ApiMetrics& m = env.metrics;
         std::string text = "# TYPE aftercare_http_requests_total counter\n";
         for (int i = 1; i <= 5; ++i) {
           text += "aftercare_http_requests_total{class=\"" + std::to_string(i) + "xx\"} " +
                   std::to_string(m.requests[i].load()) + "\n";
         }
         text +=
             "# TYPE aftercare_http_request_seconds_sum counter\n"
             "aftercare_http_request_seconds_sum " +
             std::to_string(static_cast<double>(m.micros.load()) / 1e6) + "\n";
         text +=
             "# TYPE aftercare_tickets_created_total counter\naftercare_tickets_created_total " +
             std::to_string(m.tickets_created.load()) + "\n";
         // The background queue (issue 12): what waits, what died, how late the
         // oldest due job is (a stalled runner shows here).
         if (auto q = service::jobs::Stats(env.db); q.ok()) {
           const Seconds lag = q->oldest_due ? std::max<Seconds>(0, c.ctx.now - *q->oldest_due) : 0;
           text += "# TYPE aftercare_jobs gauge\n";
           for (auto [state, n] : {std::pair{"pending", q->pending},
                                   std::pair{"running", q->running}, std::pair{"dead", q->dead}}) {
             text +=
                 "aftercare_jobs{state=\"" + std::string(state) + "\"} " + std::to_string(n) + "\n";
           }
           text +=
               "# TYPE aftercare_jobs_oldest_due_seconds gauge\n"
               "aftercare_jobs_oldest_due_seconds " +
               std::to_string(lag) + "\n";
         }
         // The server's backups (SEC-2): the last good one (0: none yet), failures.
         if (auto b = service::backups::GetMetrics(env.db); b.ok()) {
           text +=
               "# TYPE aftercare_backup_last_success_timestamp_seconds gauge\n"
               "aftercare_backup_last_success_timestamp_seconds " +
               std::to_string(b->last_success ? b->last_success->unix : 0) +
               "\n# TYPE aftercare_backup_last_success_size_bytes gauge\n"
               "aftercare_backup_last_success_size_bytes " +
               std::to_string(b->last_success_size) +
               "\n# TYPE aftercare_backups_failed_total counter\n"
               "aftercare_backups_failed_total " +
               std::to_string(b->failed) + "\n";
         }
         Reply r;
         r.content_type = "text/plain; version=0.0.4";
         r.body = std::move(text);
         return r;
       }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/openapi.json",
              .summary = "this document",
              .is_public = true,
              .response = s::FreeObject(),
              .handler = [&router](Call& c) { return c.Json(router.OpenApiDocument()); }});
}

}  // namespace aftercare::http
