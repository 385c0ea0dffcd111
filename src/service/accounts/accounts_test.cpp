// The accounts area's rules in process (issue 11 point 6): who creates and changes
// users, what a user must have, sessions, lockout and API tokens (SEC-1, STAFF-1).
// Every CreateUser or Login that gets past the checks costs an Argon2id hash: these
// tests make as few as they can.
#include "service/accounts/accounts.h"

#include <gtest/gtest.h>

#include <string>

#include "service/testing/service_test_fixture.h"

namespace aftercare::service {
namespace {

class AccountServiceRules : public ServiceTest {
 protected:
  std::size_t UserCount() {
    auto users = ListUsers(*db_, As(Role::kAdmin));
    EXPECT_TRUE(users.ok());
    return users.ok() ? users->size() : 0;
  }
};

// SEC-1: administrators create users; everyone else is refused before any work.
TEST_F(AccountServiceRules, OnlyAdministratorsCreateUsers) {
  const NewUser u{"newcomer", "新同事", Role::kAgent, "password-2", std::nullopt, ""};
  for (Role r : RolesExcept({Role::kAdmin})) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(CreateUser(*db_, As(r), u)), "forbidden");
  }
  EXPECT_EQ(Outcome(CreateUser(*db_, Anonymous(), u)), "unauthorized");
  EXPECT_EQ(UserCount(), 6u);
}

// What a new user must have: each bad input names its field and creates no one.
TEST_F(AccountServiceRules, CreateUserRefusesBadInputNamingTheField) {
  struct Case {
    const char* why;
    NewUser user;
    const char* outcome;
  };
  const std::string long_login(65, 'a');
  const Case cases[] = {
      {"empty login", {"", "x", Role::kAgent, "password-2", {}, ""}, "invalid_input login"},
      {"login with a space",
       {"li si", "x", Role::kAgent, "password-2", {}, ""},
       "invalid_input login"},
      {"login of 65", {long_login, "x", Role::kAgent, "password-2", {}, ""}, "invalid_input login"},
      {"no display name",
       {"lisi", "", Role::kAgent, "password-2", {}, ""},
       "invalid_input display_name"},
      {"password of 7", {"lisi", "x", Role::kAgent, "passwor", {}, ""}, "invalid_input password"},
      {"phone of letters",
       {"lisi", "x", Role::kAgent, "password-2", {}, "call me"},
       "invalid_input phone"},
      {"party_a without a customer",
       {"lisi", "x", Role::kPartyA, "password-2", {}, ""},
       "invalid_input customer_id"},
      {"an agent with a customer",
       {"lisi", "x", Role::kAgent, "password-2", customer_a_, ""},
       "invalid_input customer_id"},
      {"party_a of a missing customer",
       {"lisi", "x", Role::kPartyA, "password-2", 999, ""},
       "invalid_input customer_id"},
      {"a login that is taken",
       {"engineer", "x", Role::kEngineer, "password-2", {}, ""},
       "conflict login"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(CreateUser(*db_, As(Role::kAdmin), c.user)), c.outcome);
  }
  EXPECT_EQ(UserCount(), 6u);
}

// A created user is audited without the password, and can log in.
TEST_F(AccountServiceRules, CreatedUserIsAuditedAndLogsIn) {
  auto u =
      CreateUser(*db_, As(Role::kAdmin),
                 {"wang.wu", "王五", Role::kPartyA, "password-2", customer_b_, "138 0013 8000"});
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->role, Role::kPartyA);
  EXPECT_EQ(u->customer_id, customer_b_);
  auto audit = AuditOf("user", std::to_string(u->id));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "create");
  EXPECT_EQ(audit[0].actor_id, UserId(Role::kAdmin));
  EXPECT_EQ(audit[0].after["login"], "wang.wu");
  EXPECT_EQ(audit[0].after.dump().find("password-2"), std::string::npos);

  auto s = Login(*db_, Anonymous(), "wang.wu", "password-2");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->expires_at, now_ + kSessionLifetime);
  auto actor = Authenticate(*db_, now_, s->token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->role, Role::kPartyA);
  EXPECT_EQ(actor->customer_id, customer_b_);
  EXPECT_EQ(Outcome(Authenticate(*db_, now_ + kSessionLifetime, s->token)), "unauthorized");
}

// A wrong password, an unknown login: the same answer, and nothing to go on.
TEST_F(AccountServiceRules, WrongPasswordAndUnknownLoginAnswerAlike) {
  auto wrong = Login(*db_, Anonymous(), "agent", "password-x");
  auto unknown = Login(*db_, Anonymous(), "nobody", kPassword);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(Outcome(wrong), "unauthorized");
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  auto failed = AuditOf("user", std::to_string(UserId(Role::kAgent)));
  ASSERT_FALSE(failed.empty());
  EXPECT_EQ(failed[0].action, "login_failed");
  EXPECT_EQ(failed[0].after["failed_logins"], 1);
}

// SEC-1: 5 failures in a row lock the account for 15 minutes, even against the
// right password; after that it logs in again.
TEST_F(AccountServiceRules, FiveFailuresLockTheAccountForFifteenMinutes) {
  for (int i = 0; i < kMaxFailedLogins; ++i) {
    EXPECT_EQ(Outcome(Login(*db_, Anonymous(), "engineer", "wrong-password")), "unauthorized");
  }
  auto audit = AuditOf("user", std::to_string(UserId(Role::kEngineer)));
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].after["locked"], true);
  EXPECT_EQ(Outcome(Login(*db_, At(Anonymous(), now_ + kLockout - 1), "engineer", kPassword)),
            "unauthorized");
  EXPECT_TRUE(Login(*db_, At(Anonymous(), now_ + kLockout), "engineer", kPassword).ok());
}

// Administrators cannot lock themselves out: no disabling themselves, no other role.
TEST_F(AccountServiceRules, AdministratorsKeepTheirOwnAccess) {
  const std::int64_t me = UserId(Role::kAdmin);
  UserChange disable;
  disable.disabled = true;
  UserChange demote;
  demote.role = Role::kManager;
  EXPECT_EQ(Outcome(UpdateUser(*db_, As(Role::kAdmin), me, disable)), "conflict");
  EXPECT_EQ(Outcome(UpdateUser(*db_, As(Role::kAdmin), me, demote)), "conflict");
  UserChange rename;
  rename.display_name = "系统管理员";
  EXPECT_TRUE(UpdateUser(*db_, As(Role::kAdmin), me, rename).ok());
  for (Role r : RolesExcept({Role::kAdmin})) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(UpdateUser(*db_, As(r), UserId(Role::kAgent), rename)), "forbidden");
  }
}

// The rules of CreateUser hold after a change; a role away from party_a drops the
// customer; an unknown user is not found.
TEST_F(AccountServiceRules, UpdateUserKeepsTheCustomerRule) {
  struct Case {
    const char* why;
    std::int64_t user;
    UserChange change;
    const char* outcome;
  };
  UserChange to_party_a;
  to_party_a.role = Role::kPartyA;
  UserChange agent_with_customer;
  agent_with_customer.customer_id = customer_a_;
  UserChange blank_name;
  blank_name.display_name = "  ";
  UserChange short_password;
  short_password.password = "short";
  UserChange bad_phone;
  bad_phone.phone = "12";
  const Case cases[] = {
      {"party_a without a customer", UserId(Role::kAgent), to_party_a, "invalid_input customer_id"},
      {"an agent with a customer", UserId(Role::kAgent), agent_with_customer,
       "invalid_input customer_id"},
      {"a blank name", UserId(Role::kAgent), blank_name, "invalid_input display_name"},
      {"a short password", UserId(Role::kAgent), short_password, "invalid_input password"},
      {"a 2-digit phone", UserId(Role::kAgent), bad_phone, "invalid_input phone"},
      {"no such user", 999, UserChange{}, "not_found"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(UpdateUser(*db_, As(Role::kAdmin), c.user, c.change)), c.outcome);
  }
  UserChange to_engineer;
  to_engineer.role = Role::kEngineer;
  auto u = UpdateUser(*db_, As(Role::kAdmin), UserId(Role::kPartyA), to_engineer);
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->role, Role::kEngineer);
  EXPECT_EQ(u->customer_id, std::nullopt);
  auto audit = AuditOf("user", std::to_string(UserId(Role::kPartyA)));
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].before["role"], "party_a");
  EXPECT_EQ(audit[0].after["role"], "engineer");
  EXPECT_EQ(audit[0].after["customer_id"], nullptr);
}

// Disabling a user or changing their role ends their sessions and API tokens at
// once; a change of their phone does not.
TEST_F(AccountServiceRules, DisablingOrANewRoleEndsTheUsersTokens) {
  auto token = CreateApiToken(*db_, As(Role::kEngineer), "巡检脚本", 30);
  ASSERT_TRUE(token.ok()) << token.error().message;
  UserChange phone;
  phone.phone = "0571-88001234";
  ASSERT_TRUE(UpdateUser(*db_, As(Role::kAdmin), UserId(Role::kEngineer), phone).ok());
  EXPECT_TRUE(Authenticate(*db_, now_, token->token).ok());
  UserChange promote;
  promote.role = Role::kTeamLeader;
  ASSERT_TRUE(UpdateUser(*db_, As(Role::kAdmin), UserId(Role::kEngineer), promote).ok());
  EXPECT_EQ(Outcome(Authenticate(*db_, now_, token->token)), "unauthorized");

  auto second = CreateApiToken(*db_, As(Role::kAgent), "报表", 30);
  ASSERT_TRUE(second.ok());
  UserChange disable;
  disable.disabled = true;
  ASSERT_TRUE(UpdateUser(*db_, As(Role::kAdmin), UserId(Role::kAgent), disable).ok());
  EXPECT_EQ(Outcome(Authenticate(*db_, now_, second->token)), "unauthorized");
}

// API tokens: a name and 1 to 365 days; each user lists and revokes only their own.
TEST_F(AccountServiceRules, ApiTokensBelongToTheirUser) {
  EXPECT_EQ(Outcome(CreateApiToken(*db_, As(Role::kAgent), " ", 30)), "invalid_input name");
  EXPECT_EQ(Outcome(CreateApiToken(*db_, As(Role::kAgent), std::string(101, 'x'), 30)),
            "invalid_input name");
  EXPECT_EQ(Outcome(CreateApiToken(*db_, As(Role::kAgent), "x", 0)),
            "invalid_input expires_in_days");
  EXPECT_EQ(Outcome(CreateApiToken(*db_, As(Role::kAgent), "x", kMaxApiTokenDays + 1)),
            "invalid_input expires_in_days");
  EXPECT_EQ(Outcome(CreateApiToken(*db_, Anonymous(), "x", 30)), "unauthorized");

  auto mine = CreateApiToken(*db_, As(Role::kAgent), "导出", 1);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->expires_at, now_ + kSecondsPerDay);
  auto actor = Authenticate(*db_, now_, mine->token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->user_id, UserId(Role::kAgent));

  auto theirs = ListApiTokens(*db_, As(Role::kEngineer));
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->empty());
  EXPECT_EQ(Outcome(RevokeApiToken(*db_, As(Role::kEngineer), mine->id)), "not_found");
  EXPECT_TRUE(Authenticate(*db_, now_, mine->token).ok());

  auto listed = ListApiTokens(*db_, As(Role::kAgent));
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "导出");
  ASSERT_TRUE(RevokeApiToken(*db_, As(Role::kAgent), mine->id).ok());
  EXPECT_EQ(Outcome(Authenticate(*db_, now_, mine->token)), "unauthorized");
  EXPECT_EQ(Outcome(Authenticate(*db_, now_, "not-a-token")), "unauthorized");
}

// The staff directory is the vendor's: Party A is refused; GetMe is one's own.
TEST_F(AccountServiceRules, StaffDirectoryIsTheVendors) {
  for (Role r : RolesExcept({Role::kPartyA})) {
    SCOPED_TRACE(std::string(Name(r)));
    auto users = ListUsers(*db_, As(r));
    ASSERT_TRUE(users.ok());
    EXPECT_EQ(users->size(), 6u);
  }
  EXPECT_EQ(Outcome(ListUsers(*db_, As(Role::kPartyA))), "forbidden");
  auto me = GetMe(*db_, As(Role::kPartyA));
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->login, "party_a");
  EXPECT_EQ(me->customer_id, customer_a_);
  EXPECT_EQ(Outcome(GetMe(*db_, Anonymous())), "unauthorized");
}

}  // namespace
}  // namespace aftercare::service
