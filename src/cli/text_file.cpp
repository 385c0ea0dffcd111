#include "cli/text_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace aftercare::cli {

bool ReadAll(const std::string& path, std::string& out, std::string& problem,
             std::size_t max_bytes) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    problem = std::string("cannot read the file: ") + std::strerror(errno);
    return false;
  }
  char buf[1 << 16];
  size_t n;
  bool too_long = false;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + n > max_bytes) {
      too_long = true;
      break;
    }
    out.append(buf, n);
  }
  bool failed = std::ferror(f) != 0;
  int err = errno;
  if (f != stdin) std::fclose(f);
  if (too_long) {
    problem = "the file is over " + std::to_string(max_bytes) + " bytes";
    return false;
  }
  if (failed) {
    problem = std::string("cannot read the file: ") + std::strerror(err);
    return false;
  }
  return true;
}

}  // namespace aftercare::cli
