// A closed set's one name table, for parsing and printing alike (the defects and
// feedback areas' states, severities, types): `Name` prints a value as its name,
// `ParseIn` reads a name back, nullopt for a name outside the set.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace aftercare::service {

template <typename E, std::size_t N>
std::optional<E> ParseIn(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view NameIn(const std::array<std::string_view, N>& names, E value) {
  return names.at(static_cast<std::size_t>(value));
}

}  // namespace aftercare::service
