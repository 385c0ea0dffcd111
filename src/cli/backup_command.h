// `aftercare backup --data DIR [--db URL] --to FILE`: one file holding the
// database, the attachments and the keys (SEC-2; service/backups/backup_file.h),
// verified before it is named FILE. `aftercare backup verify FILE`: the same
// checks on a file, nothing restored. `aftercare restore FILE --data DIR [--db
// URL]`: verifies FILE, then restores it into an empty data folder (and an empty
// PostgreSQL database with --db) and migrates it to this aftercare's schema.
// Exit 0 done; 2 a damaged, truncated or foreign file (one line on stderr naming
// the problem and the member), nothing changed; 1 anything else (a target that is
// not empty, I/O).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace aftercare::cli {

// Adds `backup` (with `verify`) and `restore` to `app`; returns a runner that
// executes the one parsed, or -1 when neither was.
std::function<int()> AddBackupCommands(CLI::App& app);

}  // namespace aftercare::cli
