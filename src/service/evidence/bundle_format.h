// The evidence bundle's JSON forms (evidence.h): an audit entry of chain.jsonl and
// the signed head of head.json, written by the bundle and read back by its
// verifier, so both sides are defined here once. A bundle is untrusted input:
// the readers take a value only when it has the expected type (a value of another
// type reads as missing, and the hashes then name the entry), never throwing.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "service/audit/chain.h"

namespace aftercare::service {

nlohmann::json EntryJson(const ChainEntry& e);
ChainEntry EntryFromJson(std::int64_t seq, const nlohmann::json& j);
nlohmann::json HeadJson(const SignedHead& h);
SignedHead HeadFromJson(const nlohmann::json& j);

// `j[key]` when `j` is an object holding an integer (a string) there.
std::optional<std::int64_t> IntAt(const nlohmann::json& j, std::string_view key);
std::optional<std::string> TextAt(const nlohmann::json& j, std::string_view key);

}  // namespace aftercare::service
