// The teams area's rules in process (issue 11 point 6): who creates teams and who
// may join them (STAFF-1, issue 10), and duty shifts that never overlap for a user.
#include "service/teams/teams.h"

#include <gtest/gtest.h>

#include <string>

#include "service/testing/service_test_fixture.h"

namespace aftercare::service {
namespace {

// Team A led by the team leader, team B led by the manager.
class TeamServiceRules : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    auto a = CreateTeam(*db_, As(Role::kManager), "一线 A 组", UserId(Role::kTeamLeader));
    auto b = CreateTeam(*db_, As(Role::kAdmin), "二线 B 组", UserId(Role::kManager));
    ASSERT_TRUE(a.ok() && b.ok());
    team_a_ = a->id;
    team_b_ = b->id;
  }

  Status Join(Role by, std::int64_t team, Role who) {
    return SetTeamMember(*db_, As(by), team, UserId(who));
  }
  std::vector<std::int64_t> Members(std::int64_t team) {
    auto teams = ListTeams(*db_, As(Role::kAgent));
    EXPECT_TRUE(teams.ok());
    if (teams.ok()) {
      for (const Team& t : *teams) {
        if (t.id == team) return t.member_ids;
      }
    }
    return {};
  }
  Result<Shift> AddShiftFor(Role by, std::int64_t team, Role who, Instant from, Instant to) {
    return AddShift(*db_, As(by), Shift{0, team, UserId(who), from, to});
  }

  std::int64_t team_a_ = 0, team_b_ = 0;
};

// STAFF-1: administrators and managers create teams, each led by a team leader or
// a manager, who is its first member; names are unique.
TEST_F(TeamServiceRules, TeamsAreCreatedByManagersWithALeader) {
  for (Role r : RolesExcept({Role::kManager, Role::kAdmin})) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(CreateTeam(*db_, As(r), "夜班", std::nullopt)), "forbidden");
  }
  struct Case {
    const char* name;
    std::optional<std::int64_t> leader;
    const char* outcome;
  };
  const Case cases[] = {
      {"", std::nullopt, "invalid_input name"},
      {"一线 A 组", std::nullopt, "conflict name"},
      {"夜班", UserId(Role::kEngineer), "invalid_input leader_id"},
      {"夜班", UserId(Role::kPartyA), "invalid_input leader_id"},
      {"夜班", 999, "invalid_input leader_id"},
      {"夜班", std::nullopt, "ok"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Outcome(CreateTeam(*db_, As(Role::kManager), c.name, c.leader)), c.outcome);
  }
  EXPECT_EQ(Members(team_a_), std::vector<std::int64_t>{UserId(Role::kTeamLeader)});
  auto audit = AuditOf("team", std::to_string(team_a_));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].after["leader_id"], UserId(Role::kTeamLeader));
}

// A team leader manages their own team only; agents, engineers and Party A none.
TEST_F(TeamServiceRules, TeamLeadersManageTheirOwnTeamOnly) {
  EXPECT_EQ(Outcome(Join(Role::kTeamLeader, team_b_, Role::kAgent)), "forbidden");
  for (Role r : {Role::kAgent, Role::kEngineer, Role::kPartyA}) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(Join(r, team_a_, Role::kAgent)), "forbidden");
  }
  EXPECT_EQ(Outcome(Join(Role::kManager, 999, Role::kAgent)), "not_found");
  EXPECT_EQ(Outcome(Join(Role::kTeamLeader, team_a_, Role::kAgent)), "ok");
  EXPECT_EQ(Members(team_a_),
            (std::vector<std::int64_t>{UserId(Role::kAgent), UserId(Role::kTeamLeader)}));
  auto audit = AuditOf("team", std::to_string(team_a_));
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "member");
  EXPECT_EQ(audit[0].after["user_id"], UserId(Role::kAgent));
  // Teams and rosters are the vendor's.
  EXPECT_EQ(Outcome(ListTeams(*db_, As(Role::kPartyA))), "forbidden");
  EXPECT_EQ(Outcome(ListTeams(*db_, Anonymous())), "unauthorized");
  EXPECT_EQ(Outcome(ListShifts(*db_, As(Role::kPartyA), team_a_, now_, now_ + 3600)), "forbidden");
}

// Issue 10: who may be put in a team. A leader stays in the team they lead; a team
// leader brings in only agents and engineers in no team (or in their own); a
// manager moves anyone else.
TEST_F(TeamServiceRules, WhoMayJoinATeam) {
  ASSERT_TRUE(Join(Role::kManager, team_b_, Role::kEngineer).ok());
  struct Case {
    const char* why;
    Role by;
    std::int64_t team;
    std::int64_t user;
    const char* outcome;
  };
  const Case cases[] = {
      {"a Party A user", Role::kTeamLeader, team_a_, UserId(Role::kPartyA),
       "invalid_input user_id"},
      {"no such user", Role::kManager, team_a_, 999, "invalid_input user_id"},
      {"the leader of team B", Role::kTeamLeader, team_a_, UserId(Role::kManager),
       "conflict user_id"},
      {"the leader of team A, by a manager", Role::kManager, team_b_, UserId(Role::kTeamLeader),
       "conflict user_id"},
      {"an administrator, by a team leader", Role::kTeamLeader, team_a_, UserId(Role::kAdmin),
       "forbidden user_id"},
      {"an engineer of team B, by a team leader", Role::kTeamLeader, team_a_,
       UserId(Role::kEngineer), "forbidden user_id"},
      {"an agent in no team, by a team leader", Role::kTeamLeader, team_a_, UserId(Role::kAgent),
       "ok"},
      {"again: already in their team", Role::kTeamLeader, team_a_, UserId(Role::kAgent), "ok"},
      {"an engineer of team B, by a manager", Role::kManager, team_a_, UserId(Role::kEngineer),
       "ok"},
      {"an administrator, by a manager", Role::kManager, team_b_, UserId(Role::kAdmin), "ok"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(SetTeamMember(*db_, As(c.by), c.team, c.user)), c.outcome);
  }
  EXPECT_EQ(Members(team_a_),
            (std::vector<std::int64_t>{UserId(Role::kAgent), UserId(Role::kEngineer),
                                       UserId(Role::kTeamLeader)}));
  EXPECT_EQ(Members(team_b_),
            (std::vector<std::int64_t>{UserId(Role::kManager), UserId(Role::kAdmin)}));
}

// The leader stays in their team; someone not in the team is not found in it.
TEST_F(TeamServiceRules, RemovingMembersKeepsTheLeader) {
  ASSERT_TRUE(Join(Role::kTeamLeader, team_a_, Role::kAgent).ok());
  EXPECT_EQ(Outcome(RemoveTeamMember(*db_, As(Role::kManager), team_a_, UserId(Role::kTeamLeader))),
            "conflict user_id");
  EXPECT_EQ(Outcome(RemoveTeamMember(*db_, As(Role::kManager), team_a_, UserId(Role::kEngineer))),
            "not_found");
  EXPECT_EQ(Outcome(RemoveTeamMember(*db_, As(Role::kManager), team_b_, UserId(Role::kAgent))),
            "not_found");
  EXPECT_EQ(Outcome(RemoveTeamMember(*db_, As(Role::kTeamLeader), team_b_, UserId(Role::kManager))),
            "forbidden");
  EXPECT_EQ(Outcome(RemoveTeamMember(*db_, As(Role::kEngineer), team_a_, UserId(Role::kAgent))),
            "forbidden");
  EXPECT_EQ(Outcome(RemoveTeamMember(*db_, As(Role::kTeamLeader), team_a_, UserId(Role::kAgent))),
            "ok");
  EXPECT_EQ(Members(team_a_), std::vector<std::int64_t>{UserId(Role::kTeamLeader)});
  auto audit = AuditOf("team", std::to_string(team_a_));
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "remove_member");
  EXPECT_EQ(audit[0].before["user_id"], UserId(Role::kAgent));
}

// A shift is [starts_at, ends_at) of a team member; one user's shifts never
// overlap, though they may touch; other users' shifts do not matter.
TEST_F(TeamServiceRules, ShiftsOfOneUserNeverOverlap) {
  ASSERT_TRUE(Join(Role::kTeamLeader, team_a_, Role::kAgent).ok());
  const Instant s = now_ + kSecondsPerDay, e = s + 8 * 3600;
  ASSERT_TRUE(AddShiftFor(Role::kTeamLeader, team_a_, Role::kAgent, s, e).ok());
  struct Case {
    const char* why;
    Role who;
    Instant from, to;
    const char* outcome;
  };
  const Case cases[] = {
      {"ending when it starts", Role::kAgent, e + 3600, e + 3600, "invalid_input ends_at"},
      {"ending before it starts", Role::kAgent, e + 7200, e + 3600, "invalid_input ends_at"},
      {"someone not in the team", Role::kEngineer, e, e + 3600, "invalid_input user_id"},
      {"inside", Role::kAgent, s + 3600, s + 7200, "conflict starts_at"},
      {"over the start", Role::kAgent, s - 3600, s + 1, "conflict starts_at"},
      {"over the end", Role::kAgent, e - 1, e + 3600, "conflict starts_at"},
      {"around", Role::kAgent, s - 1, e + 1, "conflict starts_at"},
      {"the same", Role::kAgent, s, e, "conflict starts_at"},
      {"another user at the same time", Role::kTeamLeader, s, e, "ok"},
      {"touching the end", Role::kAgent, e, e + 3600, "ok"},
      {"touching the start", Role::kAgent, s - 3600, s, "ok"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(AddShiftFor(Role::kTeamLeader, team_a_, c.who, c.from, c.to)), c.outcome);
  }
  EXPECT_EQ(Outcome(AddShiftFor(Role::kTeamLeader, team_b_, Role::kManager, s, e)), "forbidden");
  EXPECT_EQ(Outcome(AddShiftFor(Role::kEngineer, team_a_, Role::kAgent, e + 7200, e + 9000)),
            "forbidden");
  EXPECT_EQ(Outcome(AddShiftFor(Role::kManager, 999, Role::kAgent, e + 7200, e + 9000)),
            "not_found");

  // Who is on duty in [s + 1 h, s + 2 h): the agent's shift and the leader's.
  auto on_duty = ListShifts(*db_, As(Role::kEngineer), team_a_, s + 3600, s + 7200);
  ASSERT_TRUE(on_duty.ok());
  ASSERT_EQ(on_duty->size(), 2u);
  EXPECT_EQ((*on_duty)[0].starts_at, s);
  EXPECT_EQ((*on_duty)[1].starts_at, s);
  auto day = ListShifts(*db_, As(Role::kEngineer), team_a_, s - 3600, e + 3600);
  ASSERT_TRUE(day.ok());
  ASSERT_EQ(day->size(), 4u);
  EXPECT_EQ(day->front().starts_at, s - 3600);
  EXPECT_EQ(day->back().starts_at, e);
}

// A shift that has ended is the record of who was on duty and stays; one still to
// come is deleted by whoever manages the team.
TEST_F(TeamServiceRules, EndedShiftsStay) {
  ASSERT_TRUE(Join(Role::kTeamLeader, team_a_, Role::kAgent).ok());
  auto past = AddShiftFor(Role::kManager, team_a_, Role::kAgent, now_ - 8 * 3600, now_);
  auto coming = AddShiftFor(Role::kManager, team_a_, Role::kAgent, now_ + 3600, now_ + 7200);
  ASSERT_TRUE(past.ok() && coming.ok());
  EXPECT_EQ(Outcome(DeleteShift(*db_, As(Role::kManager), team_a_, past->id)), "conflict");
  EXPECT_EQ(Outcome(DeleteShift(*db_, As(Role::kManager), team_b_, coming->id)), "not_found");
  EXPECT_EQ(Outcome(DeleteShift(*db_, As(Role::kTeamLeader), team_b_, coming->id)), "forbidden");
  EXPECT_EQ(Outcome(DeleteShift(*db_, As(Role::kAgent), team_a_, coming->id)), "forbidden");
  EXPECT_EQ(Outcome(DeleteShift(*db_, As(Role::kTeamLeader), team_a_, coming->id)), "ok");
  EXPECT_EQ(Outcome(DeleteShift(*db_, As(Role::kTeamLeader), team_a_, coming->id)), "not_found");
  auto left =
      ListShifts(*db_, As(Role::kAgent), team_a_, now_ - kSecondsPerDay, now_ + kSecondsPerDay);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].id, past->id);
  auto audit = AuditOf("shift", std::to_string(coming->id));
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "delete");
  EXPECT_EQ(audit[0].before["user_id"], UserId(Role::kAgent));
}

}  // namespace
}  // namespace aftercare::service
