// Accounts, sessions, API tokens and role checks over HTTP (SEC-1, STAFF-1, CON-2).
#include <regex>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class AuthApi : public ApiTest {};
AFTERCARE_API_BACKENDS(AuthApi);

// STAFF-1, SEC-1: the administrator creates a user of every role; each logs in
// (HttpOnly SameSite cookie) and /me says who they are.
TEST_P(AuthApi, Sec1_EveryRoleCreatedByTheAdminLogsIn) {
  std::int64_t customer = CreateCustomer("Harbour Bureau");
  for (std::string role : {"agent", "engineer", "team_leader", "manager", "party_a", "admin"}) {
    SCOPED_TRACE(role);
    std::string login = "user_" + role;
    std::optional<std::int64_t> bound;
    if (role == "party_a") bound = customer;
    json created = CreateUser(login, role, bound);
    EXPECT_EQ(created["role"], role);
    EXPECT_EQ(created["login"], login);
    EXPECT_FALSE(created.contains("password"));
    EXPECT_FALSE(created.contains("password_hash"));

    auto c = Anonymous();
    HttpResponse r = Expect(c->Login(login, kPassword), 200);
    std::string cookie = r.Header("set-cookie");
    EXPECT_NE(cookie.find("aftercare_session="), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_EQ(r.Json()["user"]["role"], role);
    EXPECT_GT(ParseTime(r.Json()["expires_at"]), NowUnix());

    json me = Expect(c->Get("/api/v1/me"), 200).Json();
    EXPECT_EQ(me["login"], login);
    EXPECT_EQ(me["role"], role);
    EXPECT_EQ(me["id"], created["id"]);
    if (bound) {
      EXPECT_EQ(me["customer_id"], *bound);
    } else {
      EXPECT_TRUE(me["customer_id"].is_null()) << me;
    }
  }
}

// SEC-1: a wrong password, or an unknown login, is 401 with the one error shape,
// and the two are indistinguishable.
TEST_P(AuthApi, Sec1_WrongPasswordIs401WithTheErrorShape) {
  CreateUser("alice", "agent");
  auto c = Anonymous();
  HttpResponse wrong = c->Login("alice", "not-her-password");
  ExpectError(wrong, 401, "unauthorized", nullptr);
  EXPECT_TRUE(wrong.Header("set-cookie").empty());
  HttpResponse unknown = c->Login("nobody", "not-her-password");
  ExpectError(unknown, 401, "unauthorized", nullptr);
  EXPECT_EQ(wrong.Json()["error"]["message"], unknown.Json()["error"]["message"]);
  ExpectError(c->Get("/api/v1/me"), 401, "unauthorized", nullptr);
}

// SEC-1: 5 failed logins in a row lock the account: the right password then gets
// the same 401 as a wrong one (nothing tells a locked account from a missing one);
// other accounts are not affected.
TEST_P(AuthApi, Sec1_FiveFailuresLockTheAccount) {
  CreateUser("bob", "engineer");
  CreateUser("carol", "engineer");
  auto c = Anonymous();
  for (int i = 0; i < 5; ++i)
    ExpectError(c->Login("bob", "guess-" + std::to_string(i)), 401, "unauthorized");
  HttpResponse locked = c->Login("bob", kPassword);
  ExpectError(locked, 401, "unauthorized", nullptr);
  EXPECT_EQ(locked.Json()["error"]["message"],
            c->Login("nobody-at-all", kPassword).Json()["error"]["message"]);
  ExpectError(c->Login("bob", "guess-again"), 401, "unauthorized", nullptr);
  EXPECT_TRUE(c->cookies().empty());
  Expect(c->Login("carol", kPassword), 200);
}

// SEC-1: logging out ends the session on the server: the old cookie no longer
// works even when presented again; another session of the same user still does.
TEST_P(AuthApi, Sec1_LogoutInvalidatesTheCookie) {
  CreateUser("dave", "agent");
  auto first = LoginAs("dave");
  auto second = LoginAs("dave");
  std::string token = first->cookies().at("aftercare_session");
  Expect(first->Get("/api/v1/me"), 200);

  HttpResponse out = Expect(first->Delete("/api/v1/session"), 200);
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos) << out.Describe();
  EXPECT_TRUE(first->cookies().empty());
  ExpectError(first->Get("/api/v1/me"), 401, "unauthorized");

  first->cookies()["aftercare_session"] = token;  // replay the old cookie
  ExpectError(first->Get("/api/v1/me"), 401, "unauthorized");
  ExpectError(first->Delete("/api/v1/session"), 401, "unauthorized");
  Expect(second->Get("/api/v1/me"), 200);
}

// SEC-1: an API token, created by a logged-in user and shown once, works as a
// Bearer token on its own (no cookie), also after the session that created it
// has logged out; a wrong token is 401.
TEST_P(AuthApi, Sec1_ApiTokenWorksAsBearer) {
  CreateUser("erin", "engineer");
  auto web = LoginAs("erin");
  ExpectError(web->Post("/api/v1/tokens", json::object()), 400, "bad_request", "name");
  ExpectError(Anonymous()->Post("/api/v1/tokens", {{"name", "ci"}}), 401, "unauthorized");
  json t = Expect(web->Post("/api/v1/tokens", {{"name", "ci"}}), 201).Json();
  std::string token = t["token"];
  EXPECT_TRUE(std::regex_match(token, std::regex("[0-9a-f]{64}"))) << token;
  EXPECT_GT(ParseTime(t["expires_at"]), NowUnix() + 300 * 86400);

  auto api = Anonymous();
  api->set_bearer(token);
  json me = Expect(api->Get("/api/v1/me"), 200).Json();
  EXPECT_EQ(me["login"], "erin");
  EXPECT_EQ(me["role"], "engineer");
  Expect(web->Delete("/api/v1/session"), 200);
  Expect(api->Get("/api/v1/me"), 200);

  auto bad = Anonymous();
  bad->set_bearer(std::string(64, 'a'));
  ExpectError(bad->Get("/api/v1/me"), 401, "unauthorized");
  bad->set_bearer("short");
  ExpectError(bad->Get("/api/v1/me"), 401, "unauthorized");
}

// STAFF-1, CON-1, CON-2: role checks answer 403 with the error shape; the
// permitted role succeeds. An agent cannot create a contract; only a manager can
// waive a penalty (not an admin, team leader, agent or Party A); only team
// leaders and managers assign; only administrators create users.
TEST_P(AuthApi, Staff1_RoleChecks) {
  std::int64_t customer = CreateCustomer("Port Authority");
  json contract_body = {{"customer_id", customer},
                        {"number", "HT-ROLE-1"},
                        {"value", "500000.00"},
                        {"signed_on", "2026-01-01"}};
  ExpectError(As("agent").Post("/api/v1/contracts", contract_body), 403, "forbidden", nullptr);
  ExpectError(As("engineer").Post("/api/v1/contracts", contract_body), 403, "forbidden");
  ExpectError(PartyA(customer).Post("/api/v1/contracts", contract_body), 403, "forbidden");
  EXPECT_EQ(Expect(admin().Get("/api/v1/contracts"), 200).Json()["items"].size(), 0u);
  json contract = CreateContract(customer, "HT-ROLE-2", "500000.00");
  std::int64_t contract_id = contract["id"];

  // One late acknowledgement (5 min + 1 s): a penalty event to waive.
  std::int64_t r = ParseTime("2026-03-02T09:00:00+08:00");
  json t = CreateTicket({{"customer_id", customer},
                         {"contract_id", contract_id},
                         {"type", "consulting"},
                         {"received_at", Rfc3339(r)}});
  AddEvent(t["id"], "first_contact", r + 301);
  json waiver = {{"ticket_id", t["id"]}, {"metric", "acknowledge"}, {"reason", "storm"}};
  std::string waivers = "/api/v1/contracts/" + std::to_string(contract_id) + "/waivers";
  for (std::string role : {"agent", "engineer", "team_leader", "admin"}) {
    SCOPED_TRACE(role);
    ExpectError(As(role).Post(waivers, waiver), 403, "forbidden", nullptr);
  }
  ExpectError(PartyA(customer).Post(waivers, waiver), 403, "forbidden");
  Expect(As("manager").Post(waivers, waiver), 201);

  std::string events = "/api/v1/tickets/" + t["id"].dump() + "/events";
  json assign = {{"kind", "assigned"}, {"data", {{"assignee_id", UserId("engineer")}}}};
  ExpectError(As("engineer").Post(events, assign), 403, "forbidden");
  ExpectError(As("agent").Post(events, assign), 403, "forbidden");
  json assigned = Expect(As("team_leader").Post(events, assign), 201).Json();
  EXPECT_EQ(assigned["assignee_id"], UserId("engineer"));
  // The timeline names the assignee (Party A cannot list users).
  EXPECT_EQ(assigned["timeline"].back()["data"]["assignee_name"], assigned["assignee_name"]);
  EXPECT_FALSE(assigned["assignee_name"].get<std::string>().empty());

  json user = {{"login", "mallory"},
               {"display_name", "Mallory"},
               {"role", "admin"},
               {"password", "long-enough-1"}};
  for (std::string role : {"agent", "manager", "team_leader"}) {
    SCOPED_TRACE(role);
    ExpectError(As(role).Post("/api/v1/users", user), 403, "forbidden");
  }
  // The staff directory is every vendor role's (names on timelines), not Party A's.
  Expect(As("agent").Get("/api/v1/users"), 200);
  Expect(As("manager").Get("/api/v1/users"), 200);
}

}  // namespace
}  // namespace aftercare::apitest
