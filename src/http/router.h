// The API's route table (issue 11). Each area registers its routes from its own
// file (src/http/routes/<area>_routes.cpp) as RouteSpecs: method, path, summary,
// the roles allowed, the query parameters, the request and response schemas, and
// the handler. The router parses each path pattern once, and for every request it
// runs the checks every route shares before the handler sees it:
//   - the query: every name declared by the route (else 400 naming it), UTF-8,
//     each value at most kMaxQueryValue bytes;
//   - the body: JSON routes take Content-Type application/json (415) of at most
//     kMaxJsonBody bytes (413);
//   - a write whose Origin or Sec-Fetch-Site names another site: 403;
//   - the session or API token (401), then the route's roles (403).
// The OpenAPI document is generated from the same table (OpenApiDocument).
// Route files see only the plain types here, never Boost.Beast.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/stream.h"
#include "service/context.h"

namespace aftercare::http {

enum class Method { kGet, kPost, kPut, kPatch, kDelete, kOther };
std::string_view MethodName(Method m);  // "GET", ...

inline constexpr const char* kSessionCookie = "aftercare_session";
inline constexpr std::size_t kMaxQueryValue = 1000;       // bytes of one query value
inline constexpr std::size_t kMaxJsonBody = 1024 * 1024;  // bytes of a JSON body

// A name of one of the API's closed sets (a channel, a priority, an event kind)
// as the service's value: `parse` (e.g. sla::ParsePriority) gives nullopt for an
// unknown name, which is refused with `unknown`, the service's words (invalid
// input naming the field: a 422). Absent stays absent.
template <typename Parse>
Result<std::invoke_result_t<Parse, std::string_view>> ParseName(
    const std::optional<std::string>& name, Parse parse, Error unknown) {
  if (!name) return std::invoke_result_t<Parse, std::string_view>();
  auto value = parse(*name);
  if (!value) return unknown;
  return value;
}

// The request as a route sees it.
class ApiRequest {
 public:
  virtual ~ApiRequest() = default;
  virtual Method method() const = 0;
  virtual std::string_view method_text() const = 0;  // as sent: "OPTIONS"
  virtual std::string_view target() const = 0;
  virtual std::string_view body() const = 0;
  // A header's value ("" when absent); names are case-insensitive.
  virtual std::string_view header(std::string_view name) const = 0;
};

// What a route answers. JSON unless it says otherwise; the API adds the request
// id, nosniff and `Cache-Control: no-store` unless a header here says otherwise.
struct Reply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A file sent as the body instead (an export), read from disk as it goes out and
  // removed once opened for sending, or when the reply is not a success.
  std::string file;
};

// Builds replies in the client's language; copyable, so slow work can keep one.
class Responder {
 public:
  Responder(std::string request_id, std::string accept_language)
      : request_id_(std::move(request_id)), accept_language_(std::move(accept_language)) {}
  const std::string& request_id() const { return request_id_; }

  Reply Json(const nlohmann::json& body, int status = 200) const;
  // The one error shape, the message in the client's language.
  Reply ErrorReply(int status, std::string_view code, const std::string& message,
                   const std::string& field) const;
  // A service error as its status (kInvalidInput: 422, or 400 when the request
  // itself is malformed).
  Reply Fail(const Error& e, bool malformed_request = false) const;
  template <typename T, typename F>
  Reply Render(const Result<T>& r, F view, int status = 200) const {
    if (!r.ok()) return Fail(r.error());
    return Json(view(*r), status);
  }
  Reply Done(const Status& s, const nlohmann::json& body, int status = 200) const {
    if (!s.ok()) return Fail(s.error());
    return Json(body, status);
  }

 private:
  std::string request_id_, accept_language_;
};

// One request on its way through a route: the request, who asks, the path's ids
// and the query; and what the route may ask of the server beyond its reply.
class Call : public Responder {
 public:
  Call(const ApiRequest& request, std::string request_id, std::string accept_language)
      : Responder(std::move(request_id), std::move(accept_language)), req(request) {}

  const ApiRequest& req;
  service::Context ctx;
  std::vector<std::int64_t> ids;             // the {id} segments of the path, in order
  std::map<std::string, std::string> query;  // decoded, declared parameters
  std::string token;                         // the session or API token presented
  bool cookie_auth = false;                  // it came in the session cookie
  std::string client;                        // the client's address (the login throttle)
  bool peer_loopback = false;                // the connection comes from this machine

  // Set by the live stream's route.
  std::optional<Stream> stream;
  // Slow work (password hashing) runs on the server's slow pool, never on an HTTP
  // thread; its reply is sent after `delay` (no thread waits for it).
  std::function<Reply(std::chrono::milliseconds& delay)> slow;
  std::chrono::milliseconds delay{0};

  // The query's values; errors name the parameter (400).
  std::optional<std::string> QueryStr(const std::string& key) const;
  Result<std::optional<std::int64_t>> QueryInt(const std::string& key) const;
  Result<std::optional<Instant>> QueryTime(const std::string& key) const;  // 2000-2100
  Result<std::optional<LocalDate>> QueryDate(const std::string& key) const;
  Result<bool> QueryFlag(const std::string& key) const;  // 0 or 1, default 0
  // A name of a closed set (ParseName); `unknown` is the service's error, which
  // the route answers as such (a 422, not a 400).
  template <typename Parse>
  Result<std::invoke_result_t<Parse, std::string_view>> QueryName(const std::string& key,
                                                                  Parse parse,
                                                                  Error unknown) const {
    return ParseName(QueryStr(key), parse, std::move(unknown));
  }
  // A page size: clamped, not narrowed (2^32 + 1 would read as 1), so that the
  // service's range check refuses it.
  Result<std::optional<int>> QueryLimit(const std::string& key) const;
};

using RouteHandler = std::function<Reply(Call&)>;

struct QueryParam {
  std::string name;
  std::string type = "string";  // string, integer, flag (0/1), date, date-time
  std::string description;
};

struct RouteSpec {
  Method method = Method::kGet;
  std::string path = {};  // "/api/v1/tickets/{id}/events": {id} is a positive integer
  std::string summary = {};
  bool is_public = false;       // no session needed
  service::RoleSet roles = {};  // who may call it (ignored when public)
  std::vector<QueryParam> query = {};
  nlohmann::json request = nullptr;   // JSON schema of the body; null: no JSON body
  nlohmann::json response = nullptr;  // JSON schema of a success body; null: not JSON
  int status = 200;                   // the success status
  // A file's media types, when several: "text/csv, application/pdf".
  std::string response_type = "application/json";
  bool raw_body = false;  // the body is a file (attachments), not JSON
  RouteHandler handler = nullptr;
};

// The environment checks of the router: how it authenticates, what it trusts.
struct RouterHooks {
  // The actor behind a session or API token (kUnauthorized when none).
  std::function<Result<service::Actor>(const std::string& token, Instant now)> authenticate;
  bool behind_proxy = false;  // trust X-Forwarded-Host for the same-origin check
};

class Router {
 public:
  explicit Router(RouterHooks hooks) : hooks_(std::move(hooks)) {}
  void Add(RouteSpec spec);
  // A schema routes refer to as {"$ref": "#/components/schemas/NAME"} (a view
  // shared by several routes).
  void AddSchema(const std::string& name, nlohmann::json schema);

  // Finds and runs the route for `call` (its request, ids and query are filled in
  // here), after the shared checks above.
  Reply Dispatch(Call& call);

  // The OpenAPI 3 document of every route, with the error shape, the enums and
  // the schemas added by AddSchema (openapi.cpp).
  nlohmann::json OpenApiDocument() const;

 private:
  struct Route {
    RouteSpec spec;
    std::vector<std::string> segments;
  };
  const Route* Match(Method method, const std::vector<std::string>& segments,
                     std::vector<std::int64_t>& ids, bool& path_matched) const;
  std::optional<Reply> Admit(Call& call, const Route& route) const;

  RouterHooks hooks_;
  std::vector<Route> routes_;
  nlohmann::json schemas_ = nlohmann::json::object();
};

}  // namespace aftercare::http
