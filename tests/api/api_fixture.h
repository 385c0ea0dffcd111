// The fixture every API test uses: a fresh server of its own on the backend the
// test is instantiated for (sqlite, postgresql), an administrator's client, and
// helpers that create users of each role (once per test, on first use),
// customers, contracts and tickets through the API. The postgresql instance is
// skipped when AFTERCARE_TEST_PG_URL is unset (scripts/test.sh sets it).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "http_client.h"
#include "server_harness.h"

namespace aftercare::apitest {

// The password of every user the fixture creates.
inline constexpr const char* kPassword = "correct-horse-1";

std::int64_t NowUnix();
// Percent-encodes everything but RFC 3986's unreserved characters (for queries).
std::string UrlEncode(const std::string& text);
// RFC 3339 in Asia/Shanghai (+08:00), the default contract time zone.
std::string Rfc3339(std::int64_t unix);
// Parses what the server writes (YYYY-MM-DDTHH:MM:SS and an offset or Z).
std::int64_t ParseTime(const std::string& text);

// Checks the one error shape {"error": {"code", "message", "field", ...}}: the
// status, the code, a non-empty message and, unless `field` is kAnyField, the
// field (nullptr: the field must be null).
inline constexpr const char* kAnyField = "*any*";
void ExpectError(const HttpResponse& r, int status, const std::string& code,
                 const char* field = kAnyField);

class ApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  TestServer& server() { return *server_; }
  // Whether the test's server runs background jobs (SLA timers): off unless a
  // suite says so, so that no SLA alert lands on a ticket a test compares.
  virtual bool BackgroundJobs() const { return false; }
  std::unique_ptr<HttpClient> Anonymous() { return std::make_unique<HttpClient>(*server_); }
  // A client logged in (cookie) as `login`; throws unless the login succeeds.
  std::unique_ptr<HttpClient> LoginAs(const std::string& login,
                                      const std::string& password = kPassword);
  HttpClient& admin() { return *admin_; }

  // A vendor user of `role` (agent, engineer, team_leader, manager, admin),
  // created and logged in on first use; the same client afterwards.
  HttpClient& As(const std::string& role);
  std::int64_t UserId(const std::string& role);
  // A party_a user of `customer_id`, created and logged in on first use.
  HttpClient& PartyA(std::int64_t customer_id);

  // Administrator-created user; returns its JSON view.
  json CreateUser(const std::string& login, const std::string& role,
                  std::optional<std::int64_t> customer_id = std::nullopt);
  std::int64_t CreateCustomer(const std::string& name);
  std::int64_t CreateSystem(std::int64_t customer_id, const std::string& name);
  // A contract (by a manager) with CON-1 defaults: signed 2026-01-01, covering
  // 2026-01-01 to 2028-02-29, bid-default, rate 0.0003.
  json CreateContract(std::int64_t customer_id, const std::string& number,
                      const std::string& value = "1000000.00", json extra = json::object());
  // A ticket by `by` (default: a team leader, who may log a call received more than a
  // day ago); returns its full view.
  json CreateTicket(json body, HttpClient* by = nullptr);
  // POST /tickets/{id}/events by `by` (default: a team leader, who may date entries
  // back more than a day); expects 201.
  json AddEvent(std::int64_t ticket_id, const std::string& kind, std::int64_t at,
                json extra = json::object(), HttpClient* by = nullptr);

  // What a rejected request must leave as it was (SEC-3): every table's row count,
  // the newest audit entry, team memberships, and (given a ticket) the ticket as
  // stored (status, priority, type, due) and its last timeline entry.
  std::string Snapshot(std::int64_t ticket = 0);

 private:
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<HttpClient> admin_;
  std::map<std::string, std::unique_ptr<HttpClient>> staff_;
  std::map<std::string, std::int64_t> staff_ids_;
  std::map<std::int64_t, std::unique_ptr<HttpClient>> party_a_;
};

std::string BackendParamName(const ::testing::TestParamInfo<Backend>& info);
// How gtest (and so ctest's test names) shows the parameter.
inline void PrintTo(Backend b, std::ostream* os) { *os << BackendName(b); }

}  // namespace aftercare::apitest

// Runs every TEST_P of `suite` once per backend: .../sqlite and .../postgresql.
#define AFTERCARE_API_BACKENDS(suite)                                                   \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                             \
                           ::testing::Values(::aftercare::apitest::Backend::kSqlite,    \
                                             ::aftercare::apitest::Backend::kPostgres), \
                           ::aftercare::apitest::BackendParamName)
