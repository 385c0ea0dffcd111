// A small synchronous HTTP/1.1 client for the API tests (Boost.Beast): one
// keep-alive connection per client, a cookie jar (Set-Cookie / Max-Age=0), an
// optional Bearer token, extra request headers, JSON helpers. Every JSON response
// is checked against the schema its route has in the server's own
// /api/v1/openapi.json (a gtest failure names the request and the mismatch;
// issue 11), so the document cannot drift from the server. A client follows
// its server across restarts (a new port, a new connection). Raw socket helpers
// cover what a well-behaved client cannot send (oversized or broken requests).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "server_harness.h"

namespace aftercare::apitest {

using nlohmann::json;

struct HttpResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string method, target;                  // the request, for messages

  std::string Header(const std::string& name) const;
  // The body as JSON (null when it is not JSON).
  json Json() const;
  // "POST /api/v1/x -> 422 {...}", for failure messages.
  std::string Describe() const;
};

class HttpClient {
 public:
  explicit HttpClient(const TestServer& server);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse Get(const std::string& target);
  HttpResponse Delete(const std::string& target);
  HttpResponse Post(const std::string& target, const json& body);
  // Sends `body` as is (e.g. malformed JSON).
  HttpResponse PostRaw(const std::string& target, const std::string& body,
                       const std::string& content_type = "application/json");
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::optional<std::string>& body,
                    const std::string& content_type = "application/json");

  // POST /api/v1/session; on 200 the jar holds the session cookie.
  HttpResponse Login(const std::string& login, const std::string& password);

  void set_bearer(std::string token) { bearer_ = std::move(token); }
  std::map<std::string, std::string>& cookies() { return cookies_; }
  // A header sent with every request from now on (e.g. Accept-Language); an empty
  // value stops sending it.
  void SetHeader(const std::string& name, const std::string& value);

 private:
  struct Connection;
  const TestServer& server_;
  std::unique_ptr<Connection> conn_;
  std::map<std::string, std::string> cookies_;
  std::map<std::string, std::string> headers_;
  std::string bearer_;
};

// The mismatches between `r` and the schema the server's OpenAPI document gives
// its route and status (fetched once per server generation): empty when they
// agree or when `r` is not checked (no JSON body, a route not documented, e.g. a
// 404). A 2xx status other than the route's documented one is a mismatch.
std::vector<std::string> SchemaMismatches(const TestServer& server, const HttpResponse& r);

// Thrown by Expect: aborts the test with the request and the response.
struct UnexpectedResponse : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `r` when its status is `status`; throws UnexpectedResponse otherwise.
const HttpResponse& Expect(const HttpResponse& r, int status);

// Raw HTTP over a fresh TCP connection: sends `head` then `body_size` bytes of
// 'x' (stopping as soon as the server answers) and returns whatever the server
// sent back before it closed, or "" when nothing came within `timeout_s`.
std::string RawExchange(std::uint16_t port, const std::string& head, std::size_t body_size,
                        int timeout_s = 20);
// A raw HTTP/1.1 response (as RawExchange returns it), parsed; status 0 when it
// is not one.
HttpResponse ParseRaw(const std::string& reply);

}  // namespace aftercare::apitest
