#include "core/money.h"

#include <cctype>

namespace aftercare {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// Splits "int.frac" checking the shape; frac may be absent.
bool SplitDecimal(std::string_view text, std::string_view& whole, std::string_view& frac,
                  bool& has_point) {
  auto dot = text.find('.');
  has_point = dot != std::string_view::npos;
  whole = text.substr(0, dot);
  frac = has_point ? text.substr(dot + 1) : std::string_view{};
  if (!AllDigits(whole)) return false;
  if (has_point && !AllDigits(frac)) return false;
  return true;
}

}  // namespace

Result<Fen> ParseYuan(std::string_view text) {
  std::string_view whole, frac;
  bool has_point = false;
  if (!text.empty() && text[0] == '-') {
    return Error::Invalid("amount must not be negative: \"" + std::string(text) + "\"");
  }
  if (!SplitDecimal(text, whole, frac, has_point)) {
    return Error::Invalid("amount is not a decimal number like \"1000000.00\": \"" +
                          std::string(text) + "\"");
  }
  if (whole.size() > 13) {
    return Error::Invalid("amount has more than 13 digits before the point: \"" +
                          std::string(text) + "\"");
  }
  if (frac.size() > 2) {
    return Error::Invalid("amount has more than 2 decimals (fen): \"" + std::string(text) + "\"");
  }
  Fen fen = 0;
  for (char c : whole) fen = fen * 10 + (c - '0');
  fen *= 100;
  if (frac.size() >= 1) fen += (frac[0] - '0') * 10;
  if (frac.size() == 2) fen += frac[1] - '0';
  return fen;
}

Result<Rate> ParseRate(std::string_view text) {
  std::string_view whole, frac;
  bool has_point = false;
  if (!text.empty() && text[0] == '-') {
    return Error::Invalid("penalty_rate must not be negative: \"" + std::string(text) + "\"");
  }
  if (!SplitDecimal(text, whole, frac, has_point)) {
    return Error::Invalid("penalty_rate is not a decimal number like \"0.0003\": \"" +
                          std::string(text) + "\"");
  }
  if (frac.size() > 12) {
    return Error::Invalid("penalty_rate has more than 12 decimals: \"" + std::string(text) + "\"");
  }
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  std::int64_t micro = 0;
  if (whole.size() > 1 || whole[0] > '1') {
    return Error::Invalid("penalty_rate must be at most 1: \"" + std::string(text) + "\"");
  }
  micro = (whole[0] - '0') * Rate::kScale;
  std::int64_t place = Rate::kScale / 10;
  for (char c : frac) {
    micro += (c - '0') * place;
    place /= 10;
  }
  if (micro > Rate::kScale) {
    return Error::Invalid("penalty_rate must be at most 1: \"" + std::string(text) + "\"");
  }
  return Rate{micro};
}

Fen ApplyRate(Fen value_fen, Rate rate) {
  __int128 product = static_cast<__int128>(value_fen) * rate.micro_micro;
  return static_cast<Fen>((product + Rate::kScale / 2) / Rate::kScale);
}

std::string FormatYuan(Fen fen) {
  std::string sign = fen < 0 ? "-" : "";
  unsigned long long abs =
      fen < 0 ? 0ULL - static_cast<unsigned long long>(fen) : static_cast<unsigned long long>(fen);
  std::string cents = std::to_string(abs % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return sign + std::to_string(abs / 100) + "." + cents;
}

}  // namespace aftercare
