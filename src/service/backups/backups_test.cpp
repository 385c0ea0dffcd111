// The scheduled backups' rules in process (SEC-2): the next run across days and
// zones, the file names, pruning only our files, the settings' checks, and the
// warnings of a failed and a missed backup (each once).
#include "service/backups/backups.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "service/backups/backup_file.h"
#include "service/testing/service_test_fixture.h"
#include "service/tx.h"

namespace aftercare::service::backups {
namespace {

namespace fs = std::filesystem;

TimeZone Zone(const char* name) {
  auto z = TimeZone::Locate(name);
  EXPECT_TRUE(z.ok()) << name;
  return z.ok() ? *z : DefaultZone();
}

std::string Local(Instant t, const TimeZone& tz) { return FormatRfc3339(t, tz); }

TEST(BackupSchedule, NextRunIsTheFirstInstantAfterNowAtTheTimeOfDay) {
  const TimeZone sh = Zone("Asia/Shanghai");
  const int at = 2 * 3600 + 30 * 60;
  // Before the time: today; at it or after: tomorrow.
  EXPECT_EQ(Local(NextRun(at, sh, sh.ToInstant(MakeDate(2026, 12, 7), 3600)), sh),
            "2026-12-07T02:30:00+08:00");
  EXPECT_EQ(Local(NextRun(at, sh, sh.ToInstant(MakeDate(2026, 12, 7), at)), sh),
            "2026-12-08T02:30:00+08:00");
  EXPECT_EQ(Local(NextRun(at, sh, sh.ToInstant(MakeDate(2026, 12, 7), at + 1)), sh),
            "2026-12-08T02:30:00+08:00");
  // Across the end of a month, a year and February of a leap year.
  EXPECT_EQ(Local(NextRun(at, sh, sh.ToInstant(MakeDate(2026, 12, 31), 23 * 3600)), sh),
            "2027-01-01T02:30:00+08:00");
  EXPECT_EQ(Local(NextRun(at, sh, sh.ToInstant(MakeDate(2028, 2, 28), 12 * 3600)), sh),
            "2028-02-29T02:30:00+08:00");
  // Seconds of the day are kept; midnight and the last second of a day.
  EXPECT_EQ(Local(NextRun(1, sh, sh.ToInstant(MakeDate(2026, 12, 7), 0)), sh),
            "2026-12-07T00:00:01+08:00");
  EXPECT_EQ(Local(NextRun(86399, sh, sh.ToInstant(MakeDate(2026, 12, 7), 86399)), sh),
            "2026-12-08T23:59:59+08:00");
  EXPECT_EQ(Local(NextRun(0, sh, sh.ToInstant(MakeDate(2026, 12, 7), 86399)), sh),
            "2026-12-08T00:00:00+08:00");
}

TEST(BackupSchedule, NextRunIsInTheSchedulesZone) {
  // One instant: 2026-12-07 20:00 UTC, 2026-12-08 04:00 in Shanghai, 01:30 in Kolkata.
  const Instant now = Zone("UTC").ToInstant(MakeDate(2026, 12, 7), 20 * 3600);
  const int at = 2 * 3600 + 30 * 60;
  const TimeZone utc = Zone("UTC"), sh = Zone("Asia/Shanghai"), kol = Zone("Asia/Kolkata");
  EXPECT_EQ(Local(NextRun(at, utc, now), utc), "2026-12-08T02:30:00+00:00");
  EXPECT_EQ(Local(NextRun(at, sh, now), sh), "2026-12-09T02:30:00+08:00");
  EXPECT_EQ(Local(NextRun(at, kol, now), kol), "2026-12-08T02:30:00+05:30");
  // Each run is a day after the one before, in every zone.
  for (const TimeZone& tz : {utc, sh, kol}) {
    Instant t = now;
    for (int day = 0; day < 400; ++day) {
      const Instant next = NextRun(at, tz, t);
      if (day > 0) {
        EXPECT_EQ(next - t, 86400) << tz.name();
      }
      t = next;
    }
  }
}

TEST(BackupSchedule, TimesOfDay) {
  EXPECT_EQ(ParseTimeOfDay("02:30"), 2 * 3600 + 30 * 60);
  EXPECT_EQ(ParseTimeOfDay("23:59:59"), 86399);
  EXPECT_EQ(ParseTimeOfDay("00:00"), 0);
  for (const char* bad : {"", "2:30", "24:00", "02:60", "02:30:60", "02-30", "02:30:", "0230",
                          "02:30:5", "ab:cd", "02:30 ", "+2:30"}) {
    EXPECT_FALSE(ParseTimeOfDay(bad)) << bad;
  }
  EXPECT_EQ(FormatTimeOfDay(2 * 3600 + 30 * 60), "02:30:00");
  EXPECT_EQ(FormatTimeOfDay(86399), "23:59:59");
}

TEST(BackupSchedule, FileNamesAreTheLocalTimeTheyStarted) {
  const TimeZone sh = Zone("Asia/Shanghai");
  const Instant t = sh.ToInstant(MakeDate(2026, 12, 7), 2 * 3600 + 30 * 60 + 5);
  EXPECT_EQ(BackupFileName(t, sh), "aftercare-20261207-023005.tar");
  EXPECT_EQ(BackupFileName(t, Zone("UTC")), "aftercare-20261206-183005.tar");
  EXPECT_EQ(BackupFileDate("aftercare-20261207-023005.tar"), MakeDate(2026, 12, 7));
  for (const char* foreign :
       {"aftercare-20261207-023005.tar.partial", "aftercare-20261307-023005.tar",
        "aftercare-20261207-253005.tar", "aftercare-2026120-0230050.tar", "backup.tar",
        "aftercare-20261207_023005.tar", "xaftercare-20261207-023005.tar",
        "aftercare-20261207-023005.tgz"}) {
    EXPECT_FALSE(BackupFileDate(foreign)) << foreign;
  }
}

class BackupPruning : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("aftercare-prune-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Touch(const std::string& name) { std::ofstream(dir_ / name) << "x"; }
  std::vector<std::string> Left() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }
  fs::path dir_;
};

TEST_F(BackupPruning, KeepsTheLastDaysAndEverythingNotOurs) {
  for (int d = 1; d <= 9; ++d) Touch("aftercare-2026120" + std::to_string(d) + "-023000.tar");
  Touch("aftercare-20261101-023000.tar.partial");  // not a backup of ours
  Touch("aftercare-20261101-023000.tar.keep");
  Touch("notes-20261101.tar");
  Touch("aftercare-20261101-023000.TAR");
  fs::create_directory(dir_ / "aftercare-20261102-023000.tar");  // a folder
  fs::create_symlink(dir_ / "notes-20261101.tar", dir_ / "aftercare-20261103-023000.tar");
  // Seven days up to 9 December: the 3rd to the 9th stay.
  auto pruned = PruneBackups(dir_.string(), 7, MakeDate(2026, 12, 9));
  ASSERT_EQ(pruned.size(), 2u);
  EXPECT_EQ(pruned[0], (dir_ / "aftercare-20261201-023000.tar").string());
  EXPECT_EQ(pruned[1], (dir_ / "aftercare-20261202-023000.tar").string());
  EXPECT_EQ(Left(), (std::vector<std::string>{
                        "aftercare-20261101-023000.TAR", "aftercare-20261101-023000.tar.keep",
                        "aftercare-20261101-023000.tar.partial", "aftercare-20261102-023000.tar",
                        "aftercare-20261103-023000.tar", "aftercare-20261203-023000.tar",
                        "aftercare-20261204-023000.tar", "aftercare-20261205-023000.tar",
                        "aftercare-20261206-023000.tar", "aftercare-20261207-023000.tar",
                        "aftercare-20261208-023000.tar", "aftercare-20261209-023000.tar",
                        "notes-20261101.tar"}));
  // One day: only today's.
  EXPECT_EQ(PruneBackups(dir_.string(), 1, MakeDate(2026, 12, 9)).size(), 6u);
  EXPECT_TRUE(fs::exists(dir_ / "aftercare-20261209-023000.tar"));
  // A folder that is not there prunes nothing.
  EXPECT_TRUE(PruneBackups((dir_ / "none").string(), 1, MakeDate(2026, 12, 9)).empty());
}

class BackupServiceRules : public ServiceTest {
 protected:
  Result<Overview> Change(Role by, SettingsChange c) {
    return ChangeSettings(*db_, As(by), dir_.string(), c);
  }
  std::int64_t Count(const std::string& sql) {
    auto n = InTransaction(*db_, false, [&](store::Transaction& tx) -> Result<std::int64_t> {
      AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
      return rows[0].Int("n");
    });
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }
  Status Record(const Attempt& a, Instant at) {
    return InTransaction(*db_, true,
                         [&](store::Transaction& tx) { return RecordBackup(tx, a, at); });
  }
  Status Check(Instant at) {
    return InTransaction(*db_, true,
                         [&](store::Transaction& tx) { return CheckBackups(tx, jobs::Job{}, at); });
  }
  std::int64_t AdminNotices(const char* kind) {
    return Count("SELECT COUNT(*) AS n FROM notifications WHERE kind = '" + std::string(kind) +
                 "' AND user_id = " + std::to_string(UserId(Role::kAdmin)));
  }
};

TEST_F(BackupServiceRules, OnlyAdministratorsSeeAndChangeBackups) {
  for (Role r : RolesExcept({Role::kAdmin})) {
    EXPECT_EQ(Outcome(GetOverview(*db_, As(r), dir_.string(), 10)), "forbidden");
    EXPECT_EQ(Outcome(Change(r, {.keep_days = 3})), "forbidden");
    EXPECT_EQ(Outcome(RequestBackup(*db_, As(r))), "forbidden");
  }
  auto o = GetOverview(*db_, As(Role::kAdmin), dir_.string(), 10);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->settings.second, kDefaultSecond);
  EXPECT_EQ(o->settings.keep_days, 7);
  EXPECT_EQ(o->settings.tz, "Asia/Shanghai");
  EXPECT_EQ(o->folder, (dir_ / "backups").string());
}

TEST_F(BackupServiceRules, SettingsAreCheckedAndEachChangeAudited) {
  EXPECT_EQ(Outcome(Change(Role::kAdmin, {.time = "24:00"})), "invalid_input time");
  EXPECT_EQ(Outcome(Change(Role::kAdmin, {.tz = "Mars/Olympus"})), "invalid_input tz");
  EXPECT_EQ(Outcome(Change(Role::kAdmin, {.keep_days = 0})), "invalid_input keep_days");
  EXPECT_EQ(Outcome(Change(Role::kAdmin, {.keep_days = 366})), "invalid_input keep_days");
  EXPECT_EQ(Outcome(Change(Role::kAdmin, {.folder = "backups"})), "invalid_input folder");
  std::ofstream(dir_ / "a-file") << "x";
  EXPECT_EQ(Outcome(Change(Role::kAdmin, {.folder = (dir_ / "a-file").string()})),
            "invalid_input folder");
  EXPECT_EQ(Outcome(Change(Role::kAdmin, {.folder = "/" + std::string(1100, 'a')})),
            "invalid_input folder");
  EXPECT_TRUE(AuditOf("backup_settings", "1").empty()) << "a refused change is not kept";
  auto o = Change(
      Role::kAdmin,
      {.time = "03:15:30", .tz = "UTC", .keep_days = 3, .folder = (dir_ / "elsewhere").string()});
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->settings.second, 3 * 3600 + 15 * 60 + 30);
  EXPECT_TRUE(fs::is_directory(dir_ / "elsewhere"));
  ASSERT_TRUE(o->next_run);
  EXPECT_EQ(FormatRfc3339(*o->next_run, Zone("UTC")), "2026-03-02T03:15:30+00:00");
  // The queued scheduled run moved with it: one, at the new time.
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'backups.run' AND run_at = " +
                  std::to_string(o->next_run->unix)),
            1);
  EXPECT_EQ(AuditOf("backup_settings", "1", "update").size(), 1u);
  // Off: no run queued, none next.
  auto off = Change(Role::kAdmin, {.enabled = false});
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->next_run);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'backups.run'"), 0);
}

TEST_F(BackupServiceRules, AFailedBackupIsRecordedAndAnnouncedOnce) {
  // The folder is a file: nothing can be written there.
  ASSERT_TRUE(Change(Role::kAdmin, {.folder = (dir_ / "out").string()}).ok());
  fs::remove_all(dir_ / "out");
  std::ofstream(dir_ / "out") << "not a folder";
  jobs::Job job;
  job.payload = {{"scheduled", true}};
  const Attempt a = RunBackup(*db_, dir_.string(), job);
  EXPECT_EQ(a.record.state, "failed");
  EXPECT_NE(a.record.error, "");
  EXPECT_TRUE(a.pruned.empty());
  ASSERT_TRUE(Record(a, now_).ok());
  EXPECT_EQ(AdminNotices("backup_failed"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'backup_failed'"), 1)
      << "administrators only";
  auto m = GetMetrics(*db_);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->failed, 1);
  EXPECT_FALSE(m->last_success);
  // Re-armed for the next day although it failed.
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'backups.run' AND dedupe_key LIKE "
                  "'backup:schedule:%'"),
            1);
}

TEST_F(BackupServiceRules, AGoodBackupIsAWholeVerifiedFileAndPrunesOldOnes) {
  const fs::path out = dir_ / "out";
  ASSERT_TRUE(Change(Role::kAdmin, {.keep_days = 2, .folder = out.string()}).ok());
  std::ofstream(out / "aftercare-20200101-023000.tar") << "old";
  std::ofstream(out / "keep-me.tar") << "not ours";
  jobs::Job job;
  job.payload = {{"by", UserId(Role::kAdmin)}, {"by_name", "admin"}};
  const Attempt a = RunBackup(*db_, dir_.string(), job);
  ASSERT_EQ(a.record.state, "ok") << a.record.error;
  auto verified = VerifyBackup(a.record.file);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->sha256, a.record.sha256);
  EXPECT_EQ(static_cast<std::int64_t>(verified->size), a.record.size);
  EXPECT_EQ(a.pruned, std::vector<std::string>{(out / "aftercare-20200101-023000.tar").string()});
  EXPECT_TRUE(fs::exists(out / "keep-me.tar"));
  ASSERT_TRUE(Record(a, now_).ok());
  auto o = GetOverview(*db_, As(Role::kAdmin), dir_.string(), 10);
  ASSERT_TRUE(o.ok());
  ASSERT_TRUE(o->last_good);
  EXPECT_EQ(o->last_good->requested_by, UserId(Role::kAdmin));
  EXPECT_EQ(AdminNotices("backup_failed"), 0);
}

TEST_F(BackupServiceRules, AMissedBackupIsAnnouncedOnceAfter26Hours) {
  ASSERT_TRUE(EnsureBackupJobs(*db_, now_).ok());
  ASSERT_TRUE(EnsureBackupJobs(*db_, now_).ok()) << "idempotent";
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM jobs WHERE kind IN ('backups.run', "
                  "'backups.check')"),
            2);
  // A scheduled run that is gone (dead) is replaced by the next check.
  ASSERT_TRUE(InTransaction(*db_, true, [](store::Transaction& tx) {
                return tx.Exec("UPDATE jobs SET state = 'dead' WHERE kind = 'backups.run'");
              }).ok());
  ASSERT_TRUE(Check(now_ + kMissedAfter).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'backups.run' AND state = "
                  "'pending'"),
            1);
  EXPECT_EQ(AdminNotices("backup_missed"), 0) << "26 hours since the schedule began: not yet";
  ASSERT_TRUE(Check(now_ + kMissedAfter + 1).ok());
  ASSERT_TRUE(Check(now_ + kMissedAfter + 3600).ok());
  EXPECT_EQ(AdminNotices("backup_missed"), 1) << "one gap, one warning";
  // A good backup closes the gap; the next one is warned of anew.
  Attempt good;
  good.record = {.started_at = now_ + 100'000,
                 .finished_at = now_ + 100'010,
                 .file = (dir_ / "x.tar").string(),
                 .size = 10,
                 .sha256 = std::string(64, 'a'),
                 .state = "ok"};
  ASSERT_TRUE(Record(good, now_ + 100'010).ok());
  ASSERT_TRUE(Check(now_ + 100'010 + kMissedAfter).ok());
  EXPECT_EQ(AdminNotices("backup_missed"), 1);
  ASSERT_TRUE(Check(now_ + 100'010 + kMissedAfter + 1).ok());
  EXPECT_EQ(AdminNotices("backup_missed"), 2);
  // Off: no warning.
  ASSERT_TRUE(Change(Role::kAdmin, {.enabled = false}).ok());
  ASSERT_TRUE(Check(now_ + 400'000).ok());
  EXPECT_EQ(AdminNotices("backup_missed"), 2);
}

}  // namespace
}  // namespace aftercare::service::backups
