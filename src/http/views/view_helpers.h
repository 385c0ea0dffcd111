// What every view shares: optional values as null, times in a zone, money as fen
// plus a display string, and their schemas.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/money.h"
#include "core/time.h"
#include "http/schema.h"

namespace aftercare::http::views {

using nlohmann::json;

inline json Opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
inline json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
// A value of a closed set (a priority, a ticket type) by its name; none as null.
template <typename E>
json OptName(const std::optional<E>& v) {
  return v ? json(Name(*v)) : json(nullptr);
}
inline json Time(const std::optional<Instant>& t, const TimeZone& tz) {
  return t ? json(FormatRfc3339(*t, tz)) : json(nullptr);
}
inline json Money(Fen fen) { return json{{"fen", fen}, {"yuan", FormatYuan(fen)}}; }
inline json MoneySchema() {
  return schema::Record({{"fen", schema::Int("integer fen")}, {"yuan", schema::Str("display")}});
}
// {"items": [view(x), ...]}, as the list routes answer.
template <typename List, typename F>
json Items(const List& list, F view) {
  json items = json::array();
  for (const auto& x : list) items.push_back(view(x));
  return json{{"items", std::move(items)}};
}

// The zone named, or the default zone when it is unknown.
inline TimeZone ZoneOr(const std::string& name) {
  auto z = TimeZone::Locate(name);
  return z.ok() ? *z : DefaultZone();
}

}  // namespace aftercare::http::views
