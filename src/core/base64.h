// RFC 4648 Base64 with padding, on one line (libsodium's codec): for mail bodies
// and encoded-words, robot signatures, sealed secrets and files kept in JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aftercare {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not Base64 (any character outside the alphabet, bad padding).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace aftercare
