// `aftercare sla replay FILE|-`: reads a scenario, evaluates it, prints the result
// JSON on stdout. Bad input: exit 2, one line `FILE:LINE: problem` on stderr,
// nothing on stdout (SCENARIOS.md "Bad input").
#pragma once

#include <string>

namespace aftercare::cli {

inline constexpr int kExitBadInput = 2;

int RunReplay(const std::string& path);

}  // namespace aftercare::cli
