// Checks on text that arrives from outside (query strings, headers, file names)
// before it is stored or echoed: JSON can only carry valid UTF-8, and a stored
// string that is not would break every later answer that shows it (issue 10).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aftercare {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequence.
bool IsValidUtf8(std::string_view text);

// Characters (code points) in valid UTF-8 text.
std::size_t CodePoints(std::string_view text);

// ASCII letters in lower case, everything else as it is (header values, tokens).
std::string AsciiLower(std::string_view text);

// A Content-Type's media type without its parameters, trimmed and in lower case:
// "Text/HTML; charset=utf-8" -> "text/html".
std::string MediaTypeEssence(std::string_view content_type);

}  // namespace aftercare
