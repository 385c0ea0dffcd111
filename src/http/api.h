// The JSON API under /api/v1 (issue 4): thin handlers that read the request,
// call the service layer and render views. One error shape for every failure:
//   {"error": {"code", "message", "field", "request_id"}}
// with 400 (malformed body or query), 401, 403, 404, 409, 422 (a value breaks a
// rule), 503 (busy; retry). The OpenAPI document at /api/v1/openapi.json is
// generated from the same route table the router uses. Also /healthz, /metrics.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/server.h"
#include "store/db.h"

namespace aftercare::http {

class Api {
 public:
  // `attachments_dir`: where attachment contents are stored (DATA/attachments).
  Api(store::Database& db, std::string attachments_dir);
  ~Api();
  Response Handle(Request& req, const std::string& request_id);
  // Counts a response for /metrics (the server calls it for every response).
  void Observe(unsigned status);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aftercare::http
