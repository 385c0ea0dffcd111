// The built web UI (web/dist, issue 5) served at `/`, same origin as the API. The
// files are read once at start. A path that names a file gets it (a precompressed
// `.gz` sibling when the client accepts gzip); any other path outside /api gets
// index.html, so the UI's own routes survive a reload. Hashed assets are cached
// for a year, everything else revalidated.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "http/server.h"

namespace aftercare::http {

class StaticFiles {
 public:
  // An empty or missing `root` serves nothing (Serve answers nullopt).
  explicit StaticFiles(const std::string& root);
  bool empty() const { return files_.empty(); }
  std::size_t size() const { return files_.size(); }
  // nullopt when the request is not for the UI (not GET/HEAD, or no UI built).
  std::optional<Response> Serve(const Request& req) const;

 private:
  struct File {
    std::string body, gzip, content_type;
  };
  std::map<std::string, File> files_;  // by URL path: "/index.html", "/assets/x.js"
};

}  // namespace aftercare::http
