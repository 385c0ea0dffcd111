// Bad input and durability (SEC-3), the error shape for every failure, and the
// operational endpoints (/healthz, /metrics).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class RobustnessApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped()) return;
    customer_ = CreateCustomer("Lake Water Works");
    contract_ = CreateContract(customer_, "HT-LAKE-1")["id"];
  }

  std::int64_t customer_ = 0, contract_ = 0;
};
AFTERCARE_API_BACKENDS(RobustnessApi);

// SEC-3: a request the rules reject changes nothing: the ticket's timeline and
// status, the audit log and every other table are as before. Covers 409
// (impossible event: customer_replied while active), 422 (a rule), 400 (the
// body), 403 (the role) and 404.
TEST_P(RobustnessApi, Sec3_ARejectedRequestChangesNothing) {
  const std::int64_t now = NowUnix();
  json t = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 3600)}});
  AddEvent(t["id"], "first_contact", now - 3500);  // met: no late acknowledgement to waive
  const std::string events = "/api/v1/tickets/" + t["id"].dump() + "/events";
  json before = Expect(As("engineer").Get("/api/v1/tickets/" + t["id"].dump()), 200).Json();

  HttpClient& eng = As("engineer");
  struct Case {
    HttpClient* by;
    std::string target;
    json body;
    int status;
    std::string code;
  };
  std::vector<Case> cases = {
      {&eng, events, {{"kind", "customer_replied"}}, 409, "conflict"},
      {&eng, events, {{"kind", "reopened"}, {"note", "x"}}, 409, "conflict"},
      {&eng, events, {{"kind", "diagnosed"}, {"at", Rfc3339(now - 3550)}}, 422, "invalid_input"},
      {&eng,
       events,
       {{"kind", "escalated"}, {"data", {{"escalated_to", "manufacturer"}}}},
       422,
       "invalid_input"},
      {&eng, events, {{"kind", "diagnosed"}, {"colour", "red"}}, 400, "bad_request"},
      {&eng, events, {{"kind", "assigned"}, {"data", {{"assignee_id", 1}}}}, 403, "forbidden"},
      {&eng, "/api/v1/tickets/987654/events", {{"kind", "diagnosed"}}, 404, "not_found"},
      {&As("team_leader"),
       events,
       {{"kind", "assigned"}, {"data", {{"assignee_id", 987654}}}},
       422,
       "invalid_input"},
      {&As("manager"),
       "/api/v1/contracts",
       {{"customer_id", customer_},
        {"number", "HT-LAKE-1"},
        {"value", "1.00"},
        {"signed_on", "2026-01-01"}},
       409,
       "conflict"},
      {&As("manager"),
       "/api/v1/contracts",
       {{"customer_id", customer_},
        {"number", "HT-LAKE-2"},
        {"value", "1.00"},
        {"signed_on", "2026-01-01"},
        {"system_ids", {987654}}},
       422,
       "invalid_input"},
      {&As("manager"),
       "/api/v1/contracts/" + std::to_string(contract_) + "/waivers",
       {{"ticket_id", t["id"]}, {"metric", "acknowledge"}, {"reason", "no late event"}},
       422,
       "invalid_input"},
      {&admin(),
       "/api/v1/users",
       {{"login", "engineer1"},
        {"display_name", "Dup"},
        {"role", "agent"},
        {"password", "12345678"}},
       409,
       "conflict"},
      {&As("agent"), "/api/v1/customers", {{"name", "Lake Water Works"}}, 409, "conflict"},
      {&As("agent"),
       "/api/v1/tickets",
       {{"customer_id", customer_}, {"priority", "P0"}, {"title", "x"}},
       422,
       "invalid_input"},
  };
  const std::string snapshot_after_setup = Snapshot(t["id"]);  // As(...) logged users in
  auto newest_audit = [&] {
    return Expect(admin().Get("/api/v1/audit?limit=1"), 200).Json()["items"][0];
  };
  const json audit_before = newest_audit();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target + " " + c.body.dump());
    HttpResponse r = c.by->Post(c.target, c.body);
    ExpectError(r, c.status, c.code);
    EXPECT_EQ(Snapshot(t["id"]), snapshot_after_setup);
    EXPECT_EQ(newest_audit(), audit_before);  // the audit log as the API shows it
  }
  // The control: an accepted request does change them, and is audited (CON-4).
  Expect(eng.Post(events, {{"kind", "diagnosed"}}), 201);
  EXPECT_NE(Snapshot(t["id"]), snapshot_after_setup);
  json audited = newest_audit();
  EXPECT_EQ(audited["action"], "event");
  EXPECT_EQ(audited["entity"], "ticket");
  EXPECT_EQ(audited["entity_id"], t["id"].dump());
  EXPECT_EQ(audited["actor_id"], UserId("engineer"));
  json after = Expect(As("engineer").Get("/api/v1/tickets/" + t["id"].dump()), 200).Json();
  after["timeline"].erase(after["timeline"].size() - 1);  // the control's diagnosis
  EXPECT_EQ(after["timeline"], before["timeline"]);
  EXPECT_EQ(after["status"], "active");
  EXPECT_EQ(after["metrics"]["acknowledge"], before["metrics"]["acknowledge"]);
}

// SEC-3, issue 4 item 8: malformed JSON, a body that is not an object, an unknown
// field and a wrong type are 400 with the error shape, naming the field.
TEST_P(RobustnessApi, Sec3_BadBodiesAre400NamingTheField) {
  HttpClient& agent = As("agent");
  const std::string tickets = "/api/v1/tickets";
  ExpectError(agent.PostRaw(tickets, "{\"customer_id\": 1, \"title\": "), 400, "bad_request",
              nullptr);
  ExpectError(agent.PostRaw(tickets, "not json at all"), 400, "bad_request", nullptr);
  ExpectError(agent.PostRaw(tickets, ""), 400, "bad_request", nullptr);
  ExpectError(agent.PostRaw(tickets, "[1, 2]"), 400, "bad_request", nullptr);
  ExpectError(agent.Post(tickets, {{"customer_id", customer_}, {"title", "x"}, {"colour", "red"}}),
              400, "bad_request", "colour");
  ExpectError(agent.Post(tickets, {{"customer_id", customer_}, {"title", 42}}), 400, "bad_request",
              "title");
  ExpectError(agent.Post(tickets, {{"customer_id", "one"}, {"title", "x"}}), 400, "bad_request",
              "customer_id");
  ExpectError(agent.Post(tickets, {{"customer_id", 1.5}, {"title", "x"}}), 400, "bad_request",
              "customer_id");
  ExpectError(agent.Post(tickets, {{"title", "x"}}), 400, "bad_request", "customer_id");
  ExpectError(agent.Post(tickets, {{"customer_id", customer_}, {"title", "x"}, {"form", "text"}}),
              400, "bad_request", "form");
  ExpectError(agent.Post(tickets, {{"customer_id", customer_},
                                   {"title", "x"},
                                   {"received_at", "yesterday at noon"}}),
              400, "bad_request", "received_at");
  ExpectError(As("manager").Post("/api/v1/contracts", {{"customer_id", customer_},
                                                       {"number", "HT-X"},
                                                       {"value", "1.00"},
                                                       {"signed_on", "2026-01-01"},
                                                       {"system_ids", {"a"}}}),
              400, "bad_request", "system_ids");
  ExpectError(As("manager").Post("/api/v1/contracts", {{"customer_id", customer_},
                                                       {"number", "HT-X"},
                                                       {"value", 100},
                                                       {"signed_on", "2026-01-01"}}),
              400, "bad_request", "value");
  ExpectError(agent.PostRaw("/api/v1/session", "{\"login\": \"x\""), 400, "bad_request");
  // Value rules are 422, naming the field.
  ExpectError(As("manager").Post("/api/v1/contracts", {{"customer_id", customer_},
                                                       {"number", "HT-X"},
                                                       {"value", "-5"},
                                                       {"signed_on", "2026-01-01"}}),
              422, "invalid_input", "value");
  ExpectError(As("manager").Post("/api/v1/contracts", {{"customer_id", customer_},
                                                       {"number", "HT-X"},
                                                       {"value", "1.00"},
                                                       {"signed_on", "2026-02-30"}}),
              422, "invalid_input", "signed_on");
  ExpectError(As("manager").Post("/api/v1/contracts", {{"customer_id", customer_},
                                                       {"number", "HT-X"},
                                                       {"value", "1.00"},
                                                       {"signed_on", "2026-01-01"},
                                                       {"tz", "Mars/Olympus"}}),
              422, "invalid_input", "tz");
  // Unknown routes and methods: 404 and 405 with the same shape.
  ExpectError(agent.Get("/api/v1/nothing-here"), 404, "not_found", nullptr);
  ExpectError(agent.Send("PUT", tickets, "{}"), 405, "method_not_allowed", nullptr);
  EXPECT_EQ(server().Count("tickets"), 0);
}

// Issue 4 item 8: a body over the 25 MB limit is 413 with the error shape, and
// the server stays up: whether the client announces the size (Content-Length)
// or actually sends 26 MB.
TEST_P(RobustnessApi, Sec3_OversizedBodyIs413AndTheServerStaysUp) {
  const std::size_t too_big = 25 * 1024 * 1024 + 1;
  std::string cookie = "aftercare_session=" + As("agent").cookies().at("aftercare_session");
  std::string head = "POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie +
                     "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     "Content-Length: " +
                     std::to_string(too_big) + "\r\n\r\n";
  for (std::size_t sent : {std::size_t{0}, too_big}) {
    SCOPED_TRACE("body bytes sent: " + std::to_string(sent));
    std::string reply = RawExchange(server().port(), head, sent);
    ASSERT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 300);
    ExpectError(ParseRaw(reply), 413, "too_large", nullptr);
    Expect(Anonymous()->Get("/healthz"), 200);
  }
  // Chunked, with no length announced: cut off at the limit.
  std::string chunked = "POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie +
                        "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n";
  std::string chunk = "100000\r\n" + std::string(0x100000, 'x') + "\r\n";
  std::string body;
  for (int i = 0; i < 27; ++i) body += chunk;
  std::string reply = RawExchange(server().port(), chunked + body, 0);
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 300);
  Expect(Anonymous()->Get("/healthz"), 200);
  // A request under the server's limit is read and judged on its content: a JSON
  // body over 1 MiB is refused (issue 10), a smaller one by its fields' limits.
  std::string big_title(1024 * 1024, 'a');
  HttpResponse big =
      As("agent").Post("/api/v1/tickets", {{"customer_id", customer_}, {"title", big_title}});
  ExpectError(big, 413, "too_large", nullptr);
  big_title.resize(512 * 1024);
  HttpResponse ok =
      As("agent").Post("/api/v1/tickets", {{"customer_id", customer_}, {"title", big_title}});
  ExpectError(ok, 400, "bad_request", "title");
  Expect(As("agent").Get("/api/v1/me"), 200);
}

// SEC-3: a write acknowledged with 201 survives kill -9 of the server: restarted
// on the same database, the tickets, their events and the sessions are there.
TEST_P(RobustnessApi, Sec3_AcknowledgedWritesSurviveKill9) {
  const std::int64_t now = NowUnix();
  std::vector<json> created;
  for (int i = 0; i < 10; ++i) {
    created.push_back(CreateTicket({{"customer_id", customer_},
                                    {"title", "Crash test " + std::to_string(i)},
                                    {"received_at", Rfc3339(now - 600)}}));
  }
  json last = AddEvent(created.back()["id"], "first_contact", now - 300);
  json t = CreateTicket({{"customer_id", customer_}, {"title", "The very last write"}});
  server().Kill();
  server().Start();

  // The engineer's old session cookie works after the restart (sessions are data).
  json back = Expect(As("engineer").Get("/api/v1/tickets/" + t["id"].dump()), 200).Json();
  EXPECT_EQ(back["title"], "The very last write");
  EXPECT_EQ(back["number"], t["number"]);
  json back_last = Expect(As("engineer").Get("/api/v1/tickets/" + last["id"].dump()), 200).Json();
  EXPECT_EQ(back_last["timeline"], last["timeline"]);
  json list = Expect(As("agent").Get("/api/v1/tickets?limit=100"), 200).Json();
  EXPECT_EQ(list["items"].size(), 11u);
  // And the server takes writes again.
  json more = CreateTicket({{"customer_id", customer_}, {"title", "After the crash"}});
  EXPECT_GT(more["id"].get<std::int64_t>(), t["id"].get<std::int64_t>());

  // Twice more, each time right after the 201.
  for (int round = 0; round < 2; ++round) {
    json w =
        CreateTicket({{"customer_id", customer_}, {"title", "Round " + std::to_string(round)}});
    server().Kill();
    server().Start();
    EXPECT_EQ(Expect(As("agent").Get("/api/v1/tickets/" + w["id"].dump()), 200).Json()["title"],
              "Round " + std::to_string(round));
  }
}

// SEC-3: concurrent writers lose nothing and clash on nothing: 4 clients create
// tickets while 4 others add notes to one ticket, all at once. Every request is
// accepted (a 503 "busy" is retried, as the API asks), ticket numbers are
// unique, and the shared ticket's timeline has every note once, seq 1..N.
TEST_P(RobustnessApi, Sec3_ConcurrentWritesAreAllKept) {
  const std::string cookie = As("agent").cookies().at("aftercare_session");
  json target = CreateTicket({{"customer_id", customer_}, {"title", "Shared ticket"}});
  const std::string events = "/api/v1/tickets/" + target["id"].dump() + "/events";
  constexpr int kThreads = 8, kEach = 12;
  std::vector<std::vector<HttpResponse>> results(kThreads);
  std::vector<int> busy(kThreads, 0);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      try {
        HttpClient c(server());
        c.cookies()["aftercare_session"] = cookie;
        for (int k = 0; k < kEach; ++k) {
          std::string tag = std::to_string(i) + "-" + std::to_string(k);
          for (int attempt = 0;; ++attempt) {
            HttpResponse r = i % 2 == 0 ? c.Post("/api/v1/tickets", {{"customer_id", customer_},
                                                                     {"title", "Parallel " + tag}})
                                        : c.Post(events, {{"kind", "note"}, {"note", tag}});
            if (r.status == 503 && attempt < 20) {
              ++busy[i];
              std::this_thread::sleep_for(std::chrono::milliseconds(20));
              continue;
            }
            results[i].push_back(std::move(r));
            break;
          }
        }
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> numbers;
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(errors[i], "");
    for (const HttpResponse& r : results[i]) {
      EXPECT_EQ(r.status, 201) << r.Describe();
      if (i % 2 == 0 && r.status == 201) numbers.insert(r.Json()["number"].get<std::string>());
    }
  }
  EXPECT_EQ(numbers.size(), static_cast<std::size_t>(kThreads / 2 * kEach));
  json t = Expect(As("agent").Get("/api/v1/tickets/" + target["id"].dump()), 200).Json();
  ASSERT_EQ(t["timeline"].size(), static_cast<std::size_t>(1 + kThreads / 2 * kEach));
  std::set<std::string> notes;
  for (std::size_t k = 0; k < t["timeline"].size(); ++k) {
    EXPECT_EQ(t["timeline"][k]["seq"], k + 1);
    if (k > 0) notes.insert(t["timeline"][k]["note"].get<std::string>());
  }
  EXPECT_EQ(notes.size(), static_cast<std::size_t>(kThreads / 2 * kEach));
  EXPECT_EQ(server().Count("tickets"), 1 + kThreads / 2 * kEach);
  int total_busy = 0;
  for (int b : busy) total_busy += b;
  RecordProperty("busy_retries", total_busy);
}

// Regression (was a bug): the two backends answer the same
// request differently. A JSON string with a NUL character (\u0000) is stored on
// SQLite (POST /api/v1/customers {"name": "C\u0000x"} -> 201) but refused on
// PostgreSQL (-> 422 "text must not contain a NUL character" with field null).
// Expected: the same clean 4xx on both, naming the field.
TEST_P(RobustnessApi, Sec3_TextWithANulCharacterIsRefusedOnBothBackends) {
  HttpResponse c = As("agent").PostRaw("/api/v1/customers", R"({"name": "Nul\u0000Corp"})");
  EXPECT_TRUE(c.status == 400 || c.status == 422) << c.Describe();
  if (c.status >= 400) {
    EXPECT_EQ(c.Json()["error"]["field"], "name") << c.Describe();
  }
  HttpResponse t =
      As("agent").PostRaw("/api/v1/tickets", R"({"customer_id": )" + std::to_string(customer_) +
                                                 R"(, "title": "a\u0000b"})");
  EXPECT_TRUE(t.status == 400 || t.status == 422) << t.Describe();
  if (t.status >= 400) {
    EXPECT_EQ(t.Json()["error"]["field"], "title") << t.Describe();
  }
}

// A graceful stop (SIGTERM) while connections keep arriving exits 0 with nothing on
// stderr, every time. It once raced: the acceptor was closed on one thread while
// its accept handler re-armed it on another (UBSan: epoll_reactor.ipp "member
// access within null pointer", about 1 stop in 200-400). The acceptor now lives on
// a strand and the handler stops on operation_aborted. 300 rounds take minutes, so
// this stress test is DISABLED_ in the suite; run it with
// --gtest_also_run_disabled_tests --gtest_filter='*GracefulStop*sqlite'.
TEST_P(RobustnessApi, DISABLED_OpsGracefulStopWhileConnectionsArrive) {
  for (int round = 0; round < 300; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::atomic<bool> stop{false};
    std::uint16_t port = server().port();
    std::vector<std::thread> connectors;
    for (int i = 0; i < 4; ++i) {
      connectors.emplace_back([&] {
        while (!stop) {
          int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
          sockaddr_in addr{};
          addr.sin_family = AF_INET;
          addr.sin_port = htons(port);
          addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
          bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
          close(fd);
          if (!ok) break;
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    std::size_t log_before = server().StderrLog().size();
    int status = server().Stop();
    stop = true;
    for (auto& t : connectors) t.join();
    std::string log = server().StderrLog().substr(log_before);
    EXPECT_EQ(status, 0) << log;
    EXPECT_EQ(log, "");
    server().Start();
    if (HasFailure()) break;
  }
  Expect(Anonymous()->Get("/healthz"), 200);
}

// Operations: /healthz answers 200 with the schema version without a login;
// /metrics is Prometheus text with the request counter (by status class) and
// the tickets-created counter.
TEST_P(RobustnessApi, OpsHealthzAndMetrics) {
  auto anon = Anonymous();
  json h = Expect(anon->Get("/healthz"), 200).Json();
  EXPECT_EQ(h["status"], "ok");
  EXPECT_GE(h["schema_version"].get<int>(), 1);
  CreateTicket({{"customer_id", customer_}});
  anon->Get("/api/v1/me");  // a 401
  HttpResponse m = Expect(anon->Get("/metrics"), 200);
  EXPECT_NE(m.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(m.body.find("# TYPE aftercare_http_requests_total counter"), std::string::npos)
      << m.body;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      m.body, match, std::regex("aftercare_http_requests_total\\{class=\"2xx\"\\} ([0-9]+)")))
      << m.body;
  EXPECT_GE(std::stoll(match[1]), 5);
  ASSERT_TRUE(std::regex_search(
      m.body, match, std::regex("aftercare_http_requests_total\\{class=\"4xx\"\\} ([0-9]+)")))
      << m.body;
  EXPECT_GE(std::stoll(match[1]), 1);
  ASSERT_TRUE(
      std::regex_search(m.body, match, std::regex("aftercare_tickets_created_total ([0-9]+)")))
      << m.body;
  EXPECT_EQ(match[1], "1");
  // Every sample line is NAME{LABELS} VALUE or NAME VALUE.
  std::istringstream lines(m.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    EXPECT_TRUE(
        std::regex_match(line, std::regex("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? [0-9.eE+-]+")))
        << line;
  }
}

// Regression (was a bug): responses the HTTP layer writes by
// itself (413 for an oversized body, 400 for a malformed request) are not counted
// in aftercare_http_requests_total, so /metrics under-reports client errors.
// Send an oversized body (413), then GET /metrics: class="4xx" stays 0.
TEST_P(RobustnessApi, OpsMetricsCountTransportLevelErrors) {
  std::string head =
      "POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      "Content-Length: 99999999999\r\n\r\n";
  std::string reply = RawExchange(server().port(), head, 0);
  ASSERT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 300);
  HttpResponse m = Expect(Anonymous()->Get("/metrics"), 200);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      m.body, match, std::regex("aftercare_http_requests_total\\{class=\"4xx\"\\} ([0-9]+)")));
  EXPECT_GE(std::stoll(match[1]), 1) << m.body;
}

}  // namespace
}  // namespace aftercare::apitest

namespace aftercare::apitest {
namespace {

class QueryParamApi : public ApiTest {};
AFTERCARE_API_BACKENDS(QueryParamApi);

// A misspelt or unknown query parameter, or a flag that is not 0/1, is refused
// by name instead of silently answering with everything.
TEST_P(QueryParamApi, Sec3_UnknownQueryParametersAreRefusedByName) {
  ExpectError(As("agent").Get("/api/v1/tickets?stauts=open"), 400, "bad_request", "stauts");
  ExpectError(As("agent").Get("/api/v1/tickets?queue=yes"), 400, "bad_request", "queue");
  ExpectError(As("agent").Get("/api/v1/tickets?leftover=true"), 400, "bad_request", "leftover");
  ExpectError(As("agent").Get("/api/v1/customers?q=x"), 400, "bad_request", "q");
  ExpectError(admin().Get("/api/v1/audit?from=2026-01-01"), 400, "bad_request", "from");
  Expect(As("agent").Get("/api/v1/tickets?status=open&queue=1&leftover=0&limit=5"), 200);
  json doc = Expect(Anonymous()->Get("/api/v1/openapi.json"), 200).Json();
  bool documented = false;
  for (const auto& p : doc["paths"]["/api/v1/tickets"]["get"]["parameters"]) {
    documented = documented || (p["name"] == "leftover" && p["in"] == "query");
  }
  EXPECT_TRUE(documented) << doc["paths"]["/api/v1/tickets"];
}

}  // namespace
}  // namespace aftercare::apitest
