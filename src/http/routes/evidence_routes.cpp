// Evidence (issue 13 points 2-4; CON-2, CON-3, CON-4): the server's public key that
// signs the audit chain and the bundles, a contract's evidence bundle for Party A
// and the manager, and Party A's page of who read its data.
#include "http/routes/areas.h"
#include "http/routes/file_reply.h"
#include "http/schema.h"
#include "service/audit/audit.h"
#include "service/evidence/evidence.h"
#include "service/roles.h"

namespace aftercare::http {
namespace {

using nlohmann::json;
namespace s = schema;

Reply Bundle(Call& c, ApiEnv& env) {
  auto as_of = c.QueryTime("as_of");
  if (!as_of.ok()) return c.Fail(as_of.error(), true);
  c.slow = [out = static_cast<Responder>(c), &env, ctx = c.ctx, id = c.ids[0],
            when = *as_of](std::chrono::milliseconds&) {
    return ReplyWithFile(
        out, "aftercare-evidence", "the evidence bundle could not be written",
        [&](const std::string& path) -> Result<Reply> {
          AFTERCARE_ASSIGN_OR_RETURN(auto summary, service::WriteEvidenceBundle(
                                                       env.db, ctx, env.evidence, id, when, path));
          const std::string name = summary.contract_number + "-" +
                                   FormatDate(DefaultZone().LocalDateOf(when.value_or(ctx.now))) +
                                   ".tar";
          Reply r;
          r.content_type = "application/x-tar";
          r.headers.emplace_back("Content-Disposition",
                                 AttachmentDisposition("evidence-" + name, "履约证据-" + name));
          r.headers.emplace_back("X-Evidence-Head", std::to_string(summary.head_seq));
          return r;
        });
  };
  return Reply{};
}

json AccessView(const service::AccessEntry& e) {
  return {{"id", e.id},
          {"at", FormatRfc3339(e.at, DefaultZone())},
          {"actor_name", e.actor_name},
          {"actor_role", e.actor_role},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"what", e.what}};
}

}  // namespace

void RegisterEvidenceRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add(
      {.method = Method::kGet,
       .path = "/api/v1/evidence/key",
       .summary = "the server's Ed25519 public key (hex) that signs the audit chain's "
                  "heads and the evidence bundles: Party A records it once",
       .roles = kEveryone,
       .response = s::Record({{"public_key", s::Str()}, {"algorithm", s::Str()}}),
       .handler = [&env](Call& c) {
         return c.Json({{"public_key", env.evidence.public_key_hex()}, {"algorithm", "Ed25519"}});
       }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/contracts/{id}/evidence",
              .summary = "the contract's evidence bundle (tar): the scenario, its replay, the "
                         "audit entries behind every ticket event, notice and waiver with the "
                         "chain to a signed head, and a README; check it with `aftercare "
                         "evidence verify` (Party A, managers; a manager's download is audited)",
              .roles = kEvidenceParties,
              .query = {{"as_of", "date-time", "the scenario as of this time (default now)"}},
              .response_type = "application/x-tar",
              .handler = [&env](Call& c) { return Bundle(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/customers/{id}/access-log",
              .summary = "who of the vendor read or exported the customer's data, and when "
                         "(CON-4), newest first: Party A their own, managers and administrators "
                         "any",
              .roles = kAccessLogReaders,
              .query = {{"before_id", "integer", "entries older than this id (the next page)"},
                        {"limit", "integer", "1 to 500 (default 50)"}},
              .response = s::Items(s::Record({{"id", s::Int()},
                                              {"at", s::Time()},
                                              {"actor_name", s::Str()},
                                              {"actor_role", s::Str()},
                                              {"action", s::Str()},
                                              {"entity", s::Str()},
                                              {"entity_id", s::Str()},
                                              {"what", s::Any()}})),
              .handler = [&env](Call& c) {
                service::AccessFilter f{c.ids[0], std::nullopt, 50};
                auto before = c.QueryInt("before_id");
                auto limit = c.QueryInt("limit");
                if (!before.ok()) return c.Fail(before.error(), true);
                if (!limit.ok()) return c.Fail(limit.error(), true);
                f.before_id = *before;
                if (*limit) f.limit = static_cast<int>(**limit);
                auto entries = service::QueryAccessLog(env.db, c.ctx, f);
                if (!entries.ok()) return c.Fail(entries.error());
                json items = json::array();
                for (const auto& e : *entries) items.push_back(AccessView(e));
                return c.Json({{"items", items}});
              }});
}

}  // namespace aftercare::http
