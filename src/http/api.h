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
#include "service/audit/evidence_key.h"
#include "service/channels/secret_box.h"
#include "store/db.h"

namespace aftercare::http {

struct ApiOptions {
  std::string attachments_dir;  // where attachment contents are stored (DATA/attachments)
  std::string data_dir;         // DATA (the default backup folder is DATA/backups)
  std::string web_root;         // the built web UI served at `/` (empty: none)
  // /metrics answers loopback clients, and others that present this bearer token
  // (empty: loopback only).
  std::string metrics_token;
  // Trust X-Forwarded-Proto and X-Forwarded-For from a reverse proxy on loopback.
  bool behind_proxy = false;
  // Seals the channels' secrets (null: a random key of this process, for tests).
  std::shared_ptr<const service::SecretBox> secrets;
  // Signs the audit chain's heads and the evidence bundles (null: a random key of
  // this process, for tests).
  std::shared_ptr<const service::EvidenceKey> evidence;
};

class Api {
 public:
  Api(store::Database& db, ApiOptions options);
  ~Api();
  Response Handle(Request& req, Exchange& x);
  // How many UI files are served (0: no UI).
  std::size_t WebFiles() const;
  // Counts a response for /metrics (the server calls it for every response).
  void Observe(unsigned status);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aftercare::http
