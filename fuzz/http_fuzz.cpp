// Fuzzes the HTTP layer in-process (issue 10): every input is up to four requests,
// each parsed by Beast's request_parser exactly as the server reads it, then handed
// to http::Api::Handle (router, handlers, service, store) on a scratch SQLite
// database holding the demo data and logged-in sessions of every role. After each
// request:
//   - no crash, no sanitizer report, no exception out of the handler (the server
//     would answer 500), no 5xx answer;
//   - a JSON answer parses, and an error answer has the one error shape;
//   - no partial write: a request answered with anything but 2xx committed nothing
//     (a failed login's own record, the README's one exception, aside).
// A finding aborts, so libFuzzer keeps the input; HTTP_FUZZ_VERBOSE=1 prints each
// request as sent and its answer (use it to read a reproducer).
//
// Input format (text; see fuzz/corpus-http/ for one per route). Requests are
// separated by a line `%%`; each is
//   SESSION SP METHOD SP TARGET [SP HTTP/1.x] LF
//   header lines (Name: value) LF
//   LF
//   body
// SESSION is a demo login (admin, manager, leader, agent, engineer, hospital, bank:
// Party A), `none`, or `apitoken` (an API token of agent's); a trailing `~` sends the
// session as `Authorization: Bearer` instead of the cookie. The head's lines get CRLF,
// Host and (unless given) Content-Length; the body is sent as is. A leading `!` on
// SESSION sends the rest of the request after its first line byte for byte (a raw
// request), with only the session's cookie added after the request line.
// Everywhere after SESSION, `$` + letter + number stands for an id (`$t3`: the 4th of
// a sample of tickets, 8 per state: $t0-7 active, $t8-15 waiting, $t16-23 resolved,
// $t24-31 closed; $h and $b: Party A's hospital's and bank's own, 5 per state; c
// customers, s systems, k contracts, u users (u0 admin, u1 agent, u3 engineer, u5
// leader, u6 manager), m teams, r roster shifts, a attachments, y holiday years, x
// edge numbers such as 0 and 2^31; n: the ids this input's earlier requests created,
// newest first), and `$*N:c` for N copies of byte c (big or deeply nested bodies from
// a small input).
// A request whose first byte is >= 0x80 selects instead of naming: byte 0 the
// session, byte 1 a route of the API's own table (read from /api/v1/openapi.json),
// bytes 2-3 its ids; what follows is the query string, LF, then headers and body as
// above.
//
// Speed: failed logins sleep 300 ms and passwords are Argon2id, each far slower than
// a request. While a request runs, this binary's nanosleep returns at once and its
// crypto_pwhash_str* use BLAKE2b (HTTP_FUZZ_REAL_CRYPTO=1: the real ones); nothing
// else differs from the server. The database is restored from a snapshot after every
// input that changed it, so a reproducer does not depend on earlier inputs.
#include <dlfcn.h>
#include <sanitizer/common_interface_defs.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/demo_command.h"
#include "http/api.h"
#include "service/accounts/accounts.h"
#include "store/db.h"
#include "store/migrations.h"

namespace {

namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using aftercare::http::Request;
using aftercare::http::Response;
using nlohmann::json;

// Set while a request runs: sleeps are skipped, passwords hashed cheaply.
thread_local bool t_in_request = false;

bool RealCrypto() {
  static const bool real = [] {
    const char* v = std::getenv("HTTP_FUZZ_REAL_CRYPTO");
    return v != nullptr && *v == '1';
  }();
  return real;
}

bool Verbose() {
  static const bool verbose = [] {
    const char* v = std::getenv("HTTP_FUZZ_VERBOSE");
    return v != nullptr && *v == '1';
  }();
  return verbose;
}

}  // namespace

// The server sleeps on failed logins (300 ms) and in transaction retries; a fuzzer
// cannot afford it, and the length of a sleep is not what it checks.
extern "C" int nanosleep(const struct timespec* req, struct timespec* rem) {
  if (t_in_request) return 0;
  return static_cast<int>(syscall(SYS_nanosleep, req, rem));
}

// Argon2id with interactive limits costs ~0.1 s per login; a keyed BLAKE2b of the
// password keeps logins, wrong passwords and lockouts working at fuzzing speed.
namespace {
constexpr std::string_view kFakeHashPrefix = "$fuzz$";

std::string FakeHash(const char* passwd, unsigned long long len) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(passwd), len,
                     nullptr, 0);
  std::string out(kFakeHashPrefix);
  char hex[3];
  for (unsigned char b : digest) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    out += hex;
  }
  return out;
}

template <typename F>
F Real(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}
}  // namespace

extern "C" int crypto_pwhash_str(char out[crypto_pwhash_STRBYTES], const char* const passwd,
                                 unsigned long long passwdlen, unsigned long long opslimit,
                                 size_t memlimit) {
  if (RealCrypto()) {
    static auto real =
        Real<int (*)(char*, const char*, unsigned long long, unsigned long long, size_t)>(
            "crypto_pwhash_str");
    return real(out, passwd, passwdlen, opslimit, memlimit);
  }
  std::string h = FakeHash(passwd, passwdlen);
  std::memset(out, 0, crypto_pwhash_STRBYTES);
  std::memcpy(out, h.data(), h.size());
  return 0;
}

extern "C" int crypto_pwhash_str_verify(const char str[crypto_pwhash_STRBYTES],
                                        const char* const passwd, unsigned long long passwdlen) {
  if (std::strncmp(str, kFakeHashPrefix.data(), kFakeHashPrefix.size()) != 0) {
    static auto real =
        Real<int (*)(const char*, const char*, unsigned long long)>("crypto_pwhash_str_verify");
    return real(str, passwd, passwdlen);
  }
  return FakeHash(passwd, passwdlen) == str ? 0 : -1;
}

namespace {

std::string g_dir;  // the scratch folder; removed at exit

void RemoveScratch() {
  if (g_dir.empty()) return;
  std::error_code ec;
  fs::remove_all(g_dir, ec);
  g_dir.clear();
}

// A finding: libFuzzer saves the input that got here.
[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "\n==http_fuzz== FINDING: %s\n", what.c_str());
  std::fflush(stderr);
  RemoveScratch();
  std::abort();
}

[[noreturn]] void SetupFailed(const std::string& what) {
  std::fprintf(stderr, "http_fuzz: setup failed: %s\n", what.c_str());
  RemoveScratch();
  std::exit(1);
}

// The harness's own connection: the snapshot, the checks and the restore. It never
// takes part in a request, so `PRAGMA data_version` on it changes exactly when a
// request's transaction committed.
struct Sqlite {
  sqlite3* db = nullptr;
  ~Sqlite() { sqlite3_close_v2(db); }

  std::int64_t Int(const std::string& sql) const {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      SetupFailed(sql + ": " + sqlite3_errmsg(db));
    std::int64_t v = 0;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
  }
  std::vector<std::vector<std::string>> Rows(const std::string& sql) const {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      SetupFailed(sql + ": " + sqlite3_errmsg(db));
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
        row.emplace_back(t ? t : "");
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return rows;
  }
};

struct Session {
  std::string name;
  std::string token;  // empty: not logged in
  bool bearer = false;
};

struct Route {
  std::string method;
  std::string path;  // with {id}, {id2}, ...
};

struct State {
  std::unique_ptr<aftercare::store::Database> db;
  std::unique_ptr<aftercare::http::Api> api;
  Sqlite live;      // the harness's connection to the scratch database
  Sqlite snapshot;  // the state every request starts from (in memory)
  std::int64_t data_version = 0;
  // Rows per table and the newest audit entry: in the snapshot, and before the
  // request running now (its diff is against that).
  std::map<std::string, std::int64_t> snapshot_counts, counts;
  std::int64_t snapshot_audit_max = 0, audit_max = 0;
  std::vector<Session> sessions;
  std::vector<Route> routes;
  std::map<char, std::vector<std::int64_t>> ids;
  std::uint64_t requests = 0;
};

State* g = nullptr;

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

// Parses `raw` as the server does (Session::Read in src/http/server.cpp: header
// limit 64 KiB, body limit 25 MiB); nullopt where the server answers 400/413 itself.
std::optional<Request> Parse(std::string_view raw) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.header_limit(64 * 1024);
  parser.body_limit(25 * 1024 * 1024);
  boost::beast::error_code ec;
  while (!parser.is_done()) {
    std::size_t used = parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
    raw.remove_prefix(used);
    if (ec == bhttp::error::need_more) {
      // Nothing more to give: the server would wait for the rest, then time out.
      if (used == 0) break;
      ec = {};
      continue;
    }
    if (ec || (used == 0 && raw.empty())) break;
  }
  if (ec || !parser.is_done()) return std::nullopt;
  return parser.release();
}

std::string Changes();

// Calls the API like the server's Session::OnRead: an exception is the server's 500.
Response Call(Request& req, aftercare::http::Exchange& x) {
  x.request_id = "fuzz-" + std::to_string(++g->requests);
  x.peer = "127.0.0.1";
  x.peer_loopback = true;
  t_in_request = true;
  Response res;
  try {
    res = g->api->Handle(req, x);
    // The server runs slow work (password hashing) on its own pool; here, at once.
    if (x.slow) res = x.slow(x);
  } catch (const std::exception& e) {
    t_in_request = false;
    std::string what = std::string("the handler threw (the server answers 500): ") + e.what();
    // A 500 must not leave a write behind either.
    if (g->live.db && g->live.Int("PRAGMA data_version") != g->data_version)
      what += "; and it committed:" + Changes();
    Finding(what);
  }
  if (x.stream && res.result() == bhttp::status::ok) {
    // The first message of an event stream.
    try {
      (void)x.stream->next();
    } catch (const std::exception& e) {
      t_in_request = false;
      Finding(std::string("the event stream threw: ") + e.what());
    }
  }
  t_in_request = false;
  return res;
}

std::string HeaderValue(const Response& res, bhttp::field f) { return std::string(res[f]); }

Response Send(const std::string& raw) {
  auto req = Parse(raw);
  if (!req) SetupFailed("cannot parse " + raw);
  aftercare::http::Exchange x;
  return Call(*req, x);
}

Session LogIn(const std::string& login) {
  std::string body =
      R"({"login":")" + login + R"(","password":")" + aftercare::cli::kDemoPassword + R"("})";
  Response res = Send(
      "POST /api/v1/session HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  std::string cookie = HeaderValue(res, bhttp::field::set_cookie);
  std::string key = "aftercare_session=";
  if (res.result() != bhttp::status::ok || cookie.rfind(key, 0) != 0)
    SetupFailed("login " + login + ": " + res.body());
  return {login, cookie.substr(key.size(), cookie.find(';') - key.size()), false};
}

void Count() {
  for (auto& [table, n] : g->counts) n = g->live.Int("SELECT count(*) FROM \"" + table + "\"");
  g->audit_max = g->live.Int("SELECT coalesce(max(id), 0) FROM audit_log");
}

void TakeSnapshot() {
  // The snapshot is a copy in memory; Restore copies it back.
  if (sqlite3_open(":memory:", &g->snapshot.db) != SQLITE_OK) SetupFailed("sqlite :memory:");
  sqlite3_backup* b = sqlite3_backup_init(g->snapshot.db, "main", g->live.db, "main");
  if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) SetupFailed("snapshot");
  sqlite3_backup_finish(b);
  for (const auto& row : g->live.Rows(
           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
    g->counts[row[0]] = 0;
  }
  Count();
  g->snapshot_counts = g->counts;
  g->snapshot_audit_max = g->audit_max;
  g->data_version = g->live.Int("PRAGMA data_version");
}

void Restore() {
  sqlite3_backup* b = sqlite3_backup_init(g->live.db, "main", g->snapshot.db, "main");
  int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) Finding(std::string("restoring the snapshot: ") + sqlite3_errstr(rc));
  g->counts = g->snapshot_counts;
  g->audit_max = g->snapshot_audit_max;
  g->data_version = g->live.Int("PRAGMA data_version");
}

// What a committed request changed, table by table.
std::string Changes() {
  std::string out;
  for (const auto& [table, before] : g->counts) {
    std::int64_t now = g->live.Int("SELECT count(*) FROM \"" + table + "\"");
    if (now != before)
      out += " " + table + " " + std::to_string(before) + "->" + std::to_string(now);
  }
  for (const auto& row :
       g->live.Rows("SELECT action, entity, entity_id FROM audit_log WHERE id > " +
                    std::to_string(g->audit_max))) {
    out += " audit(" + row[0] + " " + row[1] + " " + row[2] + ")";
  }
  return out.empty() ? " (no row count changed: an update)" : out;
}

// A wrong password for an existing account is recorded (its failure count and an
// audit entry) although the answer is 401: the one write a refused request makes.
bool FailedLoginRecord(const Request& req, const Response& res) {
  if (req.method() != bhttp::verb::post || res.result() != bhttp::status::unauthorized)
    return false;
  std::string_view target = req.target();
  if (target.substr(0, target.find('?')) != "/api/v1/session") return false;
  for (const auto& [table, before] : g->counts) {
    std::int64_t now = g->live.Int("SELECT count(*) FROM \"" + table + "\"");
    if (now != before + (table == "audit_log" ? 1 : 0)) return false;
  }
  auto rows =
      g->live.Rows("SELECT action FROM audit_log WHERE id > " + std::to_string(g->audit_max));
  return rows.size() == 1 && rows[0][0] == "login_failed";
}

// The answer's own promises (README "Errors have one shape").
void CheckAnswer(const Response& res, const std::string& request_id) {
  unsigned status = res.result_int();
  if (status >= 500) {
    Finding("status " + std::to_string(status) + ": " + res.body().substr(0, 300));
  }
  if (std::string_view(res[bhttp::field::content_type]).rfind("application/json", 0) != 0) return;
  json body = json::parse(res.body(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    Finding("a JSON answer that does not parse: " + res.body().substr(0, 300));
  if (status < 400) return;
  const json* e = body.is_object() && body.contains("error") ? &body["error"] : nullptr;
  if (!e || !e->is_object() || !(*e)["code"].is_string() || !(*e)["message"].is_string() ||
      (*e)["request_id"] != request_id || !((*e)["field"].is_null() || (*e)["field"].is_string())) {
    Finding("an error answer without the error shape: " + res.body().substr(0, 300));
  }
}

// --- Building a request from an input ---

char PoolFor(std::string_view segment) {
  static const std::map<std::string_view, char> kPools = {
      {"tickets", 't'},     {"customers", 'c'}, {"systems", 's'}, {"contracts", 'k'},
      {"users", 'u'},       {"members", 'u'},   {"teams", 'm'},   {"roster", 'r'},
      {"attachments", 'a'}, {"holidays", 'y'}};
  auto it = kPools.find(segment);
  return it == kPools.end() ? 'x' : it->second;
}

std::int64_t PickId(char pool, std::uint64_t n) {
  const auto& list = g->ids[pool];
  if (list.empty()) return static_cast<std::int64_t>(n);
  return list[n % list.size()];
}

// `$` + pool letter + number -> an id; `$*N:c` -> N copies of c.
// Expansions stop at `limit` bytes: past the server's limits (64 KiB of head, 25 MiB
// of body) there is nothing new to find, only time to lose.
constexpr std::size_t kHeadExpansion = 70'000, kBodyExpansion = 8'000'000;

std::string Expand(std::string_view in, std::size_t limit) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '$' && i + 1 < in.size()) {
      char p = in[i + 1];
      if (p == '*') {
        std::size_t j = i + 2;
        std::uint64_t n = 0;
        while (j < in.size() && std::isdigit(static_cast<unsigned char>(in[j])) && n < 100000000)
          n = n * 10 + static_cast<std::uint64_t>(in[j++] - '0');
        if (j + 1 < in.size() && in[j] == ':' && j > i + 2) {
          out.append(std::min<std::uint64_t>(n, limit - std::min(limit, out.size())), in[j + 1]);
          i = j + 1;
          continue;
        }
      } else if (g->ids.count(p)) {
        std::size_t j = i + 2;
        std::uint64_t n = 0;
        while (j < in.size() && std::isdigit(static_cast<unsigned char>(in[j])) && j < i + 8)
          n = n * 10 + static_cast<std::uint64_t>(in[j++] - '0');
        if (j > i + 2) {
          out += std::to_string(PickId(p, n));
          i = j - 1;
          continue;
        }
      }
    }
    out += in[i];
  }
  return out;
}

// A request target may not hold spaces or controls; the fuzzer's are percent-encoded
// so that the input reaches the router (raw requests keep them).
std::string CleanTarget(std::string_view t) {
  std::string out;
  for (unsigned char c : t) {
    if (c <= 0x20 || c == 0x7f || c == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

const Session* FindSession(std::string_view name) {
  for (const Session& s : g->sessions) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string AuthHeader(const Session* s) {
  if (!s || s->token.empty()) return "";
  if (s->bearer) return "Authorization: Bearer " + s->token + "\r\n";
  return "Cookie: aftercare_session=" + s->token + "\r\n";
}

// The input's first line from selector bytes (first byte >= 0x80).
std::string SelectorLine(const std::uint8_t* data, std::size_t size) {
  std::uint8_t b[4] = {0, 0, 0, 0};
  std::memcpy(b, data, std::min<std::size_t>(size, 4));
  const Session& s = g->sessions[(b[0] & 0x7f) % g->sessions.size()];
  const Route& r = g->routes[b[1] % g->routes.size()];
  std::string path;
  int slot = 0;
  std::string_view previous;
  std::string_view p = r.path;
  for (std::size_t start = 1; start <= p.size();) {
    std::size_t end = p.find('/', start);
    if (end == std::string_view::npos) end = p.size();
    std::string_view seg = p.substr(start, end - start);
    path += "/";
    if (seg.size() > 2 && seg.front() == '{') {
      std::uint8_t sel = b[2 + std::min(slot++, 1)];
      path += sel >= 0xf0 ? std::to_string(PickId('x', sel & 0x0f))
                          : std::to_string(PickId(PoolFor(previous), sel));
    } else {
      path += seg;
    }
    previous = seg;
    start = end + 1;
  }
  return s.name + " " + r.method + " " + path;
}

// The raw request an input stands for; nullopt when it is not one.
std::optional<std::string> Build(const std::uint8_t* data, std::size_t size) {
  std::string text;
  std::string_view rest;
  if (size > 0 && data[0] >= 0x80) {
    // Selector bytes, then the query string's line.
    std::string_view after(reinterpret_cast<const char*>(data) + std::min<std::size_t>(size, 4),
                           size - std::min<std::size_t>(size, 4));
    std::size_t nl = after.find('\n');
    std::string query(after.substr(0, nl));
    text = SelectorLine(data, size) + (query.empty() ? "" : "?" + query) + "\n" +
           std::string(nl == std::string_view::npos ? "" : after.substr(nl + 1));
  } else {
    text.assign(reinterpret_cast<const char*>(data), size);
  }
  std::size_t nl = text.find('\n');
  std::string_view first(text.data(), nl == std::string::npos ? text.size() : nl);
  rest = nl == std::string::npos ? std::string_view() : std::string_view(text).substr(nl + 1);
  std::size_t sp = first.find(' ');
  std::string_view session_name = first.substr(0, sp);
  bool raw = !session_name.empty() && session_name.front() == '!';
  if (raw) session_name.remove_prefix(1);
  const Session* session = FindSession(session_name);

  if (raw) {
    // Byte for byte, the session's credentials after the request line.
    std::string body = Expand(rest, kBodyExpansion);
    std::size_t eol = body.find('\n');
    if (eol == std::string::npos) return body;
    return body.substr(0, eol + 1) + AuthHeader(session) + body.substr(eol + 1);
  }
  if (sp == std::string_view::npos) return std::nullopt;
  std::string line = Expand(first.substr(sp + 1), kHeadExpansion);
  // METHOD SP TARGET [SP VERSION]
  std::size_t sp1 = line.find(' ');
  if (sp1 == std::string::npos || sp1 == 0) return std::nullopt;
  std::string method = line.substr(0, sp1);
  std::string target = line.substr(sp1 + 1);
  std::string version = "HTTP/1.1";
  if (std::size_t v = target.rfind(" HTTP/"); v != std::string::npos) {
    version = target.substr(v + 1);
    target.resize(v);
  }
  std::string head = method + " " + CleanTarget(target) + " " + version + "\r\n";
  head += AuthHeader(session);
  bool host = false, length = false;
  std::size_t end_of_head = rest.size();
  std::size_t at = 0;
  while (at < rest.size()) {
    std::size_t eol = rest.find('\n', at);
    if (eol == std::string_view::npos) eol = rest.size();
    std::string_view h = rest.substr(at, eol - at);
    if (!h.empty() && h.back() == '\r') h.remove_suffix(1);
    at = eol + 1;
    if (h.empty()) {
      end_of_head = std::min(at, rest.size());
      break;
    }
    if (h.find(':') == std::string_view::npos) continue;  // not a header: dropped
    std::string header = Expand(h, kHeadExpansion);
    host = host || StartsWithNoCase(header, "host:");
    length = length || StartsWithNoCase(header, "content-length:") ||
             StartsWithNoCase(header, "transfer-encoding:");
    head += header + "\r\n";
    end_of_head = rest.size();
  }
  std::string body =
      end_of_head < rest.size() ? Expand(rest.substr(end_of_head), kBodyExpansion) : "";
  if (!host) head += "Host: fuzz\r\n";
  if (!length && (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH"))
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return head + "\r\n" + body;
}

// --- Setup, once per process ---

std::vector<std::int64_t> Ids(const std::string& sql) {
  std::vector<std::int64_t> out;
  for (const auto& row : g->live.Rows(sql)) out.push_back(std::stoll(row[0]));
  return out;
}

void Setup() {
  g = new State;
  const char* base = std::getenv("HTTP_FUZZ_DIR");
  std::string parent = base ? base : (fs::is_directory("/dev/shm") ? "/dev/shm" : "/tmp");
  // Scratch folders of processes that died without cleaning up (a timeout, an
  // out-of-memory kill) go first; ASan's own reports clean up through the callback.
  const std::string prefix = "aftercare-http-fuzz.";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      fs::remove_all(e.path(), ec);
  }
  std::string templ = parent + "/" + prefix + std::to_string(getpid()) + ".XXXXXX";
  if (!mkdtemp(templ.data())) SetupFailed("mkdtemp in " + parent);
  g_dir = templ;
  std::atexit(RemoveScratch);
  __sanitizer_set_death_callback(RemoveScratch);
  if (!aftercare::service::InitCrypto()) SetupFailed("libsodium");
  // A tiny web UI, so that the static files and the SPA fallback are fuzzed too.
  fs::create_directories(g_dir + "/web/assets");
  std::ofstream(g_dir + "/web/index.html") << "<!doctype html><title>aftercare</title>";
  std::ofstream(g_dir + "/web/assets/app-1a2b3c.js") << "console.log('aftercare')";
  std::ofstream(g_dir + "/web/assets/app-1a2b3c.js.gz") << "not really gzip";

  std::string path = g_dir + "/aftercare.db";
  auto db = aftercare::store::OpenDatabase(path);
  if (!db.ok()) SetupFailed(db.error().message);
  g->db = std::move(*db);
  if (auto n = aftercare::store::Migrate(*g->db); !n.ok()) SetupFailed(n.error().message);
  std::string summary;
  if (auto s = aftercare::cli::LoadDemo(*g->db, summary); !s.ok()) SetupFailed(s.error().message);
  aftercare::http::ApiOptions options;
  options.attachments_dir = g_dir + "/attachments";
  options.web_root = g_dir + "/web";
  g->api = std::make_unique<aftercare::http::Api>(*g->db, std::move(options));
  if (sqlite3_open_v2(path.c_str(), &g->live.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
    SetupFailed("sqlite open " + path);
  sqlite3_busy_timeout(g->live.db, 5000);

  g->sessions.push_back({"none", "", false});
  for (const char* login : {"admin", "manager", "leader", "agent", "engineer", "hospital", "bank"})
    g->sessions.push_back(LogIn(login));
  for (std::size_t i = 1, n = g->sessions.size(); i < n; ++i) {
    Session s = g->sessions[i];
    s.name += "~";
    s.bearer = true;
    g->sessions.push_back(s);
  }
  {
    std::string body = R"({"name":"fuzz"})";
    Response res =
        Send("POST /api/v1/tokens HTTP/1.1\r\nHost: fuzz\r\n" + AuthHeader(FindSession("agent")) +
             "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n\r\n" + body);
    json j = json::parse(res.body(), nullptr, false);
    if (res.result() != bhttp::status::created || !j.contains("token"))
      SetupFailed("API token: " + res.body());
    g->sessions.push_back({"apitoken", j["token"].get<std::string>(), true});
  }

  // Ids. Tickets by state, 8 each (active, waiting, resolved, closed: $t0-7 are
  // active, $t8-15 waiting, ...) across customers; Party A's own the same way, 5 each.
  auto by_state = [](const std::string& where, std::size_t each) {
    std::vector<std::int64_t> out;
    for (const char* status : {"active", "waiting", "resolved", "closed"}) {
      std::vector<std::int64_t> some;
      // Round robin over customers: the newest of each, then the next, ...
      for (const auto& row : g->live.Rows(
               "SELECT id FROM (SELECT t.id, t.customer_id, row_number() OVER (PARTITION BY "
               "t.customer_id ORDER BY t.id DESC) AS n FROM tickets t WHERE t.status = '" +
               std::string(status) + "' AND " + where + ") ORDER BY n, customer_id LIMIT " +
               std::to_string(each))) {
        some.push_back(std::stoll(row[0]));
      }
      for (std::size_t i = 0; i < each && !some.empty(); ++i) out.push_back(some[i % some.size()]);
    }
    return out;
  };
  g->ids['t'] = by_state("1 = 1", 8);
  g->ids['h'] =
      by_state("t.customer_id = (SELECT customer_id FROM users WHERE login = 'hospital')", 5);
  g->ids['b'] = by_state("t.customer_id = (SELECT customer_id FROM users WHERE login = 'bank')", 5);
  g->ids['c'] = Ids("SELECT id FROM customers ORDER BY id");
  g->ids['s'] = Ids("SELECT id FROM systems ORDER BY id");
  g->ids['k'] = Ids("SELECT id FROM contracts ORDER BY id");
  g->ids['u'] = Ids("SELECT id FROM users ORDER BY id");
  g->ids['m'] = Ids("SELECT id FROM teams ORDER BY id");
  g->ids['r'] = Ids("SELECT id FROM roster ORDER BY id");
  g->ids['y'] = {2026, 2027, 2019, 2020, 2101, 9999, 1999, 4294969322};
  g->ids['x'] = {0,          1,          2,          3,          100,        1000000,
                 2147483647, 2147483648, 4294967295, 4294967297, 9223372036, 999999999999999999};
  // An attachment on a hospital ticket, so that downloads are reachable.
  {
    std::int64_t ticket = std::stoll(g->live.Rows(
        "SELECT id FROM tickets WHERE customer_id = " + std::to_string(g->ids['c'].front()) +
        " ORDER BY id LIMIT 1")[0][0]);
    std::string body = "site photo";
    Response res =
        Send("POST /api/v1/tickets/" + std::to_string(ticket) +
             "/attachments?name=photo.jpg HTTP/1.1\r\nHost: fuzz\r\n" +
             AuthHeader(FindSession("agent")) + "Content-Type: image/jpeg\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body);
    if (res.result() != bhttp::status::created) SetupFailed("attachment: " + res.body());
  }
  g->ids['a'] = Ids("SELECT id FROM attachments ORDER BY id");
  g->ids['n'] = {};  // filled by each input's own requests

  // The route table, from the router's own OpenAPI document.
  {
    Response res = Send("GET /api/v1/openapi.json HTTP/1.1\r\nHost: fuzz\r\n\r\n");
    json doc = json::parse(res.body());
    for (const auto& [path, ops] : doc["paths"].items()) {
      for (const auto& [method, op] : ops.items()) {
        std::string m = method;
        for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        g->routes.push_back({m, path});
      }
    }
    g->routes.push_back({"GET", "/"});
    g->routes.push_back({"GET", "/assets/app-1a2b3c.js"});
  }
  TakeSnapshot();
  if (Verbose()) {
    std::fprintf(stderr, "http_fuzz: %s; %zu routes; scratch %s\n", summary.c_str(),
                 g->routes.size(), g_dir.c_str());
    for (const auto& [pool, list] : g->ids) {
      std::string ids;
      for (std::int64_t id : list) ids += " " + std::to_string(id);
      std::fprintf(stderr, "http_fuzz: $%c =%s\n", pool, ids.c_str());
    }
  }
}

// One request of an input: sent, checked; true when it committed.
bool Run(std::string_view part) {
  auto raw = Build(reinterpret_cast<const std::uint8_t*>(part.data()), part.size());
  if (!raw) return false;
  auto req = Parse(*raw);
  if (Verbose()) {
    std::fprintf(stderr, "---- request (%zu bytes)%s\n%.*s\n", raw->size(),
                 req ? "" : ": malformed, the server answers 400 itself",
                 static_cast<int>(std::min<std::size_t>(raw->size(), 4000)), raw->data());
  }
  if (!req) return false;
  std::string request_id = "fuzz-" + std::to_string(g->requests + 1);
  aftercare::http::Exchange x;
  Response res = Call(*req, x);
  if (Verbose()) {
    std::fprintf(stderr, "---- answer %u\n%.*s\n", res.result_int(),
                 static_cast<int>(std::min<std::size_t>(res.body().size(), 2000)),
                 res.body().data());
  }
  CheckAnswer(res, request_id);
  unsigned status = res.result_int();
  if (status >= 200 && status <= 299) {
    // What it created, for `$n0` in the input's next requests.
    json body = json::parse(res.body(), nullptr, /*allow_exceptions=*/false);
    if (body.is_object() && body.contains("id") && body["id"].is_number_integer()) {
      auto& created = g->ids['n'];
      created.insert(created.begin(), body["id"].get<std::int64_t>());
    }
  }
  std::int64_t version = g->live.Int("PRAGMA data_version");
  if (version == g->data_version) return false;
  if ((status < 200 || status > 299) && !FailedLoginRecord(*req, res)) {
    Finding("partial write: answered " + std::to_string(status) + " but committed:" + Changes());
  }
  if (Verbose()) std::fprintf(stderr, "---- committed:%s\n", Changes().c_str());
  g->data_version = version;
  Count();
  return true;
}

}  // namespace

// Up to kMaxRequests requests, separated by a line `%%`, run in order on the same
// state; the database is restored afterwards when any of them committed.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr int kMaxRequests = 4;
  constexpr std::string_view kSeparator = "\n%%\n";
  if (!g) Setup();
  g->ids['n'].clear();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  bool changed = false;
  for (int i = 0; i < kMaxRequests && !in.empty(); ++i) {
    std::size_t end = in.find(kSeparator);
    changed = Run(in.substr(0, end)) || changed;
    in = end == std::string_view::npos ? std::string_view() : in.substr(end + kSeparator.size());
  }
  if (changed) Restore();
  return 0;
}
