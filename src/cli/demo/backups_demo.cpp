// The server's backups (SEC-2): the schedule (daily 02:30, seven days kept, in
// DATA/backups), a week of backups behind it, one of them failed (the full disk of
// five days ago) and one the administrator asked for, and the newest a real file
// written now, so that the administrator's page shows real content and
// `aftercare restore` of it works. Without a data folder (the HTTP fuzzer) the
// real file is left out.
#include "cli/demo/demo.h"
#include "core/sha256.h"
#include "service/backups/backups.h"
#include "service/tx.h"

namespace aftercare::cli::demo {
namespace {

namespace backups = service::backups;

// A backup of the past, as the schedule (or `by`) wrote it at 02:30 that day.
backups::Attempt PastBackup(const Demo& demo, const std::string& folder, int days_ago,
                            std::int64_t size) {
  const TimeZone& tz = DefaultZone();
  const LocalDate day = tz.LocalDateOf(demo.now) + (-days_ago);
  backups::Attempt a;
  backups::BackupRecord& r = a.record;
  r.started_at = tz.ToInstant(day, backups::kDefaultSecond);
  r.finished_at = r.started_at + 41 + days_ago;
  r.file = folder + "/" + backups::BackupFileName(r.started_at, tz);
  r.state = "ok";
  r.size = size;
  // A stand-in digest: these files were never written here.
  r.sha256 = Sha256Hex(r.file);
  return a;
}

}  // namespace

Status LoadBackupsDemo(Demo& demo) {
  backups::SettingsChange change;
  change.enabled = true;
  change.time = "02:30";
  change.tz = DefaultZone().name();
  change.keep_days = backups::kDefaultKeepDays;
  auto settings = backups::ChangeSettings(demo.db, demo.sys, demo.data_dir, change);
  if (!settings.ok()) return settings.error();
  const std::string folder = settings->folder;
  std::vector<backups::Attempt> past;
  for (int days_ago = 7; days_ago >= 1; --days_ago) {
    past.push_back(PastBackup(demo, folder, days_ago, 900'000 - days_ago * 6'500));
  }
  backups::BackupRecord& failed = past[2].record;  // five days ago
  failed.state = "failed";
  failed.size = 0;
  failed.sha256.clear();
  failed.error = "cannot write \"" + failed.file + ".partial\": No space left on device";
  backups::BackupRecord& asked = past[4].record;  // three days ago, after a change
  asked.started_at = asked.started_at + 8 * 3600;
  asked.finished_at = asked.started_at + 44;
  asked.file = folder + "/" + backups::BackupFileName(asked.started_at, DefaultZone());
  asked.requested_by = demo.user_ids.at("admin");
  asked.requested_by_name = demo.staff_names.at("admin");
  Status s = service::InTransaction(demo.db, true, [&](store::Transaction& tx) -> Status {
    for (const auto& a : past) AFTERCARE_RETURN_IF_ERROR(backups::RecordBackup(tx, a, demo.now));
    return {};
  });
  if (!s.ok() || demo.data_dir.empty()) return s;
  // The newest: a real backup, as the schedule writes it.
  service::jobs::Job job;
  job.kind = std::string(backups::kRunJob);
  job.payload = {{"scheduled", false}};
  const backups::Attempt now = backups::RunBackup(demo.db, demo.data_dir, job);
  if (now.record.state != "ok") return Error::Io("cannot write the demo backup", now.record.error);
  return service::InTransaction(
      demo.db, true, [&](store::Transaction& tx) { return backups::RecordBackup(tx, now, Now()); });
}

}  // namespace aftercare::cli::demo
