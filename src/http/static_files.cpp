#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace aftercare::http {
namespace {

namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ContentType(const std::string& ext) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  if (root.empty() || !fs::is_regular_file(fs::path(root) / "index.html", ec)) return;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    fs::path rel = fs::relative(it->path(), root);
    std::string url = "/" + rel.generic_string();
    if (rel.extension() == ".gz") continue;
    File f{ReadAll(it->path()), {}, ContentType(rel.extension().string())};
    fs::path gz = it->path();
    gz += ".gz";
    if (fs::is_regular_file(gz, ec)) f.gzip = ReadAll(gz);
    files_.emplace(std::move(url), std::move(f));
  }
}

std::optional<Response> StaticFiles::Serve(const Request& req) const {
  if (files_.empty()) return std::nullopt;
  if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) return std::nullopt;
  std::string_view target = req.target();
  std::string path(target.substr(0, target.find_first_of("?#")));
  auto it = files_.find(path);
  bool hashed = path.rfind("/assets/", 0) == 0;
  if (it == files_.end()) {
    // An unknown asset is a real 404 (a stale page asking for an old bundle); any
    // other path is one of the UI's routes.
    if (hashed) return std::nullopt;
    it = files_.find("/index.html");
  }
  const File& f = it->second;
  Response res{bhttp::status::ok, req.version()};
  res.set(bhttp::field::content_type, f.content_type);
  res.set(bhttp::field::cache_control, hashed ? "public, max-age=31536000, immutable" : "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  if (f.content_type.rfind("text/html", 0) == 0) {
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "same-origin");
    res.set("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'");
  }
  res.set(bhttp::field::vary, "Accept-Encoding");
  bool gzip =
      !f.gzip.empty() &&
      std::string_view(req[bhttp::field::accept_encoding]).find("gzip") != std::string::npos;
  if (gzip) res.set(bhttp::field::content_encoding, "gzip");
  res.body() = gzip ? f.gzip : f.body;
  res.prepare_payload();
  if (req.method() == bhttp::verb::head) res.body().clear();
  return res;
}

}  // namespace aftercare::http
