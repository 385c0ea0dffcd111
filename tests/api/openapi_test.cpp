// The OpenAPI 3 document (issue 4 item 7) against the routes the server answers.
#include <set>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class OpenApi : public ApiTest {};
AFTERCARE_API_BACKENDS(OpenApi);

// The routes of issue 4's API as of this slice. A route added to the server must
// be documented; add it here with its test.
const std::set<std::pair<std::string, std::string>> kRoutes = {
    {"get", "/healthz"},
    {"get", "/metrics"},
    {"get", "/api/v1/openapi.json"},
    {"post", "/api/v1/session"},
    {"delete", "/api/v1/session"},
    {"get", "/api/v1/me"},
    {"post", "/api/v1/tokens"},
    {"get", "/api/v1/users"},
    {"post", "/api/v1/users"},
    {"patch", "/api/v1/users/{id}"},
    {"get", "/api/v1/customers"},
    {"post", "/api/v1/customers"},
    {"get", "/api/v1/customers/{id}"},
    {"get", "/api/v1/customers/{id}/systems"},
    {"post", "/api/v1/customers/{id}/systems"},
    {"patch", "/api/v1/customers/{id}"},
    {"patch", "/api/v1/customers/{id}/systems/{id2}"},
    {"patch", "/api/v1/contracts/{id}"},
    {"get", "/api/v1/contracts"},
    {"post", "/api/v1/contracts"},
    {"get", "/api/v1/contracts/{id}"},
    {"get", "/api/v1/contracts/compliance"},
    {"get", "/api/v1/contracts/{id}/compliance"},
    {"post", "/api/v1/contracts/{id}/notices"},
    {"post", "/api/v1/contracts/{id}/waivers"},
    {"get", "/api/v1/contracts/{id}/scenario"},
    {"get", "/api/v1/workload"},
    {"get", "/api/v1/tickets"},
    {"post", "/api/v1/tickets"},
    {"get", "/api/v1/tickets/{id}"},
    {"post", "/api/v1/tickets/{id}/events"},
    {"get", "/api/v1/customers/{id}/archive"},
    {"get", "/api/v1/policies"},
    {"post", "/api/v1/policies"},
    {"get", "/api/v1/audit"},
    {"get", "/api/v1/stream"},
    {"get", "/api/v1/analytics/response"},
    {"get", "/api/v1/holidays"},
    {"get", "/api/v1/holidays/{id}"},
    {"put", "/api/v1/holidays/{id}"},
    {"delete", "/api/v1/teams/{id}/members/{id2}"},
    {"delete", "/api/v1/teams/{id}/roster/{id2}"},
};
const std::set<std::string> kPublic = {"/healthz", "/metrics", "/api/v1/openapi.json"};

// Whether the document says the route needs a session or token (public routes
// say `security: []`).
bool NeedsLogin(const json& op) { return op.contains("security") && !op["security"].empty(); }

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string WithId(std::string path, std::int64_t id) {
  for (std::size_t at; (at = path.find("{id")) != std::string::npos;) {
    path.replace(at, path.find('}', at) - at + 1, std::to_string(id));
  }
  return path;
}

// The document is OpenAPI 3, lists every route, declares the {id} parameter and
// marks the routes that need a session or token.
TEST_P(OpenApi, DocumentListsEveryRoute) {
  json doc = Expect(Anonymous()->Get("/api/v1/openapi.json"), 200).Json();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0u) << doc["openapi"];
  EXPECT_TRUE(doc["info"].contains("title"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("session"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("token"));
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      SCOPED_TRACE(method + " " + path);
      documented.insert({method, path});
      EXPECT_TRUE(op.contains("responses"));
      EXPECT_FALSE(op.value("summary", "").empty());
      if (kRoutes.count({method, path})) {
        bool is_public = kPublic.count(path) || (path == "/api/v1/session" && method == "post");
        EXPECT_EQ(NeedsLogin(op), !is_public);
      }
      if (path.find("{id}") != std::string::npos) {
        ASSERT_TRUE(op.contains("parameters"));
        bool declared = false;
        for (const auto& p : op["parameters"]) {
          declared |= p["name"] == "id" && p["in"] == "path" && p["required"] == true;
        }
        EXPECT_TRUE(declared) << op;
      }
    }
  }
  for (const auto& route : kRoutes) {
    EXPECT_TRUE(documented.count(route))
        << "not documented: " << route.first << " " << route.second;
  }
}

// Every documented path and method exists: without a login it answers 401 when
// the document says it needs a session or token, and something else than 401
// (and no 5xx) when it does not; never 404 or 405. Logged in as the
// administrator, a GET of a collection or of an existing object answers 200.
TEST_P(OpenApi, EveryDocumentedRouteAnswers) {
  std::int64_t customer = CreateCustomer("Valley Telecom");
  std::int64_t contract = CreateContract(customer, "HT-VT-1")["id"];
  std::int64_t ticket = CreateTicket({{"customer_id", customer}})["id"];
  json doc = Expect(Anonymous()->Get("/api/v1/openapi.json"), 200).Json();
  auto anon = Anonymous();
  auto admin_sweep = LoginAs(TestServer::kAdminLogin, TestServer::kAdminPassword);
  int checked = 0;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      SCOPED_TRACE(method + " " + path);
      ++checked;
      std::int64_t id = path.rfind("/api/v1/tickets/", 0) == 0     ? ticket
                        : path.rfind("/api/v1/contracts/", 0) == 0 ? contract
                                                                   : customer;
      std::string target = WithId(path, id);
      std::optional<std::string> body;
      if (method == "post") body = "{}";
      HttpResponse r = anon->Send(Upper(method), target, body);
      EXPECT_NE(r.status, 404) << r.Describe();
      EXPECT_NE(r.status, 405) << r.Describe();
      if (NeedsLogin(op)) {
        ExpectError(r, 401, "unauthorized", nullptr);
      } else {
        EXPECT_NE(r.status, 401) << r.Describe();
        EXPECT_LT(r.status, 500) << r.Describe();
      }
      // The live stream never ends: live_test.cpp reads it.
      if (method == "get" && NeedsLogin(op) && path != "/api/v1/stream") {
        // With a login, a GET of an existing object (or of a collection) works.
        bool known =
            path.find("{id}") == std::string::npos || path.rfind("/api/v1/tickets/", 0) == 0 ||
            path.rfind("/api/v1/contracts/", 0) == 0 || path.rfind("/api/v1/customers/", 0) == 0;
        HttpResponse a = admin_sweep->Get(target);
        if (known) {
          EXPECT_EQ(a.status, 200) << a.Describe();
        } else {
          EXPECT_NE(a.status, 405) << a.Describe();
          EXPECT_NE(a.status, 401) << a.Describe();
        }
      }
    }
  }
  EXPECT_GE(checked, static_cast<int>(kRoutes.size()));
}

}  // namespace
}  // namespace aftercare::apitest
