#include "service/backups/backups.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/text.h"
#include "service/audit/audit.h"
#include "service/backups/backup_file.h"
#include "service/deliveries/deliveries.h"
#include "service/permissions.h"
#include "service/roles.h"
#include "service/tx.h"

namespace aftercare::service::backups {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kNowKey = "backup:now";
constexpr std::string_view kFilePrefix = "aftercare-";
constexpr std::string_view kFileSuffix = ".tar";

TimeZone ZoneOf(const Settings& s) {
  auto z = TimeZone::Locate(s.tz);
  return z.ok() ? *z : DefaultZone();
}

Settings Defaults() {
  Settings s;
  s.tz = DefaultZone().name();
  return s;
}

Result<Settings> LoadSettings(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT enabled, at_second, tz, keep_days, folder, enabled_since, "
                          "updated_at, updated_by FROM backup_settings WHERE id = 1"));
  Settings s = Defaults();
  if (rows.empty()) return s;
  const store::Row& r = rows[0];
  s.enabled = r.Int("enabled") != 0;
  s.second = static_cast<int>(r.Int("at_second"));
  s.tz = r.Text("tz");
  s.keep_days = static_cast<int>(r.Int("keep_days"));
  s.folder = r.Text("folder");
  s.enabled_since = Instant{r.Int("enabled_since")};
  s.updated_at = Instant{r.Int("updated_at")};
  s.updated_by = r.Text("updated_by");
  return s;
}

Status SaveSettings(store::Transaction& tx, const Settings& s, Instant now) {
  return tx.Exec(
      "INSERT INTO backup_settings (id, enabled, at_second, tz, keep_days, folder, "
      "enabled_since, updated_at, updated_by) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8) ON "
      "CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, at_second = excluded.at_second, "
      "tz = excluded.tz, keep_days = excluded.keep_days, folder = excluded.folder, "
      "enabled_since = excluded.enabled_since, updated_at = excluded.updated_at, updated_by = "
      "excluded.updated_by",
      {std::int64_t{s.enabled}, std::int64_t{s.second}, s.tz, std::int64_t{s.keep_days}, s.folder,
       s.enabled_since.unix, now.unix, s.updated_by});
}

std::string FolderOf(const Settings& s, const std::string& data_dir) {
  if (!s.folder.empty()) return s.folder;
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(data_dir) / "backups", ec);
  return (ec ? fs::path(data_dir) / "backups" : p).lexically_normal().string();
}

jobs::NewJob ScheduledJob(const Settings& s, Instant now) {
  const Instant at = NextRun(s.second, ZoneOf(s), now);
  return jobs::NewJob{std::string(kRunJob), "backup:schedule:" + std::to_string(at.unix),
                      json{{"scheduled", true}}, at, std::nullopt};
}

// Moves the queued scheduled backup to what `s` says (none when it is off).
Status Rearm(store::Transaction& tx, const Settings& s, Instant now) {
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM jobs WHERE kind = $1 AND state = 'pending' AND dedupe_key LIKE "
              "'backup:schedule:%'",
              {std::string(kRunJob)}));
  if (!s.enabled) return {};
  return jobs::Enqueue(tx, ScheduledJob(s, now), now).status();
}

// Queues the next scheduled backup when the schedule is on and none is queued (a
// run that died is replaced).
Status EnsureScheduled(store::Transaction& tx, const Settings& s, Instant now) {
  if (!s.enabled) return {};
  AFTERCARE_ASSIGN_OR_RETURN(auto queued,
                             tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND state <> 'dead' AND "
                                      "dedupe_key LIKE 'backup:schedule:%' LIMIT 1",
                                      {std::string(kRunJob)}));
  if (!queued.empty()) return {};
  return jobs::Enqueue(tx, ScheduledJob(s, now), now).status();
}

BackupRecord RecordFrom(const store::Row& r) {
  BackupRecord b;
  b.id = r.Int("id");
  b.started_at = Instant{r.Int("started_at")};
  b.finished_at = Instant{r.Int("finished_at")};
  b.file = r.Text("file");
  b.size = r.Int("size_bytes");
  b.sha256 = r.Text("sha256");
  b.state = r.Text("state");
  b.error = r.Text("error");
  b.requested_by = r.OptInt("requested_by");
  b.requested_by_name = r.Text("requested_by_name");
  if (auto p = r.OptInt("pruned_at")) b.pruned_at = Instant{*p};
  return b;
}

constexpr std::string_view kRecordColumns =
    "id, started_at, finished_at, file, size_bytes, sha256, state, error, requested_by, "
    "requested_by_name, pruned_at";

Result<std::optional<BackupRecord>> LastGood(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT " + std::string(kRecordColumns) +
                          " FROM backups WHERE state = 'ok' ORDER BY finished_at DESC, id DESC "
                          "LIMIT 1"));
  if (rows.empty()) return std::optional<BackupRecord>();
  return std::optional<BackupRecord>(RecordFrom(rows[0]));
}

// When the present gap without a good backup began: the last good one, or when the
// schedule was turned on, whichever is later.
Result<Instant> GapSince(store::Transaction& tx, const Settings& s) {
  AFTERCARE_ASSIGN_OR_RETURN(auto good, LastGood(tx));
  return good ? std::max(good->finished_at, s.enabled_since) : s.enabled_since;
}

Result<std::vector<Person>> Admins(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT id, display_name FROM users WHERE disabled = 0 AND "
                                      "role = 'admin' ORDER BY id"));
  std::vector<Person> out;
  for (const auto& r : rows) out.push_back({r.Int("id"), r.Text("display_name")});
  return out;
}

// A folder the backups can go to: absolute, made if missing, writable.
Status CheckFolder(const std::string& folder) {
  if (folder.size() > kMaxFolder) {
    return Error::Invalid("folder must be at most 1024 characters", 0, "folder");
  }
  if (!IsValidUtf8(folder) || folder.find('\0') != std::string::npos ||
      !fs::path(folder).is_absolute()) {
    return Error::Invalid("folder must be an absolute path", 0, "folder");
  }
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder, ec)) {
    return Error::Invalid("folder \"" + folder + "\" cannot be made", 0, "folder");
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    return Error::Invalid("folder \"" + folder + "\" is not writable by the server", 0, "folder");
  }
  return {};
}

Result<Settings> Apply(const Settings& before, const SettingsChange& c, Instant now) {
  Settings s = before;
  if (c.time) {
    auto second = ParseTimeOfDay(*c.time);
    if (!second) return Error::Invalid("time must be a time of day, HH:MM or HH:MM:SS", 0, "time");
    s.second = *second;
  }
  if (c.tz) {
    if (!TimeZone::Locate(*c.tz).ok()) return Error::Invalid("tz: unknown time zone", 0, "tz");
    s.tz = *c.tz;
  }
  if (c.keep_days) {
    if (*c.keep_days < 1 || *c.keep_days > kMaxKeepDays) {
      return Error::Invalid("keep_days must be 1 to 365", 0, "keep_days");
    }
    s.keep_days = *c.keep_days;
  }
  if (c.folder) {
    if (!c.folder->empty()) AFTERCARE_RETURN_IF_ERROR(CheckFolder(*c.folder));
    s.folder = *c.folder;
  }
  if (c.enabled) {
    if (*c.enabled && !s.enabled) s.enabled_since = now;
    s.enabled = *c.enabled;
  }
  return s;
}

json AuditView(const Settings& s) {
  return json{{"enabled", s.enabled},
              {"time", FormatTimeOfDay(s.second)},
              {"tz", s.tz},
              {"keep_days", s.keep_days},
              {"folder", s.folder}};
}

Result<Overview> LoadOverview(store::Transaction& tx, const std::string& data_dir, int limit,
                              Instant now) {
  Overview o;
  AFTERCARE_ASSIGN_OR_RETURN(o.settings, LoadSettings(tx));
  o.folder = FolderOf(o.settings, data_dir);
  if (o.settings.enabled) o.next_run = NextRun(o.settings.second, ZoneOf(o.settings), now);
  AFTERCARE_ASSIGN_OR_RETURN(o.last_good, LastGood(tx));
  AFTERCARE_ASSIGN_OR_RETURN(Instant since, GapSince(tx, o.settings));
  o.overdue = o.settings.enabled && now - since > kMissedAfter;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto queued, tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND dedupe_key = $2 AND state <> "
                            "'dead'",
                            {std::string(kRunJob), std::string(kNowKey)}));
  o.queued = !queued.empty();
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT " + std::string(kRecordColumns) +
                              " FROM backups ORDER BY started_at DESC, id DESC LIMIT $1",
                          {std::int64_t{limit}}));
  for (const auto& r : rows) o.items.push_back(RecordFrom(r));
  return o;
}

}  // namespace

std::optional<int> ParseTimeOfDay(std::string_view t) {
  if (t.size() != 5 && t.size() != 8) return std::nullopt;
  auto two = [&](std::size_t at) -> int {
    if (t[at] < '0' || t[at] > '9' || t[at + 1] < '0' || t[at + 1] > '9') return -1;
    return (t[at] - '0') * 10 + (t[at + 1] - '0');
  };
  const int h = two(0), m = t[2] == ':' ? two(3) : -1;
  const int s = t.size() == 5 ? 0 : t[5] == ':' ? two(6) : -1;
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return std::nullopt;
  return h * 3600 + m * 60 + s;
}

std::string FormatTimeOfDay(int second) {
  char out[16];
  std::snprintf(out, sizeof out, "%02d:%02d:%02d", second / 3600 % 100, second / 60 % 60,
                second % 60);
  return out;
}

Instant NextRun(int second, const TimeZone& tz, Instant now) {
  LocalDate day = tz.LocalDateOf(now);
  Instant at = tz.ToInstant(day, second);
  // A day whose time falls in a gap of the zone's clock moves on; two days cover it.
  for (int i = 0; i < 3 && at <= now; ++i) {
    day = day + 1;
    at = tz.ToInstant(day, second);
  }
  return at;
}

std::string BackupFileName(Instant at, const TimeZone& tz) {
  const LocalDate day = tz.LocalDateOf(at);
  const Seconds second =
      at.unix + tz.OffsetAt(at) - static_cast<Seconds>(day.days) * kSecondsPerDay;
  std::string date = FormatDate(day);  // 2026-12-07
  std::erase(date, '-');
  char out[64];
  std::snprintf(out, sizeof out, "aftercare-%s-%02d%02d%02d.tar", date.c_str(),
                static_cast<int>(second / 3600), static_cast<int>(second / 60 % 60),
                static_cast<int>(second % 60));
  return out;
}

std::optional<LocalDate> BackupFileDate(std::string_view name) {
  // aftercare-YYYYMMDD-HHMMSS.tar
  if (name.size() != kFilePrefix.size() + 15 + kFileSuffix.size() ||
      !name.starts_with(kFilePrefix) || !name.ends_with(kFileSuffix)) {
    return std::nullopt;
  }
  std::string_view stamp = name.substr(kFilePrefix.size(), 15);
  for (std::size_t i = 0; i < stamp.size(); ++i) {
    const bool digit = stamp[i] >= '0' && stamp[i] <= '9';
    if (i == 8 ? stamp[i] != '-' : !digit) return std::nullopt;
  }
  const std::string iso = std::string(stamp.substr(0, 4)) + "-" + std::string(stamp.substr(4, 2)) +
                          "-" + std::string(stamp.substr(6, 2));
  auto day = ParseDate(iso);
  if (!day.ok() ||
      !ParseTimeOfDay(std::string(stamp.substr(9, 2)) + ":" + std::string(stamp.substr(11, 2)) +
                      ":" + std::string(stamp.substr(13, 2)))) {
    return std::nullopt;
  }
  return *day;
}

std::vector<std::string> PruneBackups(const std::string& folder, int keep_days, LocalDate today) {
  std::vector<std::string> pruned;
  const LocalDate first_kept = today + (1 - keep_days);
  std::error_code ec;
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    auto day = BackupFileDate(it->path().filename().string());
    std::error_code st;
    if (!day || *day >= first_kept || !fs::is_regular_file(it->symlink_status(st))) continue;
    if (fs::remove(it->path(), st)) pruned.push_back(it->path().string());
  }
  std::sort(pruned.begin(), pruned.end());
  return pruned;
}

Result<Overview> GetOverview(store::Database& db, const Context& ctx, const std::string& data_dir,
                             int limit) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  if (limit < 1 || limit > kMaxListed) {
    return Error::Invalid("limit must be 1 to 100", 0, "limit");
  }
  return InTransaction(db, false, [&](store::Transaction& tx) {
    return LoadOverview(tx, data_dir, limit, ctx.now);
  });
}

Result<Overview> ChangeSettings(store::Database& db, const Context& ctx,
                                const std::string& data_dir, const SettingsChange& change) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Overview> {
    AFTERCARE_ASSIGN_OR_RETURN(Settings before, LoadSettings(tx));
    AFTERCARE_ASSIGN_OR_RETURN(Settings after, Apply(before, change, ctx.now));
    after.updated_by = ctx.actor->display_name.empty() ? ctx.actor->login : ctx.actor->display_name;
    AFTERCARE_RETURN_IF_ERROR(SaveSettings(tx, after, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(Rearm(tx, after, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "update", "backup_settings", "1", AuditView(before), AuditView(after)));
    return LoadOverview(tx, data_dir, kMaxListed, ctx.now);
  });
}

Result<bool> RequestBackup(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    const std::string by =
        ctx.actor->display_name.empty() ? ctx.actor->login : ctx.actor->display_name;
    AFTERCARE_ASSIGN_OR_RETURN(
        bool queued, jobs::Enqueue(tx,
                                   jobs::NewJob{std::string(kRunJob), std::string(kNowKey),
                                                json{{"by", ctx.actor->user_id}, {"by_name", by}},
                                                ctx.now, std::nullopt},
                                   ctx.now));
    if (queued) AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "backup", "now"));
    return queued;
  });
}

Status EnsureBackupJobs(store::Database& db, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(auto row, tx.Query("SELECT 1 FROM backup_settings WHERE id = 1"));
    Settings s = Defaults();
    if (row.empty()) {
      // The schedule is on from the first start: the missed-backup warning counts
      // from here.
      s.enabled_since = now;
      s.updated_by = "aftercare";
      AFTERCARE_RETURN_IF_ERROR(SaveSettings(tx, s, now));
    } else {
      AFTERCARE_ASSIGN_OR_RETURN(s, LoadSettings(tx));
    }
    AFTERCARE_RETURN_IF_ERROR(EnsureScheduled(tx, s, now));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto checked, tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND state <> 'dead' LIMIT 1",
                               {std::string(kCheckJob)}));
    if (!checked.empty()) return {};
    return jobs::Enqueue(
               tx,
               jobs::NewJob{std::string(kCheckJob), "backups.check:" + std::to_string(now.unix),
                            json::object(), now, std::nullopt},
               now)
        .status();
  });
}

Attempt RunBackup(store::Database& db, const std::string& data_dir, const jobs::Job& job) {
  Attempt a;
  a.scheduled = job.payload.value("scheduled", false);
  BackupRecord& r = a.record;
  if (job.payload.contains("by")) r.requested_by = job.payload.value("by", std::int64_t{0});
  r.requested_by_name = job.payload.value("by_name", std::string());
  r.started_at = Now();
  auto settings = InTransaction(db, false, [](store::Transaction& tx) { return LoadSettings(tx); });
  const Settings s = settings.ok() ? *settings : Defaults();
  const std::string folder = FolderOf(s, data_dir);
  r.file = (fs::path(folder) / BackupFileName(r.started_at, ZoneOf(s))).string();
  std::error_code ec;
  // A folder made here is the server's alone; one that exists keeps its mode.
  if (fs::create_directories(folder, ec)) ::chmod(folder.c_str(), 0700);
  auto written = settings.ok() ? WriteBackup(db, data_dir, r.file, r.started_at)
                               : Result<BackupFile>(settings.error());
  r.finished_at = Now();
  if (!written.ok()) {
    r.state = "failed";
    r.error = written.error().message;
    if (!written.error().detail.empty()) r.error += ": " + written.error().detail;
    return a;
  }
  r.state = "ok";
  r.size = static_cast<std::int64_t>(written->size);
  r.sha256 = written->sha256;
  // Only after a good backup: a failing schedule keeps every older file.
  a.pruned = PruneBackups(folder, s.keep_days, ZoneOf(s).LocalDateOf(r.finished_at));
  return a;
}

Status RecordBackup(store::Transaction& tx, const Attempt& a, Instant now) {
  const BackupRecord& r = a.record;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto id, tx.Query("INSERT INTO backups (started_at, finished_at, file, size_bytes, sha256, "
                        "state, error, requested_by, requested_by_name) VALUES ($1, $2, $3, $4, "
                        "$5, $6, $7, $8, $9) RETURNING id",
                        {r.started_at.unix, r.finished_at.unix, r.file, r.size, r.sha256, r.state,
                         r.error, store::OrNull(r.requested_by), r.requested_by_name}));
  for (const std::string& path : a.pruned) {
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE backups SET pruned_at = $1 WHERE file = $2 AND pruned_at IS NULL",
                {now.unix, path}));
  }
  AFTERCARE_ASSIGN_OR_RETURN(Settings s, LoadSettings(tx));
  if (r.state == "failed") {
    AFTERCARE_ASSIGN_OR_RETURN(auto admins, Admins(tx));
    Announcement n{NotificationKind::kBackupFailed,
                   "backup-failed:" + std::to_string(id[0].Int("id")),
                   std::nullopt,
                   std::nullopt,
                   std::nullopt,
                   {{"file", r.file},
                    {"error", r.error},
                    {"started_at", FormatRfc3339(r.started_at, ZoneOf(s))}}};
    AFTERCARE_RETURN_IF_ERROR(Announce(tx, n, admins, now).status());
  }
  if (!a.scheduled || !s.enabled) return {};
  return jobs::Enqueue(tx, ScheduledJob(s, now), now).status();
}

Status CheckBackups(store::Transaction& tx, const jobs::Job& job, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(Settings s, LoadSettings(tx));
  AFTERCARE_RETURN_IF_ERROR(EnsureScheduled(tx, s, now));
  if (s.enabled) {
    AFTERCARE_ASSIGN_OR_RETURN(Instant since, GapSince(tx, s));
    if (now - since > kMissedAfter) {
      AFTERCARE_ASSIGN_OR_RETURN(auto admins, Admins(tx));
      Announcement n{NotificationKind::kBackupMissed,
                     "backup-missed:" + std::to_string(since.unix),
                     std::nullopt,
                     std::nullopt,
                     std::nullopt,
                     {{"since", FormatRfc3339(since, ZoneOf(s))}, {"hours", (now - since) / 3600}}};
      AFTERCARE_RETURN_IF_ERROR(Announce(tx, n, admins, now).status());
    }
  }
  const Instant next = now + kCheckEvery;
  return jobs::Enqueue(tx,
                       jobs::NewJob{std::string(kCheckJob),
                                    "backups.check:" + std::to_string(next.unix) + ":" +
                                        std::to_string(job.id),
                                    json::object(), next, std::nullopt},
                       now)
      .status();
}

Result<Metrics> GetMetrics(store::Database& db) {
  return InTransaction(db, false, [](store::Transaction& tx) -> Result<Metrics> {
    Metrics m;
    AFTERCARE_ASSIGN_OR_RETURN(auto good, LastGood(tx));
    if (good) {
      m.last_success = good->finished_at;
      m.last_success_size = good->size;
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto failed, tx.Query("SELECT COUNT(*) AS n FROM backups WHERE state = 'failed'"));
    m.failed = failed[0].Int("n");
    return m;
  });
}

}  // namespace aftercare::service::backups
