#include "service/quality_rows.h"

#include <cctype>

#include "service/notices/notices.h"

namespace aftercare::service {

Status RequireText(std::string_view text, const char* field) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::Invalid(std::string(field) + " is required", 0, field);
  }
  return {};
}

std::string LikePattern(std::string_view q) {
  std::string like = "%";
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '!') like += '!';
    like += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return like + "%";
}

std::string IdCursor(std::int64_t last_id) { return "i" + std::to_string(last_id); }

Result<std::optional<std::int64_t>> ReadIdCursor(const std::string& cursor) {
  if (cursor.empty()) return std::optional<std::int64_t>();
  if (cursor.size() < 2 || cursor.size() > 20 || cursor[0] != 'i' ||
      cursor.find_first_not_of("0123456789", 1) != std::string::npos) {
    return Error::Invalid("cursor is not one this server issued", 0, "cursor");
  }
  return std::optional<std::int64_t>(std::stoll(cursor.substr(1)));
}

Result<std::vector<Person>> ActivePartyAUsers(store::Transaction& tx, std::int64_t customer_id) {
  return notices::ActiveUsers(tx, "role = 'party_a' AND customer_id = $1", {customer_id});
}

}  // namespace aftercare::service
