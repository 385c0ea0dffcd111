#include "http/router.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cstdio>

#include "core/text.h"
#include "http/messages.h"

namespace aftercare::http {
namespace {

using nlohmann::json;

bool SafeMethod(Method m) { return m == Method::kGet; }

// A write from another site's page (CSRF): the browser names the page's origin,
// and it is not this server's. Requests without an Origin (API clients) pass;
// SameSite=Strict covers the rest.
bool ForeignOrigin(const ApiRequest& req, bool behind_proxy) {
  std::string_view fetch_site = req.header("Sec-Fetch-Site");
  if (fetch_site == "cross-site" || fetch_site == "same-site") return true;
  std::string_view origin = req.header("Origin");
  if (origin.empty()) return false;
  std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return true;  // "null" and worse
  std::string authority = AsciiLower(origin.substr(scheme_end + 3));
  if (AsciiLower(req.header("Host")) == authority) return false;
  return !(behind_proxy && AsciiLower(req.header("X-Forwarded-Host")) == authority);
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

int StatusOf(ErrorCode code, bool malformed_request) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return malformed_request ? 400 : 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kRetry:
    case ErrorCode::kIo:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

// The session token: a Bearer token, else the session cookie.
void ReadToken(Call& call, std::string_view cookie_name) {
  std::string_view auth = call.req.header("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    call.token = std::string(auth.substr(7));
    return;
  }
  std::string cookies(call.req.header("Cookie"));
  std::string key = std::string(cookie_name) + "=";
  for (std::size_t p = 0; (p = cookies.find(key, p)) != std::string::npos; p += key.size()) {
    if (p == 0 || cookies[p - 1] == ' ' || cookies[p - 1] == ';') {
      std::size_t end = cookies.find(';', p);
      call.token = cookies.substr(
          p + key.size(), end == std::string::npos ? std::string::npos : end - p - key.size());
      call.cookie_auth = true;
      return;
    }
  }
}

}  // namespace

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOther:
      break;
  }
  return "OTHER";
}

Reply Responder::Json(const json& body, int status) const {
  Reply r;
  r.status = status;
  // Inputs are checked to be UTF-8, but a view must never throw after its
  // transaction committed: anything else that slipped into storage is replaced.
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

Reply Responder::ErrorReply(int status, std::string_view code, const std::string& message,
                            const std::string& field) const {
  LocalizedMessage m = LocalizeMessage(accept_language_, message);
  Reply r = Json({{"error",
                   {{"code", code},
                    {"message", m.text},
                    {"field", field.empty() ? json(nullptr) : json(field)},
                    {"request_id", request_id_}}}},
                 status);
  r.headers.emplace_back("Content-Language", std::string(m.language));
  r.headers.emplace_back("Vary", "Accept-Language");
  return r;
}

Reply Responder::Fail(const Error& e, bool malformed_request) const {
  std::string message = e.message;
  if (e.code == ErrorCode::kInternal) message = "internal error; quote the request id";
  if (!e.detail.empty() || e.code == ErrorCode::kInternal) {
    std::fprintf(stderr, "aftercare: request %s: %s: %s\n", request_id_.c_str(), e.message.c_str(),
                 e.detail.c_str());
  }
  return ErrorReply(StatusOf(e.code, malformed_request),
                    malformed_request ? "bad_request" : CodeName(e.code), message, e.field);
}

std::optional<std::string> Call::QueryStr(const std::string& key) const {
  auto it = query.find(key);
  if (it == query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<std::optional<std::int64_t>> Call::QueryInt(const std::string& key) const {
  auto s = QueryStr(key);
  if (!s) return std::optional<std::int64_t>();
  try {
    std::size_t used = 0;
    long long v = std::stoll(*s, &used);
    if (used == s->size()) return std::optional<std::int64_t>(v);
  } catch (const std::exception&) {
  }
  return Error::Invalid(key + " must be an integer", 0, key);
}

Result<std::optional<Instant>> Call::QueryTime(const std::string& key) const {
  auto s = QueryStr(key);
  if (!s) return std::optional<Instant>();
  auto t = ParseRfc3339(*s);
  if (!t.ok()) return Error::Invalid(key + ": " + t.error().message, 0, key);
  if (!InServiceRange(*t)) {
    return Error::Invalid(key + " must fall in the years 2000 to 2100", 0, key);
  }
  return std::optional<Instant>(*t);
}

Result<std::optional<LocalDate>> Call::QueryDate(const std::string& key) const {
  auto s = QueryStr(key);
  if (!s) return std::optional<LocalDate>();
  auto d = ParseDate(*s);
  if (!d.ok()) return Error::Invalid(key + " must be a date YYYY-MM-DD", 0, key);
  return std::optional<LocalDate>(*d);
}

Result<bool> Call::QueryFlag(const std::string& key) const {
  std::string v = QueryStr(key).value_or("0");
  if (v != "0" && v != "1") return Error::Invalid(key + " must be 0 or 1", 0, key);
  return v == "1";
}

Result<std::optional<int>> Call::QueryLimit(const std::string& key) const {
  AFTERCARE_ASSIGN_OR_RETURN(auto v, QueryInt(key));
  if (!v) return std::optional<int>();
  return std::optional<int>(static_cast<int>(std::clamp<std::int64_t>(*v, -1, 100000)));
}

void Router::AddSchema(const std::string& name, nlohmann::json schema) {
  // Two areas naming one schema alike would silently describe one with the other's.
  if (!schemas_.emplace(name, std::move(schema)).second) {
    throw std::logic_error("the OpenAPI schema " + name + " is added twice");
  }
}

void Router::Add(RouteSpec spec) {
  Route r{std::move(spec), {}};
  const std::string& p = r.spec.path;
  for (std::size_t start = 1; start <= p.size();) {
    std::size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    r.segments.push_back(p.substr(start, end - start));
    start = end + 1;
  }
  routes_.push_back(std::move(r));
}

const Router::Route* Router::Match(Method method, const std::vector<std::string>& segments,
                                   std::vector<std::int64_t>& ids, bool& path_matched) const {
  for (const Route& r : routes_) {
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
    if (r.spec.method == method) {
      ids = std::move(found);
      return &r;
    }
  }
  return nullptr;
}

std::optional<Reply> Router::Admit(Call& call, const Route& route) const {
  const RouteSpec& spec = route.spec;
  for (const auto& entry : call.query) {
    const std::string& key = entry.first;  // a name, not a binding: clang 14's lambdas
    const std::string& value = entry.second;
    bool known = std::any_of(spec.query.begin(), spec.query.end(),
                             [&](const QueryParam& q) { return q.name == key; });
    if (!known) return call.Fail(Error::Invalid("unknown query parameter " + key, 0, key), true);
    if (value.size() > kMaxQueryValue) {
      return call.Fail(
          Error::Invalid(key + " is longer than " + std::to_string(kMaxQueryValue) + " bytes", 0,
                         key),
          true);
    }
  }
  const ApiRequest& req = call.req;
  if (!req.body().empty() && !spec.raw_body) {
    if (MediaTypeEssence(req.header("Content-Type")) != "application/json") {
      return call.ErrorReply(415, "unsupported_media_type",
                             "the body must be JSON, sent as Content-Type: application/json",
                             "Content-Type");
    }
    if (req.body().size() > kMaxJsonBody) {
      return call.ErrorReply(413, "too_large", "the request body is larger than the limit", "");
    }
  }
  if (!SafeMethod(spec.method) && ForeignOrigin(req, hooks_.behind_proxy)) {
    return call.ErrorReply(403, "forbidden", "a request from another site's page is refused",
                           "Origin");
  }
  if (spec.is_public) return std::nullopt;
  ReadToken(call, kSessionCookie);
  auto actor = hooks_.authenticate(call.token, call.ctx.now);
  if (!actor.ok()) return call.Fail(actor.error());
  call.ctx.actor = *actor;
  if (!spec.roles.Has(actor->role)) {
    return call.Fail(
        Error{ErrorCode::kForbidden,
              "the role " + std::string(service::Name(actor->role)) + " may not do this",
              {},
              0,
              {}});
  }
  return std::nullopt;
}

Reply Router::Dispatch(Call& call) {
  auto url = boost::urls::parse_origin_form(call.req.target());
  if (!url) return call.Fail(Error::Invalid("malformed request target"), true);
  for (auto p : url->params()) {
    // Every value ends up in JSON (errors, audit entries, stored names): only text.
    if (!IsValidUtf8(p.key)) {
      return call.Fail(Error::Invalid("a query parameter's name is not valid UTF-8 text"), true);
    }
    if (!IsValidUtf8(p.value)) {
      return call.Fail(
          Error::Invalid("the query parameter " + std::string(p.key) + " is not valid UTF-8 text",
                         0, p.key),
          true);
    }
    call.query[p.key] = p.value;
  }
  std::vector<std::string> segments;
  for (auto seg : url->segments()) segments.push_back(seg);
  bool path_matched = false;
  const Route* route = Match(call.req.method(), segments, call.ids, path_matched);
  if (!route) {
    if (path_matched) {
      return call.ErrorReply(405, "method_not_allowed",
                             "this path does not accept " + std::string(call.req.method_text()),
                             "");
    }
    return call.Fail(Error{ErrorCode::kNotFound, "no such resource", {}, 0, {}});
  }
  if (auto refused = Admit(call, *route)) return std::move(*refused);
  return route->spec.handler(call);
}

}  // namespace aftercare::http
