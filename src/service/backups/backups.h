// The server's scheduled backups (issue 13 point 1; SEC-2, bid 7.8.7.5.3). Each day
// at a time an administrator sets (default 02:30:00 in Asia/Shanghai) a job writes
// `aftercare-YYYYMMDD-HHMMSS.tar` (the local time it started, in the schedule's
// zone) into the backup folder (default DATA/backups) with WriteBackup, the code of
// `aftercare backup`, outside any transaction; the file is verified as it is
// written (backup_file.h). Each backup is recorded in `backups` (started,
// finished, file, size, SHA-256, ok or failed with the error, asked by the
// schedule or a named administrator). After a good one, our files (only names of
// that pattern, in that folder) of days before the last `keep_days` local days
// are deleted; a failed backup deletes nothing. The job then re-arms for the next
// day. A server that was down at the time runs the queued backup as it starts.
//
// Warnings to the administrators (service::Announce, each once per event):
//   backup_failed   a backup failed (event: the record)
//   backup_missed   no good backup for kMissedAfter while the schedule is on,
//                   checked every kCheckEvery by its own job (event: the instant the
//                   gap began: the last good backup, or when the schedule was set)
//
// Errors (kInvalidInput naming the field): time not HH:MM or HH:MM:SS; tz not a
// time zone; keep_days outside 1..365; folder not absolute, not a folder that can
// be made and written, or longer than kMaxFolder; kForbidden for anyone but an
// administrator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "service/context.h"
#include "service/jobs/queue.h"
#include "store/db.h"

namespace aftercare::service::backups {

inline constexpr std::string_view kRunJob = "backups.run";
inline constexpr std::string_view kCheckJob = "backups.check";
inline constexpr int kDefaultSecond = 2 * 3600 + 30 * 60;  // 02:30:00
inline constexpr int kDefaultKeepDays = 7;
inline constexpr int kMaxKeepDays = 365;
inline constexpr std::size_t kMaxFolder = 1024;
inline constexpr Seconds kMissedAfter = 26 * 3600;
inline constexpr Seconds kCheckEvery = 3600;
inline constexpr int kMaxListed = 100;  // records a list shows, newest first

struct Settings {
  bool enabled = true;
  int second = kDefaultSecond;  // of the day, 0..86399, in `tz`
  std::string tz;               // a tz database name
  int keep_days = kDefaultKeepDays;
  std::string folder;  // absolute; empty: DATA/backups
  Instant enabled_since;
  std::optional<Instant> updated_at;
  std::string updated_by;
};

// A change of the settings: what is given changes, the rest stays.
struct SettingsChange {
  std::optional<bool> enabled = {};
  std::optional<std::string> time = {};  // HH:MM or HH:MM:SS
  std::optional<std::string> tz = {};
  std::optional<int> keep_days = {};
  std::optional<std::string> folder = {};  // "": back to DATA/backups
};

struct BackupRecord {
  std::int64_t id = 0;
  Instant started_at = {}, finished_at = {};
  std::string file = {};  // the full path
  std::int64_t size = 0;
  std::string sha256 = {};
  std::string state = {};  // ok, failed
  std::string error = {};
  std::optional<std::int64_t> requested_by = {};  // nullopt: the schedule
  std::string requested_by_name = {};
  std::optional<Instant> pruned_at = {};  // the file was deleted by the keep rule
};

struct Overview {
  Settings settings;
  std::string folder;  // where the files go (the default made absolute)
  std::optional<Instant> next_run;
  std::optional<BackupRecord> last_good;
  bool overdue = false;             // the schedule is on and no good backup for kMissedAfter
  bool queued = false;              // a backup asked for now waits or runs
  std::vector<BackupRecord> items;  // newest first, at most `limit`
};

// The pure parts (unit-tested).
// "02:30" or "02:30:15" as a second of the day; nullopt otherwise.
std::optional<int> ParseTimeOfDay(std::string_view text);
std::string FormatTimeOfDay(int second);  // HH:MM:SS
// The first instant after `now` at `second` of a day in `tz`.
Instant NextRun(int second, const TimeZone& tz, Instant now);
// aftercare-YYYYMMDD-HHMMSS.tar of `at`'s local time in `tz`.
std::string BackupFileName(Instant at, const TimeZone& tz);
// The local date of a name of that pattern; nullopt for any other name.
std::optional<LocalDate> BackupFileDate(std::string_view name);
// Deletes the regular files of `folder` named by our pattern whose date is before
// the last `keep_days` days up to `today`; returns the paths deleted.
std::vector<std::string> PruneBackups(const std::string& folder, int keep_days, LocalDate today);

// Administrators.
Result<Overview> GetOverview(store::Database& db, const Context& ctx, const std::string& data_dir,
                             int limit);
Result<Overview> ChangeSettings(store::Database& db, const Context& ctx,
                                const std::string& data_dir, const SettingsChange& change);
// Queues a backup now (one at a time); false when one is already queued.
Result<bool> RequestBackup(store::Database& db, const Context& ctx);

// The server: queues the check and the next scheduled backup unless queued, and
// writes the default settings on the first start (idempotent).
Status EnsureBackupJobs(store::Database& db, Instant now);

// The run job (kRunJob), in two steps: the backup itself, outside any
// transaction, then its record in the job's transaction: the row, the warning
// when it failed, the pruned files, and the next scheduled run.
struct Attempt {
  BackupRecord record;
  std::vector<std::string> pruned;
  bool scheduled = false;
};
Attempt RunBackup(store::Database& db, const std::string& data_dir, const jobs::Job& job);
Status RecordBackup(store::Transaction& tx, const Attempt& a, Instant now);
// The check job (kCheckJob): warns of a missed backup, re-arms itself.
Status CheckBackups(store::Transaction& tx, const jobs::Job& job, Instant now);

// For /metrics: the last good backup and the number of failed ones.
struct Metrics {
  std::optional<Instant> last_success;
  std::int64_t last_success_size = 0;
  std::int64_t failed = 0;
};
Result<Metrics> GetMetrics(store::Database& db);

}  // namespace aftercare::service::backups
