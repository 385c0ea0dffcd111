#include "api_fixture.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "http/messages.h"

namespace aftercare::apitest {

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

std::int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Rfc3339(std::int64_t unix) {
  std::time_t local = static_cast<std::time_t>(unix + 8 * 3600);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::int64_t ParseTime(const std::string& text) {
  std::tm tm{};
  char sign = 'Z';
  int oh = 0, om = 0;
  int n = std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &tm.tm_year, &tm.tm_mon,
                      &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &sign, &oh, &om);
  if (n < 7) throw std::runtime_error("not an RFC 3339 time: " + text);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::int64_t t = timegm(&tm);
  std::int64_t offset = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
  return sign == 'Z' ? t : t - offset;
}

void ExpectError(const HttpResponse& r, int status, const std::string& code, const char* field) {
  EXPECT_EQ(r.status, status) << r.Describe();
  EXPECT_NE(r.Header("content-type").find("application/json"), std::string::npos) << r.Describe();
  json j = r.Json();
  ASSERT_TRUE(j.is_object() && j.contains("error") && j["error"].is_object()) << r.Describe();
  const json& e = j["error"];
  ASSERT_TRUE(e.contains("code") && e["code"].is_string()) << r.Describe();
  EXPECT_EQ(e["code"], code) << r.Describe();
  ASSERT_TRUE(e.contains("message") && e["message"].is_string()) << r.Describe();
  EXPECT_FALSE(e["message"].get<std::string>().empty()) << r.Describe();
  // A message a client can see is one of a catalogue's (src/core/message_catalogue.h),
  // in Chinese or in its English: never the code's raw key left untranslated.
  EXPECT_TRUE(http::IsCataloguedText(e["message"].get<std::string>()))
      << "no catalogue entry renders: " << e["message"];
  ASSERT_TRUE(e.contains("field")) << r.Describe();
  EXPECT_TRUE(e["field"].is_null() || e["field"].is_string()) << r.Describe();
  if (!r.Header("x-request-id").empty()) {
    EXPECT_EQ(e.value("request_id", ""), r.Header("x-request-id")) << r.Describe();
  }
  if (field == nullptr) {
    EXPECT_TRUE(e["field"].is_null()) << r.Describe();
  } else if (std::string(field) != kAnyField) {
    EXPECT_EQ(e["field"], field) << r.Describe();
  }
}

std::string BackendParamName(const ::testing::TestParamInfo<Backend>& info) {
  return BackendName(info.param);
}

void ApiTest::SetUp() {
  if (GetParam() == Backend::kPostgres && !PostgresUrlFromEnv()) {
    GTEST_SKIP() << "AFTERCARE_TEST_PG_URL is not set: no PostgreSQL server for this test "
                    "(scripts/test.sh starts one; locally: export "
                    "AFTERCARE_TEST_PG_URL=$(scripts/pg.sh start /tmp/pgx))";
  }
  server_ = std::make_unique<TestServer>(GetParam(), BackgroundJobs());
  admin_ = LoginAs(TestServer::kAdminLogin, TestServer::kAdminPassword);
}

void ApiTest::TearDown() {
  if (!server_) return;
  staff_.clear();
  party_a_.clear();
  admin_.reset();
  if (server_->running()) {
    // A graceful stop must work and exit cleanly (under ASan this also reports leaks).
    int status = server_->Stop();
    std::string log = server_->StderrLog();
    EXPECT_EQ(status, 0) << "the server did not stop cleanly on SIGTERM; its stderr:\n" << log;
  }
  server_.reset();
}

std::unique_ptr<HttpClient> ApiTest::LoginAs(const std::string& login,
                                             const std::string& password) {
  auto c = Anonymous();
  Expect(c->Login(login, password), 200);
  return c;
}

json ApiTest::CreateUser(const std::string& login, const std::string& role,
                         std::optional<std::int64_t> customer_id) {
  json body = {
      {"login", login}, {"display_name", "User " + login}, {"role", role}, {"password", kPassword}};
  if (customer_id) body["customer_id"] = *customer_id;
  return Expect(admin().Post("/api/v1/users", body), 201).Json();
}

HttpClient& ApiTest::As(const std::string& role) {
  if (role == "admin") return admin();
  auto it = staff_.find(role);
  if (it != staff_.end()) return *it->second;
  json u = CreateUser(role + "1", role);
  staff_ids_[role] = u["id"];
  return *(staff_[role] = LoginAs(role + "1"));
}

std::int64_t ApiTest::UserId(const std::string& role) {
  As(role);
  return staff_ids_.at(role);
}

HttpClient& ApiTest::PartyA(std::int64_t customer_id) {
  auto it = party_a_.find(customer_id);
  if (it != party_a_.end()) return *it->second;
  std::string login = "party_a_" + std::to_string(customer_id);
  CreateUser(login, "party_a", customer_id);
  return *(party_a_[customer_id] = LoginAs(login));
}

std::int64_t ApiTest::CreateCustomer(const std::string& name) {
  json body = {{"name", name}, {"contact", "Contact of " + name}, {"phone", "010-12345678"}};
  return Expect(As("agent").Post("/api/v1/customers", body), 201).Json()["id"];
}

std::int64_t ApiTest::CreateSystem(std::int64_t customer_id, const std::string& name) {
  return Expect(As("agent").Post("/api/v1/customers/" + std::to_string(customer_id) + "/systems",
                                 {{"name", name}}),
                201)
      .Json()["id"];
}

json ApiTest::CreateContract(std::int64_t customer_id, const std::string& number,
                             const std::string& value, json extra) {
  json body = {{"customer_id", customer_id},
               {"number", number},
               {"value", value},
               {"signed_on", "2026-01-01"}};
  body.update(extra);
  return Expect(As("manager").Post("/api/v1/contracts", body), 201).Json();
}

json ApiTest::CreateTicket(json body, HttpClient* by) {
  if (!body.contains("title")) body["title"] = "Something is broken";
  return Expect((by ? *by : As("team_leader")).Post("/api/v1/tickets", body), 201).Json();
}

json ApiTest::AddEvent(std::int64_t ticket_id, const std::string& kind, std::int64_t at, json extra,
                       HttpClient* by) {
  json body = {{"kind", kind}, {"at", Rfc3339(at)}};
  body.update(extra);
  return Expect((by ? *by : As("team_leader"))
                    .Post("/api/v1/tickets/" + std::to_string(ticket_id) + "/events", body),
                201)
      .Json();
}

std::string ApiTest::Snapshot(std::int64_t ticket) {
  std::string id = std::to_string(ticket);
  std::string sql = "SELECT ''";
  for (const char* table : {"audit_log", "tickets", "ticket_events", "contracts", "users",
                            "customers", "systems", "notices", "waivers", "sessions", "attachments",
                            "teams", "roster", "holiday_years", "sla_policies"}) {
    sql += " || ' " + std::string(table) + "=' || (SELECT COUNT(*) FROM " + table + ")";
  }
  sql += " || ' max_audit=' || (SELECT COALESCE(MAX(id), 0) FROM audit_log)";
  sql += " || ' teams=' || (SELECT COALESCE(SUM(id * COALESCE(team_id, 0)), 0) FROM users)";
  sql +=
      " || ' ticket=' || COALESCE((SELECT status || '/' || priority || '/' || type || '/' || "
      "COALESCE(assignee_id, 0) || '/' || COALESCE(next_due_at, 0) || '/' || updated_at || '/' "
      "|| form FROM tickets WHERE id = " +
      id + "), '-')";
  sql +=
      " || ' last_event=' || COALESCE((SELECT seq || '/' || kind || '/' || at FROM "
      "ticket_events WHERE ticket_id = " +
      id + " ORDER BY seq DESC LIMIT 1), '-')";
  return server().QueryScalar(sql);
}

}  // namespace aftercare::apitest
