// The HTTP/1.1 server (Boost.Beast): keep-alive, a body size limit, timeouts, and
// a pool of threads each running requests to completion, and event streams. It
// knows nothing of the API: every request goes to one Handler. A handler that throws is a bug: the
// server answers 500 with the request id and logs the detail.
#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "http/stream.h"

namespace aftercare::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// What a handler learns of the connection beside the request, and what it may ask
// of the server beyond a plain response.
struct Exchange {
  std::string request_id;
  std::string peer;            // the client's IP address as the socket sees it
  bool peer_loopback = false;  // the client is on this machine (127.0.0.0/8, ::1)
  // Set for the live event stream (GET /api/v1/stream): see Stream.
  std::optional<Stream> stream;
  // Slow work (password hashing): the server runs it on its own small pool, never on
  // an HTTP thread, with this exchange (kept alive meanwhile), and sends what it
  // returns instead of the handler's response. At most kMaxSlowQueued wait; beyond
  // that the server answers 503 at once.
  std::function<Response(Exchange&)> slow;
  // The response (the handler's or slow's) is sent after this delay, without
  // holding any thread (a failed login's penalty); slow work may set it too.
  std::chrono::milliseconds delay{0};
  // A file to send as the body of a successful response (its head is the
  // response's, its Content-Length the file's), read from disk as it goes out so a
  // large export is never held in memory; removed once opened (also when the
  // response is not a success, or it cannot be opened: then a 500).
  std::string file;
};

inline constexpr int kMaxSlowQueued = 64;

using Handler = std::function<Response(Request&, Exchange&)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port
  int threads = 4;
  int slow_threads = 1;  // the pool for Exchange::slow work
  std::size_t body_limit = 25 * 1024 * 1024;
  // Sees the status of every response written, the server's own 400/413 included.
  std::function<void(unsigned status)> on_response;
};

// Listens and serves until SIGINT or SIGTERM. On a signal it stops accepting,
// lets the requests in flight finish and answer (closing their connections), ends
// the event streams, then returns. `on_listening(port)` runs once the socket accepts connections.
Status Serve(const ServerOptions& options, Handler handler,
             std::function<void(unsigned short)> on_listening);

}  // namespace aftercare::http
