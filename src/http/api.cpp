#include "http/api.h"

#include <algorithm>
#include <atomic>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <unordered_map>

#include "core/text.h"
#include "http/change_feed.h"
#include "http/json_body.h"
#include "http/login_throttle.h"
#include "http/messages_zh.h"
#include "http/static_files.h"
#include "http/views.h"
#include "service/accounts.h"
#include "service/analytics.h"
#include "service/attachments.h"
#include "service/audit.h"
#include "service/contracts.h"
#include "service/customers.h"
#include "service/holidays.h"
#include "service/policies.h"
#include "service/teams.h"
#include "service/tickets.h"
#include "store/migrations.h"

namespace aftercare::http {
namespace {

namespace bhttp = boost::beast::http;
using nlohmann::json;

constexpr const char* kCookie = "aftercare_session";
constexpr auto kStreamRecheck = std::chrono::seconds(2);

struct Call {
  Request& req;
  Exchange& x;
  const std::string& request_id;
  service::Context ctx;
  std::vector<std::int64_t> ids;             // the {id} segments of the path
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string token;                         // the session or API token presented
  bool cookie_auth = false;                  // the token came in the session cookie
  std::string client;                        // the client's address (see ClientAddress)
};

Response Reply(const Call& c, bhttp::status status, const json& body) {
  Response res{status, c.req.version()};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.set("X-Request-Id", c.request_id);
  res.set("X-Content-Type-Options", "nosniff");
  res.set(bhttp::field::cache_control, "no-store");
  // Inputs are checked to be UTF-8, but a view must never throw after its
  // transaction committed: anything else that slipped into storage is replaced.
  res.body() = body.dump(-1, ' ', false, json::error_handler_t::replace);
  res.prepare_payload();
  return res;
}

std::string_view CodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid_input";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kRetry:
      return "busy";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kIo:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

// The one error shape. The message is in the client's language (Accept-Language:
// Chinese or English, see messages_zh.h); code and field never change.
Response ErrorReply(const Call& c, bhttp::status status, std::string_view code,
                    const std::string& message, const std::string& field) {
  LocalizedMessage m = LocalizeMessage(c.req[bhttp::field::accept_language], message);
  Response res = Reply(c, status,
                       {{"error",
                         {{"code", code},
                          {"message", m.text},
                          {"field", field.empty() ? json(nullptr) : json(field)},
                          {"request_id", c.request_id}}}});
  res.set(bhttp::field::content_language, m.language);
  res.set(bhttp::field::vary, "Accept-Language");
  return res;
}

Response Fail(const Call& c, const Error& e, bool malformed_request = false) {
  bhttp::status status = bhttp::status::internal_server_error;
  switch (e.code) {
    case ErrorCode::kInvalidInput:
      status = malformed_request ? bhttp::status::bad_request : bhttp::status::unprocessable_entity;
      break;
    case ErrorCode::kNotFound:
      status = bhttp::status::not_found;
      break;
    case ErrorCode::kConflict:
      status = bhttp::status::conflict;
      break;
    case ErrorCode::kUnauthorized:
      status = bhttp::status::unauthorized;
      break;
    case ErrorCode::kForbidden:
      status = bhttp::status::forbidden;
      break;
    case ErrorCode::kRetry:
    case ErrorCode::kIo:
      status = bhttp::status::service_unavailable;
      break;
    case ErrorCode::kInternal:
      status = bhttp::status::internal_server_error;
      break;
  }
  std::string message = e.message;
  if (e.code == ErrorCode::kInternal) message = "internal error; quote the request id";
  if (!e.detail.empty() || e.code == ErrorCode::kInternal) {
    std::fprintf(stderr, "aftercare: request %s: %s: %s\n", c.request_id.c_str(), e.message.c_str(),
                 e.detail.c_str());
  }
  return ErrorReply(c, status, malformed_request ? "bad_request" : CodeName(e.code), message,
                    e.field);
}

// Renders a service result, or its error.
template <typename T, typename F>
Response Render(const Call& c, const Result<T>& r, F view,
                bhttp::status status = bhttp::status::ok) {
  if (!r.ok()) return Fail(c, r.error());
  return Reply(c, status, view(*r));
}

// For a body problem: 400 naming the field.
#define AFTERCARE_BODY_OK(call, body)                            \
  if (const auto& body_error_ = (body).Finish(); body_error_) {  \
    return Fail(call, *body_error_, /*malformed_request=*/true); \
  }

std::optional<std::int64_t> QueryInt(const Call& c, const std::string& key, std::string& bad) {
  auto it = c.query.find(key);
  if (it == c.query.end() || it->second.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    long long v = std::stoll(it->second, &used);
    if (used == it->second.size()) return v;
  } catch (const std::exception&) {
  }
  bad = key;
  return std::nullopt;
}

std::optional<std::string> QueryStr(const Call& c, const std::string& key) {
  auto it = c.query.find(key);
  if (it == c.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

// An RFC 3339 time in the query (nullopt when absent); errors name the parameter.
Result<std::optional<Instant>> QueryTime(const Call& c, const std::string& key) {
  auto s = QueryStr(c, key);
  if (!s) return std::optional<Instant>();
  auto t = ParseRfc3339(*s);
  if (!t.ok()) return Error::Invalid(key + ": " + t.error().message, 0, key);
  if (!InServiceRange(*t))
    return Error::Invalid(key + " must fall in the years 2000 to 2100", 0, key);
  return std::optional<Instant>(*t);
}

// The role a body names in its "role" field.
Result<service::Role> RoleField(const std::string& name) {
  if (auto r = service::ParseRole(name)) return *r;
  return Error::Invalid("role must be agent, engineer, team_leader, manager, party_a or admin", 0,
                        "role");
}

struct Route {
  bhttp::verb method;
  std::string pattern;  // segments; "{id}" matches a positive integer
  std::string summary;
  bool public_route = false;
  std::function<Response(Call&)> handler;
  bool raw_body = false;              // the body is a file, not JSON (attachments)
  std::vector<std::string> segments;  // the pattern split at '/'
};

constexpr std::size_t kMaxQueryValue = 1000;       // bytes of one query parameter
constexpr std::size_t kMaxJsonBody = 1024 * 1024;  // bytes of a JSON request body

bool SafeMethod(bhttp::verb m) {
  return m == bhttp::verb::get || m == bhttp::verb::head || m == bhttp::verb::options;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// The media type of a Content-Type value, lower case, without parameters.
std::string MediaType(std::string_view content_type) {
  std::string_view t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  return Lower(t);
}

// A write from another site's page (CSRF): the browser names the page's origin,
// and it is not this server's. Requests without an Origin (API clients, older
// browsers on same-origin GETs) pass; SameSite=Strict covers the rest.
bool ForeignOrigin(const Request& req, bool behind_proxy) {
  std::string_view fetch_site = req["Sec-Fetch-Site"];
  if (fetch_site == "cross-site" || fetch_site == "same-site") return true;
  std::string_view origin = req[bhttp::field::origin];
  if (origin.empty()) return false;
  std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return true;  // "null" and worse
  std::string authority = Lower(origin.substr(scheme_end + 3));
  if (Lower(req[bhttp::field::host]) == authority) return false;
  return !(behind_proxy && Lower(req["X-Forwarded-Host"]) == authority);
}

bool SecureRequest(const Request& req) {
  return Lower(req["X-Forwarded-Proto"]) == "https" ||
         Lower(req[bhttp::field::forwarded]).find("proto=https") != std::string::npos;
}

// The query parameters each route reads; any other is refused (400), so that a
// misspelt filter never silently answers with everything. Also documented.
const std::map<std::string, std::vector<std::string>>& QueryParams() {
  static const std::map<std::string, std::vector<std::string>> kParams = {
      {"GET /api/v1/tickets",
       {"status", "customer_id", "system_id", "assignee_id", "priority", "received_from",
        "received_to", "q", "sla", "queue", "leftover", "unassigned", "cursor", "limit"}},
      {"GET /api/v1/audit", {"entity", "entity_id", "action", "actor_id", "cursor", "limit"}},
      {"GET /api/v1/contracts/{id}/scenario", {"as_of"}},
      {"GET /api/v1/customers/{id}/archive", {"cursor"}},
      {"GET /api/v1/teams/{id}/roster", {"from", "to"}},
      {"GET /api/v1/analytics/response", {"from", "to", "customer_id"}},
      {"POST /api/v1/tickets/{id}/attachments", {"name"}},
  };
  return kParams;
}

std::string RouteKey(bhttp::verb method, const std::string& pattern) {
  return std::string(bhttp::to_string(method)) + " " + pattern;
}

struct Metrics {
  std::atomic<std::uint64_t> requests[6] = {};  // by status class 1xx..5xx (index 1..5)
  std::atomic<std::uint64_t> micros{0};
  std::atomic<std::uint64_t> tickets_created{0};
};

}  // namespace

struct Api::Impl {
  store::Database& db;
  std::string attachments_dir;
  StaticFiles web;
  ChangeFeed feed;
  std::vector<Route> routes;
  Metrics metrics;
  std::string metrics_token;
  bool behind_proxy = false;
  LoginThrottle login_throttle;

  // Authenticated tokens, remembered for a few seconds so that a busy client does
  // not cost a database read per request. Logout evicts at once in this process;
  // another server process may honour a revoked token for at most kAuthCacheTtl.
  static constexpr auto kAuthCacheTtl = std::chrono::seconds(5);
  std::mutex auth_mu;
  std::unordered_map<std::string, std::pair<service::Actor, std::chrono::steady_clock::time_point>>
      auth_cache;

  Result<service::Actor> CachedAuthenticate(const std::string& token, Instant now) {
    auto t = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(auth_mu);
      if (auto it = auth_cache.find(token); it != auth_cache.end() && it->second.second > t) {
        return it->second.first;
      }
    }
    auto actor = service::Authenticate(db, now, token);
    if (actor.ok()) {
      std::lock_guard lock(auth_mu);
      if (auth_cache.size() > 10000) auth_cache.clear();
      auth_cache[token] = {*actor, t + kAuthCacheTtl};
    }
    return actor;
  }
  void ForgetToken(const std::string& token) {
    std::lock_guard lock(auth_mu);
    auth_cache.erase(token);
  }
  // After a change to an account: its cached sessions are read again.
  void ForgetUser(std::int64_t user_id) {
    std::lock_guard lock(auth_mu);
    std::erase_if(auth_cache, [&](const auto& e) { return e.second.first.user_id == user_id; });
  }

  Impl(store::Database& d, ApiOptions options)
      : db(d),
        attachments_dir(std::move(options.attachments_dir)),
        web(options.web_root),
        feed(d),
        metrics_token(std::move(options.metrics_token)),
        behind_proxy(options.behind_proxy) {
    Register();
    // Path patterns are split once here, not on every request.
    for (Route& r : routes) {
      for (std::size_t start = 1; start <= r.pattern.size();) {
        std::size_t end = r.pattern.find('/', start);
        if (end == std::string::npos) end = r.pattern.size();
        r.segments.push_back(r.pattern.substr(start, end - start));
        start = end + 1;
      }
    }
  }

  void Add(bhttp::verb m, std::string pattern, std::string summary,
           std::function<Response(Call&)> h, bool is_public = false) {
    routes.push_back(
        {m, std::move(pattern), std::move(summary), is_public, std::move(h), false, {}});
  }

  json OpenApi() const {
    json paths = json::object();
    for (const Route& r : routes) {
      std::string path = r.pattern;
      json op = {{"summary", r.summary},
                 {"responses",
                  {{"200", {{"description", "OK"}}},
                   {"default", {{"description", "error: {\"error\": {code, message, field}}"}}}}}};
      if (!r.public_route)
        op["security"] = json::array({{{"session", json::array()}}, {{"token", json::array()}}});
      json params = json::array();
      // Path parameters need distinct names: {id}, {id2}, ...
      int n = 0;
      for (std::size_t at = path.find("{id}"); at != std::string::npos;
           at = path.find("{id}", at + 1)) {
        std::string name = ++n == 1 ? "id" : "id" + std::to_string(n);
        path.replace(at, 4, "{" + name + "}");
        params.push_back({{"name", name},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "integer"}}}});
      }
      if (auto q = QueryParams().find(RouteKey(r.method, r.pattern)); q != QueryParams().end()) {
        for (const std::string& name : q->second) {
          params.push_back({{"name", name}, {"in", "query"}, {"schema", {{"type", "string"}}}});
        }
      }
      if (!params.empty()) op["parameters"] = params;
      std::string method(bhttp::to_string(r.method));
      for (auto& ch : method) ch = static_cast<char>(std::tolower(ch));
      paths[path][method] = op;
    }
    // Every string field of a request body is bounded (issue 10): by name here,
    // kDefaultMaxChars for any other.
    json limits = json::object();
    for (const FieldLimit& f : FieldLimits()) {
      limits[std::string(f.field)] = {{"type", "string"}, {"maxLength", f.max_chars}};
    }
    return {{"openapi", "3.0.3"},
            {"info", {{"title", "aftercare API"}, {"version", "1"}}},
            {"components",
             {{"securitySchemes",
               {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kCookie}}},
                {"token", {{"type", "http"}, {"scheme", "bearer"}}}}},
              {"schemas",
               {{"FieldLimits",
                 {{"type", "object"},
                  {"description",
                   "the longest value, in characters, of each string field of a request body; "
                   "any other string field holds at most " +
                       std::to_string(kDefaultMaxChars) +
                       "; bodies are JSON (Content-Type: application/json) of at most 1 MiB, "
                       "nested at most " +
                       std::to_string(kMaxJsonDepth) + " levels"},
                  {"properties", limits}}}}}}},
            {"paths", paths}};
  }

  void Register();

  // /metrics: loopback (not forwarded from elsewhere by a proxy), or the token.
  bool MetricsAllowed(const Call& c) const {
    if (c.x.peer_loopback && (!behind_proxy || c.req["X-Forwarded-For"].empty())) return true;
    std::string_view auth = c.req[bhttp::field::authorization];
    if (metrics_token.empty() || auth.rfind("Bearer ", 0) != 0) return false;
    std::string_view given = auth.substr(7);
    if (given.size() != metrics_token.size()) return false;
    unsigned char diff = 0;  // constant time: the token is a secret
    for (std::size_t i = 0; i < given.size(); ++i) diff |= given[i] ^ metrics_token[i];
    return diff == 0;
  }

  // The session cookie; Secure when the client reached us over HTTPS (a proxy says so).
  std::string SessionCookie(const Call& c, const std::string& value, Seconds max_age) const {
    return std::string(kCookie) + "=" + value +
           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
           (SecureRequest(c.req) ? "; Secure" : "");
  }

  // The client's address for throttling: the socket's peer, or behind a proxy on
  // this machine the last address the proxy appended to X-Forwarded-For.
  std::string ClientAddress(const Request& req, const Exchange& x) const {
    if (behind_proxy && x.peer_loopback) {
      std::string_view xff = req["X-Forwarded-For"];
      if (!xff.empty()) {
        std::string_view last =
            xff.substr(xff.rfind(',') == std::string_view::npos ? 0 : xff.rfind(',') + 1);
        while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
        if (!last.empty() && last.size() <= 64) return std::string(last);
      }
    }
    return x.peer;
  }

  // Finds the route for the path; nullptr with `path_matched` when only the method
  // differs. Fills the path's ids.
  const Route* Match(bhttp::verb method, const std::vector<std::string>& segments,
                     std::vector<std::int64_t>& ids, bool& path_matched) const {
    for (const Route& r : routes) {
      if (r.segments.size() != segments.size()) continue;
      std::vector<std::int64_t> found;
      bool ok = true;
      for (std::size_t i = 0; i < r.segments.size() && ok; ++i) {
        if (r.segments[i] == "{id}") {
          const std::string& seg = segments[i];
          ok = !seg.empty() && seg.size() <= 18 &&
               seg.find_first_not_of("0123456789") == std::string::npos;
          if (ok) found.push_back(std::stoll(seg));
        } else {
          ok = r.segments[i] == segments[i];
        }
      }
      if (!ok) continue;
      path_matched = true;
      if (r.method == method) {
        ids = std::move(found);
        return &r;
      }
    }
    return nullptr;
  }

  // Checks every request gets before its handler: the query's names and values, the
  // body's type and size, the origin of a write, and the session.
  std::optional<Response> Admit(Call& call, const Route& route) {
    Request& req = call.req;
    auto allowed = QueryParams().find(RouteKey(route.method, route.pattern));
    for (const auto& [key, value] : call.query) {
      bool known =
          allowed != QueryParams().end() &&
          std::find(allowed->second.begin(), allowed->second.end(), key) != allowed->second.end();
      if (!known) {
        return Fail(call, Error::Invalid("unknown query parameter " + key, 0, key), true);
      }
      if (value.size() > kMaxQueryValue) {
        return Fail(
            call,
            Error::Invalid(key + " is longer than " + std::to_string(kMaxQueryValue) + " bytes", 0,
                           key),
            true);
      }
    }
    if (!req.body().empty() && !route.raw_body) {
      if (MediaType(req[bhttp::field::content_type]) != "application/json") {
        return ErrorReply(call, bhttp::status::unsupported_media_type, "unsupported_media_type",
                          "the body must be JSON, sent as Content-Type: application/json",
                          "Content-Type");
      }
      if (req.body().size() > kMaxJsonBody) {
        return ErrorReply(call, bhttp::status::payload_too_large, "too_large",
                          "the request body is larger than the limit", "");
      }
    }
    if (!SafeMethod(route.method) && ForeignOrigin(req, behind_proxy)) {
      return ErrorReply(call, bhttp::status::forbidden, "forbidden",
                        "a request from another site's page is refused", "Origin");
    }
    if (route.public_route) return std::nullopt;
    std::string auth(req[bhttp::field::authorization]);
    if (auth.rfind("Bearer ", 0) == 0) call.token = auth.substr(7);
    if (call.token.empty()) {
      std::string cookies(req[bhttp::field::cookie]);
      std::string key = std::string(kCookie) + "=";
      for (std::size_t p = 0; (p = cookies.find(key, p)) != std::string::npos; p += key.size()) {
        if (p == 0 || cookies[p - 1] == ' ' || cookies[p - 1] == ';') {
          std::size_t end = cookies.find(';', p);
          call.token = cookies.substr(
              p + key.size(), end == std::string::npos ? std::string::npos : end - p - key.size());
          call.cookie_auth = true;
          break;
        }
      }
    }
    auto actor = CachedAuthenticate(call.token, call.ctx.now);
    if (!actor.ok()) return Fail(call, actor.error());
    call.ctx.actor = *actor;
    return std::nullopt;
  }

  Response Dispatch(Request& req, Exchange& x) {
    auto url = boost::urls::parse_origin_form(req.target());
    Call call{req, x, x.request_id, {}, {}, {}, {}, false, ClientAddress(req, x)};
    call.ctx.request_id = x.request_id;
    call.ctx.now = Now();
    if (!url) {
      return Fail(call, Error::Invalid("malformed request target"), true);
    }
    for (auto p : url->params()) {
      // Every value ends up in JSON (errors, audit entries, stored names): only text.
      if (!IsValidUtf8(p.key)) {
        return Fail(call, Error::Invalid("a query parameter's name is not valid UTF-8 text"), true);
      }
      if (!IsValidUtf8(p.value)) {
        return Fail(
            call,
            Error::Invalid("the query parameter " + std::string(p.key) + " is not valid UTF-8 text",
                           0, p.key),
            true);
      }
      call.query[p.key] = p.value;
    }
    std::vector<std::string> segments;
    for (auto seg : url->segments()) segments.push_back(seg);

    bool path_matched = false;
    const Route* match = Match(req.method(), segments, call.ids, path_matched);
    if (!match) {
      if (path_matched) {
        return ErrorReply(call, bhttp::status::method_not_allowed, "method_not_allowed",
                          "this path does not accept " + std::string(req.method_string()), "");
      }
      return Fail(call, Error{ErrorCode::kNotFound, "no such resource", {}, 0, {}});
    }
    if (auto refused = Admit(call, *match)) return std::move(*refused);
    return match->handler(call);
  }
};

void Api::Impl::Register() {
  using V = bhttp::verb;
  Add(
      V::get, "/healthz", "liveness and database check",
      [this](Call& c) {
        auto version = store::SchemaVersion(db);
        if (!version.ok()) return Fail(c, version.error());
        return Reply(c, bhttp::status::ok, {{"status", "ok"}, {"schema_version", *version}});
      },
      true);
  Add(
      V::get, "/metrics",
      "Prometheus metrics (from this machine, or with the metrics token as a bearer token)",
      [this](Call& c) {
        if (!MetricsAllowed(c)) {
          return ErrorReply(c, bhttp::status::forbidden, "forbidden",
                            "metrics are for this machine or the metrics token", "");
        }
        std::string text = "# TYPE aftercare_http_requests_total counter\n";
        for (int i = 1; i <= 5; ++i) {
          text += "aftercare_http_requests_total{class=\"" + std::to_string(i) + "xx\"} " +
                  std::to_string(metrics.requests[i].load()) + "\n";
        }
        text +=
            "# TYPE aftercare_http_request_seconds_sum "
            "counter\naftercare_http_request_seconds_sum " +
            std::to_string(static_cast<double>(metrics.micros.load()) / 1e6) + "\n";
        text += "# TYPE aftercare_tickets_created_total counter\naftercare_tickets_created_total " +
                std::to_string(metrics.tickets_created.load()) + "\n";
        Response res{bhttp::status::ok, c.req.version()};
        res.set(bhttp::field::content_type, "text/plain; version=0.0.4");
        res.body() = text;
        res.prepare_payload();
        return res;
      },
      true);
  Add(
      V::get, "/api/v1/openapi.json", "this document",
      [this](Call& c) { return Reply(c, bhttp::status::ok, OpenApi()); }, true);

  // Sessions and tokens (SEC-1).
  Add(
      V::post, "/api/v1/session",
      "log in: sets the session cookie (failures are throttled per account and per client "
      "address: 429 with Retry-After)",
      [this](Call& c) {
        JsonBody b(c.req.body());
        std::string login = b.Str("login"), password = b.Str("password");
        AFTERCARE_BODY_OK(c, b);
        if (std::int64_t wait = login_throttle.Admit(c.client); wait > 0) {
          Response res =
              ErrorReply(c, bhttp::status::too_many_requests, "too_many_requests",
                         "too many failed logins from this address; try again later", "");
          res.set(bhttp::field::retry_after, std::to_string(wait));
          return res;
        }
        // The password hashing runs on the server's slow pool, not on this thread.
        c.x.slow = [this, req = &c.req, ctx = c.ctx, client = c.client, login,
                    password](Exchange& x) {
          Call c{*req, x, x.request_id, ctx, {}, {}, {}, false, client};
          auto s = service::Login(db, c.ctx, login, password);
          login_throttle.Done(client, !s.ok() && s.error().code == ErrorCode::kUnauthorized);
          if (!s.ok()) {
            // Slows guessing down; the server waits on a timer, not a thread.
            if (s.error().code == ErrorCode::kUnauthorized)
              x.delay = std::chrono::milliseconds(service::kFailedLoginDelayMs);
            return Fail(c, s.error());
          }
          Response res = Reply(c, bhttp::status::ok,
                               {{"user", View(s->user)},
                                {"expires_at", FormatRfc3339(s->expires_at, DefaultZone())}});
          res.set(bhttp::field::set_cookie, SessionCookie(c, s->token, service::kSessionLifetime));
          return res;
        };
        return Response{};
      },
      true);
  Add(V::delete_, "/api/v1/session", "log out", [this](Call& c) {
    ForgetToken(c.token);
    Status s = service::Logout(db, c.ctx, c.token);
    if (!s.ok()) return Fail(c, s.error());
    Response res = Reply(c, bhttp::status::ok, {{"logged_out", true}});
    res.set(bhttp::field::set_cookie, SessionCookie(c, "", 0));
    return res;
  });
  Add(V::get, "/api/v1/me", "the logged-in user", [this](Call& c) {
    return Render(c, service::GetMe(db, c.ctx), [](const auto& u) { return View(u); });
  });
  Add(V::post, "/api/v1/tokens",
      "create an API token (shown once): name, expires_in_days (1-365, default 365)",
      [this](Call& c) {
        JsonBody b(c.req.body());
        std::string name = b.Str("name");
        std::optional<int> days = b.OptInt32("expires_in_days");
        AFTERCARE_BODY_OK(c, b);
        auto s = service::CreateApiToken(db, c.ctx, name, days.value_or(service::kMaxApiTokenDays));
        return Render(
            c, s,
            [](const service::Session& x) {
              return json{{"id", x.id},
                          {"token", x.token},
                          {"expires_at", FormatRfc3339(x.expires_at, DefaultZone())}};
            },
            bhttp::status::created);
      });
  Add(V::get, "/api/v1/tokens", "the logged-in user's API tokens (not the secrets)",
      [this](Call& c) {
        return Render(c, service::ListApiTokens(db, c.ctx), [](const auto& list) {
          json items = json::array();
          for (const auto& t : list) {
            items.push_back({{"id", t.id},
                             {"name", t.name},
                             {"created_at", FormatRfc3339(t.created_at, DefaultZone())},
                             {"expires_at", FormatRfc3339(t.expires_at, DefaultZone())}});
          }
          return json{{"items", items}};
        });
      });
  Add(V::delete_, "/api/v1/tokens/{id}", "revoke one of the logged-in user's API tokens",
      [this](Call& c) {
        Status s = service::RevokeApiToken(db, c.ctx, c.ids[0]);
        if (!s.ok()) return Fail(c, s.error());
        ForgetUser(c.ctx.actor->user_id);  // its cached tokens are read again
        return Reply(c, bhttp::status::ok, {{"revoked", true}});
      });

  // Users (admin).
  Add(V::get, "/api/v1/users", "list users", [this](Call& c) {
    return Render(c, service::ListUsers(db, c.ctx), [](const auto& users) {
      json items = json::array();
      for (const auto& u : users) items.push_back(View(u));
      return json{{"items", items}};
    });
  });
  Add(V::post, "/api/v1/users", "create a user (administrators)", [this](Call& c) {
    JsonBody b(c.req.body());
    service::NewUser u;
    u.login = b.Str("login");
    u.display_name = b.Str("display_name");
    std::string role = b.Str("role");
    u.password = b.Str("password");
    u.customer_id = b.OptInt("customer_id");
    u.phone = b.OptStr("phone").value_or("");
    AFTERCARE_BODY_OK(c, b);
    auto r = RoleField(role);
    if (!r.ok()) return Fail(c, r.error());
    u.role = *r;
    return Render(
        c, service::CreateUser(db, c.ctx, u), [](const auto& x) { return View(x); },
        bhttp::status::created);
  });

  Add(V::patch, "/api/v1/users/{id}",
      "change a user (administrators): display_name, phone, role, customer_id, disabled, "
      "password",
      [this](Call& c) {
        JsonBody b(c.req.body());
        service::UserChange u;
        u.display_name = b.OptStr("display_name");
        u.phone = b.OptStr("phone");
        u.password = b.OptStr("password");
        u.customer_id = b.OptInt("customer_id");
        u.disabled = b.OptBool("disabled");
        auto role = b.OptStr("role");
        AFTERCARE_BODY_OK(c, b);
        if (role) {
          auto r = RoleField(*role);
          if (!r.ok()) return Fail(c, r.error());
          u.role = *r;
        }
        auto r = service::UpdateUser(db, c.ctx, c.ids[0], u);
        if (r.ok()) ForgetUser(c.ids[0]);
        return Render(c, r, [](const auto& x) { return View(x); });
      });

  // Customers and systems.
  Add(V::get, "/api/v1/customers", "list customers", [this](Call& c) {
    return Render(c, service::ListCustomers(db, c.ctx), [](const auto& list) {
      json items = json::array();
      for (const auto& x : list) items.push_back(View(x));
      return json{{"items", items}};
    });
  });
  Add(V::post, "/api/v1/customers", "create a customer", [this](Call& c) {
    JsonBody b(c.req.body());
    service::Customer x;
    x.name = b.Str("name");
    x.contact = b.OptStr("contact").value_or("");
    x.phone = b.OptStr("phone").value_or("");
    x.address = b.OptStr("address").value_or("");
    AFTERCARE_BODY_OK(c, b);
    return Render(
        c, service::CreateCustomer(db, c.ctx, x), [](const auto& v) { return View(v); },
        bhttp::status::created);
  });
  Add(V::patch, "/api/v1/customers/{id}",
      "correct a customer (admin, manager, agent): name, contact, phone, address", [this](Call& c) {
        JsonBody b(c.req.body());
        service::CustomerChange x;
        x.name = b.OptStr("name");
        x.contact = b.OptStr("contact");
        x.phone = b.OptStr("phone");
        x.address = b.OptStr("address");
        AFTERCARE_BODY_OK(c, b);
        return Render(c, service::UpdateCustomer(db, c.ctx, c.ids[0], x),
                      [](const auto& v) { return View(v); });
      });
  Add(V::patch, "/api/v1/customers/{id}/systems/{id}", "rename a customer's system: name",
      [this](Call& c) {
        JsonBody b(c.req.body());
        std::string name = b.Str("name");
        AFTERCARE_BODY_OK(c, b);
        return Render(c, service::RenameSystem(db, c.ctx, c.ids[0], c.ids[1], name),
                      [](const auto& v) { return View(v); });
      });
  Add(V::get, "/api/v1/customers/{id}", "one customer", [this](Call& c) {
    return Render(c, service::GetCustomer(db, c.ctx, c.ids[0]),
                  [](const auto& v) { return View(v); });
  });
  Add(V::get, "/api/v1/customers/{id}/systems", "a customer's systems", [this](Call& c) {
    return Render(c, service::ListSystems(db, c.ctx, c.ids[0]), [](const auto& list) {
      json items = json::array();
      for (const auto& x : list) items.push_back(View(x));
      return json{{"items", items}};
    });
  });
  Add(V::post, "/api/v1/customers/{id}/systems", "add a system to a customer", [this](Call& c) {
    JsonBody b(c.req.body());
    service::System s;
    s.customer_id = c.ids[0];
    s.name = b.Str("name");
    AFTERCARE_BODY_OK(c, b);
    return Render(
        c, service::CreateSystem(db, c.ctx, s), [](const auto& v) { return View(v); },
        bhttp::status::created);
  });

  // Contracts and compliance (CON-1..CON-5).
  Add(V::get, "/api/v1/contracts", "list contracts", [this](Call& c) {
    return Render(c, service::ListContracts(db, c.ctx), [](const auto& list) {
      json items = json::array();
      for (const auto& x : list) items.push_back(View(x));
      return json{{"items", items}};
    });
  });
  Add(V::post, "/api/v1/contracts", "create a contract (CON-1 defaults apply)", [this](Call& c) {
    JsonBody b(c.req.body());
    service::NewContract n;
    service::Contract& k = n.fields;
    k.customer_id = b.Int("customer_id");
    k.number = b.Str("number");
    k.title = b.OptStr("title").value_or("");
    n.value_text = b.Str("value");
    k.signed_on = b.Str("signed_on");
    if (auto v = b.OptStr("penalty_rate")) k.penalty_rate = *v;
    if (auto v = b.OptStr("policy")) k.policy = *v;
    if (auto v = b.OptInt32("cure_days")) {
      k.cure_days = *v;
      n.has_cure_days = true;
    }
    if (auto v = b.OptStr("tz")) k.tz = *v;
    if (auto v = b.OptStr("construction_deadline")) {
      k.construction_deadline = *v;
      n.has_construction_deadline = true;
    }
    k.accepted_on = b.OptStr("accepted_on");
    if (auto v = b.OptInt32("warranty_months")) k.warranty_months = *v;
    if (auto v = b.OptInt32("free_resident_engineers")) k.free_resident_engineers = *v;
    auto from = b.OptStr("coverage_from");
    auto to = b.OptStr("coverage_to");
    if (from || to) {
      n.has_coverage = true;
      k.coverage_from = from.value_or("");
      k.coverage_to = to.value_or("");
    }
    k.maintenance_fee_terms = b.OptStr("maintenance_fee_terms").value_or("");
    k.system_ids = b.OptIntList("system_ids").value_or(std::vector<std::int64_t>{});
    AFTERCARE_BODY_OK(c, b);
    return Render(
        c, service::CreateContract(db, c.ctx, n), [](const auto& v) { return View(v); },
        bhttp::status::created);
  });
  Add(V::patch, "/api/v1/contracts/{id}",
      "change a contract's terms (admin, manager; audited): title, value, penalty_rate, policy, "
      "cure_days, construction_deadline, accepted_on (null clears), warranty_months, "
      "free_resident_engineers, coverage_from, coverage_to, maintenance_fee_terms, system_ids; "
      "number, customer, signing date and zone do not change",
      [this](Call& c) {
        JsonBody b(c.req.body());
        service::ContractChange k;
        k.title = b.OptStr("title");
        k.value_text = b.OptStr("value");
        k.penalty_rate = b.OptStr("penalty_rate");
        k.policy = b.OptStr("policy");
        k.construction_deadline = b.OptStr("construction_deadline");
        k.accepted_on = b.NullableStr("accepted_on");
        k.cure_days = b.OptInt32("cure_days");
        k.warranty_months = b.OptInt32("warranty_months");
        k.free_resident_engineers = b.OptInt32("free_resident_engineers");
        k.coverage_from = b.OptStr("coverage_from");
        k.coverage_to = b.OptStr("coverage_to");
        k.maintenance_fee_terms = b.OptStr("maintenance_fee_terms");
        k.system_ids = b.OptIntList("system_ids");
        AFTERCARE_BODY_OK(c, b);
        return Render(c, service::UpdateContract(db, c.ctx, c.ids[0], k),
                      [](const auto& v) { return View(v); });
      });
  Add(V::get, "/api/v1/contracts/{id}", "one contract", [this](Call& c) {
    return Render(c, service::GetContract(db, c.ctx, c.ids[0]),
                  [](const auto& v) { return View(v); });
  });
  Add(V::get, "/api/v1/contracts/compliance",
      "every visible contract's compliance at a glance (CON-2, CON-3): state, strikes, late "
      "responses and handlings, longest overrun, penalty total, waived, payable; one audited "
      "read",
      [this](Call& c) {
        return Render(c, service::ListCompliance(db, c.ctx), [](const auto& list) {
          json items = json::array();
          for (const auto& [id, x] : list) {
            json v = View(x);
            for (const char* k : {"ledger", "history", "notices"}) v.erase(k);
            v["contract_id"] = id;
            items.push_back(std::move(v));
          }
          return json{{"items", items}};
        });
      });
  Add(V::get, "/api/v1/contracts/{id}/compliance",
      "penalty ledger, strikes, state, notices and history (CON-2, CON-3)", [this](Call& c) {
        return Render(c, service::GetCompliance(db, c.ctx, c.ids[0]),
                      [](const auto& v) { return View(v); });
      });
  Add(V::post, "/api/v1/contracts/{id}/notices", "record Party A's written notice (CON-3)",
      [this](Call& c) {
        JsonBody b(c.req.body());
        auto at = b.OptTime("at");
        std::optional<int> cure_days = b.OptInt32("cure_days");
        std::string note = b.OptStr("note").value_or("");
        AFTERCARE_BODY_OK(c, b);
        return Render(
            c, service::RecordNotice(db, c.ctx, c.ids[0], at, cure_days, note),
            [](const auto& v) { return View(v); }, bhttp::status::created);
      });
  Add(V::post, "/api/v1/contracts/{id}/waivers", "waive a penalty event (managers, CON-2)",
      [this](Call& c) {
        JsonBody b(c.req.body());
        std::int64_t ticket = b.Int("ticket_id");
        std::string metric = b.Str("metric");
        std::string reason = b.Str("reason");
        AFTERCARE_BODY_OK(c, b);
        Status s = service::Waive(db, c.ctx, c.ids[0], ticket, metric, reason);
        if (!s.ok()) return Fail(c, s.error());
        return Reply(c, bhttp::status::created, {{"waived", true}});
      });
  Add(V::get, "/api/v1/contracts/{id}/scenario",
      "the contract as an `aftercare sla replay` scenario (YAML; audited export)", [this](Call& c) {
        auto as_of = QueryTime(c, "as_of");
        if (!as_of.ok()) return Fail(c, as_of.error(), true);
        auto y = service::ExportScenario(db, c.ctx, c.ids[0], *as_of);
        if (!y.ok()) return Fail(c, y.error());
        Response res{bhttp::status::ok, c.req.version()};
        res.set(bhttp::field::content_type, "application/yaml; charset=utf-8");
        res.set("X-Request-Id", c.request_id);
        res.body() = *y;
        res.prepare_payload();
        return res;
      });

  Add(V::get, "/api/v1/customers/{id}/archive",
      "the customer's service archive (TKT-6): customer, systems, contracts, tickets",
      [this](Call& c) {
        auto customer = service::GetCustomer(db, c.ctx, c.ids[0]);
        if (!customer.ok()) return Fail(c, customer.error());
        auto systems = service::ListSystems(db, c.ctx, c.ids[0]);
        if (!systems.ok()) return Fail(c, systems.error());
        auto contracts = service::ListContracts(db, c.ctx);
        if (!contracts.ok()) return Fail(c, contracts.error());
        service::TicketFilter f;
        f.customer_id = c.ids[0];
        f.limit = 500;
        f.cursor = QueryStr(c, "cursor").value_or("");
        f.audited = false;  // one entry for the whole archive, below
        auto tickets = service::ListTickets(db, c.ctx, f);
        if (!tickets.ok()) return Fail(c, tickets.error());
        json j = {{"customer", View(*customer)},
                  {"systems", json::array()},
                  {"contracts", json::array()},
                  {"tickets", json::array()}};
        for (const auto& s : *systems) j["systems"].push_back(View(s));
        for (const auto& k : *contracts) {
          if (k.customer_id == c.ids[0]) j["contracts"].push_back(View(k));
        }
        for (const auto& t : tickets->items) j["tickets"].push_back(View(t, false));
        if (Status st =
                service::AuditRead(db, c.ctx, "read", "customer_archive", std::to_string(c.ids[0]),
                                   {{"filter", {{"customer_id", c.ids[0]}, {"cursor", f.cursor}}},
                                    {"returned",
                                     {{"systems", systems->size()},
                                      {"contracts", j["contracts"].size()},
                                      {"tickets", tickets->items.size()}}}});
            !st.ok())
          return Fail(c, st.error());
        j["next_cursor"] =
            tickets->next_cursor.empty() ? json(nullptr) : json(tickets->next_cursor);
        return Reply(c, bhttp::status::ok, j);
      });

  // Attachments (TKT-5).
  auto attachment_view = [](const service::Attachment& a) {
    return json{{"id", a.id},
                {"ticket_id", a.ticket_id},
                {"name", a.name},
                {"content_type", a.content_type},
                {"size", a.size},
                {"sha256", a.sha256},
                {"at", FormatRfc3339(a.at, DefaultZone())},
                {"url", "/api/v1/attachments/" + std::to_string(a.id)}};
  };
  Add(V::post, "/api/v1/tickets/{id}/attachments",
      "attach a file (raw body, at most 20 MB; ?name=file name; Content-Type kept)",
      [this, attachment_view](Call& c) {
        auto name = QueryStr(c, "name");
        if (!name) return Fail(c, Error::Invalid("the query needs ?name=FILE", 0, "name"), true);
        std::string type(c.req[bhttp::field::content_type]);
        if (!type.empty() && !service::IsMediaType(type)) {
          return Fail(c,
                      Error::Invalid("Content-Type must be a media type such as image/png", 0,
                                     "Content-Type"),
                      true);
        }
        return Render(
            c,
            service::AddAttachment(db, c.ctx, attachments_dir, c.ids[0], *name, type, c.req.body()),
            attachment_view, bhttp::status::created);
      });
  routes.back().raw_body = true;
  Add(V::get, "/api/v1/tickets/{id}/attachments", "a ticket's attachments",
      [this, attachment_view](Call& c) {
        return Render(c, service::ListAttachments(db, c.ctx, c.ids[0]), [&](const auto& list) {
          json items = json::array();
          for (const auto& a : list) items.push_back(attachment_view(a));
          return json{{"items", items}};
        });
      });
  Add(V::get, "/api/v1/attachments/{id}", "download an attachment (audited)", [this](Call& c) {
    auto r = service::DownloadAttachment(db, c.ctx, attachments_dir, c.ids[0]);
    if (!r.ok()) return Fail(c, r.error());
    Response res{bhttp::status::ok, c.req.version()};
    // What a browser could run (HTML, SVG, scripts) is only ever downloaded, and in
    // a sandbox even if it were shown.
    res.set(bhttp::field::content_type, service::IsPassiveMediaType(r->first.content_type)
                                            ? r->first.content_type
                                            : "application/octet-stream");
    res.set("Content-Security-Policy", "sandbox; default-src 'none'");
    res.set(bhttp::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.set(bhttp::field::content_disposition,
            "attachment; filename*=UTF-8''" +
                std::string(boost::urls::encode(r->first.name, boost::urls::unreserved_chars)));
    res.set("X-Request-Id", c.request_id);
    res.body() = std::move(r->second);
    res.prepare_payload();
    return res;
  });

  // Teams and on-duty rosters (STAFF-1).
  auto team_view = [](const service::Team& t) {
    return json{{"id", t.id},
                {"name", t.name},
                {"leader_id", t.leader_id ? json(*t.leader_id) : json(nullptr)},
                {"member_ids", t.member_ids}};
  };
  auto shift_view = [](const service::Shift& s) {
    const TimeZone& tz = DefaultZone();
    return json{{"id", s.id},
                {"team_id", s.team_id},
                {"user_id", s.user_id},
                {"starts_at", FormatRfc3339(s.starts_at, tz)},
                {"ends_at", FormatRfc3339(s.ends_at, tz)}};
  };
  Add(V::get, "/api/v1/teams", "teams with their members", [this, team_view](Call& c) {
    return Render(c, service::ListTeams(db, c.ctx), [&](const auto& list) {
      json items = json::array();
      for (const auto& t : list) items.push_back(team_view(t));
      return json{{"items", items}};
    });
  });
  Add(V::post, "/api/v1/teams", "create a team (administrators, managers)",
      [this, team_view](Call& c) {
        JsonBody b(c.req.body());
        std::string name = b.Str("name");
        auto leader = b.OptInt("leader_id");
        AFTERCARE_BODY_OK(c, b);
        return Render(c, service::CreateTeam(db, c.ctx, name, leader), team_view,
                      bhttp::status::created);
      });
  Add(V::post, "/api/v1/teams/{id}/members", "put a vendor user in the team", [this](Call& c) {
    JsonBody b(c.req.body());
    std::int64_t user = b.Int("user_id");
    AFTERCARE_BODY_OK(c, b);
    Status s = service::SetTeamMember(db, c.ctx, c.ids[0], user);
    if (!s.ok()) return Fail(c, s.error());
    return Reply(c, bhttp::status::created, {{"team_id", c.ids[0]}, {"user_id", user}});
  });
  Add(V::delete_, "/api/v1/teams/{id}/members/{id}", "take a user out of the team (not its leader)",
      [this](Call& c) {
        Status st = service::RemoveTeamMember(db, c.ctx, c.ids[0], c.ids[1]);
        if (!st.ok()) return Fail(c, st.error());
        return Reply(c, bhttp::status::ok, {{"removed", true}});
      });
  Add(V::delete_, "/api/v1/teams/{id}/roster/{id}", "delete a duty shift", [this](Call& c) {
    Status st = service::DeleteShift(db, c.ctx, c.ids[0], c.ids[1]);
    if (!st.ok()) return Fail(c, st.error());
    return Reply(c, bhttp::status::ok, {{"deleted", true}});
  });
  Add(V::get, "/api/v1/teams/{id}/roster",
      "the team's duty shifts overlapping [from, to) (default: the next 7 days)",
      [this, shift_view](Call& c) {
        auto from = QueryTime(c, "from");
        auto to = QueryTime(c, "to");
        for (const auto* r : {&from, &to}) {
          if (!r->ok()) return Fail(c, r->error(), true);
        }
        return Render(c,
                      service::ListShifts(db, c.ctx, c.ids[0], from->value_or(c.ctx.now),
                                          to->value_or(c.ctx.now + 7 * 86400)),
                      [&](const auto& list) {
                        json items = json::array();
                        for (const auto& s : list) items.push_back(shift_view(s));
                        return json{{"items", items}};
                      });
      });
  Add(V::post, "/api/v1/teams/{id}/roster", "add a duty shift for a member",
      [this, shift_view](Call& c) {
        JsonBody b(c.req.body());
        service::Shift s;
        s.team_id = c.ids[0];
        s.user_id = b.Int("user_id");
        auto from = b.OptTime("starts_at");
        auto to = b.OptTime("ends_at");
        if (!from) b.Str("starts_at");
        if (!to) b.Str("ends_at");
        AFTERCARE_BODY_OK(c, b);
        s.starts_at = *from;
        s.ends_at = *to;
        return Render(c, service::AddShift(db, c.ctx, s), shift_view, bhttp::status::created);
      });

  // SLA policies as data (SLA-1).
  Add(V::get, "/api/v1/policies", "built-in and stored SLA policies", [this](Call& c) {
    return Render(c, service::ListPolicies(db, c.ctx), [](const auto& list) {
      json items = json::array();
      for (const auto& p : list) {
        items.push_back({{"name", p.name}, {"builtin", p.builtin}, {"body", p.body}});
      }
      return json{{"items", items}};
    });
  });
  Add(V::post, "/api/v1/policies",
      "store an SLA policy (administrators): body is YAML with `policy:` and optional "
      "`calendars:` in the scenario format",
      [this](Call& c) {
        JsonBody b(c.req.body());
        service::StoredPolicy p;
        p.name = b.Str("name");
        p.body = b.Str("body");
        AFTERCARE_BODY_OK(c, b);
        return Render(
            c, service::CreatePolicy(db, c.ctx, p),
            [](const auto& v) {
              return json{{"name", v.name}, {"builtin", false}, {"body", v.body}};
            },
            bhttp::status::created);
      });

  // The audit log (CON-4, SEC-1).
  Add(V::get, "/api/v1/audit",
      "the audit log, newest first (administrators): filters entity, entity_id, action, "
      "actor_id; cursor, limit",
      [this](Call& c) {
        service::AuditFilter f;
        std::string bad;
        f.entity = QueryStr(c, "entity");
        f.entity_id = QueryStr(c, "entity_id");
        f.action = QueryStr(c, "action");
        f.actor_id = QueryInt(c, "actor_id", bad);
        f.before_id = QueryInt(c, "cursor", bad);
        // Clamped, not truncated (2^32 + 1 would read as 1): the service refuses it.
        if (auto l = QueryInt(c, "limit", bad))
          f.limit = static_cast<int>(std::clamp<std::int64_t>(*l, -1, 100000));
        if (!bad.empty()) return Fail(c, Error::Invalid(bad + " must be an integer", 0, bad), true);
        const TimeZone& tz = DefaultZone();
        return Render(c, service::QueryAudit(db, c.ctx, f), [&](const auto& list) {
          json items = json::array();
          for (const auto& e : list) {
            items.push_back({{"id", e.id},
                             {"at", FormatRfc3339(e.at, tz)},
                             {"actor_id", e.actor_id ? json(*e.actor_id) : json(nullptr)},
                             {"actor", e.actor_login},
                             {"action", e.action},
                             {"entity", e.entity},
                             {"entity_id", e.entity_id},
                             {"before", e.before},
                             {"after", e.after},
                             {"request_id", e.request_id}});
          }
          json next = list.size() == static_cast<std::size_t>(f.limit) && !list.empty()
                          ? json(std::to_string(list.back().id))
                          : json(nullptr);
          return json{{"items", items}, {"next_cursor", next}};
        });
      });

  Add(V::get, "/api/v1/stream",
      "live changes as server-sent events: `event: tickets` with data {\"ids\": [...], "
      "\"reset\": bool} (reset: refetch everything); Party A sees only their own tickets",
      [this](Call& c) {
        std::optional<std::int64_t> customer;
        if (c.ctx.actor->role == service::Role::kPartyA) customer = c.ctx.actor->customer_id;
        std::uint64_t cursor = feed.Head();
        bool first = true;
        auto checked = std::chrono::steady_clock::now();
        c.x.stream = Stream{[this, cursor, customer, first, checked, token = c.token,
                             actor = *c.ctx.actor]() mutable -> std::optional<std::string> {
          // The session behind the stream is checked again every few seconds: a
          // logout, a disabled account or changed rights end the stream.
          auto now = std::chrono::steady_clock::now();
          if (now - checked >= kStreamRecheck) {
            checked = now;
            auto still = CachedAuthenticate(token, Now());
            if (!still.ok() || still->role != actor.role ||
                still->customer_id != actor.customer_id) {
              return std::nullopt;
            }
          }
          // The first message tells the browser to reconnect quickly after a drop.
          std::string out = first ? "retry: 2000\n: connected\n\n" : "";
          first = false;
          ChangeFeed::Batch b = feed.Since(cursor, customer);
          if (!b.ids.empty() || b.reset) {
            out +=
                "event: tickets\ndata: " + json{{"ids", b.ids}, {"reset", b.reset}}.dump() + "\n\n";
          }
          return out;
        }};
        Response res{bhttp::status::ok, c.req.version()};
        res.set(bhttp::field::content_type, "text/event-stream; charset=utf-8");
        res.set(bhttp::field::cache_control, "no-store");
        res.set("X-Accel-Buffering", "no");
        res.set("X-Request-Id", c.request_id);
        return res;
      });

  auto holiday_view = [](const service::HolidayYear& y) {
    json off = json::array(), work = json::array();
    for (LocalDate d : y.off) off.push_back(FormatDate(d));
    for (LocalDate d : y.work) work.push_back(FormatDate(d));
    return json{{"year", y.year}, {"source", y.source}, {"off", off}, {"work", work}};
  };
  Add(V::get, "/api/v1/holidays",
      "years of the Chinese holiday schedule (SLA-3): shipped, or entered by an administrator",
      [this](Call& c) {
        return Render(c, service::ListHolidayYears(db, c.ctx), [](const auto& years) {
          json items = json::array();
          for (const auto& y : years) items.push_back({{"year", y.year}, {"source", y.source}});
          return json{{"years", items}};
        });
      });
  // A year is 2000-2100; anything else is refused before it could be narrowed to
  // an int (4294969322 read as 2026).
  auto year_of = [](const Call& c) -> std::optional<int> {
    if (c.ids[0] < kFirstServiceYear || c.ids[0] > kLastServiceYear) return std::nullopt;
    return static_cast<int>(c.ids[0]);
  };
  auto bad_year = [](const Call& c) {
    return Fail(c, Error::Invalid("year must be 2000 to 2100", 0, "year"), true);
  };
  Add(V::get, "/api/v1/holidays/{id}", "one year's days off and make-up working days (2000-2100)",
      [this, holiday_view, year_of, bad_year](Call& c) {
        if (!year_of(c)) return bad_year(c);
        return Render(c, service::GetHolidayYear(db, c.ctx, static_cast<int>(c.ids[0])),
                      holiday_view);
      });
  Add(V::put, "/api/v1/holidays/{id}",
      "enter a year the shipped schedule lacks (administrators): {off: [dates], work: [dates]}",
      [this, holiday_view, year_of, bad_year](Call& c) {
        if (!year_of(c)) return bad_year(c);
        JsonBody b(c.req.body());
        std::vector<LocalDate> lists[2];
        const char* keys[2] = {"off", "work"};
        for (int i = 0; i < 2; ++i) {
          for (const std::string& text : b.StrList(keys[i])) {
            auto d = ParseDate(text);
            if (!d.ok()) {
              return Fail(
                  c, Error::Invalid(std::string(keys[i]) + ": " + d.error().message, 0, keys[i]),
                  true);
            }
            lists[i].push_back(*d);
          }
        }
        AFTERCARE_BODY_OK(c, b);
        return Render(c,
                      service::PutHolidayYear(db, c.ctx, static_cast<int>(c.ids[0]),
                                              std::move(lists[0]), std::move(lists[1])),
                      holiday_view);
      });

  Add(V::get, "/api/v1/analytics/response",
      "response-time analytics (SLA-5): rows per week, metric, type and priority: count, late, "
      "avg_s, p90_s, max_s, target_s; rollups of the same clocks by type alone, priority alone "
      "or neither (null), per week and over the period (week null), with exact p90; from, to "
      "(YYYY-MM-DD, default the last 8 weeks), customer_id",
      [this](Call& c) {
        service::ResponseStatsQuery q;
        const TimeZone& tz = DefaultZone();
        q.to = tz.LocalDateOf(c.ctx.now);
        q.from = q.to + -55;
        for (auto [key, date] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
          if (auto v = QueryStr(c, key)) {
            auto d = ParseDate(*v);
            if (!d.ok()) {
              return Fail(
                  c, Error::Invalid(std::string(key) + " must be a date YYYY-MM-DD", 0, key), true);
            }
            *date = *d;
          }
        }
        std::string bad;
        q.customer_id = QueryInt(c, "customer_id", bad);
        if (!bad.empty()) return Fail(c, Error::Invalid(bad + " must be an integer", 0, bad), true);
        auto r = service::GetResponseStats(db, c.ctx, q);
        return Render(c, r, [&](const service::ResponseStats& st) {
          auto view = [](const std::vector<service::ResponseStatsRow>& list) {
            json out = json::array();
            auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
            for (const auto& x : list) {
              out.push_back({{"week", x.week ? json(FormatDate(*x.week)) : json()},
                             {"metric", x.metric},
                             {"kind", x.kind},
                             {"type", or_null(x.type)},
                             {"priority", or_null(x.priority)},
                             {"count", x.count},
                             {"late", x.late},
                             {"avg_s", x.avg_s},
                             {"p90_s", x.p90_s},
                             {"max_s", x.max_s},
                             {"target_s", x.target_s ? json(*x.target_s) : json()}});
            }
            return out;
          };
          return json{{"from", FormatDate(q.from)},
                      {"to", FormatDate(q.to)},
                      {"rows", view(st.rows)},
                      {"rollups", view(st.rollups)}};
        });
      });

  // Tickets (TKT-1..TKT-6).
  Add(V::get, "/api/v1/workload",
      "open tickets per assignee (vendor staff, for dispatching): items of user_id, open; "
      "unassigned: open tickets nobody has",
      [this](Call& c) {
        return Render(c, service::OpenTicketsByAssignee(db, c.ctx), [](const auto& w) {
          json items = json::array();
          for (const auto& p : w.by_assignee)
            items.push_back({{"user_id", p.user_id}, {"open", p.open}});
          return json{{"items", items}, {"unassigned", w.unassigned}};
        });
      });
  Add(V::get, "/api/v1/tickets",
      "list tickets: filters status, customer_id, system_id, assignee_id, priority, "
      "received_from, received_to, q, sla (late, on_time), unassigned=1; queue=1 orders open "
      "tickets by next due; leftover=1 "
      "lists open tickets received before today; cursor, limit",
      [this](Call& c) {
        service::TicketFilter f;
        std::string bad;
        f.status = QueryStr(c, "status");
        f.customer_id = QueryInt(c, "customer_id", bad);
        f.system_id = QueryInt(c, "system_id", bad);
        f.assignee_id = QueryInt(c, "assignee_id", bad);
        f.priority = QueryStr(c, "priority");
        f.q = QueryStr(c, "q");
        f.sla = QueryStr(c, "sla");
        f.cursor = QueryStr(c, "cursor").value_or("");
        // Clamped, not truncated (2^32 + 1 would read as 1): the service refuses it.
        if (auto l = QueryInt(c, "limit", bad))
          f.limit = static_cast<int>(std::clamp<std::int64_t>(*l, -1, 100000));
        for (std::string flag : {"queue", "leftover", "unassigned"}) {
          std::string v = QueryStr(c, flag).value_or("0");
          if (v != "0" && v != "1") {
            return Fail(c, Error::Invalid(flag + " must be 0 or 1", 0, flag), true);
          }
        }
        f.queue = QueryStr(c, "queue").value_or("0") == "1";
        f.unassigned = QueryStr(c, "unassigned").value_or("0") == "1";
        auto from = QueryTime(c, "received_from");
        auto to = QueryTime(c, "received_to");
        for (const auto* r : {&from, &to}) {
          if (!r->ok()) return Fail(c, r->error(), true);
        }
        f.received_from = *from;
        f.received_to = *to;
        if (QueryStr(c, "leftover").value_or("0") == "1") {
          const TimeZone& tz = DefaultZone();
          f.leftover_before = tz.ToInstant(tz.LocalDateOf(c.ctx.now), 0);
        }
        if (!bad.empty()) {
          return Fail(c, Error::Invalid(bad + " must be an integer", 0, bad), true);
        }
        auto page = service::ListTickets(db, c.ctx, f);
        return Render(c, page, [](const service::TicketPage& p) {
          json items = json::array();
          for (const auto& t : p.items) items.push_back(View(t, false));
          return json{{"items", items},
                      {"next_cursor", p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor)}};
        });
      });
  Add(V::post, "/api/v1/tickets", "create a ticket (intake from any channel; TKT-1, TKT-2)",
      [this](Call& c) {
        JsonBody b(c.req.body());
        service::NewTicket t;
        // Party A's tickets are their own customer's; staff name the customer.
        t.customer_id =
            c.ctx.actor->vendor() ? b.Int("customer_id") : b.OptInt("customer_id").value_or(0);
        t.contract_id = b.OptInt("contract_id");
        t.system_id = b.OptInt("system_id");
        if (auto v = b.OptStr("channel")) t.channel = *v;
        if (auto v = b.OptStr("type")) t.type = *v;
        if (auto v = b.OptStr("priority")) t.priority = *v;
        t.title = b.Str("title");
        t.description = b.OptStr("description").value_or("");
        t.caller_name = b.OptStr("caller_name").value_or("");
        t.caller_phone = b.OptStr("caller_phone").value_or("");
        t.received_at = b.OptTime("received_at");
        t.assignee_id = b.OptInt("assignee_id");
        t.form = b.OptObject("form");
        AFTERCARE_BODY_OK(c, b);
        auto r = service::CreateTicket(db, c.ctx, t);
        if (r.ok()) ++metrics.tickets_created;
        return Render(
            c, r, [](const auto& v) { return View(v, true); }, bhttp::status::created);
      });
  Add(V::get, "/api/v1/tickets/{id}", "one ticket with live SLA metrics and its timeline",
      [this](Call& c) {
        return Render(c, service::GetTicket(db, c.ctx, c.ids[0]),
                      [](const auto& v) { return View(v, true); });
      });
  Add(V::post, "/api/v1/tickets/{id}/events",
      "record a step of the flow (TKT-4, TKT-5): an SLA event, a note, a contact, an "
      "escalation, an assignment or a grading",
      [this](Call& c) {
        JsonBody b(c.req.body());
        service::NewEvent e;
        e.kind = b.Str("kind");
        e.at = b.OptTime("at");
        e.to_priority = b.OptStr("to_priority");
        e.note = b.OptStr("note").value_or("");
        e.data = b.OptObject("data");
        AFTERCARE_BODY_OK(c, b);
        return Render(
            c, service::AddTicketEvent(db, c.ctx, c.ids[0], e),
            [](const auto& v) { return View(v, true); }, bhttp::status::created);
      });
}

Api::Api(store::Database& db, ApiOptions options)
    : impl_(std::make_unique<Impl>(db, std::move(options))) {}
Api::~Api() = default;

std::size_t Api::WebFiles() const { return impl_->web.size(); }

Response Api::Handle(Request& req, Exchange& x) {
  auto start = std::chrono::steady_clock::now();
  std::string_view target = req.target();
  if (target.rfind("/api/", 0) != 0 && target.rfind("/healthz", 0) != 0 &&
      target.rfind("/metrics", 0) != 0) {
    if (auto res = impl_->web.Serve(req)) return std::move(*res);
  }
  Response res = impl_->Dispatch(req, x);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
  impl_->metrics.micros += static_cast<std::uint64_t>(micros);
  return res;
}

void Api::Observe(unsigned status) {
  unsigned cls = status / 100;
  if (cls >= 1 && cls <= 5) ++impl_->metrics.requests[cls];
}

}  // namespace aftercare::http
