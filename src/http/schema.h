// Building JSON schemas (OpenAPI 3.0 dialect) for the route table: request
// bodies, responses and the shared components. Short on purpose: a route's
// schema reads like the JSON it describes.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace aftercare::http::schema {

using nlohmann::json;

inline json Str(std::string description = "") {
  json j = {{"type", "string"}};
  if (!description.empty()) j["description"] = std::move(description);
  return j;
}
inline json Int(std::string description = "") {
  json j = {{"type", "integer"}, {"format", "int64"}};
  if (!description.empty()) j["description"] = std::move(description);
  return j;
}
inline json Bool() { return {{"type", "boolean"}}; }
inline json Date() { return {{"type", "string"}, {"format", "date"}}; }
inline json Time() { return {{"type", "string"}, {"format", "date-time"}}; }
inline json Any() { return json::object(); }
inline json FreeObject() { return {{"type", "object"}}; }
inline json Enum(std::vector<std::string> values) {
  return {{"type", "string"}, {"enum", std::move(values)}};
}
// The names of the closed set E (its values 0 to count - 1), in order, as its
// Name prints them: the table that parses and prints them lists them here too.
template <typename E>
json EnumOf(int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) names.emplace_back(Name(static_cast<E>(i)));
  return Enum(std::move(names));
}
inline json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
inline json Array(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
// A value that may also be null (OpenAPI 3.0: `nullable` beside a `type`, so
// not for a $ref).
inline json Nullable(json s) {
  s["nullable"] = true;
  return s;
}
// An object with these properties; `required` names those always present. Extra
// properties are refused in requests (as the server does) and allowed nowhere.
inline json Object(std::initializer_list<std::pair<const char*, json>> properties,
                   std::vector<std::string> required = {}) {
  json props = json::object();
  for (const auto& [name, s] : properties) props[name] = s;
  json j = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) j["required"] = std::move(required);
  return j;
}
// A response object whose every property is always present.
inline json Record(std::initializer_list<std::pair<const char*, json>> properties) {
  std::vector<std::string> required;
  for (const auto& p : properties) required.emplace_back(p.first);
  return Object(properties, std::move(required));
}
// {"items": [...]} as the list routes answer.
inline json Items(json item) { return Record({{"items", Array(std::move(item))}}); }

}  // namespace aftercare::http::schema
