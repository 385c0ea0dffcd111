// Money in integer fen (1 CNY = 100 fen) and penalty rates as exact decimals.
// Never floating point: parsing, multiplication and rounding are exact (CON-2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace aftercare {

using Fen = std::int64_t;

// A rate in units of 1e-12 (so "0.0003" is 300'000'000). At most 1.
struct Rate {
  static constexpr std::int64_t kScale = 1'000'000'000'000;  // 12 decimal places
  std::int64_t micro_micro = 0;
  friend bool operator==(Rate, Rate) = default;
};

// Parses a CNY amount "^\d{1,13}(\.\d{1,2})?$" into fen. Errors name the problem.
Result<Fen> ParseYuan(std::string_view text);

// Parses a rate "^\d+(\.\d{1,12})?$" that is at most 1.
Result<Rate> ParseRate(std::string_view text);

// round_half_up(value_fen * rate), computed in 128-bit integers (CON-2).
Fen ApplyRate(Fen value_fen, Rate rate);

// "1234.50" style rendering of fen, for logs and messages.
std::string FormatYuan(Fen fen);

}  // namespace aftercare
