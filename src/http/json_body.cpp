#include "http/json_body.h"

#include <algorithm>
#include <limits>

#include "core/text.h"

namespace aftercare::http {

namespace {

// The deepest nesting of arrays and objects in `text`, stopping early once it
// passes `limit`: counted before parsing, so that nothing recursive (copying,
// serialising, destroying) ever sees a deeper value.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (ch == '\\') {
        escaped = true;
      } else if (ch == '"') {
        in_string = false;
      }
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) break;
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  return deepest;
}

// An integer JSON value that fits int64: 2^63 .. 2^64-1 arrive as unsigned and
// would wrap to negative.
bool IsInt64(const nlohmann::json& v) {
  return v.is_number_integer() &&
         !(v.is_number_unsigned() &&
           v.get<std::uint64_t>() >
               static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
}

}  // namespace

std::size_t MaxFieldChars(std::string_view field) {
  for (const FieldLimit& f : FieldLimits()) {
    if (f.field == field) return f.max_chars;
  }
  return kDefaultMaxChars;
}

const std::vector<FieldLimit>& FieldLimits() {
  static const std::vector<FieldLimit> kLimits = {
      {"login", 64},
      {"password", 256},
      {"display_name", 100},
      {"name", 200},
      {"title", 200},
      {"contact", 100},
      {"caller_name", 100},
      {"phone", 40},
      {"caller_phone", 40},
      {"address", 500},
      {"description", 10000},
      {"note", 10000},
      {"reason", 2000},
      {"number", 64},
      {"value", 32},
      {"penalty_rate", 32},
      {"policy", 100},
      {"tz", 64},
      {"maintenance_fee_terms", 4000},
      {"body", 256 * 1024},
  };
  return kLimits;
}

JsonBody::JsonBody(std::string_view text) {
  if (NestingDepth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    Fail("", "the body is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return;
  }
  // A key given twice would silently take its last value: refuse it instead.
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  auto callback = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) keys.emplace_back();
    if (event == E::object_end && !keys.empty()) keys.pop_back();
    if (event == E::key && !keys.empty() && duplicate.empty() &&
        !keys.back().insert(parsed.get<std::string>()).second) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  json_ = nlohmann::json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/false);
  if (json_.is_discarded()) {
    Fail("", "the body is not valid JSON");
  } else if (!json_.is_object()) {
    Fail("", "the body must be a JSON object");
  } else if (!duplicate.empty()) {
    Fail(duplicate, duplicate + " is given more than once");
  }
}

std::optional<bool> JsonBody::OptBool(const char* key) {
  const auto* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(key, std::string(key) + " must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

bool JsonBody::ListFits(const char* key, const nlohmann::json& list) {
  if (list.size() <= kMaxListItems) return true;
  Fail(key, std::string(key) + " has more than " + std::to_string(kMaxListItems) + " items");
  return false;
}

void JsonBody::Fail(const std::string& field, const std::string& message) {
  if (!error_) error_ = Error::Invalid(message, 0, field);
}

const nlohmann::json* JsonBody::Get(const char* key) {
  read_.insert(key);
  if (error_ || !json_.is_object()) return nullptr;
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> JsonBody::OptStr(const char* key) {
  const auto* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, std::string(key) + " must be a string");
    return std::nullopt;
  }
  std::string text = v->get<std::string>();
  if (text.find('\0') != std::string::npos) {
    Fail(key, std::string(key) + " must not contain a NUL character");
    return std::nullopt;
  }
  if (std::size_t max = MaxFieldChars(key); CodePoints(text) > max) {
    Fail(key, std::string(key) + " is longer than " + std::to_string(max) + " characters");
    return std::nullopt;
  }
  return text;
}

std::string JsonBody::Str(const char* key) {
  auto v = OptStr(key);
  if (!v && !error_) Fail(key, std::string(key) + " is required");
  return v.value_or("");
}

std::optional<std::optional<std::string>> JsonBody::NullableStr(const char* key) {
  if (!error_ && json_.is_object()) {
    auto it = json_.find(key);
    if (it != json_.end() && it->is_null()) {
      read_.insert(key);
      return std::optional<std::string>();
    }
  }
  auto v = OptStr(key);
  if (!v) return std::nullopt;
  return std::optional<std::string>(std::move(*v));
}

std::optional<std::int64_t> JsonBody::OptInt(const char* key) {
  const auto* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(key, std::string(key) + " must be an integer");
    return std::nullopt;
  }
  if (!IsInt64(*v)) {
    Fail(key, std::string(key) + " is out of range");
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::optional<int> JsonBody::OptInt32(const char* key) {
  auto v = OptInt(key);
  if (!v) return std::nullopt;
  if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
    Fail(key, std::string(key) + " is out of range");
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::int64_t JsonBody::Int(const char* key) {
  auto v = OptInt(key);
  if (!v && !error_) Fail(key, std::string(key) + " is required");
  return v.value_or(0);
}

std::optional<Instant> JsonBody::OptTime(const char* key) {
  auto s = OptStr(key);
  if (!s) return std::nullopt;
  auto t = ParseRfc3339(*s);
  if (!t.ok()) {
    Fail(key, std::string(key) + ": " + t.error().message);
    return std::nullopt;
  }
  if (!InServiceRange(*t)) {
    Fail(key, std::string(key) + " must fall in the years 2000 to 2100");
    return std::nullopt;
  }
  return *t;
}

std::optional<std::vector<std::int64_t>> JsonBody::OptIntList(const char* key) {
  const auto* v = Get(key);
  if (!v) return std::nullopt;
  std::vector<std::int64_t> out;
  if (!v->is_array()) {
    Fail(key, std::string(key) + " must be a list of integers");
    return std::nullopt;
  }
  if (!ListFits(key, *v)) return std::nullopt;
  for (const auto& x : *v) {
    if (!IsInt64(x)) {
      Fail(key, std::string(key) + " must be a list of integers");
      return std::nullopt;
    }
    out.push_back(x.get<std::int64_t>());
  }
  return out;
}

std::vector<std::string> JsonBody::StrList(const char* key) {
  const auto* v = Get(key);
  std::vector<std::string> out;
  if (!v) {
    if (!error_) Fail(key, std::string(key) + " is required");
    return out;
  }
  if (!v->is_array()) {
    Fail(key, std::string(key) + " must be a list of strings");
    return out;
  }
  if (!ListFits(key, *v)) return out;
  for (const auto& x : *v) {
    if (!x.is_string()) {
      Fail(key, std::string(key) + " must be a list of strings");
      return {};
    }
    out.push_back(x.get<std::string>());
  }
  return out;
}

std::optional<std::vector<std::string>> JsonBody::OptStrList(const char* key) {
  if (!Get(key)) return std::nullopt;
  return StrList(key);
}

nlohmann::json JsonBody::OptObject(const char* key) {
  const auto* v = Get(key);
  if (!v) return nlohmann::json::object();
  if (!v->is_object()) {
    Fail(key, std::string(key) + " must be an object");
    return nlohmann::json::object();
  }
  if (v->dump().size() > kMaxObjectBytes) {
    Fail(key,
         std::string(key) + " is larger than " + std::to_string(kMaxObjectBytes / 1024) + " KB");
    return nlohmann::json::object();
  }
  return *v;
}

std::optional<nlohmann::json> JsonBody::OptObjectList(const char* key) {
  const auto* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->is_array() || !std::all_of(v->begin(), v->end(), [](const auto& x) {
        return x.is_object();
      })) {
    Fail(key, std::string(key) + " must be a list of objects");
    return std::nullopt;
  }
  if (!ListFits(key, *v)) return std::nullopt;
  if (v->dump().size() > kMaxObjectBytes) {
    Fail(key,
         std::string(key) + " is larger than " + std::to_string(kMaxObjectBytes / 1024) + " KB");
    return std::nullopt;
  }
  return *v;
}

const std::optional<Error>& JsonBody::Finish() {
  if (!error_ && json_.is_object()) {
    for (const auto& [k, v] : json_.items()) {
      if (!read_.count(k)) {
        Fail(k, "unknown field " + k);
        break;
      }
    }
  }
  return error_;
}

}  // namespace aftercare::http
