#include "service/context.h"

#include <array>

namespace aftercare::service {
namespace {
constexpr std::array<std::string_view, kRoleCount> kRoles = {"agent",   "engineer", "team_leader",
                                                             "manager", "party_a",  "admin"};
}

std::optional<Role> ParseRole(std::string_view s) {
  for (std::size_t i = 0; i < kRoles.size(); ++i) {
    if (kRoles[i] == s) return static_cast<Role>(i);
  }
  return std::nullopt;
}

std::string_view Name(Role r) { return kRoles[static_cast<std::size_t>(r)]; }

std::vector<Role> RoleSet::Roles() const {
  std::vector<Role> out;
  for (std::size_t i = 0; i < kRoles.size(); ++i) {
    if (Has(static_cast<Role>(i))) out.push_back(static_cast<Role>(i));
  }
  return out;
}

}  // namespace aftercare::service
