// `aftercare serve`, `aftercare db migrate`, `aftercare user add`: the server's
// subcommands. --db is a SQLite file path (default DATA/aftercare.db) or a
// postgresql:// URL.
#pragma once

#include <CLI/CLI.hpp>

namespace aftercare::cli {

// Adds the subcommands to `app`; returns a runner that executes the one parsed.
std::function<int()> AddServerCommands(CLI::App& app);

}  // namespace aftercare::cli
