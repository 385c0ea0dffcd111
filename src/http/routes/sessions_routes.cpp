// Sessions and API tokens (SEC-1): log in and out, the logged-in user, tokens.
#include "core/text.h"
#include "http/json_body.h"
#include "http/login_throttle.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/session_cache.h"
#include "http/views/account_views.h"
#include "service/accounts/accounts.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

bool SecureRequest(const ApiRequest& req) {
  return AsciiLower(req.header("X-Forwarded-Proto")) == "https" ||
         AsciiLower(req.header("Forwarded")).find("proto=https") != std::string::npos;
}

// The session cookie; Secure when the client reached us over HTTPS (a proxy says so).
std::string SessionCookie(bool secure, const std::string& value, Seconds max_age) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (secure ? "; Secure" : "");
}

Reply Login(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  std::string login = b.Str("login"), password = b.Str("password");
  AFTERCARE_BODY_OK(c, b);
  if (std::int64_t wait = env.login_throttle.Admit(c.client); wait > 0) {
    Reply r = c.ErrorReply(429, "too_many_requests",
                           "too many failed logins from this address; try again later", "");
    r.headers.emplace_back("Retry-After", std::to_string(wait));
    return r;
  }
  // The password hashing runs on the server's slow pool, not on this thread.
  c.slow = [&env, out = static_cast<Responder>(c), secure = SecureRequest(c.req), ctx = c.ctx,
            client = c.client, login, password](std::chrono::milliseconds& delay) {
    auto session = service::Login(env.db, ctx, login, password);
    const bool failed = !session.ok() && session.error().code == ErrorCode::kUnauthorized;
    env.login_throttle.Done(client, failed);
    if (!session.ok()) {
      // Slows guessing down; the server waits on a timer, not a thread.
      if (failed) delay = std::chrono::milliseconds(service::kFailedLoginDelayMs);
      return out.Fail(session.error());
    }
    Reply r = out.Json({{"user", views::View(session->user)},
                        {"expires_at", FormatRfc3339(session->expires_at, DefaultZone())}});
    r.headers.emplace_back("Set-Cookie",
                           SessionCookie(secure, session->token, service::kSessionLifetime));
    return r;
  };
  return Reply{};
}

json TokenSchema() {
  return s::Record(
      {{"id", s::Int()}, {"name", s::Str()}, {"created_at", s::Time()}, {"expires_at", s::Time()}});
}

}  // namespace

void RegisterSessionsRoutes(Router& router, ApiEnv& env) {
  using service::roles::kEveryone;
  router.Add(
      {.method = Method::kPost,
       .path = "/api/v1/session",
       .summary = "log in: sets the session cookie (failures are throttled per account "
                  "and per client address: 429 with Retry-After)",
       .is_public = true,
       .request = s::Object({{"login", s::Str()}, {"password", s::Str()}}, {"login", "password"}),
       .response = s::Record({{"user", s::Ref("User")}, {"expires_at", s::Time()}}),
       .handler = [&env](Call& c) { return Login(c, env); }});
  router.Add({.method = Method::kDelete,
              .path = "/api/v1/session",
              .summary = "log out",
              .roles = kEveryone,
              .response = s::Record({{"logged_out", s::Bool()}}),
              .handler = [&env](Call& c) {
                env.sessions.ForgetToken(c.token);
                Status st = service::Logout(env.db, c.ctx, c.token);
                if (!st.ok()) return c.Fail(st.error());
                Reply r = c.Json({{"logged_out", true}});
                r.headers.emplace_back("Set-Cookie", SessionCookie(SecureRequest(c.req), "", 0));
                return r;
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/me",
              .summary = "the logged-in user",
              .roles = kEveryone,
              .response = s::Ref("User"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetMe(env.db, c.ctx),
                                [](const auto& u) { return views::View(u); });
              }});
  router.Add(
      {.method = Method::kPost,
       .path = "/api/v1/tokens",
       .summary = "create an API token (shown once): name, expires_in_days (1-365, default 365)",
       .roles = kEveryone,
       .request = s::Object({{"name", s::Str()}, {"expires_in_days", s::Int()}}, {"name"}),
       .response = s::Record({{"id", s::Int()}, {"token", s::Str()}, {"expires_at", s::Time()}}),
       .status = 201,
       .handler = [&env](Call& c) {
         JsonBody b(c.req.body());
         std::string name = b.Str("name");
         std::optional<int> days = b.OptInt32("expires_in_days");
         AFTERCARE_BODY_OK(c, b);
         auto t =
             service::CreateApiToken(env.db, c.ctx, name, days.value_or(service::kMaxApiTokenDays));
         return c.Render(
             t,
             [](const service::Session& x) {
               return json{{"id", x.id},
                           {"token", x.token},
                           {"expires_at", FormatRfc3339(x.expires_at, DefaultZone())}};
             },
             201);
       }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/tokens",
              .summary = "the logged-in user's API tokens (not the secrets)",
              .roles = kEveryone,
              .response = s::Items(TokenSchema()),
              .handler = [&env](Call& c) {
                return c.Render(service::ListApiTokens(env.db, c.ctx), [](const auto& list) {
                  json items = json::array();
                  for (const auto& t : list) {
                    items.push_back({{"id", t.id},
                                     {"name", t.name},
                                     {"created_at", FormatRfc3339(t.created_at, DefaultZone())},
                                     {"expires_at", FormatRfc3339(t.expires_at, DefaultZone())}});
                  }
                  return json{{"items", items}};
                });
              }});
  router.Add({.method = Method::kDelete,
              .path = "/api/v1/tokens/{id}",
              .summary = "revoke one of the logged-in user's API tokens",
              .roles = kEveryone,
              .response = s::Record({{"revoked", s::Bool()}}),
              .handler = [&env](Call& c) {
                Status st = service::RevokeApiToken(env.db, c.ctx, c.ids[0]);
                if (st.ok()) env.sessions.ForgetUser(c.ctx.actor->user_id);
                return c.Done(st, {{"revoked", true}});
              }});
  router.AddSchema("User", views::UserSchema());
}

}  // namespace aftercare::http
