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
#include <set>
#include <thread>

#include "api_fixture.h"
#include "jobs/testing/loopback_server.h"

namespace aftercare::apitest {
namespace {

namespace fs = std::filesystem;
using jobs::FreePort;
using jobs::LoopbackServer;
using jobs::TempDir;

// aiosmtpd storing into DIR/mail (tests/mail/smtp_sink.py).
class MailSink : public LoopbackServer {
 public:
  MailSink(const fs::path& dir, int port)
      : LoopbackServer(port,
                       {"-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port), "-c",
                        "smtp_sink.Sink", (dir / "mail").string()},
                       AFTERCARE_TEST_MAIL, dir / "smtp.log"),
        maildir_(dir / "mail") {}
  // The mails taken, decoded by tests/mail/read_mail.py.
  json Messages() const {
    if (!fs::exists(maildir_ / "new")) return json::array();
    std::string cmd = std::string(jobs::kTestPython) + " " + AFTERCARE_TEST_MAIL +
                      "/read_mail.py " + maildir_.string();
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
      ::pclose(p);
    }
    return json::parse(out, nullptr, false);
  }

 private:
  fs::path maildir_;
};

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
                                          json{{"dingtalk", kDingTalkSecret}});
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
                                                {"secret", "whsec_dGVzdC13ZWJob29rLXNlY3JldA=="}}}}),
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

}  // namespace
}  // namespace aftercare::apitest
