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

#include "http/change_feed.h"
#include "http/json_body.h"
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

struct Call {
  Request& req;
  const std::string& request_id;
  service::Context ctx;
  std::vector<std::int64_t> ids;             // the {id} segments of the path
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string token;                         // the session or API token presented
  std::optional<Stream>* stream = nullptr;   // set by the live stream's handler
};

Response Reply(const Call& c, bhttp::status status, const json& body) {
  Response res{status, c.req.version()};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.set("X-Request-Id", c.request_id);
  res.set(bhttp::field::cache_control, "no-store");
  res.body() = body.dump();
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
};

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

  Impl(store::Database& d, std::string dir, const std::string& web_root)
      : db(d), attachments_dir(std::move(dir)), web(web_root), feed(d) {
    Register();
  }

  void Add(bhttp::verb m, std::string pattern, std::string summary,
           std::function<Response(Call&)> h, bool is_public = false) {
    routes.push_back({m, std::move(pattern), std::move(summary), is_public, std::move(h)});
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
    return {{"openapi", "3.0.3"},
            {"info", {{"title", "aftercare API"}, {"version", "1"}}},
            {"components",
             {{"securitySchemes",
               {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kCookie}}},
                {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
            {"paths", paths}};
  }

  void Register();

  Response Dispatch(Request& req, const std::string& request_id, std::optional<Stream>& stream) {
    auto url = boost::urls::parse_origin_form(req.target());
    Call call{req, request_id, {}, {}, {}, {}, &stream};
    call.ctx.request_id = request_id;
    call.ctx.now = Instant{std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count()};
    if (!url) {
      return Fail(call, Error::Invalid("malformed request target"), true);
    }
    for (auto p : url->params()) call.query[p.key] = p.value;
    std::vector<std::string> segments;
    for (auto s : url->segments()) segments.push_back(s);

    const Route* match = nullptr;
    bool path_matched = false;
    for (const Route& r : routes) {
      std::vector<std::string> pattern;
      std::size_t start = 1;
      while (start <= r.pattern.size()) {
        std::size_t end = r.pattern.find('/', start);
        if (end == std::string::npos) end = r.pattern.size();
        pattern.push_back(r.pattern.substr(start, end - start));
        start = end + 1;
      }
      if (pattern.size() != segments.size()) continue;
      std::vector<std::int64_t> ids;
      bool ok = true;
      for (std::size_t i = 0; i < pattern.size() && ok; ++i) {
        if (pattern[i] == "{id}") {
          const std::string& s = segments[i];
          ok = !s.empty() && s.size() <= 18 &&
               s.find_first_not_of("0123456789") == std::string::npos;
          if (ok) ids.push_back(std::stoll(s));
        } else {
          ok = pattern[i] == segments[i];
        }
      }
      if (!ok) continue;
      path_matched = true;
      if (r.method == req.method()) {
        match = &r;
        call.ids = std::move(ids);
        break;
      }
    }
    if (!match) {
      if (path_matched) {
        return ErrorReply(call, bhttp::status::method_not_allowed, "method_not_allowed",
                          "this path does not accept " + std::string(req.method_string()), "");
      }
      return Fail(call, Error{ErrorCode::kNotFound, "no such resource", {}, 0, {}});
    }
    {
      auto allowed = QueryParams().find(RouteKey(match->method, match->pattern));
      for (const auto& [key, value] : call.query) {
        bool known =
            allowed != QueryParams().end() &&
            std::find(allowed->second.begin(), allowed->second.end(), key) != allowed->second.end();
        if (!known) {
          return Fail(call, Error::Invalid("unknown query parameter " + key, 0, key), true);
        }
      }
    }
    if (!match->public_route) {
      std::string auth(req[bhttp::field::authorization]);
      if (auth.rfind("Bearer ", 0) == 0) call.token = auth.substr(7);
      if (call.token.empty()) {
        std::string cookies(req[bhttp::field::cookie]);
        std::string key = std::string(kCookie) + "=";
        for (std::size_t p = 0; (p = cookies.find(key, p)) != std::string::npos; p += key.size()) {
          if (p == 0 || cookies[p - 1] == ' ' || cookies[p - 1] == ';') {
            std::size_t end = cookies.find(';', p);
            call.token =
                cookies.substr(p + key.size(),
                               end == std::string::npos ? std::string::npos : end - p - key.size());
            break;
          }
        }
      }
      auto actor = CachedAuthenticate(call.token, call.ctx.now);
      if (!actor.ok()) return Fail(call, actor.error());
      call.ctx.actor = *actor;
    }
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
      V::get, "/metrics", "Prometheus metrics",
      [this](Call& c) {
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
      V::post, "/api/v1/session", "log in: sets the session cookie",
      [this](Call& c) {
        JsonBody b(c.req.body());
        std::string login = b.Str("login"), password = b.Str("password");
        AFTERCARE_BODY_OK(c, b);
        auto s = service::Login(db, c.ctx, login, password);
        if (!s.ok()) return Fail(c, s.error());
        Response res = Reply(
            c, bhttp::status::ok,
            {{"user", View(s->user)}, {"expires_at", FormatRfc3339(s->expires_at, DefaultZone())}});
        res.set(bhttp::field::set_cookie, std::string(kCookie) + "=" + s->token +
                                              "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                              std::to_string(service::kSessionLifetime));
        return res;
      },
      true);
  Add(V::delete_, "/api/v1/session", "log out", [this](Call& c) {
    ForgetToken(c.token);
    Status s = service::Logout(db, c.ctx, c.token);
    if (!s.ok()) return Fail(c, s.error());
    Response res = Reply(c, bhttp::status::ok, {{"logged_out", true}});
    res.set(bhttp::field::set_cookie,
            std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return res;
  });
  Add(V::get, "/api/v1/me", "the logged-in user", [this](Call& c) {
    return Render(c, service::GetMe(db, c.ctx), [](const auto& u) { return View(u); });
  });
  Add(V::post, "/api/v1/tokens", "create an API token (shown once)", [this](Call& c) {
    JsonBody b(c.req.body());
    std::string name = b.Str("name");
    AFTERCARE_BODY_OK(c, b);
    auto s = service::CreateApiToken(db, c.ctx, name);
    return Render(
        c, s,
        [](const service::Session& x) {
          return json{{"token", x.token},
                      {"expires_at", FormatRfc3339(x.expires_at, DefaultZone())}};
        },
        bhttp::status::created);
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
        if (Status st = service::AuditRead(db, c.ctx, "customer_archive", std::to_string(c.ids[0]));
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
        return Render(
            c,
            service::AddAttachment(db, c.ctx, attachments_dir, c.ids[0], *name, type, c.req.body()),
            attachment_view, bhttp::status::created);
      });
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
    res.set(bhttp::field::content_type, r->first.content_type);
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
        *c.stream = Stream{[this, cursor, customer, first]() mutable -> std::string {
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
  Add(V::get, "/api/v1/holidays/{id}", "one year's days off and make-up working days",
      [this, holiday_view](Call& c) {
        return Render(c, service::GetHolidayYear(db, c.ctx, static_cast<int>(c.ids[0])),
                      holiday_view);
      });
  Add(V::put, "/api/v1/holidays/{id}",
      "enter a year the shipped schedule lacks (administrators): {off: [dates], work: [dates]}",
      [this, holiday_view](Call& c) {
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

Api::Api(store::Database& db, std::string attachments_dir, const std::string& web_root)
    : impl_(std::make_unique<Impl>(db, std::move(attachments_dir), web_root)) {}
Api::~Api() = default;

std::size_t Api::WebFiles() const { return impl_->web.size(); }

Response Api::Handle(Request& req, const std::string& request_id, std::optional<Stream>& stream) {
  auto start = std::chrono::steady_clock::now();
  std::string_view target = req.target();
  if (target.rfind("/api/", 0) != 0 && target.rfind("/healthz", 0) != 0 &&
      target.rfind("/metrics", 0) != 0) {
    if (auto res = impl_->web.Serve(req)) return std::move(*res);
  }
  Response res = impl_->Dispatch(req, request_id, stream);
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
