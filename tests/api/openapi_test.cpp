// The OpenAPI 3 document (issue 4 item 7, issue 11) against the routes the server
// answers.
#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class OpenApi : public ApiTest {};
AFTERCARE_API_BACKENDS(OpenApi);

// The routes come from the served document itself: adding an area adds its routes
// to the document (src/http/openapi.cpp builds it from the route table), never to
// this file. What keeps the test honest instead of a list:
// - a floor on the number of routes (52 when the list was retired: a new area
//   needs no change here; lower it only when a route is removed on purpose),
// - a few landmark routes of different areas and shapes that must be there,
// - the server's answers: every documented route exists, and every other method on
//   a documented path is refused with 405 (so an answered route is documented).
constexpr std::size_t kMinRoutes = 52;
using Route = std::pair<std::string, std::string>;  // method (lower case), path
const std::set<Route> kLandmarks = {
    {"get", "/healthz"},
    {"get", "/api/v1/openapi.json"},
    {"post", "/api/v1/session"},
    {"get", "/api/v1/tickets"},
    {"post", "/api/v1/tickets/{id}/events"},
    {"get", "/api/v1/contracts/{id}/compliance"},
    {"patch", "/api/v1/customers/{id}/systems/{id2}"},
    {"delete", "/api/v1/teams/{id}/roster/{id2}"},
    {"put", "/api/v1/holidays/{id}"},
    {"get", "/api/v1/analytics/response"},
};
// The only routes anyone may call without a session or token.
const std::set<Route> kPublic = {{"get", "/healthz"},
                                 {"get", "/metrics"},
                                 {"get", "/api/v1/openapi.json"},
                                 {"post", "/api/v1/session"},
                                 {"get", "/api/v1/surveys/by-token"},
                                 {"post", "/api/v1/surveys/by-token"}};
const char* const kMethods[] = {"get", "post", "put", "patch", "delete"};

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

// Every {name} in a path template.
std::set<std::string> PathNames(const std::string& path) {
  std::set<std::string> names;
  for (std::size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
    names.insert(path.substr(at + 1, path.find('}', at) - at - 1));
  }
  return names;
}

// Every "$ref" under `j`.
void Refs(const json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "$ref" && value.is_string()) out.push_back(value);
      Refs(value, out);
    }
  } else if (j.is_array()) {
    for (const auto& value : j) Refs(value, out);
  }
}

std::set<Route> Routes(const json& doc) {
  std::set<Route> routes;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) routes.insert({method, path});
  }
  return routes;
}

// The document is OpenAPI 3 and describes each route: a summary, a unique
// operationId, a success response, its path parameters, schemas for its bodies
// (every $ref resolving), and whether it needs a session or token (only kPublic do
// not, and the description names the roles of the others).
TEST_P(OpenApi, DocumentDescribesEveryRoute) {
  json doc = Expect(Anonymous()->Get("/api/v1/openapi.json"), 200).Json();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0u) << doc["openapi"];
  EXPECT_TRUE(doc["info"].contains("title"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("session"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("token"));
  const json& schemas = doc["components"]["schemas"];
  const std::set<Route> routes = Routes(doc);
  EXPECT_GE(routes.size(), kMinRoutes);
  for (const Route& route : kLandmarks) {
    EXPECT_TRUE(routes.count(route)) << "not documented: " << route.first << " " << route.second;
  }
  for (const Route& route : kPublic) {
    EXPECT_TRUE(routes.count(route)) << "not documented: " << route.first << " " << route.second;
  }
  std::set<std::string> operation_ids;
  for (const auto& [method, path] : routes) {
    SCOPED_TRACE(method + " " + path);
    const json& op = doc["paths"][path][method];
    EXPECT_NE(std::find(std::begin(kMethods), std::end(kMethods), method), std::end(kMethods));
    EXPECT_FALSE(op.value("summary", "").empty());
    ASSERT_TRUE(op.contains("operationId"));
    EXPECT_TRUE(operation_ids.insert(op["operationId"]).second) << op["operationId"];
    ASSERT_TRUE(op.contains("responses"));
    bool success = false;
    for (const auto& [status, response] : op["responses"].items()) {
      if (status.size() != 3 || status[0] != '2') continue;
      success = true;
      const json contents = response.value("content", json::object());
      for (const auto& [type, content] : contents.items()) {
        EXPECT_TRUE(content.contains("schema")) << status << " " << type;
      }
    }
    EXPECT_TRUE(success) << op["responses"];
    if (op.contains("requestBody")) {
      ASSERT_TRUE(op["requestBody"].contains("content"));
      for (const auto& [type, content] : op["requestBody"]["content"].items()) {
        EXPECT_TRUE(content.contains("schema")) << type;
      }
    }
    const bool is_public = kPublic.count({method, path}) > 0;
    EXPECT_EQ(NeedsLogin(op), !is_public);
    EXPECT_EQ(op.value("description", "").rfind(is_public ? "public" : "roles: ", 0), 0u)
        << op.value("description", "");
    std::set<std::string> declared;
    const json parameters = op.value("parameters", json::array());
    for (const auto& p : parameters) {
      if (p["in"] == "path") {
        EXPECT_EQ(p["required"], true) << p;
        declared.insert(p["name"]);
      }
    }
    EXPECT_EQ(declared, PathNames(path));
    std::vector<std::string> refs;
    Refs(op, refs);
    for (const std::string& ref : refs) {
      const std::string prefix = "#/components/schemas/";
      ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
      EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << "unresolved " << ref;
    }
  }
}

// Every documented route exists: without a login it answers 401 when the document
// says it needs a session or token, and something else than 401 (and no 5xx) when
// it does not; never 404 or 405. Logged in as the administrator, a GET of a
// collection or of an existing object answers 200. Every method the document does
// not list on a documented path is refused with 405: the server answers no route
// the document leaves out. (The server does answer 404 and 405: see the first
// checks.)
TEST_P(OpenApi, EveryDocumentedRouteAnswers) {
  auto anon = Anonymous();
  ExpectError(anon->Get("/api/v1/no-such-area"), 404, "not_found", nullptr);
  ExpectError(anon->Send("PUT", "/api/v1/tickets", std::string("{}")), 405, "method_not_allowed",
              nullptr);
  std::int64_t customer = CreateCustomer("Valley Telecom");
  std::int64_t contract = CreateContract(customer, "HT-VT-1")["id"];
  std::int64_t ticket = CreateTicket({{"customer_id", customer}})["id"];
  json doc = Expect(anon->Get("/api/v1/openapi.json"), 200).Json();
  auto admin_sweep = LoginAs(TestServer::kAdminLogin, TestServer::kAdminPassword);
  std::size_t checked = 0, refused = 0;
  for (const auto& [path, ops] : doc["paths"].items()) {
    std::int64_t id = path.rfind("/api/v1/tickets/", 0) == 0     ? ticket
                      : path.rfind("/api/v1/contracts/", 0) == 0 ? contract
                                                                 : customer;
    std::string target = WithId(path, id);
    for (const char* method : kMethods) {
      if (ops.contains(method)) continue;
      SCOPED_TRACE(std::string(method) + " " + path + " (not documented)");
      ++refused;
      std::optional<std::string> body;
      if (std::string(method) != "get" && std::string(method) != "delete") body = "{}";
      HttpResponse r = anon->Send(Upper(method), target, body);
      EXPECT_EQ(r.status, 405) << r.Describe();
    }
    for (const auto& [method, op] : ops.items()) {
      SCOPED_TRACE(method + " " + path);
      ++checked;
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
        // A route the administrator is not among the roles of (the evidence
        // bundle: the two parties to the contract) refuses it.
        const std::string roles = op.value("description", "");
        const bool admin_may = roles.find("admin") != std::string::npos;
        if (known && admin_may) {
          EXPECT_EQ(a.status, 200) << a.Describe();
        } else if (known) {
          ExpectError(a, 403, "forbidden", nullptr);
        } else {
          EXPECT_NE(a.status, 405) << a.Describe();
          EXPECT_NE(a.status, 401) << a.Describe();
        }
      }
    }
  }
  EXPECT_GE(checked, kMinRoutes);
  EXPECT_GT(refused, 0u);
}

}  // namespace
}  // namespace aftercare::apitest
