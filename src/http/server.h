// The HTTP/1.1 server (Boost.Beast): keep-alive, a body size limit, timeouts, and
// a pool of threads each running requests to completion. It knows nothing of the
// API: every request goes to one Handler. A handler that throws is a bug: the
// server answers 500 with the request id and logs the detail.
#pragma once

#include <boost/beast/http.hpp>
#include <functional>
#include <string>

#include "core/result.h"

namespace aftercare::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Handler = std::function<Response(Request&, const std::string& request_id)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port
  int threads = 4;
  std::size_t body_limit = 25 * 1024 * 1024;
  // Sees the status of every response written, the server's own 400/413 included.
  std::function<void(unsigned status)> on_response;
};

// Listens and serves until SIGINT or SIGTERM. On a signal it stops accepting,
// lets the requests in flight finish and answer (closing their connections), then
// returns. `on_listening(port)` runs once the socket accepts connections.
Status Serve(const ServerOptions& options, Handler handler,
             std::function<void(unsigned short)> on_listening);

}  // namespace aftercare::http
