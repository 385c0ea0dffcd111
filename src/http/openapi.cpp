// Router::OpenApiDocument: the OpenAPI 3.0 document generated from the route
// table (issue 11): every route with its roles, parameters, request body and
// responses; the error shape; the enums of the API; the field limits.
#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/text.h"
#include "http/json_body.h"
#include "http/router.h"
#include "http/schema.h"
#include "sla/model.h"
#include "sla/timeline.h"

namespace aftercare::http {
namespace {

using nlohmann::json;
namespace s = schema;

json Components(const json& added) {
  json limits = json::object();
  for (const FieldLimit& f : FieldLimits()) {
    limits[std::string(f.field)] = {{"type", "string"}, {"maxLength", f.max_chars}};
  }
  json schemas = {
      {"Error",
       s::Record({{"error", s::Record({{"code", s::Str("stable: bad_request, invalid_input, "
                                                       "not_found, conflict, unauthorized, "
                                                       "forbidden, too_large, ...")},
                                       {"message", s::Str("in the client's language")},
                                       {"field", s::Nullable(s::Str())},
                                       {"request_id", s::Str()}})}})},
      {"TicketStatus", s::EnumOf<sla::TicketStatus>(sla::kTicketStatusCount)},
      {"Priority", s::EnumOf<sla::Priority>(sla::kPriorityCount)},
      {"TicketType", s::EnumOf<sla::TicketType>(sla::kTicketTypeCount)},
      {"Role", s::EnumOf<service::Role>(service::kRoleCount)},
      {"Channel", s::EnumOf<sla::Channel>(sla::kChannelCount)},
      {"FieldLimits",
       {{"type", "object"},
        {"description",
         "the longest value, in characters, of each string field of a request body; any "
         "other string field holds at most " +
             std::to_string(kDefaultMaxChars) +
             "; bodies are JSON (Content-Type: application/json) of at most 1 MiB, nested at "
             "most " +
             std::to_string(kMaxJsonDepth) + " levels"},
        {"properties", limits}}},
  };
  for (const auto& [name, schema] : added.items()) {
    // An area's schema named like a shared one would replace it for every route.
    if (schemas.contains(name)) throw std::logic_error("the OpenAPI schema " + name + " is taken");
    schemas[name] = schema;
  }
  return {{"schemas", schemas},
          {"securitySchemes",
           {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}},
            {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}};
}

json QuerySchema(const std::string& type) {
  if (type == "integer") return s::Int();
  if (type == "flag") return s::Enum({"0", "1"});
  if (type == "date") return s::Date();
  if (type == "date-time") return s::Time();
  return s::Str();
}

// "getApiV1CustomersIdSystems": URL-safe and unique per method and path, as
// client generators name their functions.
std::string OperationId(std::string_view method, const std::string& path) {
  std::string id(method);
  bool upper = true;
  for (char ch : path) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
      upper = false;
    } else {
      upper = true;
    }
  }
  return id;
}

// A request's string fields carry their length limit (JsonBody enforces it).
void AddLimits(json& schema) {
  if (!schema.is_object() || !schema.contains("properties")) return;
  for (auto& [name, property] : schema["properties"].items()) {
    if (property.value("type", "") == "string" && !property.contains("format") &&
        !property.contains("enum")) {
      property["maxLength"] = MaxFieldChars(name);
    }
  }
}

}  // namespace

json Router::OpenApiDocument() const {
  json paths = json::object();
  for (const Route& r : routes_) {
    const RouteSpec& spec = r.spec;
    std::string path = spec.path;
    json params = json::array();
    // Path parameters need distinct names: {id}, {id2}, ...
    int n = 0;
    for (std::size_t at = path.find("{id}"); at != std::string::npos;
         at = path.find("{id}", at + 1)) {
      std::string name = ++n == 1 ? "id" : "id" + std::to_string(n);
      path.replace(at, 4, "{" + name + "}");
      params.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", s::Int()}});
    }
    for (const QueryParam& q : spec.query) {
      json p = {{"name", q.name}, {"in", "query"}, {"schema", QuerySchema(q.type)}};
      if (!q.description.empty()) p["description"] = q.description;
      params.push_back(p);
    }
    json ok = {{"description", "OK"}};
    if (!spec.response.is_null()) {
      ok["content"] = {{spec.response_type, {{"schema", spec.response}}}};
    } else if (spec.response_type != "application/json") {
      // A file in one of several types ("text/csv, application/vnd...") lists each.
      ok["content"] = json::object();
      for (std::size_t at = 0; at < spec.response_type.size();) {
        std::size_t comma = std::min(spec.response_type.find(", ", at), spec.response_type.size());
        ok["content"][spec.response_type.substr(at, comma - at)] = {{"schema", s::Str()}};
        at = comma + 2;
      }
    }
    json op = {{"summary", spec.summary},
               {"operationId", OperationId(AsciiLower(MethodName(spec.method)), path)},
               {"responses",
                {{std::to_string(spec.status), ok},
                 {"default",
                  {{"description", "an error"},
                   {"content", {{"application/json", {{"schema", s::Ref("Error")}}}}}}}}}};
    std::string roles;
    for (service::Role role : spec.roles.Roles()) {
      roles += (roles.empty() ? "" : ", ") + std::string(service::Name(role));
    }
    op["description"] = spec.is_public ? "public" : "roles: " + roles;
    op["security"] = spec.is_public
                         ? json::array()
                         : json::array({{{"session", json::array()}}, {{"token", json::array()}}});
    if (!params.empty()) op["parameters"] = params;
    if (!spec.request.is_null()) {
      json request = spec.request;
      AddLimits(request);
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", request}}}}}};
    } else if (spec.raw_body) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/octet-stream", {{"schema", s::Str()}}}}}};
    }
    paths[path][AsciiLower(MethodName(spec.method))] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "aftercare API"},
            {"version", "1"},
            {"description",
             "The after-sales service platform's JSON API. Errors have one shape (Error); "
             "messages follow Accept-Language (zh or en)."}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"components", Components(schemas_)},
          {"paths", paths}};
}

}  // namespace aftercare::http
