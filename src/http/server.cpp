#include "http/server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

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

Response PlainError(unsigned version, bhttp::status status, const std::string& code,
                    const std::string& message, const std::string& request_id) {
  Response res{status, version};
  res.set(bhttp::field::content_type, "application/json");
  res.set("X-Request-Id", request_id);
  res.body() = R"({"error":{"code":")" + code + R"(","message":")" + message +
               R"(","field":null,"request_id":")" + request_id + R"("}})";
  res.prepare_payload();
  return res;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& handler, std::size_t body_limit)
      : stream_(std::move(socket)), handler_(handler), body_limit_(body_limit) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(60));
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout) return Close();
    std::string request_id = NewRequestId();
    if (ec == bhttp::error::body_limit) {
      return Write(PlainError(11, bhttp::status::payload_too_large, "too_large",
                              "the request body is larger than the limit", request_id),
                   false);
    }
    if (ec) {
      // Parse errors of the request itself get a 400; connection errors just close.
      if (ec.category() == beast::error_code(bhttp::error::bad_target).category()) {
        return Write(PlainError(11, bhttp::status::bad_request, "bad_request",
                                "malformed HTTP request", request_id),
                     false);
      }
      return Close();
    }
    Request req = parser_->release();
    Response res;
    try {
      res = handler_(req, request_id);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "aftercare: request %s failed: %s\n", request_id.c_str(), e.what());
      res = PlainError(req.version(), bhttp::status::internal_server_error, "internal",
                       "internal error; quote the request id", request_id);
    }
    res.keep_alive(req.keep_alive());
    Write(std::move(res), req.keep_alive());
  }

  void Write(Response res, bool keep_alive) {
    auto sp = std::make_shared<Response>(std::move(res));
    bhttp::async_write(
        stream_, *sp,
        [self = shared_from_this(), sp, keep_alive](beast::error_code ec, std::size_t) {
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
  const Handler& handler_;
  std::size_t body_limit_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, tcp::acceptor acceptor, const Handler& handler,
           std::size_t body_limit)
      : ioc_(ioc), acceptor_(std::move(acceptor)), handler_(handler), body_limit_(body_limit) {}

  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](
                                                        beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        std::make_shared<Session>(std::move(socket), self->handler_, self->body_limit_)->Start();
      }
      if (self->acceptor_.is_open()) self->Accept();
    });
  }
  void Stop() {
    beast::error_code ec;
    acceptor_.close(ec);
  }

 private:
  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  const Handler& handler_;
  std::size_t body_limit_;
};

}  // namespace

Status Serve(const ServerOptions& options, Handler handler,
             std::function<void(unsigned short)> on_listening) {
  asio::io_context ioc{options.threads};
  beast::error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) return Error::Invalid("bad listen address " + options.address);
  tcp::acceptor acceptor(ioc);
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
  auto listener = std::make_shared<Listener>(ioc, std::move(acceptor), handler, options.body_limit);
  listener->Accept();
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    listener->Stop();
    ioc.stop();
  });
  if (on_listening) on_listening(port);
  std::vector<std::thread> threads;
  for (int i = 1; i < options.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  return {};
}

}  // namespace aftercare::http
