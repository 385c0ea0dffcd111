// Where `aftercare serve` finds the web UI it ships with when --web (or its
// setting, server_settings.h) names none (issue 13): from the binary's own place
// (/proc/self/exe), never from a path compiled in, so an installed binary does
// not point into the folder it was built in.
//   installed (cmake --install): PREFIX/bin/aftercare -> PREFIX/share/aftercare/web
//   the build tree (CMakeCache.txt beside the binary): the source tree's web/dist,
//     by the path relative to the build folder that CMake computed
//     (AFTERCARE_BUILD_TREE_WEB)
// The other data the binary ships with (the holiday calendar, the bid's default
// policy, the migrations) is compiled in; zones come from the system's tzdata
// (/usr/share/zoneinfo).
#pragma once

#include <string>

namespace aftercare::cli {

// The web UI's folder: the installed one when it has an index.html, else the
// build tree's, else the installed place (serve then says there is no UI there).
std::string DefaultWebRoot();

}  // namespace aftercare::cli
