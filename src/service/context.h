// Who is asking, and when: every service call takes a Context. Roles follow
// STAFF-1; a Party A user is bound to one customer and sees only its data (CON-4).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace aftercare::service {

enum class Role : std::uint8_t { kAgent, kEngineer, kTeamLeader, kManager, kPartyA, kAdmin };
inline constexpr int kRoleCount = 6;
std::optional<Role> ParseRole(std::string_view s);
std::string_view Name(Role r);

// A set of roles (who may call a route, who may take an action). The sets the
// product uses are named once, in service/roles.h.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  constexpr bool Has(Role r) const { return (bits_ & Bit(r)) != 0; }
  constexpr bool operator==(const RoleSet&) const = default;
  // The roles in declaration order (agent first).
  std::vector<Role> Roles() const;

 private:
  static constexpr std::uint8_t Bit(Role r) {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r));
  }
  std::uint8_t bits_ = 0;
};

struct Actor {
  std::int64_t user_id = 0;
  std::string login;
  Role role = Role::kAgent;
  std::optional<std::int64_t> customer_id;  // set for Party A users only
  std::string display_name;                 // as the timeline shows the actor
  bool vendor() const { return role != Role::kPartyA; }
};

struct Context {
  std::optional<Actor> actor;  // nullopt: not logged in
  std::string request_id;
  Instant now;
};

}  // namespace aftercare::service
