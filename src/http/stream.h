// Server-sent events, as the server runs them and the routes ask for them. No
// Boost here: route files include it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace aftercare::http {

// A long-lived response: server-sent events (text/event-stream). When a handler
// sets one, the server writes the handler's response as the head (chunked, no
// body), then calls `next` every `poll` and sends what it returns (nothing when it
// returns ""), and a comment line every `heartbeat` so a vanished client is found,
// until the client goes, the server stops, or `next` returns nullopt (the session
// behind the stream ended). `next` runs on an I/O thread: it must not block.
struct Stream {
  std::function<std::optional<std::string>()> next;
  std::chrono::milliseconds poll{250};
  std::chrono::milliseconds heartbeat{15000};
};

}  // namespace aftercare::http
