// The backup file (SEC-2; bid 7.8.7.5.3): one tar (core/tar.h) holding the
// database, the data folder's attachments and keys, a manifest and its seal:
//   database/aftercare.sqlite | database/aftercare.pgdump
//                           the database as of one instant (store::Database::BackupTo),
//                           taken first: attachments are written before the rows that
//                           name them, so every row of the copy finds its content
//   attachments/<xx>/<sha256>   every stored attachment (content-addressed)
//   keys/<name>.key         every *.key of the data folder (secret.key, evidence.key)
//   manifest.json           format, schema version, created_at, dialect, and each
//                           member's name, size and SHA-256; last but one, so a
//                           truncated file has none
//   manifest.sha256         the SHA-256 of every byte before it: any flipped byte
//                           anywhere, header or content, is caught
// The file is secret (mode 0600): written as FILE.partial, synced, verified, then
// renamed to FILE and its folder synced.
//
// Errors: kInvalidInput for a damaged, truncated or foreign file ("the backup file
// is damaged: ...", naming the member), kConflict for a target that is not empty,
// kIo for files that cannot be read or written; a refused restore changes nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/db.h"

namespace aftercare::service::backups {

inline constexpr int kFormatVersion = 1;

struct ManifestMember {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;
};

struct Manifest {
  int format = kFormatVersion;
  int schema_version = 0;
  Instant created_at;
  std::string dialect;  // store::DialectName
  std::vector<ManifestMember> members;
};

struct BackupFile {
  std::string path;
  std::uint64_t size = 0;
  std::string sha256;  // of the whole file
  Manifest manifest;
};

// Writes the backup of `db` and of `data_dir`'s attachments and keys to `path`
// (which must not exist), verifies it (VerifyBackup) and only then names it `path`.
Result<BackupFile> WriteBackup(store::Database& db, const std::string& data_dir,
                               const std::string& path, Instant now);

// Reads the whole file: every header, every member's size and SHA-256 against the
// manifest, the manifest against its seal, and the database copy opened and
// checked (SQLite quick_check, pg_restore --list) in a temporary file beside it.
Result<BackupFile> VerifyBackup(const std::string& path);

// Restores `verified` (what VerifyBackup returned: the caller checks the file
// before it opens or creates anything) into the empty database `db` (of the
// backup's dialect) and the data folder `data_dir` (no attachments and no key in
// it). The file is read again into a staging folder and must be the one verified.
// The caller migrates a backup of an older schema afterwards (store::Migrate).
Status RestoreBackup(store::Database& db, const std::string& data_dir, const BackupFile& verified);

}  // namespace aftercare::service::backups
