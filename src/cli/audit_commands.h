// `aftercare audit verify`: walks the audit chain and names the first entry that
// was altered, deleted or reordered, and checks every signed head (issue 13,
// CON-4). `aftercare evidence verify BUNDLE`: checks an evidence bundle offline,
// with no server and no database. Exit 0: intact; 3: tampered (the problem on
// stderr); 1: the check could not run; 2: bad input.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace aftercare::cli {

inline constexpr int kExitTampered = 3;

// Adds the subcommands to `app`; returns a runner for the one parsed (-1: none).
std::function<int()> AddAuditCommands(CLI::App& app);

}  // namespace aftercare::cli
