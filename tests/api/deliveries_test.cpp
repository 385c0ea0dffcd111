// Notices beyond the app (issue 12 points 4, 6 and 7), through the API of a running
// server with its background jobs: an administrator's channels (an SMTP server,
// group robots) whose secrets are never shown again; a user's notice address and
// channels per kind; a warning that reaches its engineer by mail (aiosmtpd, read
// back by Python's email package) and the team's DingTalk robot (a local receiver
// that checks the signature itself); the delivery log with every attempt; a
// robot's rate limit kept by waiting; a dead letter sent again. Real time: short
// policy targets, no fake clock.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "api_fixture.h"
#include "jobs/testing/loopback_server.h"
#include "mail_sink.h"

namespace aftercare::apitest {
namespace {

namespace fs = std::filesystem;
using jobs::FreePort;
using jobs::LoopbackServer;
using jobs::TempDir;

// tests/robots/robot_sink.py: records each request, verifying signatures.
class RobotSink : public LoopbackServer {
 public:
  RobotSink(const fs::path& dir, int port, const json& secrets)
      : LoopbackServer(port,
                       {std::string(AFTERCARE_TEST_ROBOTS) + "/robot_sink.py",
                        std::to_string(port), (dir / "robots.jsonl").string(),
                        WriteSecrets(dir, secrets)},
                       AFTERCARE_TEST_ROBOTS, dir / "robots.log"),
        log_(dir / "robots.jsonl") {}
  std::vector<json> Requests() const {
    std::vector<json> out;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(json::parse(line));
    }
    return out;
  }

 private:
  static std::string WriteSecrets(const fs::path& dir, const json& secrets) {
    std::ofstream(dir / "secrets.json") << secrets.dump();
    return (dir / "secrets.json").string();
  }
  fs::path log_;
};

constexpr const char* kDingTalkSecret = "SECtest-dingtalk-secret-0001";
constexpr const char* kWebhookSecret = "whsec_dGVzdC13ZWJob29rLXNlY3JldA==";

class DeliveriesApi : public ApiTest {
 protected:
  bool BackgroundJobs() const override { return true; }

  void SetUp() override {
    ApiTest::SetUp();
    dir_ = std::make_unique<TempDir>("aftercare_deliveries_test");
    smtp_port_ = FreePort();
    mail_ = std::make_unique<MailSink>(dir_->path(), smtp_port_);
    robot_port_ = FreePort();
    robots_ = std::make_unique<RobotSink>(dir_->path(), robot_port_,
                                          json{{"dingtalk", kDingTalkSecret},
                                               {"webhook", kWebhookSecret}});
    ASSERT_TRUE(mail_->Ready());
    ASSERT_TRUE(robots_->Ready());
  }

  json MailChannel() {
    return Expect(admin().Post("/api/v1/channels",
                               {{"name", "服务邮箱"},
                                {"channel_kind", "email"},
                                {"settings",
                                 {{"host", "127.0.0.1"},
                                  {"port", smtp_port_},
                                  {"security", "none"},
                                  {"from", "service@aftercare.example"},
                                  {"from_name", "售后服务中心"}}}}),
                  201)
        .Json();
  }
  std::string RobotUrl(const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(robot_port_) + path;
  }
  // Polls GET /deliveries/{id} until its state is `state` (up to `seconds`).
  json WaitForDelivery(std::int64_t id, const std::string& state, int seconds) {
    json d;
    for (int i = 0; i < seconds * 10; ++i) {
      d = Expect(admin().Get("/api/v1/deliveries/" + std::to_string(id)), 200).Json();
      if (d["state"] == state) return d;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "delivery " << id << " is not " << state << ": " << d;
    return d;
  }

  std::unique_ptr<TempDir> dir_;
  int smtp_port_ = 0, robot_port_ = 0;
  std::unique_ptr<MailSink> mail_;
  std::unique_ptr<RobotSink> robots_;
};
AFTERCARE_API_BACKENDS(DeliveriesApi);

TEST_P(DeliveriesApi, ChannelsKeepTheirSecretsAndRefuseBadSettings) {
  json robot = Expect(admin().Post("/api/v1/channels",
                                   {{"name", "钉钉值班群"},
                                    {"channel_kind", "dingtalk"},
                                    {"secrets",
                                     {{"url", RobotUrl("/dingtalk?access_token=tok-123456")},
                                      {"secret", kDingTalkSecret}}}}),
                      201)
                   .Json();
  EXPECT_EQ(robot["secrets_set"], json({"secret", "url"}));
  EXPECT_EQ(robot["url_hint"], RobotUrl("/dingtalk?…"));
  EXPECT_EQ(robot["rate_per_minute"], 20);
  EXPECT_EQ(robot["notice_kinds"], json({"sla_warning", "sla_escalation"}));
  const std::string id = std::to_string(robot["id"].get<std::int64_t>());
  // Never shown again, nor kept readable in the database or the audit log.
  for (const std::string& text :
       {Expect(admin().Get("/api/v1/channels"), 200).body,
        Expect(admin().Get("/api/v1/channels/" + id), 200).body,
        Expect(admin().Get("/api/v1/audit?entity=channel"), 200).body,
        server().QueryScalar("SELECT settings || sealed_secret FROM channels WHERE id = " + id),
        server().QueryScalar("SELECT after_json FROM audit_log WHERE entity = 'channel'")}) {
    EXPECT_EQ(text.find(kDingTalkSecret), std::string::npos) << text;
    EXPECT_EQ(text.find("tok-123456"), std::string::npos) << text;
  }
  // A change that leaves the secrets out keeps them.
  json renamed = Expect(admin().Send("PATCH", "/api/v1/channels/" + id,
                                     json{{"name", "钉钉一线群"}}.dump()),
                        200)
                     .Json();
  EXPECT_EQ(renamed["secrets_set"], json({"secret", "url"}));

  // Bad input: a clear error naming the field, and nothing changes.
  const auto before = Snapshot();
  ExpectError(admin().Post("/api/v1/channels", {{"name", "x"}, {"channel_kind", "pager"}}), 422,
              "invalid_input", "channel_kind");
  ExpectError(admin().Post("/api/v1/channels",
                           {{"name", "x"}, {"channel_kind", "wecom"},
                            {"secrets", {{"url", "ftp://example.com/robot"}}}}),
              422, "invalid_input", "secrets.url");
  ExpectError(admin().Post("/api/v1/channels", {{"name", "x"}, {"channel_kind", "webhook"},
                                                {"secrets", {{"url", RobotUrl("/webhook")}}}}),
              422, "invalid_input", "secrets.secret");
  ExpectError(admin().Post("/api/v1/channels",
                           {{"name", "x"}, {"channel_kind", "email"},
                            {"settings", {{"host", "mail"}, {"port", 70000}, {"from", "a@b.c"}}}}),
              422, "invalid_input", "settings.port");
  ExpectError(admin().Post("/api/v1/channels",
                           {{"name", "x"}, {"channel_kind", "email"}, {"team_id", 1},
                            {"settings", {{"host", "mail"}, {"from", "a@b.c"}}}}),
              422, "invalid_input", "team_id");
  ExpectError(admin().Post("/api/v1/channels",
                           {{"name", "钉钉一线群"}, {"channel_kind", "dingtalk"},
                            {"secrets", {{"url", RobotUrl("/dingtalk")}}}}),
              409, "conflict", "name");
  ExpectError(admin().Send("PATCH", "/api/v1/channels/" + id,
                           json{{"channel_kind", "wecom"}}.dump()),
              422, "invalid_input", "channel_kind");
  ExpectError(admin().Get("/api/v1/channels/9999"), 404, "not_found", nullptr);
  EXPECT_EQ(Snapshot(), before);
  // Administrators only.
  ExpectError(As("manager").Get("/api/v1/channels"), 403, "forbidden", nullptr);
  ExpectError(As("manager").Get("/api/v1/deliveries"), 403, "forbidden", nullptr);
}

TEST_P(DeliveriesApi, AWarningReachesTheEngineerByMailAndTheTeamsRobot) {
  MailChannel();
  json team = Expect(As("manager").Post("/api/v1/teams",
                                        {{"name", "一线"}, {"leader_id", UserId("team_leader")}}),
                     201)
                  .Json();
  Expect(As("manager").Post(
             "/api/v1/teams/" + std::to_string(team["id"].get<std::int64_t>()) + "/members",
             {{"user_id", UserId("engineer")}}),
         201);
  Expect(admin().Post("/api/v1/channels",
                      {{"name", "一线钉钉群"},
                       {"channel_kind", "dingtalk"},
                       {"team_id", team["id"]},
                       {"settings", {{"format", "text"}}},
                       {"secrets",
                        {{"url", RobotUrl("/dingtalk?access_token=tok-1")},
                         {"secret", kDingTalkSecret}}}}),
         201);
  json prefs = Expect(As("engineer").Send("PUT", "/api/v1/notifications/preferences",
                                          json{{"email", "zhang.gong@example.com"}}.dump()),
                      200)
                   .Json();
  EXPECT_EQ(prefs["kinds"]["sla_warning"]["email"], true);
  ExpectError(As("engineer").Send("PUT", "/api/v1/notifications/preferences",
                                  json{{"kinds", {{"sla_warning", {{"in_app", false}}}}}}.dump()),
              422, "invalid_input", "kinds.sla_warning");

  const char* fast =
      "policy:\n"
      "  name: fast-ack\n"
      "  metrics:\n"
      "    - {name: acknowledge, kind: response, start: received, stop: first_contact,\n"
      "       target: {default: 60s}, warn_at: 5%, escalate_every: 1h}\n";
  Expect(admin().Post("/api/v1/policies", {{"name", "fast-ack"}, {"body", fast}}), 201);
  std::int64_t customer = CreateCustomer("湖滨医院");
  CreateContract(customer, "HT-MAIL-1", "1000000.00", {{"policy", "fast-ack"}});
  json ticket = CreateTicket({{"customer_id", customer},
                              {"title", "收费系统无法登录"},
                              {"assignee_id", UserId("engineer")}},
                             &As("agent"));
  const std::int64_t id = ticket["id"];
  // 3 s: the warning, by mail and to the team's robot (the engineer was also told by
  // mail that the ticket was assigned to them).
  auto warnings = [&] {
    json out = json::array();
    for (const json& m : mail_->Messages()) {
      if (m["subject"].get<std::string>().rfind("【SLA预警】", 0) == 0) out.push_back(m);
    }
    return out;
  };
  json mails;
  for (int i = 0; i < 150 && (mails.empty() || robots_->Requests().empty()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    mails = warnings();
  }
  ASSERT_EQ(mails.size(), 1u) << mail_->Messages();
  EXPECT_EQ(mails[0]["rcpt_to"], "zhang.gong@example.com");
  EXPECT_EQ(mails[0]["from"], "售后服务中心 <service@aftercare.example>");
  const std::string number = ticket["number"];
  EXPECT_NE(mails[0]["subject"].get<std::string>().find("【SLA预警】工单 " + number),
            std::string::npos)
      << mails[0]["subject"];
  EXPECT_NE(mails[0]["text"].get<std::string>().find("收费系统无法登录"), std::string::npos);
  EXPECT_NE(mails[0]["html"].get<std::string>().find("首次响应"), std::string::npos);
  std::set<std::string> subjects;
  for (const json& m : mail_->Messages()) subjects.insert(m["subject"]);
  EXPECT_EQ(subjects.count("【工单指派】工单 " + number + "「收费系统无法登录」 已指派给您"), 1u)
      << mail_->Messages();
  auto posts = robots_->Requests();
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0]["verified"], true) << posts[0];
  json body = json::parse(posts[0]["body"].get<std::string>());
  EXPECT_EQ(body["msgtype"], "text");
  EXPECT_NE(body["text"]["content"].get<std::string>().find(number), std::string::npos);

  // The evidence on the ticket's timeline: told in the app, by mail, on the robot.
  json full = Expect(As("manager").Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  std::set<std::string> channels;
  for (const json& e : full["timeline"]) {
    if (e["kind"] != "alerted") continue;
    for (const json& r : e["data"]["recipients"]) channels.insert(r["channel"]);
  }
  EXPECT_EQ(channels, (std::set<std::string>{"in_app", "email", "dingtalk"}));
  // The delivery log: the warning's two copies sent, each with its attempt and the
  // remote answer.
  json log = Expect(admin().Get("/api/v1/deliveries?ticket_id=" + std::to_string(id)), 200).Json();
  int warning_copies = 0;
  for (const json& d : log["items"]) {
    if (d["notice_kind"] != "sla_warning") continue;
    ++warning_copies;
    json one = WaitForDelivery(d["id"], "sent", 5);
    ASSERT_EQ(one["log"].size(), 1u) << one;
    EXPECT_EQ(one["log"][0]["outcome"], "sent");
    EXPECT_FALSE(one["log"][0]["answer"].get<std::string>().empty());
    EXPECT_NE(one["subject"].get<std::string>().find(number), std::string::npos);
  }
  EXPECT_EQ(warning_copies, 2) << log;
  // Sent once: a recomputation or a restart tells nobody twice.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(warnings().size(), 1u);
  EXPECT_EQ(robots_->Requests().size(), 1u);
}

TEST_P(DeliveriesApi, FailuresRetryThenDieAndAnAdministratorSendsThemAgain) {
  // A robot that answers 503: retried after 5 s.
  json flaky = Expect(admin().Post("/api/v1/channels",
                                   {{"name", "不稳定的群"},
                                    {"channel_kind", "dingtalk"},
                                    {"secrets", {{"url", RobotUrl("/dingtalk/status/503")},
                                                 {"secret", kDingTalkSecret}}}}),
                      201)
                   .Json();
  const std::string flaky_id = std::to_string(flaky["id"].get<std::int64_t>());
  json test =
      Expect(admin().Post("/api/v1/channels/" + flaky_id + "/test", json::object()), 202).Json();
  const std::int64_t d = test["id"];
  json seen;
  for (int i = 0; i < 100; ++i) {
    seen = Expect(admin().Get("/api/v1/deliveries/" + std::to_string(d)), 200).Json();
    if (seen["log"].size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GE(seen["log"].size(), 2u) << seen;
  EXPECT_EQ(seen["state"], "pending");
  EXPECT_EQ(seen["log"][0]["outcome"], "failed");
  EXPECT_NE(seen["log"][0]["answer"].get<std::string>().find("503"), std::string::npos)
      << seen["log"][0];
  EXPECT_GE(ParseTime(seen["log"][1]["started_at"]) - ParseTime(seen["log"][0]["started_at"]), 4);
  // The robot is mended: the next attempt goes through.
  Expect(admin().Send("PATCH", "/api/v1/channels/" + flaky_id,
                      json{{"secrets", {{"url", RobotUrl("/dingtalk")}}}}.dump()),
         200);
  WaitForDelivery(d, "sent", 20);

  // A webhook that refuses (400): permanent, dead at once; sent again by hand.
  json hook = Expect(admin().Post("/api/v1/channels",
                                  {{"name", "工单系统回调"},
                                   {"channel_kind", "webhook"},
                                   {"secrets", {{"url", RobotUrl("/webhook/status/400")},
                                                {"secret", kWebhookSecret}}}}),
                     201)
                  .Json();
  const std::string hook_id = std::to_string(hook["id"].get<std::int64_t>());
  json dead = Expect(admin().Post("/api/v1/channels/" + hook_id + "/test", json::object()), 202)
                  .Json();
  json died = WaitForDelivery(dead["id"], "dead", 10);
  EXPECT_NE(died["last_error"].get<std::string>().find("400"), std::string::npos) << died;
  json listed = Expect(admin().Get("/api/v1/deliveries?state=dead"), 200).Json();
  ASSERT_EQ(listed["items"].size(), 1u);
  ExpectError(admin().Post("/api/v1/deliveries/" + std::to_string(d) + "/resend", json::object()),
              409, "conflict", "state");
  Expect(admin().Send("PATCH", "/api/v1/channels/" + hook_id,
                      json{{"secrets", {{"url", RobotUrl("/webhook")}}}}.dump()),
         200);
  Expect(admin().Post("/api/v1/deliveries/" + dead["id"].dump() + "/resend", json::object()), 200);
  json resent = WaitForDelivery(dead["id"], "sent", 10);
  EXPECT_EQ(resent["log"].size(), 2u);
  // Every attempt carried the same webhook-id: the receiver can drop a repeat.
  std::set<std::string> ids;
  for (const json& r : robots_->Requests()) {
    if (r["path"].get<std::string>().rfind("/webhook", 0) == 0) ids.insert(r["headers"]["webhook-id"]);
  }
  EXPECT_EQ(ids.size(), 1u);
}

TEST_P(DeliveriesApi, ARobotsRateLimitIsKeptByWaitingNeverByDropping) {
  json robot = Expect(admin().Post("/api/v1/channels",
                                   {{"name", "企业微信群"},
                                    {"channel_kind", "wecom"},
                                    {"rate_per_minute", 2},
                                    {"secrets", {{"url", RobotUrl("/wecom?key=abc")}}}}),
                      201)
                   .Json();
  const std::string id = std::to_string(robot["id"].get<std::int64_t>());
  std::vector<std::int64_t> sent;
  for (int i = 0; i < 4; ++i) {
    sent.push_back(
        Expect(admin().Post("/api/v1/channels/" + id + "/test", json::object()), 202).Json()["id"]);
  }
  WaitForDelivery(sent[0], "sent", 10);
  WaitForDelivery(sent[1], "sent", 10);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const std::int64_t now = NowUnix();
  for (int i = 2; i < 4; ++i) {
    json d = Expect(admin().Get("/api/v1/deliveries/" + std::to_string(sent[i])), 200).Json();
    EXPECT_EQ(d["state"], "pending") << d;
    EXPECT_TRUE(d["log"].empty()) << d;
    EXPECT_GE(ParseTime(d["next_attempt_at"]), now + 50) << d;
  }
  EXPECT_EQ(robots_->Requests().size(), 2u);
}

// Issue 12's delivery guarantees under load: each notice reaches its webhook once
// when two servers share a PostgreSQL queue, and a server killed mid-send loses
// nothing and repeats only what it cannot know was sent (with the same webhook-id).
class DeliveryGuarantees : public DeliveriesApi {
 protected:
  // A signed webhook channel to the receiver's `path` (no rate limit).
  std::string WebhookChannel(const std::string& name, const std::string& path) {
    json hook = Expect(admin().Post("/api/v1/channels",
                                    {{"name", name},
                                     {"channel_kind", "webhook"},
                                     {"secrets", {{"url", RobotUrl(path)},
                                                  {"secret", kWebhookSecret}}}}),
                       201)
                    .Json();
    EXPECT_EQ(hook["rate_per_minute"], 0);
    return std::to_string(hook["id"].get<std::int64_t>());
  }
  // How many requests the receiver took per webhook-id; every one correctly signed.
  std::map<std::string, int> WebhookIds() {
    std::map<std::string, int> ids;
    for (const json& r : robots_->Requests()) {
      if (r["path"].get<std::string>().rfind("/webhook", 0) != 0) continue;
      EXPECT_EQ(r["verified"], true) << r;
      ++ids[r["headers"].value("webhook-id", "")];
    }
    return ids;
  }
  std::int64_t Scalar(const std::string& sql) { return std::stoll(server().QueryScalar(sql)); }
  // `expr` of every row of `from_where`, comma-separated (one query on either backend).
  std::vector<std::string> Column(const std::string& expr, const std::string& from_where) {
    const std::string agg = server().backend() == Backend::kPostgres
                                ? "string_agg(" + expr + ", ',')"
                                : "group_concat(" + expr + ", ',')";
    std::vector<std::string> out;
    std::stringstream all(server().QueryScalar("SELECT " + agg + " " + from_where));
    for (std::string item; std::getline(all, item, ',');) out.push_back(item);
    return out;
  }
  // Waits up to `seconds` until every delivery is sent; false if some are not.
  bool WaitAllSent(std::int64_t want, int seconds) {
    for (int i = 0; i < seconds * 5; ++i) {
      if (Scalar("SELECT COUNT(*) FROM deliveries WHERE state = 'sent'") >= want &&
          Scalar("SELECT COUNT(*) FROM deliveries WHERE state <> 'sent'") == 0) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }
  // Restarts the fixture's server with `threads` job threads and `args`.
  void Restart(int threads, std::vector<std::string> args = {}) {
    server().Stop();
    server().set_job_threads(threads);
    server().set_serve_args(std::move(args));
    server().Start();
  }
};
AFTERCARE_API_BACKENDS(DeliveryGuarantees);

TEST_P(DeliveryGuarantees, TwoServersOnOnePostgresqlDeliverEachNoticeExactlyOnce) {
  if (GetParam() == Backend::kSqlite) {
    GTEST_SKIP() << "PostgreSQL only: servers share the job queue on PostgreSQL (FOR UPDATE "
                    "SKIP LOCKED); on SQLite one process runs it";
  }
  Restart(2);
  TestServer second(server(), 2);
  HttpClient admin2(second);
  Expect(admin2.Login(TestServer::kAdminLogin, TestServer::kAdminPassword), 200);
  // A receiver that takes 20 ms per request, so that both servers have work in hand.
  const std::string hook = WebhookChannel("工单系统回调", "/webhook/sleep/0.02");

  // 50 SLA warnings, 3 s after each ticket arrives (5% of 60 s), to the webhook (a
  // global channel takes warnings); their timers run on either server.
  const char* fast =
      "policy:\n"
      "  name: fast-ack\n"
      "  metrics:\n"
      "    - {name: acknowledge, kind: response, start: received, stop: first_contact,\n"
      "       target: {default: 60s}, warn_at: 5%, escalate_every: 1h}\n";
  Expect(admin().Post("/api/v1/policies", {{"name", "fast-ack"}, {"body", fast}}), 201);
  const std::int64_t customer = CreateCustomer("湖滨医院");
  CreateContract(customer, "HT-TWO-1", "1000000.00", {{"policy", "fast-ack"}});
  constexpr int kTickets = 50, kTests = 200;
  for (int i = 0; i < kTickets; ++i) {
    CreateTicket({{"customer_id", customer}, {"title", "收费系统无法登录 " + std::to_string(i)}},
                 &As("agent"));
  }
  // 200 test messages, half through each server.
  for (int i = 0; i < kTests; ++i) {
    Expect((i % 2 == 0 ? admin() : admin2).Post("/api/v1/channels/" + hook + "/test",
                                                json::object()),
           202);
  }
  ASSERT_TRUE(WaitAllSent(kTickets + kTests, 60))
      << server().QueryScalar("SELECT COUNT(*) FROM deliveries WHERE state = 'sent'") << " of "
      << server().QueryScalar("SELECT COUNT(*) FROM deliveries") << " sent";
  // Each warning made once (its timer ran on one server), each copy sent once.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM deliveries WHERE notice_kind = 'sla_warning'"),
            kTickets);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM deliveries WHERE notice_kind = 'channel_test'"), kTests);
  const std::int64_t deliveries = Scalar("SELECT COUNT(*) FROM deliveries");
  const auto ids = WebhookIds();
  std::set<std::string> want;
  for (const std::string& key : Column("idempotency_key", "FROM deliveries")) {
    want.insert("msg_" + key);
  }
  ASSERT_EQ(static_cast<std::int64_t>(want.size()), deliveries);
  std::set<std::string> got;
  for (const auto& [id, n] : ids) {
    got.insert(id);
    EXPECT_EQ(n, 1) << "webhook-id " << id << " received " << n << " times";
  }
  EXPECT_EQ(got, want);
  // The delivery log: one attempt each, sent; both servers' workers sent some.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM delivery_attempts"), deliveries);
  EXPECT_EQ(Scalar("SELECT COUNT(DISTINCT delivery_id) FROM delivery_attempts WHERE outcome = "
                   "'sent'"),
            deliveries);
  const auto workers = Column("DISTINCT worker", "FROM delivery_attempts");
  EXPECT_EQ(workers.size(), 2u) << ::testing::PrintToString(workers);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'delivery.send'"), 0);
  EXPECT_EQ(second.Stop(), 0) << second.StderrLog();
}

TEST_P(DeliveryGuarantees, KillDuringDeliveriesLosesNothingAndRepeatsOnlyCutAttempts) {
  // Jobs leased for 5 s: a killed server's deliveries are taken up again soon.
  Restart(2, {"--job-lease", "5"});
  // A receiver that answers after 100 ms (it records the request first): a kill
  // often cuts an attempt whose request arrived but whose answer was not recorded.
  const std::string hook = WebhookChannel("工单系统回调", "/webhook/sleep/0.1");
  constexpr int kDeliveries = 60, kKills = 4;
  for (int i = 0; i < kDeliveries; ++i) {
    Expect(admin().Post("/api/v1/channels/" + hook + "/test", json::object()), 202);
  }
  std::mt19937 random(std::random_device{}());
  std::int64_t sent_before = -1;
  for (int kill = 0; kill < kKills; ++kill) {
    // Once this run has sent something more, a kill -9 at a random moment.
    for (int i = 0; i < 150; ++i) {
      const std::int64_t sent = Scalar("SELECT COUNT(*) FROM deliveries WHERE state = 'sent'");
      if (sent > sent_before || sent == kDeliveries) {
        sent_before = sent;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 400)(random)));
    server().Kill();
    server().Start();
  }
  ASSERT_TRUE(WaitAllSent(kDeliveries, 60))
      << server().QueryScalar("SELECT COUNT(*) FROM deliveries WHERE state = 'sent'") << " of "
      << kDeliveries << " sent";

  // Nothing lost: every delivery sent, its one `sent` attempt in the log, its
  // webhook-id at the receiver.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM deliveries"), kDeliveries);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM delivery_attempts WHERE outcome = 'sent'"), kDeliveries);
  EXPECT_EQ(Scalar("SELECT COUNT(DISTINCT delivery_id) FROM delivery_attempts WHERE outcome = "
                   "'sent'"),
            kDeliveries);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM delivery_attempts WHERE outcome = 'failed'"), 0);
  // Nothing sent twice but what a kill cut: each delivery's requests beyond the
  // first are at most its attempts left `sending` (their outcome unknown), and
  // every repeat carries the same webhook-id, so the receiver can drop it.
  const auto ids = WebhookIds();
  int repeats = 0, cut = 0;
  for (const std::string& row :
       Column("d.idempotency_key || ':' || (SELECT COUNT(*) FROM delivery_attempts a WHERE "
              "a.delivery_id = d.id AND a.outcome = 'sending')",
              "FROM deliveries d")) {
    const std::string id = "msg_" + row.substr(0, row.find(':'));
    const int sending = std::stoi(row.substr(row.find(':') + 1));
    cut += sending;
    auto it = ids.find(id);
    ASSERT_NE(it, ids.end()) << "webhook-id " << id << " never reached the receiver";
    EXPECT_LE(it->second - 1, sending)
        << "webhook-id " << id << " received " << it->second << " times, " << sending
        << " attempts cut by a kill";
    repeats += it->second - 1;
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kDeliveries));
  std::printf("%d kills: %d attempts cut (left `sending`), %d repeats at the receiver\n", kKills,
              cut, repeats);
}

}  // namespace
}  // namespace aftercare::apitest
