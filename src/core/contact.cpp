#include "core/contact.h"

#include <algorithm>

#include <cctype>

namespace aftercare {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Splits "number<marker>extension"; the extension must be 1-6 digits.
bool SplitExtension(std::string_view text, std::string_view& number) {
  for (std::string_view marker : {std::string_view("转"), std::string_view("ext"),
                                  std::string_view("x")}) {
    auto at = text.find(marker);
    if (at == std::string_view::npos) continue;
    std::string_view ext = text.substr(at + marker.size());
    while (!ext.empty() && (ext.front() == ' ' || ext.front() == '.')) ext.remove_prefix(1);
    if (ext.empty() || ext.size() > 6) return false;
    for (char c : ext) {
      if (!IsDigit(c)) return false;
    }
    number = text.substr(0, at);
    return true;
  }
  number = text;
  return true;
}

}  // namespace

bool IsPhoneNumber(std::string_view text) {
  std::string_view number;
  if (!SplitExtension(text, number)) return false;
  while (!number.empty() && (number.back() == ' ' || number.back() == '-')) number.remove_suffix(1);
  int digits = 0, open = 0;
  for (std::size_t i = 0; i < number.size(); ++i) {
    char c = number[i];
    if (IsDigit(c)) {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return false;
    } else if (c == '(') {
      if (open++) return false;
    } else if (c == ')') {
      if (!open--) return false;
    } else if (c != ' ' && c != '-') {
      return false;
    }
  }
  return open == 0 && digits >= 3 && digits <= 20;
}

Status CheckPhone(std::string_view text, const std::string& field) {
  if (text.empty() || IsPhoneNumber(text)) return {};
  return Error::Invalid(field +
                            " must be a phone number: digits with spaces, - or ( ) (0571-88001234, "
                            "138 0013 8000, +86 138 0013 8000)",
                        0, field);
}

Status CheckPostcode(std::string_view text, const std::string& field) {
  if (text.empty()) return {};
  bool ok = text.size() == 6;
  for (char c : text) ok = ok && IsDigit(c);
  if (ok) return {};
  return Error::Invalid(field + " must be a postcode of 6 digits (100080)", 0, field);
}

bool IsMailAddress(std::string_view address) {
  constexpr std::size_t kMaxAddress = 254;
  const std::size_t at = address.find('@');
  return address.size() <= kMaxAddress && at != std::string_view::npos && at > 0 &&
         at + 1 < address.size() && address.find('@', at + 1) == std::string_view::npos &&
         std::all_of(address.begin(), address.end(), [](char c) {
           return c > ' ' && c < 0x7F &&
                  std::string_view("<>(),;:\"\\[]").find(c) == std::string_view::npos;
         });
}

}  // namespace aftercare
