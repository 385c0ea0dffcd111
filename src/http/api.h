// The JSON API under /api/v1 (issue 4): thin handlers that read the request,
// call the service layer and render views. One error shape for every failure:
//   {"error": {"code", "message", "field", "request_id"}}
// with 400 (malformed body or query), 401, 403, 404, 409, 422 (a value breaks a
// rule), 503 (busy; retry). The OpenAPI document at /api/v1/openapi.json is
// generated from the same route table the router uses. Also /healthz, /metrics,
// the live ticket stream (server-sent events) and the web UI at `/`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/server.h"
#include "store/db.h"

namespace aftercare::http {

class Api {
 public:
  // `attachments_dir`: where attachment contents are stored (DATA/attachments);
  // `web_root`: the built web UI served at `/` (empty: none).
  Api(store::Database& db, std::string attachments_dir, const std::string& web_root);
  ~Api();
  // `stream` is set for the live event stream (GET /api/v1/stream).
  Response Handle(Request& req, const std::string& request_id, std::optional<Stream>& stream);
  // How many UI files are served (0: no UI).
  std::size_t WebFiles() const;
  // Counts a response for /metrics (the server calls it for every response).
  void Observe(unsigned status);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aftercare::http
