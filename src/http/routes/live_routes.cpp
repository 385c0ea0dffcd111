// The live ticket stream: server-sent events with the ids of changed tickets, so
// open queues refetch within seconds (issue 5), and a sign that the user has new
// notifications (the bell, issue 12). Party A sees only their own.
#include "http/change_feed.h"
#include "http/routes/areas.h"
#include "http/session_cache.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

// The session behind a stream is checked again this often: a logout, a disabled
// account or changed rights end the stream (issue 10).
constexpr auto kStreamRecheck = std::chrono::seconds(2);

Reply OpenStream(Call& c, ApiEnv& env) {
  std::optional<std::int64_t> customer;
  if (!c.ctx.actor->vendor()) customer = c.ctx.actor->customer_id;
  std::uint64_t cursor = env.feed.Head();
  bool first = true;
  auto checked = std::chrono::steady_clock::now();
  std::uint64_t notified = env.feed.NotificationVersion(c.ctx.actor->user_id);
  c.stream = Stream{[&env, cursor, customer, first, checked, notified, token = c.token,
                     actor = *c.ctx.actor]() mutable -> std::optional<std::string> {
    auto now = std::chrono::steady_clock::now();
    if (now - checked >= kStreamRecheck) {
      checked = now;
      auto still = env.sessions.Authenticate(token, Now());
      if (!still.ok() || still->role != actor.role || still->customer_id != actor.customer_id) {
        return std::nullopt;
      }
    }
    // The first message tells the browser to reconnect quickly after a drop.
    std::string out = first ? "retry: 2000\n: connected\n\n" : "";
    first = false;
    ChangeFeed::Batch b = env.feed.Since(cursor, customer);
    if (!b.ids.empty() || b.reset) {
      out += "event: tickets\ndata: " + nlohmann::json{{"ids", b.ids}, {"reset", b.reset}}.dump() +
             "\n\n";
    }
    if (std::uint64_t v = env.feed.NotificationVersion(actor.user_id); v != notified) {
      notified = v;
      out += "event: notifications\ndata: {}\n\n";
    }
    return out;
  }};
  Reply r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.headers.emplace_back("X-Accel-Buffering", "no");
  return r;
}

}  // namespace

void RegisterLiveRoutes(Router& router, ApiEnv& env) {
  router.Add({.method = Method::kGet,
              .path = "/api/v1/stream",
              .summary = "live changes as server-sent events: `event: tickets` with data "
                         "{\"ids\": [...], \"reset\": bool} (reset: refetch everything); Party A "
                         "sees only their own tickets; `event: notifications` when the user got "
                         "new notifications (refetch the unread count)",
              .roles = service::roles::kEveryone,
              .response_type = "text/event-stream",
              .handler = [&env](Call& c) { return OpenStream(c, env); }});
}

}  // namespace aftercare::http
