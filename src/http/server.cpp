#include "http/server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "http/messages.h"

namespace aftercare::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string NewRequestId() {
  static std::atomic<std::uint64_t> counter{0};
  static const std::uint64_t start =
      static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%llu", static_cast<unsigned long long>(start & 0xffffffff),
                static_cast<unsigned long long>(++counter));
  return buf;
}

// The API's error shape for what the server answers itself; `message` is one of
// its own (no characters to escape), in the client's language when the request's
// head was read far enough to say (`accept_language`).
Response PlainError(unsigned version, bhttp::status status, const std::string& code,
                    const std::string& message, const std::string& request_id,
                    std::string_view accept_language) {
  LocalizedMessage m = LocalizeMessage(accept_language, message);
  Response res{status, version};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.set(bhttp::field::content_language, m.language);
  res.set(bhttp::field::vary, "Accept-Language");
  res.set("X-Request-Id", request_id);
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = R"({"error":{"code":")" + code + R"(","message":")" + m.text +
               R"(","field":null,"request_id":")" + request_id + R"("}})";
  res.prepare_payload();
  return res;
}

// What every session shares: the handler, the limits, and the stop protocol.
struct Shared {
  Handler handler;
  ServerOptions options;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};  // requests read and not yet fully answered
  std::unique_ptr<asio::thread_pool> slow_pool;
  std::atomic<int> slow_queued{0};  // Exchange::slow work waiting or running
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    if (shared_.stopping) return Close();
    parser_.emplace();
    parser_->body_limit(shared_.options.body_limit);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(60));
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout) return Close();
    std::string request_id = NewRequestId();
    ++shared_.in_flight;
    if (ec) {
      // The fields of the head read so far (all of them when only the body is at fault).
      std::string_view accept_language = parser_->get()[bhttp::field::accept_language];
      if (ec == bhttp::error::body_limit) {
        return Write(
            PlainError(11, bhttp::status::payload_too_large, "too_large",
                       "the request body is larger than the limit", request_id, accept_language),
            false);
      }
      // Parse errors of the request itself get a 400; connection errors just close.
      if (ec.category() == beast::error_code(bhttp::error::bad_target).category()) {
        return Write(PlainError(11, bhttp::status::bad_request, "bad_request",
                                "malformed HTTP request", request_id, accept_language),
                     false);
      }
      --shared_.in_flight;
      return Close();
    }
    auto req = std::make_shared<Request>(parser_->release());
    Exchange x;
    x.request_id = std::move(request_id);
    beast::error_code peer_ec;
    auto endpoint = stream_.socket().remote_endpoint(peer_ec);
    if (!peer_ec) {
      x.peer = endpoint.address().to_string();
      x.peer_loopback = endpoint.address().is_loopback() ||
                        (endpoint.address().is_v6() && endpoint.address().to_v6().is_v4_mapped() &&
                         asio::ip::make_address_v4(asio::ip::v4_mapped, endpoint.address().to_v6())
                             .is_loopback());
    }
    Response res = Call(*req, x);
    if (x.stream && res.result() == bhttp::status::ok)
      return StartStream(res, std::move(*x.stream));
    if (x.slow) return RunSlow(req, std::move(x));
    Finish(*req, std::move(res), x.delay, std::move(x.file));
  }

  Response Call(Request& req, Exchange& x) {
    try {
      return shared_.handler(req, x);
    } catch (const std::exception& e) {
      return Failed(req, x.request_id, e);
    }
  }

  Response Failed(const Request& req, const std::string& request_id, const std::exception& e) {
    std::fprintf(stderr, "aftercare: request %s failed: %s\n", request_id.c_str(), e.what());
    return PlainError(req.version(), bhttp::status::internal_server_error, "internal",
                      "internal error; quote the request id", request_id,
                      req[bhttp::field::accept_language]);
  }

  // Slow work goes to the slow pool; its response comes back to this connection's
  // strand. When too much is waiting, the client is told to come back later.
  void RunSlow(std::shared_ptr<Request> req, Exchange x) {
    if (++shared_.slow_queued > kMaxSlowQueued) {
      --shared_.slow_queued;
      Response busy = PlainError(req->version(), bhttp::status::service_unavailable, "busy",
                                 "the server is busy; retry in a moment", x.request_id,
                                 (*req)[bhttp::field::accept_language]);
      busy.set(bhttp::field::retry_after, "1");
      return Finish(*req, std::move(busy), std::chrono::milliseconds(0));
    }
    auto xp = std::make_shared<Exchange>(std::move(x));
    asio::post(*shared_.slow_pool, [self = shared_from_this(), req, xp]() {
      Response res;
      try {
        res = xp->slow(*xp);
      } catch (const std::exception& e) {
        res = self->Failed(*req, xp->request_id, e);
      }
      --self->shared_.slow_queued;
      asio::post(self->stream_.get_executor(), [self, req, xp, res = std::move(res)]() mutable {
        self->Finish(*req, std::move(res), xp->delay, std::move(xp->file));
      });
    });
  }

  // Sends the response (with `file` as its body when one is named), after `delay`
  // on a timer (no thread waits for it).
  void Finish(const Request& req, Response res, std::chrono::milliseconds delay,
              std::string file = {}) {
    bool keep_alive = req.keep_alive() && !shared_.stopping;
    res.keep_alive(keep_alive);
    if (delay.count() <= 0) return Send(std::move(res), keep_alive, std::move(file));
    timer_.emplace(stream_.get_executor());
    timer_->expires_after(delay);
    auto sp = std::make_shared<Response>(std::move(res));
    timer_->async_wait([self = shared_from_this(), sp, keep_alive, file = std::move(file)](
                           beast::error_code) { self->Send(std::move(*sp), keep_alive, file); });
  }

  void Send(Response res, bool keep_alive, const std::string& file) {
    if (file.empty()) return Write(std::move(res), keep_alive);
    WriteFile(std::move(res), file, keep_alive);
  }

  // The response's head with the file as its body, read from disk as it is sent.
  // The file is removed at once (the open descriptor keeps it readable).
  void WriteFile(Response head, const std::string& path, bool keep_alive) {
    auto res = std::make_shared<bhttp::response<bhttp::file_body>>(head.result(), head.version());
    beast::error_code ec;
    if (head.result() == bhttp::status::ok)
      res->body().open(path.c_str(), beast::file_mode::scan, ec);
    std::remove(path.c_str());
    if (head.result() != bhttp::status::ok) return Write(std::move(head), keep_alive);
    if (ec) {
      std::fprintf(stderr, "aftercare: request %s: cannot send %s: %s\n",
                   std::string(head["X-Request-Id"]).c_str(), path.c_str(), ec.message().c_str());
      return Write(
          PlainError(head.version(), bhttp::status::internal_server_error, "internal",
                     "internal error; quote the request id", std::string(head["X-Request-Id"]), ""),
          keep_alive);
    }
    for (const auto& field : head) res->set(field.name_string(), field.value());
    res->keep_alive(keep_alive);
    res->prepare_payload();
    if (shared_.options.on_response) shared_.options.on_response(res->result_int());
    // A large file over a slow link: longer than a request's 60 s, not for ever.
    stream_.expires_after(std::chrono::minutes(30));
    WriteMessage(std::move(res), keep_alive);
  }

  // The head goes out as a chunked response; from then on the stream is not a
  // request in flight (a stop does not wait for it: the next tick ends it).
  void StartStream(const Response& head, Stream stream) {
    if (shared_.options.on_response) shared_.options.on_response(head.result_int());
    stream_state_ = std::move(stream);
    auto res = std::make_shared<bhttp::response<bhttp::empty_body>>(head.result(), head.version());
    for (const auto& field : head) res->set(field.name_string(), field.value());
    res->chunked(true);
    res->keep_alive(false);
    auto serializer = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*res);
    stream_.expires_after(std::chrono::seconds(10));
    bhttp::async_write_header(
        stream_, *serializer,
        [self = shared_from_this(), res, serializer](beast::error_code ec, std::size_t) {
          --self->shared_.in_flight;
          if (ec) return self->Close();
          self->timer_.emplace(self->stream_.get_executor());
          self->last_sent_ = std::chrono::steady_clock::now();
          self->Tick();
        });
  }

  void Tick() {
    timer_->expires_after(stream_state_->poll);
    timer_->async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->Close();
      if (self->shared_.stopping) return self->EndStream();
      std::optional<std::string> next = self->stream_state_->next();
      if (!next) return self->EndStream();
      std::string data = std::move(*next);
      auto now = std::chrono::steady_clock::now();
      if (data.empty() && now - self->last_sent_ >= self->stream_state_->heartbeat) {
        data = ": keep-alive\n\n";
      }
      if (data.empty()) return self->Tick();
      self->last_sent_ = now;
      auto chunk = std::make_shared<std::string>(std::move(data));
      self->stream_.expires_after(std::chrono::seconds(10));
      asio::async_write(self->stream_, bhttp::make_chunk(asio::buffer(*chunk)),
                        [self, chunk](beast::error_code ec, std::size_t) {
                          if (ec) return self->Close();
                          self->Tick();
                        });
    });
  }

  void EndStream() {
    stream_.expires_after(std::chrono::seconds(2));
    asio::async_write(
        stream_, bhttp::make_chunk_last(),
        [self = shared_from_this()](beast::error_code, std::size_t) { self->Close(); });
  }

  // Every response but a file goes through here, counted once (a file: WriteFile).
  void Write(Response res, bool keep_alive) {
    if (shared_.options.on_response) shared_.options.on_response(res.result_int());
    WriteMessage(std::make_shared<Response>(std::move(res)), keep_alive);
  }

  // Writes a response of any body (a string, a file) and ends the request in flight.
  template <typename Message>
  void WriteMessage(std::shared_ptr<Message> sp, bool keep_alive) {
    bhttp::async_write(
        stream_, *sp,
        [self = shared_from_this(), sp, keep_alive](beast::error_code ec, std::size_t) {
          --self->shared_.in_flight;
          if (ec || !keep_alive) return self->Close();
          self->Read();
        });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Shared& shared_;
  std::optional<Stream> stream_state_;
  std::optional<asio::steady_timer> timer_;
  std::chrono::steady_clock::time_point last_sent_;
};

// The acceptor lives on its own strand: accepting and closing (on a signal, from
// any thread) never run at the same time.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, tcp::acceptor acceptor, Shared& shared)
      : ioc_(ioc), acceptor_(std::move(acceptor)), shared_(shared) {}

  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                             if (ec == asio::error::operation_aborted || !self->acceptor_.is_open())
                               return;
                             if (!ec)
                               std::make_shared<Session>(std::move(socket), self->shared_)->Start();
                             self->Accept();
                           });
  }
  void Stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  Shared& shared_;
};

// After a stop signal: waits until no request is in flight, then stops the loop.
void StopWhenIdle(std::shared_ptr<asio::steady_timer> timer, Shared& shared,
                  asio::io_context& ioc) {
  if (shared.in_flight == 0) return ioc.stop();
  timer->expires_after(std::chrono::milliseconds(10));
  timer->async_wait(
      [timer, &shared, &ioc](beast::error_code) { StopWhenIdle(timer, shared, ioc); });
}

}  // namespace

Status Serve(const ServerOptions& options, Handler handler,
             std::function<void(unsigned short)> on_listening) {
  asio::io_context ioc{options.threads};
  beast::error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) return Error::Invalid("bad listen address " + options.address);
  tcp::acceptor acceptor(asio::make_strand(ioc));
  tcp::endpoint endpoint{address, options.port};
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::Io("cannot listen on " + options.address + ":" + std::to_string(options.port) +
                     ": " + ec.message());
  }
  unsigned short port = acceptor.local_endpoint().port();
  Shared shared{std::move(handler), options, {}, {}, {}, {}};
  shared.slow_pool = std::make_unique<asio::thread_pool>(std::max(1, options.slow_threads));
  auto listener = std::make_shared<Listener>(ioc, std::move(acceptor), shared);
  listener->Accept();  // before any thread runs the loop: nothing races it
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code ec, int) {
    if (ec) return;
    shared.stopping = true;
    listener->Stop();
    StopWhenIdle(std::make_shared<asio::steady_timer>(ioc), shared, ioc);
  });
  if (on_listening) on_listening(port);
  std::vector<std::thread> threads;
  for (int i = 1; i < options.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  shared.slow_pool->join();
  return {};
}

}  // namespace aftercare::http
