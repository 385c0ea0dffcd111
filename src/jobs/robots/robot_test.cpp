// The group-chat robots and signed webhooks (issue 12 point 4). Two halves:
//  - the pure builders against fixed timestamps: each kind's exact bytes, the
//    signatures as known answers (computed by Python's hmac, not by this code),
//    cutting at UTF-8 boundaries, settings and messages refused, answers judged;
//  - SendRobot against a real HTTP receiver started per test on a free loopback
//    port (tests/robots/robot_sink.py): it records each request, checks the
//    signature itself and answers the error codes and statuses a path asks for,
//    so delivery, each failure's class, a closed port and a timeout are real.
// No error's message or detail may show the secret, the WeCom key or the path.
#include "jobs/robots/robot.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"
#include "jobs/testing/loopback_server.h"

namespace aftercare::jobs::robots {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr Instant kNow{1'772'413'500};  // 2026-03-02T01:05:00Z
constexpr const char* kWeComUrl =
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
constexpr const char* kDingTalkUrl = "https://oapi.dingtalk.com/robot/send?access_token=d2b0c7e1";
constexpr const char* kFeishuUrl = "https://open.feishu.cn/open-apis/bot/v2/hook/2f7c-9e1a-hook";
constexpr const char* kDingTalkSecret = "SEC1f2e3d4c5b6a79881726354453627180";
constexpr const char* kFeishuSecret = "b8Kd2fLQx7mN0pRz";
// The Standard Webhooks specification's example secret.
constexpr const char* kWebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

RobotSettings Settings(RobotKind kind, std::string url, std::string secret = {},
                       RobotFormat format = RobotFormat::kText) {
  RobotSettings s;
  s.kind = kind;
  s.url = std::move(url);
  s.secret = std::move(secret);
  s.format = format;
  return s;
}

RobotMessage Message(Instant now = kNow) {
  RobotMessage m;
  m.title = "工单 HT-7 即将超时";
  m.text = "响应时限 10:05，还剩 5 分钟。\n请 \"张三\" 尽快处理。";
  m.type = "sla.warning";
  m.data = {{"ticket", "HT-7"}, {"metric", "response"}};
  m.idempotency_key = "msg_42";
  m.now = now;
  return m;
}

RobotRequest Build(const RobotSettings& s, const RobotMessage& m) {
  Result<RobotRequest> r = BuildRobotRequest(s, m);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? r.value() : RobotRequest{};
}

const std::vector<std::string> kJson = {"Content-Type: application/json"};

TEST(RobotNames, ParseAndName) {
  for (RobotKind k :
       {RobotKind::kWeCom, RobotKind::kDingTalk, RobotKind::kFeishu, RobotKind::kWebhook}) {
    EXPECT_EQ(ParseRobotKind(Name(k)).value(), k);
  }
  EXPECT_EQ(Name(RobotKind::kDingTalk), "dingtalk");
  ASSERT_FALSE(ParseRobotKind("slack").ok());
  EXPECT_EQ(ParseRobotKind("slack").error().field, "kind");
  EXPECT_EQ(ParseRobotFormat("markdown").value(), RobotFormat::kMarkdown);
  EXPECT_EQ(Name(ParseRobotFormat("text").value()), "text");
  EXPECT_EQ(ParseRobotFormat("html").error().field, "format");
}

TEST(RobotBuild, WeComText) {
  RobotRequest r = Build(Settings(RobotKind::kWeCom, kWeComUrl), Message());
  EXPECT_EQ(r.url, kWeComUrl);
  EXPECT_EQ(r.headers, kJson);
  EXPECT_EQ(r.body, R"({"msgtype":"text","text":{"content":"工单 HT-7 即将超时\n响应时限 10:05，)"
                    R"(还剩 5 分钟。\n请 \"张三\" 尽快处理。"}})");
}

TEST(RobotBuild, WeComMarkdown) {
  RobotRequest r =
      Build(Settings(RobotKind::kWeCom, kWeComUrl, {}, RobotFormat::kMarkdown), Message());
  EXPECT_EQ(r.body,
            R"({"msgtype":"markdown","markdown":{"content":"### 工单 HT-7 即将超时\n响应时限 )"
            R"(10:05，还剩 5 分钟。\n请 \"张三\" 尽快处理。"}})");
}

TEST(RobotBuild, DingTalkSignedText) {
  // timestamp 1772413503000; the sign computed by Python's hmac and base64,
  // then quoted: its + / = percent-encoded.
  RobotRequest r = Build(Settings(RobotKind::kDingTalk, kDingTalkUrl, kDingTalkSecret),
                         Message(Instant{1'772'413'503}));
  EXPECT_EQ(r.url, std::string(kDingTalkUrl) +
                       "&timestamp=1772413503000"
                       "&sign=Mw%2FjgS7IT62eknicGh%2B7b8veoDNKBWuBrkfXtU8A%2BgE%3D");
  EXPECT_EQ(r.headers, kJson);
  EXPECT_EQ(r.body, R"({"msgtype":"text","text":{"content":"工单 HT-7 即将超时\n响应时限 10:05，)"
                    R"(还剩 5 分钟。\n请 \"张三\" 尽快处理。"}})");
}

TEST(RobotBuild, DingTalkMarkdownWithoutSecretAndAUrlWithoutQuery) {
  RobotRequest r =
      Build(Settings(RobotKind::kDingTalk, "http://robot.example/send", {}, RobotFormat::kMarkdown),
            Message());
  EXPECT_EQ(r.url, "http://robot.example/send");
  EXPECT_EQ(r.body,
            R"({"msgtype":"markdown","markdown":{"title":"工单 HT-7 即将超时","text":"### )"
            R"(工单 HT-7 即将超时\n响应时限 10:05，还剩 5 分钟。\n请 \"张三\" 尽快处理。"}})");
  r = Build(Settings(RobotKind::kDingTalk, "http://robot.example/send", "s3cret"), Message());
  EXPECT_TRUE(r.url.starts_with("http://robot.example/send?timestamp=1772413500000&sign="))
      << r.url;
}

TEST(RobotBuild, FeishuSigned) {
  RobotRequest r = Build(Settings(RobotKind::kFeishu, kFeishuUrl, kFeishuSecret), Message());
  EXPECT_EQ(r.url, kFeishuUrl);
  EXPECT_EQ(r.headers, kJson);
  EXPECT_EQ(r.body,
            R"({"timestamp":"1772413500","sign":"cPBUN8lJmM/UniouljRsDU3ePz12/fQk45m1SlIsv6g=",)"
            R"("msg_type":"text","content":{"text":"工单 HT-7 即将超时\n响应时限 10:05，)"
            R"(还剩 5 分钟。\n请 \"张三\" 尽快处理。"}})");
  r = Build(Settings(RobotKind::kFeishu, kFeishuUrl), Message());
  EXPECT_TRUE(r.body.starts_with(R"({"msg_type":"text","content":{"text":")")) << r.body;
}

TEST(RobotBuild, WebhookStandardWebhooks) {
  const std::string body = R"({"type":"sla.warning","timestamp":"2026-03-02T01:05:00Z",)"
                           R"("data":{"metric":"response","ticket":"HT-7"}})";
  RobotRequest r =
      Build(Settings(RobotKind::kWebhook, "https://hooks.example/in", kWebhookSecret), Message());
  EXPECT_EQ(r.url, "https://hooks.example/in");
  EXPECT_EQ(r.body, body);
  EXPECT_EQ(r.headers, (std::vector<std::string>{
                           "Content-Type: application/json", "webhook-id: msg_42",
                           "webhook-timestamp: 1772413500",
                           "webhook-signature: v1,LOoAIjKjyTv8S23zTuqX0F9H6gd815Ixuo1WP1AfoOs="}));
  // A secret without whsec_ is the key's bytes as they are.
  r = Build(Settings(RobotKind::kWebhook, "https://hooks.example/in", "plain-secret"), Message());
  EXPECT_EQ(r.headers.back(), "webhook-signature: v1,zy8robL+Y7ePctpCR2JyghavNjqYJjyuOzAe+UBmdv8=");
  // No data: the title and the text are.
  RobotMessage m = Message();
  m.data = nullptr;
  r = Build(Settings(RobotKind::kWebhook, "https://hooks.example/in", kWebhookSecret), m);
  EXPECT_EQ(nlohmann::json::parse(r.body)["data"],
            (nlohmann::json{{"title", m.title}, {"text", m.text}}));
}

// A webhook's payload is its data: it needs no title or text.
TEST(RobotBuild, AWebhookNeedsNoText) {
  RobotMessage m = Message();
  m.title.clear();
  m.text.clear();
  EXPECT_TRUE(BuildRobotRequest(
                  Settings(RobotKind::kWebhook, "https://hooks.example/in", kWebhookSecret), m)
                  .ok());
}

TEST(RobotBuild, TheSameMessageGivesTheSameBytes) {
  RobotSettings s = Settings(RobotKind::kWebhook, "https://hooks.example/in", kWebhookSecret);
  RobotRequest a = Build(s, Message()), b = Build(s, Message());
  EXPECT_EQ(a.headers, b.headers);
  EXPECT_EQ(a.body, b.body);
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Each position a limit can fall at inside 3- and 4-byte characters.
TEST(RobotTruncate, AtCharacterBoundaries) {
  struct Case {
    std::string text;
    std::size_t max;
    std::string want;
  };
  const std::string zh = Repeat("中", 10);  // 30 bytes
  const Case cases[] = {
      {zh, 30, zh},                                 // fits exactly
      {zh, 29, Repeat("中", 8) + "…"},              // 26 bytes kept: 9 would be 27 > 26
      {zh, 27, Repeat("中", 8) + "…"},              // 24 + 3
      {"a" + zh, 30, "a" + Repeat("中", 8) + "…"},  // cut falls after the 1st byte
      {"ab" + zh, 30, "ab" + Repeat("中", 8) + "…"},
      {"abc" + zh, 30, "abc" + Repeat("中", 8) + "…"},
      {Repeat("😀", 5), 19, Repeat("😀", 4) + "…"},  // 4-byte characters: 16 + 3
      {Repeat("😀", 5), 18, Repeat("😀", 3) + "…"},
      {"abcdef", 5, "ab…"},
      {"", 3, ""},
  };
  for (const Case& c : cases) {
    std::string got = TruncateUtf8(c.text, c.max);
    EXPECT_EQ(got, c.want) << c.text << " at " << c.max;
    EXPECT_LE(got.size(), c.max);
    EXPECT_TRUE(IsValidUtf8(got));
  }
}

// The chat robots' limits with Chinese text, the title's line included.
TEST(RobotTruncate, EachKindsLimit) {
  struct Case {
    RobotKind kind;
    RobotFormat format;
    const char* url;
    std::size_t limit;
  };
  const Case cases[] = {
      {RobotKind::kWeCom, RobotFormat::kText, kWeComUrl, kWeComTextBytes},
      {RobotKind::kWeCom, RobotFormat::kMarkdown, kWeComUrl, kWeComMarkdownBytes},
      {RobotKind::kDingTalk, RobotFormat::kText, kDingTalkUrl, kDingTalkBytes},
      {RobotKind::kDingTalk, RobotFormat::kMarkdown, kDingTalkUrl, kDingTalkBytes},
      {RobotKind::kFeishu, RobotFormat::kText, kFeishuUrl, kFeishuBytes},
  };
  for (const Case& c : cases) {
    RobotSettings s = Settings(c.kind, c.url, {}, c.format);
    RobotMessage m = Message();
    m.title.clear();
    std::string heading;  // DingTalk's markdown needs its title, the content's first line
    if (c.kind == RobotKind::kDingTalk && c.format == RobotFormat::kMarkdown) {
      m.title = "T";
      heading = "### T\n";
    }
    for (std::size_t pad = 0; pad < 3; ++pad) {  // the limit at each byte of a character
      m.text = std::string(pad, 'x') + Repeat("超时", static_cast<int>(c.limit / 6 + 1));
      nlohmann::json body = nlohmann::json::parse(Build(s, m).body);
      std::string content = c.kind == RobotKind::kFeishu ? body["content"]["text"]
                            : c.format == RobotFormat::kMarkdown && c.kind == RobotKind::kDingTalk
                                ? body["markdown"]["text"]
                            : c.format == RobotFormat::kMarkdown ? body["markdown"]["content"]
                                                                 : body["text"]["content"];
      SCOPED_TRACE(std::string(Name(c.kind)) + " " + std::string(Name(c.format)) + " pad " +
                   std::to_string(pad));
      EXPECT_LE(content.size(), c.limit);
      EXPECT_GT(content.size(), c.limit - 6);  // no more than one character and "…" lost
      EXPECT_TRUE(content.ends_with("…"));
      ASSERT_TRUE(content.starts_with(heading));
      EXPECT_TRUE(
          m.text.starts_with(content.substr(heading.size(), content.size() - 3 - heading.size())));
      // Exactly at the limit: not cut.
      RobotMessage exact = m;
      std::size_t room = c.limit - heading.size();
      exact.text = std::string(room % 3, 'x') + Repeat("超", static_cast<int>(room / 3));
      ASSERT_EQ(heading.size() + exact.text.size(), c.limit);
      EXPECT_NE(Build(s, exact).body.find(exact.text + "\""), std::string::npos);
    }
  }
}

TEST(RobotSettingsCheck, RefusesBadSettings) {
  struct Case {
    RobotSettings settings;
    std::string field;
    std::string message;
  };
  RobotSettings slow = Settings(RobotKind::kWeCom, kWeComUrl);
  slow.timeout = 10min;
  RobotSettings no_wait = Settings(RobotKind::kWeCom, kWeComUrl);
  no_wait.connect_timeout = 0ms;
  const Case cases[] = {
      {Settings(RobotKind::kWeCom, ""), "url", "url is required"},
      {Settings(RobotKind::kWeCom, "ftp://robot.example/send"), "url",
       "url must be an http or https address"},
      {Settings(RobotKind::kWeCom, "file:///etc/passwd"), "url",
       "url must be an http or https address"},
      {Settings(RobotKind::kWeCom, "qyapi.weixin.qq.com/send?key=1"), "url",
       "url must be an http or https address"},
      {Settings(RobotKind::kWeCom, "https://robot.example/a b"), "url",
       "url must be an http or https address"},
      {Settings(RobotKind::kDingTalk, "https://robot.example/send#top"), "url",
       "url must be an http or https address"},
      {Settings(RobotKind::kWeCom, "https://robot.example/?k=" + std::string(2030, 'k')), "url",
       "url is longer than 2048 characters"},
      {Settings(RobotKind::kWeCom, kWeComUrl, "s3cret"), "secret",
       "a WeCom robot takes no secret: its key is in the url"},
      {Settings(RobotKind::kDingTalk, kDingTalkUrl, std::string(513, 's')), "secret",
       "secret is longer than 512 characters"},
      {Settings(RobotKind::kDingTalk, kDingTalkUrl, "SEC1\nSEC2"), "secret",
       "secret must not contain a line break"},
      {Settings(RobotKind::kFeishu, kFeishuUrl, {}, RobotFormat::kMarkdown), "format",
       "a Feishu robot takes text only"},
      {Settings(RobotKind::kWebhook, "https://hooks.example/in"), "secret", "secret is required"},
      {Settings(RobotKind::kWebhook, "https://hooks.example/in", "whsec_"), "secret",
       "secret must be whsec_ followed by Base64"},
      {Settings(RobotKind::kWebhook, "https://hooks.example/in", "whsec_not base64!"), "secret",
       "secret must be whsec_ followed by Base64"},
      {slow, "timeout", "timeout is out of range"},
      {no_wait, "connect_timeout", "connect_timeout is out of range"},
  };
  for (const Case& c : cases) {
    Status s = CheckRobotSettings(c.settings);
    ASSERT_FALSE(s.ok()) << c.settings.url;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(s.error().field, c.field) << c.settings.url;
    EXPECT_EQ(s.error().message, c.message) << c.settings.url;
    if (c.settings.secret.size() > 6) {  // "whsec_" is in its own message
      EXPECT_EQ(s.error().message.find(c.settings.secret), std::string::npos);
    }
  }
  for (const RobotSettings& ok :
       {Settings(RobotKind::kWeCom, kWeComUrl), Settings(RobotKind::kDingTalk, kDingTalkUrl),
        Settings(RobotKind::kDingTalk, kDingTalkUrl, kDingTalkSecret, RobotFormat::kMarkdown),
        Settings(RobotKind::kFeishu, kFeishuUrl, kFeishuSecret),
        Settings(RobotKind::kWebhook, "http://127.0.0.1:8080/in", kWebhookSecret)}) {
    EXPECT_TRUE(CheckRobotSettings(ok).ok()) << ok.url;
  }
}

TEST(RobotBuild, RefusesBadMessages) {
  struct Case {
    RobotKind kind;
    RobotFormat format;
    void (*change)(RobotMessage&);
    std::string field;
    std::string message;
  };
  const Case cases[] = {
      {RobotKind::kWeCom, RobotFormat::kText, [](RobotMessage& m) { m.text = "\xe4\xb8"; }, "text",
       "text must be UTF-8 text"},
      {RobotKind::kWeCom, RobotFormat::kText, [](RobotMessage& m) { m.title = "\xff"; }, "title",
       "title must be UTF-8 text"},
      {RobotKind::kFeishu, RobotFormat::kText,
       [](RobotMessage& m) {
         m.title.clear();
         m.text.clear();
       },
       "text", "text is required"},
      {RobotKind::kDingTalk, RobotFormat::kMarkdown, [](RobotMessage& m) { m.title.clear(); },
       "title", "title is required"},
      {RobotKind::kWebhook, RobotFormat::kText, [](RobotMessage& m) { m.idempotency_key.clear(); },
       "idempotency_key", "idempotency_key is required"},
      {RobotKind::kWebhook, RobotFormat::kText,
       [](RobotMessage& m) { m.idempotency_key = "msg 42"; }, "idempotency_key",
       "idempotency_key must be printable ASCII without spaces"},
      {RobotKind::kWebhook, RobotFormat::kText,
       [](RobotMessage& m) { m.idempotency_key = "msg_42\r\nX-Evil: 1"; }, "idempotency_key",
       "idempotency_key must be printable ASCII without spaces"},
      {RobotKind::kWebhook, RobotFormat::kText, [](RobotMessage& m) { m.type.clear(); }, "type",
       "type is required"},
      {RobotKind::kWebhook, RobotFormat::kText,
       [](RobotMessage& m) {
         m.data = nlohmann::json::array({1, 2});
       },
       "data", "data must be a JSON object"},
      {RobotKind::kWebhook, RobotFormat::kText,
       [](RobotMessage& m) {
         m.data = {{"note", "\xc3\x28"}};
       },
       "data", "data must be UTF-8 text"},
      {RobotKind::kWebhook, RobotFormat::kText,
       [](RobotMessage& m) {
         m.data = {{"note", std::string(1024 * 1024, 'x')}};
       },
       "data", "data is larger than 1024 KB"},
  };
  for (const Case& c : cases) {
    RobotMessage m = Message();
    c.change(m);
    std::string secret = c.kind == RobotKind::kWebhook ? kWebhookSecret : "";
    Result<RobotRequest> r =
        BuildRobotRequest(Settings(c.kind, "https://robot.example/in", secret, c.format), m);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().field, c.field);
    EXPECT_EQ(r.error().message, c.message);
  }
}

TEST(RobotAnswers, JudgedByStatusAndCode) {
  struct Case {
    RobotKind kind;
    int status;
    std::string body;
    std::string message;  // empty: delivered
    ErrorCode code = ErrorCode::kIo;
  };
  const std::string rate = "the robot's rate limit was reached";
  const std::string settings =
      "the robot refused its key or signature: check the channel's settings";
  const std::string refused = "the robot refused the message";
  const std::string busy = "the robot is unavailable now";
  const std::string unread = "the robot's answer cannot be read";
  const ErrorCode kPermanent = ErrorCode::kInvalidInput;
  const Case cases[] = {
      {RobotKind::kWeCom, 200, R"({"errcode":0,"errmsg":"ok"})", ""},
      {RobotKind::kWeCom, 200, R"({"errcode":45009,"errmsg":"api freq out of limit"})", rate},
      {RobotKind::kWeCom, 200, R"({"errcode":93000,"errmsg":"invalid webhook url"})", settings},
      {RobotKind::kWeCom, 200, R"({"errcode":40058,"errmsg":"content exceed max length"})", refused,
       kPermanent},
      {RobotKind::kWeCom, 200, R"({"errcode":-1,"errmsg":"system busy"})", busy},
      {RobotKind::kWeCom, 200, R"({"errmsg":"ok"})", unread, kPermanent},
      {RobotKind::kWeCom, 200, "<html>gateway</html>", unread, kPermanent},
      {RobotKind::kDingTalk, 200, R"({"errcode":0,"errmsg":"ok"})", ""},
      {RobotKind::kDingTalk, 200, R"({"errcode":130101,"errmsg":"send too fast"})", rate},
      {RobotKind::kDingTalk, 200, R"({"errcode":310000,"errmsg":"sign not match"})", settings},
      {RobotKind::kDingTalk, 200, R"({"errcode":300001,"errmsg":"token is not exist"})", settings},
      {RobotKind::kDingTalk, 200, R"({"errcode":40035,"errmsg":"缺少参数 json"})", refused,
       kPermanent},
      {RobotKind::kFeishu, 200, R"({"code":0,"msg":"success","data":{}})", ""},
      {RobotKind::kFeishu, 200, R"({"StatusCode":0,"StatusMessage":"success"})", ""},
      {RobotKind::kFeishu, 200, R"({"code":11232,"msg":"frequency limited"})", rate},
      {RobotKind::kFeishu, 200, R"({"code":9499,"msg":"Bad Request"})", rate},
      {RobotKind::kFeishu, 200, R"({"code":19021,"msg":"sign match fail"})", settings},
      {RobotKind::kFeishu, 200, R"({"code":19024,"msg":"Key Words Not Found"})", settings},
      {RobotKind::kFeishu, 200, R"({"code":9999,"msg":"params error"})", refused, kPermanent},
      {RobotKind::kFeishu, 200, R"({"StatusCode":19021,"StatusMessage":"sign"})", settings},
      {RobotKind::kWebhook, 200, "", ""},
      {RobotKind::kWebhook, 204, "", ""},
      {RobotKind::kWebhook, 202, "not json at all", ""},
      {RobotKind::kWebhook, 429, "", rate},
      {RobotKind::kWebhook, 500, "", busy},
      {RobotKind::kWebhook, 503, "", busy},
      {RobotKind::kWebhook, 408, "", busy},
      {RobotKind::kWebhook, 400, R"({"error":"bad"})", refused, kPermanent},
      {RobotKind::kWebhook, 410, "", refused, kPermanent},
      {RobotKind::kWebhook, 301, "", refused, kPermanent},
      {RobotKind::kWeCom, 502, "<html>bad gateway</html>", busy},
      {RobotKind::kDingTalk, 429, "", rate},
      {RobotKind::kFeishu, 400, R"({"code":9499})", refused, kPermanent},
  };
  for (const Case& c : cases) {
    Status s = JudgeRobotAnswer(c.kind, RobotAnswer{c.status, c.body});
    SCOPED_TRACE(std::string(Name(c.kind)) + " " + std::to_string(c.status) + " " + c.body);
    if (c.message.empty()) {
      EXPECT_TRUE(s.ok()) << s.error().message;
      continue;
    }
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, c.message);
    EXPECT_EQ(s.error().code, c.code);
    EXPECT_TRUE(s.error().detail.starts_with("HTTP " + std::to_string(c.status)))
        << s.error().detail;
  }
  // The delivery log keeps 1 kB of a long answer, as UTF-8.
  Status s = JudgeRobotAnswer(RobotKind::kWebhook, RobotAnswer{500, Repeat("错", 1000)});
  EXPECT_LT(s.error().detail.size(), kRobotAnswerBytes + 32);
  EXPECT_TRUE(IsValidUtf8(s.error().detail));
  s = JudgeRobotAnswer(RobotKind::kWebhook, RobotAnswer{500, "bad \xff\xfe bytes"});
  EXPECT_NE(s.error().detail.find("bad ?? bytes"), std::string::npos) << s.error().detail;
}

// --- Against a real receiver -------------------------------------------------

// tests/robots/robot_sink.py on a free loopback port, knowing the secrets the
// tests sign with.
class RobotSend : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  // The receiver; with `tls` (its certificate and key) on HTTPS.
  void Start(const std::vector<std::string>& tls) {
    port_ = FreePort();
    scheme_ = tls.empty() ? "http" : "https";
    std::vector<std::string> args = {AFTERCARE_TEST_ROBOTS "/robot_sink.py", std::to_string(port_),
                                     (dir_.path() / "requests.jsonl").string(),
                                     (dir_.path() / "secrets.json").string()};
    args.insert(args.end(), tls.begin(), tls.end());
    std::ofstream(dir_.path() / "secrets.json") << nlohmann::json{
        {"dingtalk", kDingTalkSecret},
        {"feishu", kFeishuSecret},
        {"webhook", kWebhookSecret}}.dump();
    server_ = std::make_unique<LoopbackServer>(port_, args, AFTERCARE_TEST_ROBOTS,
                                               dir_.path() / "server.log");
    ASSERT_TRUE(server_->Ready());
  }

  // A URL of the receiver: `path` names the kind and how to answer.
  std::string Url(const std::string& path, const std::string& query = {}) const {
    return scheme_ + "://127.0.0.1:" + std::to_string(port_) + path + query;
  }

  RobotSettings Local(RobotKind kind, const std::string& path, std::string secret = {},
                      RobotFormat format = RobotFormat::kText) const {
    RobotSettings s =
        Settings(kind,
                 Url(path, kind == RobotKind::kWeCom      ? "?key=wecom-key-7f3a"
                           : kind == RobotKind::kDingTalk ? "?access_token=ding-token-5c1e"
                                                          : ""),
                 std::move(secret), format);
    s.connect_timeout = 2s;
    s.timeout = 5s;
    return s;
  }

  // What the receiver recorded, one JSON object per request.
  std::vector<nlohmann::json> Requests() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(dir_.path() / "requests.jsonl");
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }

  TempDir dir_{"aftercare_robot_test"};
  int port_ = 0;
  std::string scheme_;
  std::unique_ptr<LoopbackServer> server_;
};

RobotAnswer Delivered(const RobotSettings& s, const RobotMessage& m) {
  Result<RobotAnswer> r = SendRobot(s, m);
  EXPECT_TRUE(r.ok()) << r.error().message << ": " << r.error().detail;
  return r.ok() ? r.value() : RobotAnswer{};
}

TEST_F(RobotSend, WeComText) {
  RobotSettings s = Local(RobotKind::kWeCom, "/wecom");
  RobotMessage m = Message(Now());
  RobotAnswer a = Delivered(s, m);
  EXPECT_EQ(a.http_status, 200);
  EXPECT_EQ(a.body, R"({"errcode": 0, "errmsg": "ok"})");
  std::vector<nlohmann::json> got = Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["method"], "POST");
  EXPECT_EQ(got[0]["path"], "/wecom");
  EXPECT_EQ(got[0]["query"]["key"], nlohmann::json::array({"wecom-key-7f3a"}));
  EXPECT_EQ(got[0]["headers"]["content-type"], "application/json");
  EXPECT_EQ(got[0]["body"], R"({"msgtype":"text","text":{"content":"工单 HT-7 即将超时\n)"
                            R"(响应时限 10:05，还剩 5 分钟。\n请 \"张三\" 尽快处理。"}})");
  EXPECT_TRUE(got[0]["verified"].is_null());
}

TEST_F(RobotSend, WeComMarkdownCutAtACharacter) {
  RobotSettings s = Local(RobotKind::kWeCom, "/wecom", {}, RobotFormat::kMarkdown);
  RobotMessage m = Message(Now());
  m.title.clear();
  m.text = "x" + Repeat("工单超时", 400);  // 1 + 4800 bytes
  Delivered(s, m);
  std::vector<nlohmann::json> got = Requests();
  ASSERT_EQ(got.size(), 1u);
  nlohmann::json body = nlohmann::json::parse(got[0]["body"].get<std::string>());
  std::string content = body["markdown"]["content"];
  // 4096 - 3 = 4093 = 1 + 3 * 1364: the cut falls exactly after a character.
  EXPECT_EQ(content, "x" + Repeat("工单超时", 341) + "…");
  EXPECT_EQ(content.size(), 4096u);
}

TEST_F(RobotSend, DingTalkSignedMarkdown) {
  RobotSettings s =
      Local(RobotKind::kDingTalk, "/dingtalk", kDingTalkSecret, RobotFormat::kMarkdown);
  Instant now = Now();
  Delivered(s, Message(now));
  std::vector<nlohmann::json> got = Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["verified"], true) << got[0].dump();
  EXPECT_EQ(got[0]["query"]["access_token"], nlohmann::json::array({"ding-token-5c1e"}));
  EXPECT_EQ(got[0]["query"]["timestamp"], nlohmann::json::array({std::to_string(now.unix * 1000)}));
  EXPECT_EQ(got[0]["body"],
            R"({"msgtype":"markdown","markdown":{"title":"工单 HT-7 即将超时","text":"### )"
            R"(工单 HT-7 即将超时\n响应时限 10:05，还剩 5 分钟。\n请 \"张三\" 尽快处理。"}})");
}

TEST_F(RobotSend, DingTalkWithoutASecretIsNotSigned) {
  Delivered(Local(RobotKind::kDingTalk, "/dingtalk/unsigned"), Message(Now()));
  std::vector<nlohmann::json> got = Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0]["query"].contains("sign"));
  EXPECT_FALSE(got[0]["query"].contains("timestamp"));
}

// The receiver's check can fail: a secret it does not know is caught.
TEST_F(RobotSend, AWrongSecretIsCaughtByTheReceiver) {
  Delivered(Local(RobotKind::kDingTalk, "/dingtalk", "SECsomethingelse"), Message(Now()));
  Delivered(Local(RobotKind::kFeishu, "/feishu", "other"), Message(Now()));
  Delivered(Local(RobotKind::kWebhook, "/webhook", "whsec_b3RoZXIga2V5"), Message(Now()));
  std::vector<nlohmann::json> got = Requests();
  ASSERT_EQ(got.size(), 3u);
  for (const nlohmann::json& r : got) EXPECT_EQ(r["verified"], false) << r.dump();
}

TEST_F(RobotSend, FeishuSigned) {
  Instant now = Now();
  Delivered(Local(RobotKind::kFeishu, "/feishu", kFeishuSecret), Message(now));
  std::vector<nlohmann::json> got = Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["verified"], true) << got[0].dump();
  std::string body = got[0]["body"];
  std::string sign = nlohmann::json::parse(body)["sign"];
  EXPECT_EQ(body, R"({"timestamp":")" + std::to_string(now.unix) + R"(","sign":")" + sign +
                      R"(","msg_type":"text","content":{"text":"工单 HT-7 即将超时\n响应时限 )"
                      R"(10:05，还剩 5 分钟。\n请 \"张三\" 尽快处理。"}})");
}

TEST_F(RobotSend, WebhookSignedAndTheSameIdOnEveryAttempt) {
  RobotSettings s = Local(RobotKind::kWebhook, "/webhook", kWebhookSecret);
  RobotMessage m = Message(Now());
  m.idempotency_key = "delivery-1234";
  RobotAnswer a = Delivered(s, m);
  EXPECT_EQ(a.http_status, 204);
  m.now = m.now + 30;  // the retry, later
  Delivered(s, m);
  std::vector<nlohmann::json> got = Requests();
  ASSERT_EQ(got.size(), 2u);
  for (const nlohmann::json& r : got) {
    EXPECT_EQ(r["verified"], true) << r.dump();
    EXPECT_EQ(r["headers"]["webhook-id"], "delivery-1234");
    EXPECT_EQ(r["headers"]["content-type"], "application/json");
    EXPECT_TRUE(r["headers"]["webhook-signature"].get<std::string>().starts_with("v1,"));
  }
  EXPECT_EQ(got[1]["headers"]["webhook-timestamp"], std::to_string(m.now.unix));
  nlohmann::json body = nlohmann::json::parse(got[1]["body"].get<std::string>());
  EXPECT_EQ(body["type"], "sla.warning");
  EXPECT_EQ(body["data"], m.data);
  EXPECT_EQ(ParseRfc3339(body["timestamp"].get<std::string>()).value(), m.now);
}

// Each failure as the receiver answers it, with its class; no detail shows the
// secret, the WeCom key, the DingTalk token or the path.
TEST_F(RobotSend, FailuresAndTheirClass) {
  struct Case {
    RobotKind kind;
    std::string path;
    std::string message;
    ErrorCode code;
  };
  const std::string rate = "the robot's rate limit was reached";
  const std::string settings =
      "the robot refused its key or signature: check the channel's settings";
  const Case cases[] = {
      {RobotKind::kWeCom, "/wecom/code/45009", rate, ErrorCode::kIo},
      {RobotKind::kWeCom, "/wecom/code/93000", settings, ErrorCode::kIo},
      {RobotKind::kWeCom, "/wecom/code/40058", "the robot refused the message",
       ErrorCode::kInvalidInput},
      {RobotKind::kWeCom, "/wecom/garbage", "the robot's answer cannot be read",
       ErrorCode::kInvalidInput},
      {RobotKind::kDingTalk, "/dingtalk/code/130101", rate, ErrorCode::kIo},
      {RobotKind::kDingTalk, "/dingtalk/code/310000", settings, ErrorCode::kIo},
      {RobotKind::kFeishu, "/feishu/code/11232", rate, ErrorCode::kIo},
      {RobotKind::kFeishu, "/feishu/code/19021", settings, ErrorCode::kIo},
      {RobotKind::kWebhook, "/webhook/status/500", "the robot is unavailable now", ErrorCode::kIo},
      {RobotKind::kWebhook, "/webhook/status/429", rate, ErrorCode::kIo},
      {RobotKind::kWebhook, "/webhook/status/400", "the robot refused the message",
       ErrorCode::kInvalidInput},
      {RobotKind::kWeCom, "/wecom/status/503", "the robot is unavailable now", ErrorCode::kIo},
  };
  for (const Case& c : cases) {
    const char* secret = c.kind == RobotKind::kDingTalk  ? kDingTalkSecret
                         : c.kind == RobotKind::kFeishu  ? kFeishuSecret
                         : c.kind == RobotKind::kWebhook ? kWebhookSecret
                                                         : "";
    RobotSettings s = Local(c.kind, c.path, secret);
    Result<RobotAnswer> r = SendRobot(s, Message(Now()));
    SCOPED_TRACE(c.path);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, c.message);
    EXPECT_EQ(r.error().code, c.code);
    const std::string& d = r.error().detail;
    EXPECT_TRUE(d.starts_with(std::string(Name(c.kind)) +
                              " at http://127.0.0.1:" + std::to_string(port_) + ": HTTP "))
        << d;
    for (std::string_view hidden :
         {std::string_view(secret), std::string_view("wecom-key-7f3a"),
          std::string_view("ding-token-5c1e"), std::string_view(c.path)}) {
      if (hidden.empty()) continue;
      EXPECT_EQ(d.find(hidden), std::string::npos) << d;
      EXPECT_EQ(r.error().message.find(hidden), std::string::npos);
    }
  }
  EXPECT_EQ(Requests().size(), std::size(cases));
}

TEST_F(RobotSend, ATimeoutIsTransient) {
  RobotSettings s = Local(RobotKind::kWebhook, "/webhook/sleep/3", kWebhookSecret);
  s.timeout = 1s;
  auto start = std::chrono::steady_clock::now();
  Result<RobotAnswer> r = SendRobot(s, Message(Now()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message, "the robot did not answer in time");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);
  EXPECT_EQ(r.error().detail.find("sleep"), std::string::npos) << r.error().detail;
}

// HTTPS with a self-signed certificate for 127.0.0.1, its own CA.
class RobotSendTls : public RobotSend {
 protected:
  void SetUp() override {
    cert_ = dir_.path() / "cert.pem";
    std::string key = (dir_.path() / "key.pem").string();
    std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
        " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
        key + "' -out '" + cert_.string() + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    Start({cert_.string(), key});
  }

  fs::path cert_;
};

TEST_F(RobotSendTls, DeliversWithTheCaFile) {
  RobotSettings s = Local(RobotKind::kFeishu, "/feishu", kFeishuSecret);
  s.ca_file = cert_.string();
  Delivered(s, Message(Now()));
  std::vector<nlohmann::json> got = Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["verified"], true) << got[0].dump();
}

// Without the CA file the certificate is checked against the system's CAs and fails.
TEST_F(RobotSendTls, AnUntrustedCertificateIsRefused) {
  Result<RobotAnswer> r =
      SendRobot(Local(RobotKind::kFeishu, "/feishu", kFeishuSecret), Message(Now()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message, "cannot make a secure connection to the robot");
  EXPECT_EQ(Requests().size(), 0u);
}

TEST(RobotSendOffline, AClosedPortIsTransient) {
  RobotSettings s = Settings(RobotKind::kWeCom, "http://127.0.0.1:" + std::to_string(FreePort()) +
                                                    "/cgi-bin/webhook/send?key=wecom-key-7f3a");
  Result<RobotAnswer> r = SendRobot(s, Message(Now()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message, "cannot reach the robot");
  EXPECT_NE(r.error().detail.find("curl: "), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().detail.find("wecom-key-7f3a"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().detail.find("webhook/send"), std::string::npos) << r.error().detail;
}

// Settings that cannot work are the settings' fault: transient, like SMTP's, and
// nothing is sent; the detail says which field, never the secret.
TEST(RobotSendOffline, InvalidSettingsAreTransientAndSendNothing) {
  RobotSettings s = Settings(RobotKind::kDingTalk, "ftp://127.0.0.1/robot", kDingTalkSecret);
  Result<RobotAnswer> r = SendRobot(s, Message(Now()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message, "the robot settings are not valid");
  EXPECT_NE(r.error().detail.find("url must be an http or https address"), std::string::npos);
  s = Settings(RobotKind::kWebhook, "http://127.0.0.1:1/in", "whsec_!!!!");
  r = SendRobot(s, Message(Now()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "the robot settings are not valid");
  EXPECT_EQ(r.error().detail.find("!!!!"), std::string::npos) << r.error().detail;
}

// A malformed message is permanent and never leaves.
TEST(RobotSendOffline, AMalformedMessageIsPermanent) {
  RobotMessage m = Message(Now());
  m.text = "\xe4\xb8";
  Result<RobotAnswer> r = SendRobot(
      Settings(RobotKind::kWeCom, "http://127.0.0.1:" + std::to_string(FreePort()) + "/"), m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().field, "text");
}

}  // namespace
}  // namespace aftercare::jobs::robots
