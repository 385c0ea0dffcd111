// The API's composition: the route table of every area (routes/areas.h), the
// shared services the areas use (ApiEnv), the web UI's files, and the bridge
// between Boost.Beast and the router's plain types.
#include "http/api.h"

#include <chrono>

#include "http/api_env.h"
#include "http/change_feed.h"
#include "http/login_throttle.h"
#include "http/messages.h"
#include "http/router.h"
#include "http/routes/areas.h"
#include "http/session_cache.h"
#include "http/static_files.h"

namespace aftercare::http {
namespace {

namespace bhttp = boost::beast::http;

Method MethodOf(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    default:
      return Method::kOther;
  }
}

class BeastRequest : public ApiRequest {
 public:
  explicit BeastRequest(const Request& req) : req_(req) {}
  Method method() const override { return MethodOf(req_.method()); }
  std::string_view method_text() const override { return req_.method_string(); }
  std::string_view target() const override { return req_.target(); }
  std::string_view body() const override { return req_.body(); }
  std::string_view header(std::string_view name) const override { return req_[name]; }

 private:
  const Request& req_;
};

Response ToResponse(Reply reply, unsigned version, const std::string& request_id) {
  Response res{static_cast<bhttp::status>(reply.status), version};
  res.set(bhttp::field::content_type, reply.content_type);
  res.set("X-Request-Id", request_id);
  res.set("X-Content-Type-Options", "nosniff");
  res.set(bhttp::field::cache_control, "no-store");
  for (auto& [name, value] : reply.headers) {
    // Set-Cookie and Vary may repeat; others replace the defaults above.
    if (name == "Set-Cookie") {
      res.insert(name, value);
    } else {
      res.set(name, value);
    }
  }
  res.body() = std::move(reply.body);
  res.prepare_payload();
  return res;
}

}  // namespace

struct Api::Impl {
  store::Database& db;
  StaticFiles web;
  ChangeFeed feed;
  SessionCache sessions;
  LoginThrottle login_throttle;
  ApiMetrics metrics;
  std::shared_ptr<const service::SecretBox> secrets;
  std::shared_ptr<const service::EvidenceKey> evidence;
  ApiEnv env;
  Router router;

  Impl(store::Database& d, ApiOptions options)
      : db(d),
        web(options.web_root),
        feed(d),
        sessions(d),
        secrets(options.secrets
                    ? options.secrets
                    : std::make_shared<const service::SecretBox>(service::SecretBox::Random())),
        evidence(options.evidence ? options.evidence
                                  : std::make_shared<const service::EvidenceKey>(
                                        service::EvidenceKey::Random())),
        env{d,
            std::move(options.attachments_dir),
            feed,
            sessions,
            login_throttle,
            metrics,
            std::move(options.metrics_token),
            options.behind_proxy,
            *secrets,
            *evidence,
            std::move(options.data_dir)},
        router(RouterHooks{[this](const std::string& token, Instant now) {
                             return sessions.Authenticate(token, now);
                           },
                           options.behind_proxy}) {
#define AFTERCARE_REGISTER_AREA(Area) Register##Area##Routes(router, env);
    AFTERCARE_API_AREAS(AFTERCARE_REGISTER_AREA)
#undef AFTERCARE_REGISTER_AREA
  }

  // The client's address for throttling: the socket's peer, or behind a proxy on
  // this machine the last address the proxy appended to X-Forwarded-For.
  std::string ClientAddress(const Request& req, const Exchange& x) const {
    if (env.behind_proxy && x.peer_loopback) {
      std::string_view xff = req["X-Forwarded-For"];
      std::size_t comma = xff.rfind(',');
      std::string_view last = xff.substr(comma == std::string_view::npos ? 0 : comma + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      if (!last.empty() && last.size() <= 64) return std::string(last);
    }
    return x.peer;
  }

  Response Dispatch(Request& req, Exchange& x) {
    BeastRequest request(req);
    Call call(request, x.request_id, std::string(req[bhttp::field::accept_language]));
    call.ctx.request_id = x.request_id;
    call.ctx.now = Now();
    call.client = ClientAddress(req, x);
    call.peer_loopback = x.peer_loopback;
    Reply reply = router.Dispatch(call);
    if (call.stream) x.stream = std::move(call.stream);
    if (call.slow) {
      // The slow work answers for the request; it outlives this call, so it keeps
      // copies of what it needs (the request itself stays alive meanwhile).
      x.slow = [slow = std::move(call.slow), version = req.version(),
                request_id = x.request_id](Exchange& ex) {
        Reply r = slow(ex.delay);
        ex.file = std::move(r.file);
        return ToResponse(std::move(r), version, request_id);
      };
    }
    x.delay = call.delay;
    x.file = std::move(reply.file);
    return ToResponse(std::move(reply), req.version(), x.request_id);
  }
};

Api::Api(store::Database& db, ApiOptions options)
    : impl_(std::make_unique<Impl>(db, std::move(options))) {}
Api::~Api() = default;

std::size_t Api::WebFiles() const { return impl_->web.size(); }

Response Api::Handle(Request& req, Exchange& x) {
  auto start = std::chrono::steady_clock::now();
  std::string_view target = req.target();
  if (target.rfind("/api/", 0) != 0 && target.rfind("/healthz", 0) != 0 &&
      target.rfind("/metrics", 0) != 0) {
    if (auto res = impl_->web.Serve(req)) return std::move(*res);
  }
  Response res = impl_->Dispatch(req, x);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
  impl_->metrics.micros += static_cast<std::uint64_t>(micros);
  return res;
}

void Api::Observe(unsigned status) {
  unsigned cls = status / 100;
  if (cls >= 1 && cls <= 5) ++impl_->metrics.requests[cls];
}

}  // namespace aftercare::http
