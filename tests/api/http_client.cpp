#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <limits>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <tuple>

#include <gtest/gtest.h>

#include "schema_check.h"

namespace aftercare::apitest {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Set while this thread fetches the OpenAPI document (that response is not checked).
thread_local bool fetching_document = false;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t");
  std::size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? "" : it->second;
}

json HttpResponse::Json() const {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? json(nullptr) : j;
}

std::string HttpResponse::Describe() const {
  std::string shown = body.size() > 2000 ? body.substr(0, 2000) + "..." : body;
  return method + " " + target + " -> " + std::to_string(status) + " " + shown;
}

const HttpResponse& Expect(const HttpResponse& r, int status) {
  if (r.status != status) {
    throw UnexpectedResponse("expected " + std::to_string(status) + ": " + r.Describe());
  }
  return r;
}

struct HttpClient::Connection {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  int generation = 0;
  bool used = false;
};

HttpClient::HttpClient(const TestServer& server) : server_(server) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Get(const std::string& target) {
  return Send("GET", target, std::nullopt);
}
HttpResponse HttpClient::Delete(const std::string& target) {
  return Send("DELETE", target, std::nullopt);
}
HttpResponse HttpClient::Post(const std::string& target, const json& body) {
  return Send("POST", target, body.dump());
}
HttpResponse HttpClient::PostRaw(const std::string& target, const std::string& body,
                                 const std::string& content_type) {
  return Send("POST", target, body, content_type);
}

void HttpClient::SetHeader(const std::string& name, const std::string& value) {
  if (value.empty()) {
    headers_.erase(name);
  } else {
    headers_[name] = value;
  }
}

HttpResponse HttpClient::Login(const std::string& login, const std::string& password) {
  return Post("/api/v1/session", {{"login", login}, {"password", password}});
}

HttpResponse HttpClient::Send(const std::string& method, const std::string& target,
                              const std::optional<std::string>& body,
                              const std::string& content_type) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(server_.port()));
  req.set(bhttp::field::user_agent, "aftercare-api-tests");
  req.set(bhttp::field::accept, "application/json");
  if (!bearer_.empty()) req.set(bhttp::field::authorization, "Bearer " + bearer_);
  for (const auto& [name, value] : headers_) req.set(name, value);
  if (!cookies_.empty()) {
    std::string jar;
    for (const auto& [k, v] : cookies_) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
    req.set(bhttp::field::cookie, jar);
  }
  if (body) {
    req.set(bhttp::field::content_type, content_type);
    req.body() = *body;
  }
  req.prepare_payload();
  req.keep_alive(true);

  for (int attempt = 0;; ++attempt) {
    if (!conn_ || conn_->generation != server_.generation()) {
      conn_ = std::make_unique<Connection>();
      conn_->generation = server_.generation();
      conn_->stream.expires_after(std::chrono::seconds(10));
      beast::error_code ec;
      conn_->stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_.port()), ec);
      if (ec) {
        conn_.reset();
        throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(server_.port()) +
                                 ": " + ec.message());
      }
    }
    const bool reused = conn_->used;
    conn_->used = true;
    beast::error_code ec;
    conn_->stream.expires_after(std::chrono::seconds(60));
    bhttp::write(conn_->stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    if (!ec) bhttp::read(conn_->stream, conn_->buffer, parser, ec);
    if (ec) {
      conn_.reset();
      // A kept-alive connection the server has closed meanwhile: once more, fresh.
      if (reused && attempt == 0) continue;
      throw std::runtime_error(method + " " + target + ": " + ec.message());
    }
    auto res = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.body = std::move(res.body());
    out.method = method;
    out.target = target;
    for (const auto& f : res) {
      std::string name = Lower(std::string(f.name_string()));
      std::string value(f.value());
      if (name == "set-cookie") {
        std::string pair = value.substr(0, value.find(';'));
        std::size_t eq = pair.find('=');
        std::string key = Trim(pair.substr(0, eq));
        std::string val = eq == std::string::npos ? "" : Trim(pair.substr(eq + 1));
        if (Lower(value).find("max-age=0") != std::string::npos || val.empty()) {
          cookies_.erase(key);
        } else {
          cookies_[key] = val;
        }
      }
      auto [it, inserted] = out.headers.emplace(name, value);
      if (!inserted) it->second += ", " + value;
    }
    if (!res.keep_alive()) conn_.reset();
    if (!fetching_document) {
      std::vector<std::string> problems = SchemaMismatches(server_, out);
      if (!problems.empty()) {
        std::string text;
        for (const std::string& p : problems) text += "\n  " + p;
        ADD_FAILURE() << "response does not match the OpenAPI document: " << method << " "
                      << target << " -> " << out.status << text;
        if (const char* log = std::getenv("AFTERCARE_SCHEMA_LOG"); log && *log) {
          static std::mutex log_mutex;
          std::lock_guard lock(log_mutex);
          std::ofstream(log, std::ios::app)
              << method << " " << target << " -> " << out.status << text << "\n";
        }
      }
    }
    return out;
  }
}

namespace {

// The server's OpenAPI document per (port, generation), fetched on first use.
std::shared_ptr<const json> Document(const TestServer& server) {
  static std::mutex mutex;
  static std::map<std::tuple<const TestServer*, std::uint16_t, int>, std::shared_ptr<const json>>
      cache;
  auto key = std::make_tuple(&server, server.port(), server.generation());
  {
    std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  HttpClient fetch(server);
  HttpResponse r;
  fetching_document = true;
  try {
    r = fetch.Get("/api/v1/openapi.json");
  } catch (const std::exception&) {
    fetching_document = false;
    return nullptr;  // e.g. the server is going down: check the next response
  }
  fetching_document = false;
  json doc = r.Json();
  if (r.status != 200 || !doc.is_object() || !doc.contains("paths")) {
    ADD_FAILURE() << "cannot read the OpenAPI document: " << r.Describe();
    doc = json::object();
  }
  auto shared = std::make_shared<const json>(std::move(doc));
  std::lock_guard lock(mutex);
  return cache.emplace(key, shared).first->second;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= path.size()) {
    std::size_t slash = path.find('/', at);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  return out;
}

// The documented path `target` (without its query) matches: literal segments
// equal, {id}-style segments digits.
const json* FindOperation(const json& doc, const std::string& method, const std::string& target) {
  std::vector<std::string> want = Segments(target.substr(0, target.find_first_of("?#")));
  auto paths = doc.find("paths");
  if (paths == doc.end() || !paths->is_object()) return nullptr;
  for (const auto& [pattern, item] : paths->items()) {
    std::vector<std::string> have = Segments(pattern);
    if (have.size() != want.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < have.size() && match; ++i) {
      if (!have[i].empty() && have[i].front() == '{' && have[i].back() == '}') {
        match = !want[i].empty() &&
                want[i].find_first_not_of("0123456789") == std::string::npos;
      } else {
        match = have[i] == want[i];
      }
    }
    if (!match) continue;
    auto op = item.find(Lower(method));
    return op == item.end() ? nullptr : &*op;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> SchemaMismatches(const TestServer& server, const HttpResponse& r) {
  if (r.method == "HEAD" || r.status == 0) return {};
  if (Lower(r.Header("content-type")).rfind("application/json", 0) != 0) return {};
  std::shared_ptr<const json> doc = Document(server);
  if (!doc) return {};
  const json* op = FindOperation(*doc, r.method, r.target);
  if (!op || !op->contains("responses")) return {};
  const json& responses = (*op)["responses"];
  std::string success;
  for (const auto& [status, _] : responses.items()) {
    if (status != "default") success = status;
  }
  const json* response = nullptr;
  const std::string status = std::to_string(r.status);
  if (responses.contains(status)) {
    response = &responses[status];
  } else if (r.status >= 200 && r.status < 300) {
    return {"status " + status + " but the route documents " + success};
  } else if (responses.contains("default")) {
    response = &responses["default"];
  } else {
    return {"status " + status + " is not documented"};
  }
  const json* schema = nullptr;
  if (auto c = response->find("content"); c != response->end()) {
    if (auto j = c->find("application/json"); j != c->end() && j->contains("schema")) {
      schema = &(*j)["schema"];
    }
  }
  if (!schema) return {"a JSON body but the document gives status " + status + " no JSON schema"};
  json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return {"Content-Type application/json but the body is not JSON"};
  std::vector<std::string> out;
  for (const SchemaMismatch& m : CheckSchema(body, *schema, *doc, 20)) out.push_back(m.Describe());
  return out;
}

std::string RawExchange(std::uint16_t port, const std::string& head, std::size_t body_size,
                        int timeout_s) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("connect failed");
  }
  std::string pending = head;
  std::size_t body_left = body_size;
  const std::string chunk(64 * 1024, 'x');
  std::string received;
  bool sending = true;
  auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
  for (;;) {
    if (sending && pending.empty() && body_left > 0) {
      std::size_t n = std::min(body_left, chunk.size());
      pending.assign(chunk, 0, n);
      body_left -= n;
    }
    if (sending && pending.empty()) sending = false;
    pollfd p{fd, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0};
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[65536];
      ssize_t got = recv(fd, buf, sizeof buf, 0);
      if (got > 0) {
        received.append(buf, static_cast<std::size_t>(got));
        sending = false;  // the server has answered: stop sending, read the rest
        continue;
      }
      break;  // closed or reset
    }
    if (sending && (p.revents & POLLOUT)) {
      ssize_t w = send(fd, pending.data(), pending.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w > 0) {
        pending.erase(0, static_cast<std::size_t>(w));
      } else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        sending = false;  // the server closed its side; read what it said
      }
    }
  }
  close(fd);
  return received;
}

HttpResponse ParseRaw(const std::string& reply) {
  HttpResponse r;
  r.method = "RAW";
  r.target = "(raw request)";
  std::size_t end = reply.find("\r\n\r\n");
  if (reply.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) {
    r.body = reply.substr(0, 300);
    return r;
  }
  r.status = std::stoi(reply.substr(9, 3));
  std::istringstream head(reply.substr(0, end));
  std::string line;
  std::getline(head, line);
  while (std::getline(head, line)) {
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon), value = line.substr(colon + 1);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r')) value.pop_back();
    r.headers[name] = value;
  }
  r.body = reply.substr(end + 4);
  return r;
}

}  // namespace aftercare::apitest
