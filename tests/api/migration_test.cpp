// An existing database migrates unchanged (issue 11): a database made by release
// dbf8f13 (`aftercare demo`, schema version 2) is migrated by this build (`aftercare
// db migrate`), served, and read back through the API; every answer must contain
// what release dbf8f13 answered for the same reads on the same database (a subset:
// fields added since then are allowed, none may change or go). The reads leave out
// what moves with the wall clock (live SLA clocks and metrics, compliance "now"); the
// scenario export is read at a fixed as_of.
//
// Fixtures (tests/data/release-dbf8f13/, see its README.md): demo.sqlite.db.gz (the
// SQLite file), demo.postgres.sql.gz (pg_dump of the demo made on PostgreSQL), and
// answers.BACKEND.json.gz (what release dbf8f13 answered). To record the answers,
// run this test with AFTERCARE_TEST_BINARY=<the old build's aftercare> and
// AFTERCARE_RECORD_MIGRATION_ANSWERS=1.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api_fixture.h"
#include "http_client.h"
#include "server_harness.h"

namespace aftercare::apitest {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRelease = "release-dbf8f13";
constexpr const char* kDemoPassword = "demo-2026";
// After every demo ticket on both fixtures (made in December 2026).
constexpr const char* kAsOf = "2027-01-01T00:00:00+08:00";
constexpr int kTimelines = 12;  // tickets 1..12

// tests/data. __FILE__ is relative to the build folder when ccache rewrites paths
// (CCACHE_BASEDIR, scripts/build.sh), and the binary sits in that folder.
fs::path TestData() {
  if (const char* over = std::getenv("AFTERCARE_TEST_DATA"); over != nullptr && *over != '\0') {
    return over;
  }
  return (fs::path(AFTERCARE_BINARY).parent_path() / __FILE__).parent_path().parent_path() / "data";
}

std::string Gunzip(const fs::path& file) {
  ProcessResult r = RunProcess({"gzip", "-dc", file.string()});
  if (r.status != 0) throw std::runtime_error("gzip -dc " + file.string() + ": " + r.err);
  return r.out;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// `object` with only `keys` (those it has).
json Pick(const json& object, const std::vector<std::string>& keys) {
  json out = json::object();
  for (const std::string& k : keys) {
    if (object.contains(k)) out[k] = object[k];
  }
  return out;
}

// Where `actual` differs from `expected`, `expected` read as a subset: every key of
// an expected object must be in the actual one with a matching value; arrays match
// element by element and in length; anything else must be equal.
void Differences(const json& expected, const json& actual, const std::string& path,
                 std::vector<std::string>& out) {
  if (out.size() >= 20) return;
  if (expected.is_object() && actual.is_object()) {
    for (const auto& [k, v] : expected.items()) {
      if (!actual.contains(k)) {
        out.push_back(path + "/" + k + ": missing, expected " + v.dump());
      } else {
        Differences(v, actual[k], path + "/" + k, out);
      }
    }
  } else if (expected.is_array() && actual.is_array()) {
    if (expected.size() != actual.size()) {
      out.push_back(path + ": " + std::to_string(actual.size()) + " items, expected " +
                    std::to_string(expected.size()));
    }
    for (std::size_t i = 0; i < std::min(expected.size(), actual.size()); ++i) {
      Differences(expected[i], actual[i], path + "/" + std::to_string(i), out);
    }
  } else if (expected.is_string() && actual.is_string() && expected != actual) {
    // Long texts (the scenario exports): the first line that differs.
    std::istringstream es(expected.get<std::string>()), as(actual.get<std::string>());
    std::string el, al;
    for (int line = 1;; ++line) {
      bool more_e = static_cast<bool>(std::getline(es, el));
      bool more_a = static_cast<bool>(std::getline(as, al));
      if (!more_e && !more_a) break;
      if (more_e != more_a || el != al) {
        out.push_back(path + ": line " + std::to_string(line) + " is \"" + (more_a ? al : "") +
                      "\", expected \"" + (more_e ? el : "") + "\"");
        break;
      }
    }
  } else if (expected != actual) {
    std::string e = expected.dump(), a = actual.dump();
    if (e.size() > 300) e = e.substr(0, 300) + "...";
    if (a.size() > 300) a = a.substr(0, 300) + "...";
    out.push_back(path + ": " + a + ", expected " + e);
  }
}

class MigrationApi : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres && !PostgresUrlFromEnv()) {
      GTEST_SKIP() << "AFTERCARE_TEST_PG_URL is not set";
    }
    dir_ = TestData() / kRelease;
    ASSERT_TRUE(fs::exists(dir_)) << dir_;
  }

  std::string backend() const { return BackendName(GetParam()); }

  // Replaces the server's fresh database with the release's demo database.
  void LoadReleaseDatabase(TestServer& server) {
    if (GetParam() == Backend::kSqlite) {
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(server.db_url() + suffix);
      WriteFile(server.db_url(), Gunzip(dir_ / "demo.sqlite.db.gz"));
      return;
    }
    ProcessResult wipe = RunProcess({"psql", server.db_url(), "-XqA", "-v", "ON_ERROR_STOP=1", "-c",
                                     "DROP SCHEMA public CASCADE; CREATE SCHEMA public"});
    ASSERT_EQ(wipe.status, 0) << wipe.err;
    ProcessResult load = RunProcess(
        {"psql", server.db_url(), "-XqA", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-f", "-"},
        Gunzip(dir_ / "demo.postgres.sql.gz"), 120);
    ASSERT_EQ(load.status, 0) << load.err;
  }

  fs::path dir_;
};
AFTERCARE_API_BACKENDS(MigrationApi);

// The reads, as the administrator, in one JSON document; `audit_max_id` is the
// newest audit entry in the release's database (later ones are this test's own).
json ReadBack(TestServer& server, std::int64_t audit_max_id) {
  HttpClient admin(server);
  json out;
  out["login"] = Expect(admin.Login("admin", kDemoPassword), 200).Json()["user"];
  out["me"] = Expect(admin.Get("/api/v1/me"), 200).Json();
  out["users"] = Expect(admin.Get("/api/v1/users"), 200).Json()["items"];
  out["customers"] = Expect(admin.Get("/api/v1/customers"), 200).Json()["items"];
  out["contracts"] = Expect(admin.Get("/api/v1/contracts"), 200).Json()["items"];
  out["teams"] = Expect(admin.Get("/api/v1/teams"), 200).Json()["items"];
  json systems = json::object();
  for (const json& c : out["customers"]) {
    std::string id = std::to_string(c["id"].get<std::int64_t>());
    systems[id] = Expect(admin.Get("/api/v1/customers/" + id + "/systems"), 200).Json()["items"];
  }
  out["systems"] = systems;

  // Every ticket, page by page, without its live SLA clock.
  json tickets = json::array();
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    std::string target = "/api/v1/tickets?limit=50";
    if (!cursor.empty()) target += "&cursor=" + UrlEncode(cursor);
    json p = Expect(admin.Get(target), 200).Json();
    for (const json& t : p["items"]) {
      tickets.push_back(Pick(t, {"id", "number", "status", "title", "priority", "type", "channel",
                                 "customer_id", "contract_id", "system_id", "assignee_id",
                                 "received_at", "caller_name", "caller_phone", "fault_grade"}));
    }
    if (p["next_cursor"].is_null()) break;
    cursor = p["next_cursor"].get<std::string>();
  }
  out["tickets"] = tickets;

  json timelines = json::object();
  for (int id = 1; id <= kTimelines; ++id) {
    json t = Expect(admin.Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
    timelines[std::to_string(id)] = {{"description", t["description"]},
                                     {"form", t["form"]},
                                     {"sla_bound", t["sla_bound"]},
                                     {"timeline", t["timeline"]}};
  }
  out["timelines"] = timelines;

  // The release's own audit entries: newest first, from its newest one down.
  json audit = json::array();
  std::string before = std::to_string(audit_max_id + 1);
  for (int page = 0; page < 100 && !before.empty(); ++page) {
    json p = Expect(admin.Get("/api/v1/audit?limit=1000&cursor=" + before), 200).Json();
    for (const json& e : p["items"]) audit.push_back(e);
    before = p["next_cursor"].is_null() ? "" : p["next_cursor"].get<std::string>();
  }
  out["audit_count"] = audit.size();
  out["audit"] = audit;

  for (const json& k : out["contracts"]) {
    std::string id = std::to_string(k["id"].get<std::int64_t>());
    HttpResponse y =
        Expect(admin.Get("/api/v1/contracts/" + id + "/scenario?as_of=" + UrlEncode(kAsOf)), 200);
    out["scenarios"][id] = y.body;
  }

  // Party A still sees exactly their own customer's tickets.
  HttpClient hospital(server);
  json me = Expect(hospital.Login("hospital", kDemoPassword), 200).Json()["user"];
  std::set<std::int64_t> own;
  cursor.clear();
  for (int page = 0; page < 100; ++page) {
    std::string target = "/api/v1/tickets?limit=100";
    if (!cursor.empty()) target += "&cursor=" + UrlEncode(cursor);
    json p = Expect(hospital.Get(target), 200).Json();
    for (const json& t : p["items"]) own.insert(t["id"].get<std::int64_t>());
    if (p["next_cursor"].is_null()) break;
    cursor = p["next_cursor"].get<std::string>();
  }
  out["party_a"] = {{"user", me}, {"ticket_ids", own}};
  return out;
}

// schema_migrations up to `version` as one line: version, name and time of each step.
std::string AppliedSteps(const TestServer& server, int version) {
  const char* concat =
      server.backend() == Backend::kSqlite ? "group_concat(x, ', ')" : "string_agg(x, ', ')";
  return server.QueryScalar(std::string("SELECT ") + concat +
                            " FROM (SELECT version || ' ' || name || ' ' || applied_at AS x "
                            "FROM schema_migrations WHERE version <= " +
                            std::to_string(version) + " ORDER BY version) m");
}

TEST_P(MigrationApi, ADatabaseOfTheLastReleaseMigratesAndReadsBackTheSame) {
  TestServer server(GetParam());
  ASSERT_EQ(server.Stop(), 0) << server.StderrLog();
  LoadReleaseDatabase(server);
  if (HasFatalFailure()) return;
  ASSERT_EQ(server.QueryScalar("SELECT MAX(version) FROM schema_migrations"), "2");
  const std::string applied_before = AppliedSteps(server, 2);
  const std::int64_t audit_max_id = std::stoll(server.QueryScalar("SELECT MAX(id) FROM audit_log"));

  ProcessResult m = server.Cli({"db", "migrate"});
  ASSERT_EQ(m.status, 0) << m.out << m.err;
  const bool record = std::getenv("AFTERCARE_RECORD_MIGRATION_ANSWERS") != nullptr;
  if (!record) {
    // Steps 1 and 2 stay as the release applied them; the rest are this build's.
    EXPECT_EQ(AppliedSteps(server, 2), applied_before);
    EXPECT_EQ(server.QueryScalar("SELECT name FROM schema_migrations WHERE version = 3"),
              "session ids (API tokens listed and revoked one by one)");
    EXPECT_NE(m.out.find("schema version"), std::string::npos) << m.out;
  }
  server.Start();

  json actual = ReadBack(server, audit_max_id);
  const fs::path answers = dir_ / ("answers." + backend() + ".json.gz");
  if (record) {
    ProcessResult gz =
        RunProcess({"sh", "-c", "gzip -9n > '" + answers.string() + "'"}, actual.dump(1) + "\n");
    ASSERT_EQ(gz.status, 0) << gz.err;
    GTEST_SKIP() << "recorded " << answers;
  }
  const json expected = json::parse(Gunzip(answers));
  ASSERT_EQ(expected["audit_count"], actual["audit_count"]);
  std::vector<std::string> diffs;
  Differences(expected, actual, "", diffs);
  std::string report;
  for (const std::string& d : diffs) report += "\n  " + d;
  EXPECT_TRUE(diffs.empty()) << "differences from what release dbf8f13 answered:" << report;

  // The migrated sessions table (step 3) takes API tokens, listed and revoked by id.
  HttpClient manager(server);
  Expect(manager.Login("manager", kDemoPassword), 200);
  json token = Expect(manager.Post("/api/v1/tokens", {{"name", "after the upgrade"}}), 201).Json();
  HttpClient bearer(server);
  bearer.set_bearer(token["token"].get<std::string>());
  EXPECT_EQ(Expect(bearer.Get("/api/v1/me"), 200).Json()["login"], "manager");
  json listed = Expect(manager.Get("/api/v1/tokens"), 200).Json()["items"];
  ASSERT_EQ(listed.size(), 1u) << listed.dump();
  EXPECT_EQ(listed[0]["id"], token["id"]);
  Expect(manager.Delete("/api/v1/tokens/" + std::to_string(token["id"].get<std::int64_t>())), 200);
  EXPECT_EQ(bearer.Get("/api/v1/me").status, 401);
}

}  // namespace
}  // namespace aftercare::apitest
