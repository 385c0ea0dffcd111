#include "schema_check.h"

namespace aftercare::apitest {
namespace {

using nlohmann::json;

class Checker {
 public:
  Checker(const json& document, std::size_t limit) : document_(document), limit_(limit) {}

  void Check(const json& value, const json& schema, const std::string& path, int depth = 0) {
    if (Full()) return;
    if (depth > 64) return Fail(path, "schema $ref nesting too deep");
    if (!schema.is_object()) return Fail(path, "schema is not an object: " + schema.dump());
    if (value.is_null() && schema.value("nullable", false)) return;
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      const json* target = Resolve(ref->is_string() ? ref->get<std::string>() : "");
      if (!target) return Fail(path, "unresolved $ref " + ref->dump());
      Check(value, *target, path, depth + 1);
    }
    if (auto all = schema.find("allOf"); all != schema.end() && all->is_array()) {
      for (const json& part : *all) Check(value, part, path, depth + 1);
    }
    if (auto type = schema.find("type"); type != schema.end() && type->is_string()) {
      if (!CheckType(value, type->get<std::string>(), path)) return;
    }
    if (auto values = schema.find("enum"); values != schema.end() && values->is_array()) {
      bool found = false;
      for (const json& v : *values) found = found || v == value;
      if (!found) return Fail(path, Shown(value) + " not in enum " + values->dump());
    }
    if (value.is_object()) CheckObject(value, schema, path, depth);
    if (value.is_array()) {
      if (auto items = schema.find("items"); items != schema.end()) {
        for (std::size_t i = 0; i < value.size() && !Full(); ++i) {
          Check(value[i], *items, path + "[" + std::to_string(i) + "]", depth + 1);
        }
      }
    }
  }

  std::vector<SchemaMismatch> found;

 private:
  bool Full() const { return limit_ != 0 && found.size() >= limit_; }
  void Fail(const std::string& path, std::string problem) {
    if (!Full()) found.push_back({path, std::move(problem)});
  }

  static std::string Shown(const json& value) {
    std::string s = value.dump();
    return s.size() > 80 ? s.substr(0, 77) + "..." : s;
  }
  static std::string Kind(const json& value) {
    if (value.is_null()) return "null";
    if (value.is_boolean()) return "a boolean " + value.dump();
    if (value.is_number_integer()) return "an integer " + value.dump();
    if (value.is_number()) return "a number " + value.dump();
    if (value.is_string()) return "a string " + Shown(value);
    if (value.is_array()) return "an array";
    return "an object";
  }

  bool CheckType(const json& value, const std::string& type, const std::string& path) {
    if (value.is_null()) {
      Fail(path, "null but not nullable");
      return false;
    }
    bool ok = false;
    if (type == "string") ok = value.is_string();
    else if (type == "integer") ok = value.is_number_integer();
    else if (type == "number") ok = value.is_number();
    else if (type == "boolean") ok = value.is_boolean();
    else if (type == "object") ok = value.is_object();
    else if (type == "array") ok = value.is_array();
    else {
      Fail(path, "schema has unknown type " + type);
      return false;
    }
    if (!ok) Fail(path, Kind(value) + " but the schema says " + type);
    return ok;
  }

  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  void CheckObject(const json& value, const json& schema, const std::string& path, int depth) {
    static const json kNone = json::object();
    auto p = schema.find("properties");
    const json& props = p != schema.end() && p->is_object() ? *p : kNone;
    if (auto req = schema.find("required"); req != schema.end() && req->is_array()) {
      for (const json& name : *req) {
        if (name.is_string() && !value.contains(name.get<std::string>())) {
          Fail(Join(path, name.get<std::string>()), "missing but required");
        }
      }
    }
    auto extra = schema.find("additionalProperties");
    for (const auto& [key, v] : value.items()) {
      if (Full()) return;
      if (auto s = props.find(key); s != props.end()) {
        Check(v, *s, Join(path, key), depth + 1);
      } else if (extra != schema.end()) {
        if (extra->is_boolean() && !extra->get<bool>()) {
          Fail(Join(path, key), "not in the schema (additionalProperties: false)");
        } else if (extra->is_object()) {
          Check(v, *extra, Join(path, key), depth + 1);
        }
      }
    }
  }

  const json* Resolve(const std::string& ref) const {
    static const std::string kPrefix = "#/components/schemas/";
    if (ref.rfind(kPrefix, 0) != 0) return nullptr;
    json::json_pointer at(ref.substr(1));
    return document_.contains(at) ? &document_.at(at) : nullptr;
  }

  const json& document_;
  std::size_t limit_;
};

}  // namespace

std::string SchemaMismatch::Describe() const {
  return (path.empty() ? "(body)" : path) + ": " + problem;
}

std::vector<SchemaMismatch> CheckSchema(const nlohmann::json& value, const nlohmann::json& schema,
                                        const nlohmann::json& document, std::size_t limit) {
  Checker c(document, limit);
  c.Check(value, schema, "");
  return std::move(c.found);
}

}  // namespace aftercare::apitest
