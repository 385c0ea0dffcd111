#include "service/teams/teams.h"

#include "service/audit/audit.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

Status CheckVendorUser(store::Transaction& tx, std::int64_t user_id, const char* field) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT role FROM users WHERE id = $1", {user_id}));
  if (rows.empty() || rows[0].Text("role") == "party_a") {
    return Error::Invalid(std::string(field) + ": no such vendor user", 0, field);
  }
  return {};
}

Status CheckTeam(store::Transaction& tx, std::int64_t team_id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT 1 FROM teams WHERE id = $1", {team_id}));
  if (rows.empty()) return NotFound("team");
  return {};
}

// Team leaders manage their own team only; managers and administrators any team.
Status RequireTeamManager(store::Transaction& tx, const Context& ctx, std::int64_t team_id) {
  if (ctx.actor->role != Role::kTeamLeader) return {};
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT 1 FROM teams WHERE id = $1 AND leader_id = $2",
                                      {team_id, ctx.actor->user_id}));
  if (rows.empty()) {
    return Error{ErrorCode::kForbidden, "team leaders manage their own team only", {}, 0, {}};
  }
  return {};
}

// Who may be put in a team (issue 10): a team's leader stays in the team they
// lead; a team leader brings in only agents and engineers, and only those in no
// team or in a team they lead themselves.
Status CheckMayJoin(store::Transaction& tx, const Context& ctx, std::int64_t team_id,
                    std::int64_t user_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto leads,
      tx.Query("SELECT 1 FROM teams WHERE leader_id = $1 AND id <> $2", {user_id, team_id}));
  if (!leads.empty()) {
    return Error{
        ErrorCode::kConflict, "the user leads another team and stays in it", "user_id", 0, {}};
  }
  if (ctx.actor->role != Role::kTeamLeader) return {};
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT u.role, u.team_id, t.leader_id FROM users u LEFT JOIN teams t "
                          "ON t.id = u.team_id WHERE u.id = $1",
                          {user_id}));
  if (rows.empty()) return NotFound("user");
  const std::string role = rows[0].Text("role");
  if (role != "agent" && role != "engineer") {
    return Error{
        ErrorCode::kForbidden, "team leaders add agents and engineers only", "user_id", 0, {}};
  }
  if (!rows[0].IsNull("team_id") && rows[0].OptInt("leader_id") != ctx.actor->user_id) {
    return Error{ErrorCode::kForbidden,
                 "the user is in another leader's team: a manager moves them",
                 "user_id",
                 0,
                 {}};
  }
  return {};
}

}  // namespace

Result<Team> CreateTeam(store::Database& db, const Context& ctx, const std::string& name,
                        std::optional<std::int64_t> leader_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kManagersAndAdmins));
  if (name.empty()) return Error::Invalid("name is required", 0, "name");
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Team> {
    AFTERCARE_ASSIGN_OR_RETURN(auto dup, tx.Query("SELECT 1 FROM teams WHERE name = $1", {name}));
    if (!dup.empty()) return Error{ErrorCode::kConflict, "team " + name + " exists", "name", 0, {}};
    store::Value leader = store::Null{};
    if (leader_id) {
      AFTERCARE_ASSIGN_OR_RETURN(auto role,
                                 tx.Query("SELECT role FROM users WHERE id = $1", {*leader_id}));
      if (role.empty() ||
          (role[0].Text("role") != "team_leader" && role[0].Text("role") != "manager")) {
        return Error::Invalid("leader_id: not a team leader or manager", 0, "leader_id");
      }
      leader = *leader_id;
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("INSERT INTO teams (name, leader_id) VALUES ($1, $2) RETURNING id",
                            {name, leader}));
    Team t{rows.at(0).Int("id"), name, leader_id, {}};
    if (leader_id) {
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("UPDATE users SET team_id = $1 WHERE id = $2", {t.id, *leader_id}));
      t.member_ids.push_back(*leader_id);
    }
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "create", "team", std::to_string(t.id), nullptr,
              {{"name", name},
               {"leader_id", leader_id ? nlohmann::json(*leader_id) : nlohmann::json(nullptr)}}));
    return t;
  });
}

Result<std::vector<Team>> ListTeams(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (!ctx.actor->vendor())
    return Error{ErrorCode::kForbidden, "teams are the vendor's", {}, 0, {}};
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Team>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query("SELECT id, name, leader_id FROM teams ORDER BY id"));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto members,
        tx.Query("SELECT team_id, id AS user_id FROM users WHERE team_id IS NOT NULL ORDER BY id"));
    std::vector<Team> out;
    for (const auto& r : rows) {
      Team t{r.Int("id"), r.Text("name"), r.OptInt("leader_id"), {}};
      for (const auto& m : members) {
        if (m.Int("team_id") == t.id) t.member_ids.push_back(m.Int("user_id"));
      }
      out.push_back(std::move(t));
    }
    return out;
  });
}

Status SetTeamMember(store::Database& db, const Context& ctx, std::int64_t team_id,
                     std::int64_t user_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  auto r = InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_RETURN_IF_ERROR(CheckTeam(tx, team_id));
    AFTERCARE_RETURN_IF_ERROR(RequireTeamManager(tx, ctx, team_id));
    AFTERCARE_RETURN_IF_ERROR(CheckVendorUser(tx, user_id, "user_id"));
    AFTERCARE_RETURN_IF_ERROR(CheckMayJoin(tx, ctx, team_id, user_id));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE users SET team_id = $1 WHERE id = $2", {team_id, user_id}));
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "member", "team", std::to_string(team_id), nullptr, {{"user_id", user_id}}));
    return true;
  });
  if (!r.ok()) return r.error();
  return {};
}

Status RemoveTeamMember(store::Database& db, const Context& ctx, std::int64_t team_id,
                        std::int64_t user_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  auto r = InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_RETURN_IF_ERROR(CheckTeam(tx, team_id));
    AFTERCARE_RETURN_IF_ERROR(RequireTeamManager(tx, ctx, team_id));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto member,
        tx.Query("SELECT 1 FROM users WHERE id = $1 AND team_id = $2", {user_id, team_id}));
    if (member.empty()) return NotFound("team member");
    AFTERCARE_ASSIGN_OR_RETURN(
        auto leads,
        tx.Query("SELECT 1 FROM teams WHERE id = $1 AND leader_id = $2", {team_id, user_id}));
    if (!leads.empty()) {
      return Error{ErrorCode::kConflict, "the team's leader stays in the team", "user_id", 0, {}};
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec("UPDATE users SET team_id = NULL WHERE id = $1", {user_id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "remove_member", "team", std::to_string(team_id),
                                    {{"user_id", user_id}}, nullptr));
    return true;
  });
  if (!r.ok()) return r.error();
  return {};
}

Status DeleteShift(store::Database& db, const Context& ctx, std::int64_t team_id,
                   std::int64_t shift_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  auto r = InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_RETURN_IF_ERROR(CheckTeam(tx, team_id));
    AFTERCARE_RETURN_IF_ERROR(RequireTeamManager(tx, ctx, team_id));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT user_id, starts_at, ends_at FROM roster WHERE id = $1 AND "
                            "team_id = $2",
                            {shift_id, team_id}));
    if (rows.empty()) return NotFound("shift");
    // A finished shift is the record of who was on duty; it stays.
    if (rows[0].Int("ends_at") <= ctx.now.unix) {
      return Error{ErrorCode::kConflict, "a shift that has ended is a record and stays", {}, 0, {}};
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec("DELETE FROM roster WHERE id = $1", {shift_id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "delete", "shift", std::to_string(shift_id),
                                    {{"team_id", team_id},
                                     {"user_id", rows[0].Int("user_id")},
                                     {"starts_at", rows[0].Int("starts_at")},
                                     {"ends_at", rows[0].Int("ends_at")}},
                                    nullptr));
    return true;
  });
  if (!r.ok()) return r.error();
  return {};
}

Result<Shift> AddShift(store::Database& db, const Context& ctx, const Shift& s) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  if (!(s.starts_at < s.ends_at))
    return Error::Invalid("ends_at must be after starts_at", 0, "ends_at");
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Shift> {
    AFTERCARE_RETURN_IF_ERROR(CheckTeam(tx, s.team_id));
    AFTERCARE_RETURN_IF_ERROR(RequireTeamManager(tx, ctx, s.team_id));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto member,
        tx.Query("SELECT 1 FROM users WHERE id = $1 AND team_id = $2", {s.user_id, s.team_id}));
    if (member.empty()) return Error::Invalid("user_id: not a member of the team", 0, "user_id");
    AFTERCARE_ASSIGN_OR_RETURN(
        auto overlap,
        tx.Query("SELECT 1 FROM roster WHERE user_id = $1 AND starts_at < $2 AND ends_at > $3",
                 {s.user_id, s.ends_at.unix, s.starts_at.unix}));
    if (!overlap.empty()) {
      return Error{
          ErrorCode::kConflict, "the user already has a shift in that time", "starts_at", 0, {}};
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(
            "INSERT INTO roster (team_id, user_id, starts_at, ends_at) VALUES ($1, $2, $3, $4) "
            "RETURNING id",
            {s.team_id, s.user_id, s.starts_at.unix, s.ends_at.unix}));
    Shift out = s;
    out.id = rows.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "shift", std::to_string(out.id), nullptr,
                                    {{"team_id", s.team_id},
                                     {"user_id", s.user_id},
                                     {"starts_at", s.starts_at.unix},
                                     {"ends_at", s.ends_at.unix}}));
    return out;
  });
}

Result<std::vector<Shift>> ListShifts(store::Database& db, const Context& ctx, std::int64_t team_id,
                                      Instant from, Instant to) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (!ctx.actor->vendor())
    return Error{ErrorCode::kForbidden, "rosters are the vendor's", {}, 0, {}};
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Shift>> {
    AFTERCARE_RETURN_IF_ERROR(CheckTeam(tx, team_id));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT id, team_id, user_id, starts_at, ends_at FROM roster WHERE team_id = $1 "
                 "AND starts_at < $2 AND ends_at > $3 ORDER BY starts_at, id",
                 {team_id, to.unix, from.unix}));
    std::vector<Shift> out;
    for (const auto& r : rows) {
      out.push_back({r.Int("id"), r.Int("team_id"), r.Int("user_id"), Instant{r.Int("starts_at")},
                     Instant{r.Int("ends_at")}});
    }
    return out;
  });
}

}  // namespace aftercare::service
