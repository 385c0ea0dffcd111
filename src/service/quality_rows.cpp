#include "service/quality_rows.h"

#include <cctype>

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
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id, display_name FROM users WHERE role = 'party_a' AND "
                          "customer_id = $1 AND disabled = 0 ORDER BY id",
                          {customer_id}));
  std::vector<Person> out;
  for (const auto& r : rows) out.push_back({r.Int("id"), r.Text("display_name")});
  return out;
}

}  // namespace aftercare::service
