// Administrators manage accounts (SEC-1, STAFF-1): change a name, a role, a
// password (which lifts a lockout and ends the user's sessions), disable an
// account; the rules of user creation hold afterwards and every change is audited.
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class UsersApi : public ApiTest {};
AFTERCARE_API_BACKENDS(UsersApi);

TEST_P(UsersApi, Sec1_AdministratorsChangeRolesPasswordsAndDisableAccounts) {
  json u = CreateUser("wang", "agent");
  std::string path = "/api/v1/users/" + std::to_string(u["id"].get<std::int64_t>());
  auto wang = LoginAs("wang");
  json me = Expect(wang->Get("/api/v1/me"), 200).Json();
  EXPECT_EQ(me["display_name"], u["display_name"]);
  EXPECT_EQ(me["role"], "agent");

  // Only administrators change accounts.
  ExpectError(As("manager").Send("PATCH", path, R"({"role":"manager"})"), 403, "forbidden");

  // A new role ends the user's sessions: they log in again with the new rights.
  json changed =
      Expect(admin().Send("PATCH", path, R"({"role":"team_leader","display_name":"王组长"})"), 200)
          .Json();
  EXPECT_EQ(changed["role"], "team_leader");
  EXPECT_EQ(changed["display_name"], "王组长");
  ExpectError(wang->Get("/api/v1/me"), 401, "unauthorized", nullptr);
  wang = LoginAs("wang");
  EXPECT_EQ(Expect(wang->Get("/api/v1/me"), 200).Json()["role"], "team_leader");

  // The rules of creation hold: party_a needs a customer, others have none.
  ExpectError(admin().Send("PATCH", path, R"({"role":"party_a"})"), 422, "invalid_input",
              "customer_id");
  ExpectError(admin().Send("PATCH", path, R"({"password":"short"})"), 422, "invalid_input",
              "password");
  ExpectError(admin().Send("PATCH", path, R"({"disabled":"yes"})"), 400, "bad_request", "disabled");
  ExpectError(admin().Send("PATCH", path, R"({"role":"agent","role":"admin"})"), 400, "bad_request",
              "role");
  ExpectError(admin().Send("PATCH", "/api/v1/users/999999", R"({"phone":"110"})"), 404,
              "not_found");
  ExpectError(admin().Send("PATCH", path, R"({"phone":"王组长"})"), 422, "invalid_input", "phone");
  EXPECT_EQ(Expect(admin().Send("PATCH", path, R"({"phone":"138 0013 8000"})"), 200).Json()["phone"],
            "138 0013 8000");

  // Five wrong passwords lock the account; a new password lifts the lock.
  for (int i = 0; i < 5; ++i) Anonymous()->Login("wang", "wrong-password");
  EXPECT_NE(Anonymous()->Login("wang", kPassword).status, 200);
  Expect(admin().Send("PATCH", path, R"({"password":"a-new-password-1"})"), 200);
  EXPECT_EQ(Anonymous()->Login("wang", "a-new-password-1").status, 200);

  // Disabled: no login, no session.
  auto again = LoginAs("wang", "a-new-password-1");
  Expect(admin().Send("PATCH", path, R"({"disabled":true})"), 200);
  ExpectError(again->Get("/api/v1/me"), 401, "unauthorized", nullptr);
  EXPECT_NE(Anonymous()->Login("wang", "a-new-password-1").status, 200);

  // An administrator cannot lock themselves out.
  std::string self = "/api/v1/users/" +
                     std::to_string(Expect(admin().Get("/api/v1/me"), 200).Json()["id"].get<int>());
  ExpectError(admin().Send("PATCH", self, R"({"disabled":true})"), 409, "conflict");
  ExpectError(admin().Send("PATCH", self, R"({"role":"agent"})"), 409, "conflict");

  EXPECT_EQ(server().QueryScalar("SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND "
                                 "entity = 'user'"),
            "4");  // role and name, phone, password, disabled
  EXPECT_EQ(server()
                .QueryScalar("SELECT after_json FROM audit_log WHERE action = 'update' AND "
                             "after_json LIKE '%password%'")
                .find("a-new-password"),
            std::string::npos);
}

}  // namespace
}  // namespace aftercare::apitest
