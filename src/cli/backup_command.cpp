#include "cli/backup_command.h"

#include <iostream>

#include "cli/db_options.h"
#include "cli/replay_command.h"
#include "service/backups/backup_file.h"
#include "store/migrations.h"

namespace aftercare::cli {
namespace {

int FailBackup(const Error& e) {
  Fail(e);
  return e.code == ErrorCode::kInvalidInput ? kExitBadInput : 1;
}

std::size_t Attachments(const service::backups::Manifest& m) {
  std::size_t n = 0;
  for (const auto& x : m.members) n += x.name.starts_with("attachments/") ? 1 : 0;
  return n;
}

void Describe(const char* what, const service::backups::BackupFile& f) {
  std::cout << "aftercare: " << what << " " << f.path << " (" << f.size << " bytes, sha256 "
            << f.sha256 << "; " << f.manifest.dialect << " schema version "
            << f.manifest.schema_version << ", " << Attachments(f.manifest) << " attachment(s))\n";
}

int RunRestore(const DbOptions& o, const std::string& file) {
  // The file first: a damaged one is refused before anything is opened or made.
  auto checked = service::backups::VerifyBackup(file);
  if (!checked.ok()) return FailBackup(checked.error());
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) return Fail(Error::Io("cannot create the data folder " + o.data_dir, ec.message()));
  auto database = Open(o);
  if (!database.ok()) return Fail(database.error());
  Status s = service::backups::RestoreBackup(**database, o.data_dir, *checked);
  if (!s.ok()) return FailBackup(s.error());
  auto n = store::Migrate(**database);
  if (!n.ok()) return Fail(n.error());
  Describe("restored", *checked);
  std::cout << "aftercare: into " << o.Url() << " and " << o.data_dir << "; applied " << *n
            << " migration(s), schema version " << store::LatestSchemaVersion() << "\n";
  return 0;
}

}  // namespace

std::function<int()> AddBackupCommands(CLI::App& app) {
  auto opts = std::make_shared<DbOptions>();
  auto file = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand(
      "backup", "Write one file holding the database, the attachments and the keys");
  AddDbOptions(backup, *opts);
  backup->add_option("--to", *file, "the backup file to write (must not exist)");
  CLI::App* verify =
      backup->add_subcommand("verify", "Check a backup file (every checksum), restore nothing");
  verify->add_option("FILE", *file, "the backup file")->required();
  CLI::App* restore = app.add_subcommand(
      "restore", "Restore a backup file into an empty data folder (and empty database)");
  AddDbOptions(restore, *opts);
  restore->add_option("FILE", *file, "the backup file")->required();

  return [=]() -> int {
    if (verify->parsed()) {
      auto f = service::backups::VerifyBackup(*file);
      if (!f.ok()) return FailBackup(f.error());
      Describe("verified", *f);
      return 0;
    }
    if (backup->parsed()) {
      if (file->empty()) return FailBackup(Error::Invalid("--to FILE is required"));
      auto database = Open(*opts);
      if (!database.ok()) return Fail(database.error());
      if (Status s = store::CheckSchema(**database); !s.ok()) return Fail(s.error());
      auto f = service::backups::WriteBackup(**database, opts->data_dir, *file, Now());
      if (!f.ok()) return FailBackup(f.error());
      Describe("backed up to", *f);
      return 0;
    }
    if (restore->parsed()) return RunRestore(*opts, *file);
    return -1;
  };
}

}  // namespace aftercare::cli
