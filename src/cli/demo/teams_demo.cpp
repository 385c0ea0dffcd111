// Two teams, and this week's duty roster (STAFF-1): day and night shifts.
#include <utility>

#include "cli/demo/demo.h"
#include "service/teams/teams.h"

namespace aftercare::cli::demo {

Status LoadTeamsDemo(Demo& demo) {
  service::Context manager = demo.As("manager", service::Role::kManager);
  auto first = service::CreateTeam(demo.db, manager, "一线服务组", demo.user_ids.at("leader"));
  if (!first.ok()) return first.error();
  auto second = service::CreateTeam(demo.db, manager, "二线专家组", demo.user_ids.at("manager"));
  if (!second.ok()) return second.error();
  for (const char* login : {"agent", "agent2", "engineer"}) {
    AFTERCARE_RETURN_IF_ERROR(
        service::SetTeamMember(demo.db, manager, first->id, demo.user_ids.at(login)));
  }
  AFTERCARE_RETURN_IF_ERROR(
      service::SetTeamMember(demo.db, manager, second->id, demo.user_ids.at("engineer2")));
  const TimeZone tz = DefaultZone();
  LocalDate today = tz.LocalDateOf(demo.now);
  for (int d = -1; d < 7; ++d) {
    Instant day = tz.ToInstant(today + d, 0);
    const std::pair<const char*, const char*> shifts[] = {{"agent", "engineer"},
                                                          {"agent2", "engineer"}};
    for (int half = 0; half < 2; ++half) {
      Instant from = day + (half == 0 ? 8 * 3600 : 20 * 3600);
      for (const char* login : {shifts[half].first, shifts[half].second}) {
        if (half == 1 && std::string(login) == "engineer") continue;
        auto sh = service::AddShift(
            demo.db, manager, {0, first->id, demo.user_ids.at(login), from, from + 12 * 3600});
        if (!sh.ok()) return sh.error();
      }
    }
  }
  return {};
}

}  // namespace aftercare::cli::demo
