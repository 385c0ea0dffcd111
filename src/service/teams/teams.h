// Teams and on-duty rosters for 7x24 cover (STAFF-1). Administrators and managers
// create teams, each led by a team leader or manager; managers set any team's
// members and duty shifts, a team leader only their own team's. A shift is
// [starts_at, ends_at) for one user of the team; "who is on duty at T" answers the
// hotline's routing question.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

struct Team {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> leader_id;
  std::vector<std::int64_t> member_ids;
};

struct Shift {
  std::int64_t id = 0;
  std::int64_t team_id = 0;
  std::int64_t user_id = 0;
  Instant starts_at, ends_at;
};

Result<Team> CreateTeam(store::Database& db, const Context& ctx, const std::string& name,
                        std::optional<std::int64_t> leader_id);
Result<std::vector<Team>> ListTeams(store::Database& db, const Context& ctx);
// Sets a vendor user's team (a user is in at most one team).
Status SetTeamMember(store::Database& db, const Context& ctx, std::int64_t team_id,
                     std::int64_t user_id);
// Takes a user out of the team (not its leader); their past shifts stay.
Status RemoveTeamMember(store::Database& db, const Context& ctx, std::int64_t team_id,
                        std::int64_t user_id);
// Deletes a duty shift of the team.
Status DeleteShift(store::Database& db, const Context& ctx, std::int64_t team_id,
                   std::int64_t shift_id);
// The shift's user must be a member of the team; shifts of one user never overlap.
Result<Shift> AddShift(store::Database& db, const Context& ctx, const Shift& s);
// Shifts of a team overlapping [from, to), by start.
Result<std::vector<Shift>> ListShifts(store::Database& db, const Context& ctx, std::int64_t team_id,
                                      Instant from, Instant to);

}  // namespace aftercare::service
