// Strict reading of a JSON request body: an object, each field of the right type,
// no unknown fields, no key given twice. The first problem is kept (with the field's name) and
// turned into a 400 by the caller; later reads after a problem return defaults.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace aftercare::http {

// Bounds on every JSON body (issue 10): nesting deeper than kMaxJsonDepth is
// refused before the body is parsed; a string field holds at most its
// MaxFieldChars characters (FieldLimits names the fields with their own limit,
// documented in the OpenAPI document; any other string field kDefaultMaxChars); a
// list at most kMaxListItems items; an object field (a ticket's form, an event's
// data) at most kMaxObjectBytes serialised.
inline constexpr int kMaxJsonDepth = 32;
inline constexpr std::size_t kDefaultMaxChars = 1000;
inline constexpr std::size_t kMaxListItems = 1000;
inline constexpr std::size_t kMaxObjectBytes = 32 * 1024;

struct FieldLimit {
  std::string_view field;
  std::size_t max_chars;
};
const std::vector<FieldLimit>& FieldLimits();
std::size_t MaxFieldChars(std::string_view field);

class JsonBody {
 public:
  explicit JsonBody(std::string_view text);

  std::string Str(const char* key);  // required, non-null string
  std::optional<std::string> OptStr(const char* key);
  // Absent: nullopt; null: a nullopt inside (a value to clear); else the string.
  std::optional<std::optional<std::string>> NullableStr(const char* key);
  std::int64_t Int(const char* key);  // required integer
  std::optional<std::int64_t> OptInt(const char* key);
  std::optional<int> OptInt32(const char* key);  // an integer that fits an int, else a problem
  std::optional<bool> OptBool(const char* key);
  std::optional<Instant> OptTime(const char* key);  // RFC 3339 string
  std::optional<std::vector<std::int64_t>> OptIntList(const char* key);
  std::vector<std::string> StrList(const char* key);  // required list of strings
  std::optional<std::vector<std::string>> OptStrList(const char* key);
  nlohmann::json OptObject(const char* key);          // {} when absent
  // A list of objects (each read by the caller), at most kMaxListItems items and
  // kMaxObjectBytes serialised; nullopt when absent.
  std::optional<nlohmann::json> OptObjectList(const char* key);

  // The first problem, including any field nobody read (an unknown field).
  const std::optional<Error>& Finish();

 private:
  const nlohmann::json* Get(const char* key);
  void Fail(const std::string& field, const std::string& message);
  // At most kMaxListItems items, else a problem naming `key`.
  bool ListFits(const char* key, const nlohmann::json& list);

  nlohmann::json json_;
  std::set<std::string> read_;
  std::optional<Error> error_;
};

}  // namespace aftercare::http
