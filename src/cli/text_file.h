// Reading a whole file (or standard input, `-`) for the CLI's commands: the
// scenario of `sla replay`, the server's configuration file.
#pragma once

#include <cstddef>
#include <limits>
#include <string>

namespace aftercare::cli {

// Reads `path` (`-`: standard input) into `out`. False with `problem` set ("cannot
// read the file: No such file or directory", "the file is over N bytes") when it
// cannot be read whole or is longer than `max_bytes`.
bool ReadAll(const std::string& path, std::string& out, std::string& problem,
             std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

}  // namespace aftercare::cli
