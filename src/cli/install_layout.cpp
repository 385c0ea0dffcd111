#include "cli/install_layout.h"

#include <filesystem>

namespace aftercare::cli {

namespace fs = std::filesystem;

std::string DefaultWebRoot() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path dir = exe.parent_path();
  fs::path installed = (dir / ".." / "share" / "aftercare" / "web").lexically_normal();
  if (fs::is_regular_file(installed / "index.html", ec)) return installed.string();
  if (fs::is_regular_file(dir / "CMakeCache.txt", ec)) {
    return (dir / AFTERCARE_BUILD_TREE_WEB).lexically_normal().string();
  }
  return installed.string();
}

}  // namespace aftercare::cli
