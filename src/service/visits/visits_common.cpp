#include "service/visits/visits_common.h"

#include <algorithm>

#include "core/text.h"
#include "service/notices/notices.h"

namespace aftercare::service::visits {

Status CheckText(const std::string& text, const char* field, std::size_t max, bool required) {
  if (!IsValidUtf8(text) || CodePoints(text) > max) {
    return Error::Invalid(
        std::string(field) + " is longer than " + std::to_string(max) + " characters", 0, field);
  }
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::Invalid(std::string(field) + " is required", 0, field);
  }
  return {};
}

Result<std::string> VendorUserName(store::Transaction& tx, std::int64_t user_id,
                                   const char* field) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT display_name, role, disabled FROM users WHERE id = $1",
                          {user_id}));
  if (rows.empty() || rows[0].Text("role") == "party_a" || rows[0].Int("disabled") != 0) {
    return Error::Invalid(std::string(field) + " must be an enabled vendor user", 0, field);
  }
  return rows[0].Text("display_name");
}

Result<std::vector<service::Person>> WithTeamLeader(store::Transaction& tx,
                                                    std::int64_t user_id) {
  return notices::ActiveUsers(
      tx, "id = $1 OR id = (SELECT t.leader_id FROM users u JOIN teams t ON t.id = u.team_id "
          "WHERE u.id = $1)",
      {user_id});
}

bool IsLeaderOrManager(const Actor& a) {
  return a.role == Role::kTeamLeader || a.role == Role::kManager;
}

}  // namespace aftercare::service::visits
