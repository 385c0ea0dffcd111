// SEC-2 (bid 7.8.7.5.3): the server's own backups through a started server with its
// background jobs, on SQLite and PostgreSQL. A backup asked for over the API is a
// verified file and a record; the settings refuse bad values with a 400 naming the
// field and change nothing; a schedule a few seconds ahead runs, keeps N days of our
// files (and nothing else is touched), and its file restores with one command; a
// backup that cannot be written is recorded failed, told to the administrators and
// counted in /metrics. Administrators only.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

namespace fs = std::filesystem;

class BackupsScheduleApi : public ApiTest {
 protected:
  bool BackgroundJobs() const override { return true; }
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped()) return;
    server().Stop();
    server().set_serve_args({"--data", server().dir().string()});
    server().Start();
    // The login survives the restart (the sessions are in the database).
  }

  json Overview() { return Expect(admin().Get("/api/v1/backups"), 200).Json(); }
  // The newest record once there are `n`, waiting up to `seconds`.
  json WaitForRecords(std::size_t n, int seconds = 60) {
    for (int i = 0; i < seconds * 10; ++i) {
      json o = Overview();
      if (o["items"].size() >= n) return o;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no backup recorded in " << seconds << " s: " << server().StderrLog();
    return Overview();
  }
  // A value of /metrics.
  std::string Metric(const std::string& name) {
    std::string text = Expect(Anonymous()->Get("/metrics"), 200).body;
    std::size_t at = text.find("\n" + name + " ");
    if (at == std::string::npos) return "";
    at += name.size() + 2;
    return text.substr(at, text.find('\n', at) - at);
  }
  HttpResponse PutSettings(const json& body) {
    return admin().Send("PUT", "/api/v1/backups/settings", body.dump());
  }
  // `t` as the API writes it in UTC.
  static std::string FormatUtc(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    return out;
  }
  // Today's date in UTC as YYYYMMDD, `days` from now.
  static std::string UtcStamp(int days) {
    std::time_t t = NowUnix() + days * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[16];
    std::strftime(out, sizeof out, "%Y%m%d", &tm);
    return out;
  }
};
AFTERCARE_API_BACKENDS(BackupsScheduleApi);

TEST_P(BackupsScheduleApi, BackUpNowWritesAVerifiedFileAndARecord) {
  for (const char* role : {"agent", "engineer", "team_leader", "manager"}) {
    ExpectError(As(role).Get("/api/v1/backups"), 403, "forbidden");
    ExpectError(As(role).Post("/api/v1/backups", json::object()), 403, "forbidden");
    ExpectError(As(role).Get("/api/v1/backups/settings"), 403, "forbidden");
  }
  json before = Overview();
  EXPECT_TRUE(before["items"].empty());
  EXPECT_TRUE(before["last_good"].is_null());
  EXPECT_EQ(before["settings"]["time"], "02:30:00");
  EXPECT_EQ(before["settings"]["keep_days"], 7);
  EXPECT_EQ(before["settings"]["folder"], (server().dir() / "backups").string());
  EXPECT_EQ(Metric("aftercare_backup_last_success_timestamp_seconds"), "0");

  json queued = Expect(admin().Post("/api/v1/backups", json::object()), 202).Json();
  EXPECT_EQ(queued["queued"], true);
  json o = WaitForRecords(1);
  ASSERT_EQ(o["items"].size(), 1u);
  const json b = o["items"][0];
  ASSERT_EQ(b["state"], "ok") << b.dump();
  EXPECT_EQ(b["requested_by"], Expect(admin().Get("/api/v1/me"), 200).Json()["id"]);
  EXPECT_EQ(fs::path(b["file"].get<std::string>()).parent_path(), server().dir() / "backups");
  EXPECT_TRUE(std::regex_match(b["file_name"].get<std::string>(),
                               std::regex(R"(aftercare-\d{8}-\d{6}\.tar)")))
      << b["file_name"];
  EXPECT_EQ(o["last_good"]["id"], b["id"]);
  EXPECT_GE(o["last_good_age_seconds"].get<std::int64_t>(), 0);
  EXPECT_FALSE(o["overdue"].get<bool>());
  // The file is whole: `aftercare backup verify` agrees with the record.
  ProcessResult v = RunProcess({AftercareBinary(), "backup", "verify", b["file"]});
  ASSERT_EQ(v.status, 0) << v.err;
  EXPECT_NE(v.out.find(b["sha256"].get<std::string>()), std::string::npos) << v.out;
  EXPECT_EQ(static_cast<std::int64_t>(fs::file_size(b["file"].get<std::string>())),
            b["size_bytes"].get<std::int64_t>());
  EXPECT_EQ(Metric("aftercare_backup_last_success_size_bytes"), b["size_bytes"].dump());
  EXPECT_EQ(Metric("aftercare_backups_failed_total"), "0");
  const std::string last = Metric("aftercare_backup_last_success_timestamp_seconds");
  EXPECT_GE(std::stoll(last), NowUnix() - 120);
}

TEST_P(BackupsScheduleApi, BadSettingsAreRefusedNamingTheFieldAndChangeNothing) {
  ExpectError(As("manager").Send("PUT", "/api/v1/backups/settings", R"({"keep_days": 3})"), 403,
              "forbidden");
  json before = Expect(admin().Get("/api/v1/backups/settings"), 200).Json();
  const fs::path file = server().dir() / "a-file";
  std::ofstream(file) << "not a folder";
  const std::vector<std::pair<json, const char*>> bad = {
      {{{"time", "24:00"}}, "time"},
      {{{"time", "2:30"}}, "time"},
      {{{"time", 230}}, "time"},
      {{{"tz", "Mars/Olympus"}}, "tz"},
      {{{"keep_days", 0}}, "keep_days"},
      {{{"keep_days", 366}}, "keep_days"},
      {{{"keep_days", "7"}}, "keep_days"},
      {{{"folder", "backups"}}, "folder"},
      {{{"folder", file.string()}}, "folder"},
      {{{"folder", "/" + std::string(1100, 'a')}}, "folder"},
      {{{"enabled", "yes"}}, "enabled"},
      {{{"keep_days", 3}, {"retention", 3}}, "retention"},
  };
  for (const auto& [body, field] : bad) {
    SCOPED_TRACE(body.dump());
    ExpectError(PutSettings(body), 400, "bad_request", field);
  }
  EXPECT_EQ(Expect(admin().Get("/api/v1/backups/settings"), 200).Json(), before);
  EXPECT_EQ(Expect(admin().Get("/api/v1/audit?entity=backup_settings"), 200).Json()["items"].size(),
            0u);
  // A good change: what is left out stays; audited with before and after.
  json after = Expect(PutSettings({{"time", "03:15"}, {"keep_days", 14}}), 200).Json();
  EXPECT_EQ(after["time"], "03:15:00");
  EXPECT_EQ(after["keep_days"], 14);
  EXPECT_EQ(after["tz"], before["tz"]);
  EXPECT_EQ(after["folder"], before["folder"]);
  EXPECT_EQ(after["updated_by"], "Administrator");
  json audit = Expect(admin().Get("/api/v1/audit?entity=backup_settings"), 200).Json();
  ASSERT_EQ(audit["items"].size(), 1u);
  EXPECT_EQ(audit["items"][0]["before"]["keep_days"], 7);
  EXPECT_EQ(audit["items"][0]["after"]["keep_days"], 14);
}

TEST_P(BackupsScheduleApi, AScheduleAFewSecondsAheadRunsKeepsNDaysAndRestores) {
  const fs::path folder = server().dir() / "nightly";
  fs::create_directories(folder);
  // Our files of ten days ago and yesterday, and a file that is not ours.
  const std::string old_file = "aftercare-" + UtcStamp(-10) + "-023000.tar";
  const std::string yesterday = "aftercare-" + UtcStamp(-1) + "-023000.tar";
  for (const std::string& name : {old_file, yesterday, std::string("aftercare-notes.tar")}) {
    std::ofstream(folder / name) << "x";
  }
  std::time_t at = NowUnix() + 4;
  std::tm tm{};
  gmtime_r(&at, &tm);
  char hhmmss[16];
  std::strftime(hhmmss, sizeof hhmmss, "%H:%M:%S", &tm);
  json s =
      Expect(PutSettings(
                 {{"time", hhmmss}, {"tz", "UTC"}, {"keep_days", 2}, {"folder", folder.string()}}),
             200)
          .Json();
  EXPECT_EQ(s["time"], hhmmss);
  EXPECT_EQ(s["next_run"], FormatUtc(at));
  json o = WaitForRecords(1, 90);
  ASSERT_EQ(o["items"].size(), 1u);
  const json b = o["items"][0];
  ASSERT_EQ(b["state"], "ok") << b.dump();
  EXPECT_TRUE(b["requested_by"].is_null()) << "the schedule's";
  EXPECT_EQ(b["file_name"], "aftercare-" + UtcStamp(0) + "-" + std::string(hhmmss).substr(0, 2) +
                                std::string(hhmmss).substr(3, 2) +
                                std::string(hhmmss).substr(6, 2) + ".tar");
  // Two days kept: today's and yesterday's; the older one of ours went; not ours stays.
  EXPECT_FALSE(fs::exists(folder / old_file));
  EXPECT_TRUE(fs::exists(folder / yesterday));
  EXPECT_TRUE(fs::exists(folder / "aftercare-notes.tar"));
  EXPECT_TRUE(fs::exists(b["file"].get<std::string>()));
  // Re-armed for tomorrow at the same time.
  json next = Expect(admin().Get("/api/v1/backups/settings"), 200).Json();
  EXPECT_EQ(next["next_run"], FormatUtc(at + 86400));
  EXPECT_EQ(std::stoll(server().QueryScalar(
                "SELECT COUNT(*) FROM jobs WHERE kind = 'backups.run' AND state = 'pending'")),
            1);
  // Restoring last night's backup is one command (SQLite: into a new folder; the
  // PostgreSQL restore is tested in backups_test.cpp).
  if (GetParam() == Backend::kSqlite) {
    const fs::path target = server().dir() / "restored";
    ProcessResult r =
        RunProcess({AftercareBinary(), "restore", b["file"], "--data", target.string()}, "", 120);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(target / "aftercare.db"));
  }
}

TEST_P(BackupsScheduleApi, AFailingBackupIsRecordedToldToAdministratorsAndCounted) {
  const fs::path folder = server().dir() / "gone";
  Expect(PutSettings({{"folder", folder.string()}}), 200);
  // The folder becomes a file: nothing can be written there any more.
  fs::remove_all(folder);
  std::ofstream(folder) << "not a folder";
  Expect(admin().Post("/api/v1/backups", json::object()), 202);
  json o = WaitForRecords(1);
  ASSERT_EQ(o["items"].size(), 1u);
  const json b = o["items"][0];
  EXPECT_EQ(b["state"], "failed");
  EXPECT_NE(b["error"], "");
  EXPECT_TRUE(o["last_good"].is_null());
  // The administrators' inbox, once.
  json notice;
  for (int i = 0; i < 50 && notice.is_null(); ++i) {
    const json inbox = Expect(admin().Get("/api/v1/notifications"), 200).Json();
    for (const json& n : inbox["items"]) {
      if (n["kind"] == "backup_failed") notice = n;
    }
    if (notice.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(notice.is_null()) << "no backup_failed notice";
  EXPECT_EQ(notice["data"]["file"], b["file"]);
  for (const char* role : {"agent", "manager"}) {
    const json inbox = Expect(As(role).Get("/api/v1/notifications"), 200).Json();
    for (const json& n : inbox["items"]) EXPECT_NE(n["kind"], "backup_failed") << role;
  }
  EXPECT_EQ(Metric("aftercare_backups_failed_total"), "1");
  EXPECT_EQ(Metric("aftercare_backup_last_success_timestamp_seconds"), "0");
  // A second failure is a second record and a second notice.
  Expect(admin().Post("/api/v1/backups", json::object()), 202);
  WaitForRecords(2);
  EXPECT_EQ(Metric("aftercare_backups_failed_total"), "2");
  std::size_t told = 0;
  for (int i = 0; i < 50 && told < 2; ++i) {
    told = 0;
    const json inbox = Expect(admin().Get("/api/v1/notifications"), 200).Json();
    for (const json& n : inbox["items"]) told += n["kind"] == "backup_failed";
    if (told < 2) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(told, 2u);
}

}  // namespace
}  // namespace aftercare::apitest
