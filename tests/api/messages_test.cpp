// Error messages in the client's language: Chinese when Accept-Language's first
// preference is Chinese (the web UI sends its locale), English otherwise. The
// error's code, field and status never change with the language; the answer
// names its language in Content-Language.
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

constexpr const char* kChinese = "zh-CN,zh;q=0.9";

class MessagesApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped()) return;
    customer_ = CreateCustomer("湖滨水务");
    CreateContract(customer_, "HT-LAKE-1");
  }

  // Sends the request with `accept_language` ("": no header) and checks the error
  // (status, code, field) and its message in the language asked for.
  void ExpectMessage(HttpClient& client, const std::string& method, const std::string& target,
                     const std::optional<json>& body, const std::string& accept_language,
                     int status, const std::string& code, const char* field,
                     const std::string& message, const std::string& language) {
    SCOPED_TRACE(method + " " + target + " with Accept-Language: " + accept_language);
    client.SetHeader("Accept-Language", accept_language);
    HttpResponse r = client.Send(method, target, body ? std::optional(body->dump()) : std::nullopt);
    client.SetHeader("Accept-Language", "");
    ExpectError(r, status, code, field);
    EXPECT_EQ(r.Json()["error"].value("message", ""), message) << r.Describe();
    EXPECT_EQ(r.Header("content-language"), language) << r.Describe();
    EXPECT_NE(r.Header("vary").find("Accept-Language"), std::string::npos) << r.Describe();
  }

  std::int64_t customer_ = 0;
};
AFTERCARE_API_BACKENDS(MessagesApi);

struct Case {
  std::string who;  // a role, or "anonymous"
  std::string method, target;
  std::optional<json> body;
  int status;
  std::string code;
  const char* field;
  std::string zh, en;
};

// The same bad requests in Chinese, in English and without the header: the
// message changes, code and field do not. The English names fields by the UI's
// terms (issue 11 point 3), as the Chinese does.
TEST_P(MessagesApi, ErrorsAnswerInTheLanguageAsked) {
  std::int64_t now = NowUnix();
  std::string tickets = "/api/v1/tickets";
  json ticket = CreateTicket({{"customer_id", customer_}, {"received_at", Rfc3339(now - 3600)}});
  std::string events = tickets + "/" + std::to_string(ticket["id"].get<std::int64_t>()) + "/events";
  const std::string bad_time = "2026-13-01T00:00:00+08:00";
  const std::string policy_body =
      "policy:\n"
      "  name: office\n"
      "  metrics:\n"
      "    - name: fix\n"
      "      kind: quick\n";

  const Case cases[] = {
      {"agent", "POST", tickets, json{{"customer_id", customer_}, {"title", "  "}}, 422,
       "invalid_input", "title", "标题为必填项", "Title is required"},
      {"agent", "POST", tickets,
       json{{"customer_id", customer_}, {"title", "x"}, {"priority", "P9"}}, 422, "invalid_input",
       "priority", "级别必须是 P1、P2、P3 或 P4", "Priority must be P1, P2, P3 or P4"},
      {"agent", "POST", tickets,
       json{{"customer_id", customer_}, {"title", "x"}, {"received_at", Rfc3339(now + 86400)}}, 422,
       "invalid_input", "received_at", "接报时间不能晚于现在", "Received at is in the future"},
      {"agent", "POST", tickets,
       json{{"customer_id", customer_}, {"title", "x"}, {"received_at", bad_time}}, 400,
       "bad_request", "received_at",
       "接报时间“" + bad_time + "”不符合 RFC 3339 格式（日期 2026-13-01 不存在）",
       "Received at: time \"" + bad_time + "\" is not RFC 3339 (no such date 2026-13-01)"},
      {"agent", "POST", tickets,
       json{{"customer_id", customer_}, {"title", "x"}, {"colour", "red"}}, 400, "bad_request",
       "colour", "未知字段 colour", "unknown field colour"},
      {"agent", "POST", tickets,
       json{{"customer_id", customer_},
            {"title", "x"},
            {"form", {{"approvals", {{"supervisor", {{"signer", "王主管"}}}}}}}},
       403, "forbidden", "form.approvals.supervisor", "直接主管审批由组长或经理签署",
       "Direct supervisor's approval is given by a team leader or manager"},
      {"team_leader", "POST", events, json{{"kind", "diagnosed"}, {"at", Rfc3339(now - 7200)}}, 422,
       "invalid_input", "at", "发生时间早于工单的上一条记录",
       "Time is before the ticket's last event"},
      {"team_leader", "POST", events, json{{"kind", "reopened"}, {"at", Rfc3339(now)}}, 409,
       "conflict", "kind", "工单处于“处理中”状态时不能记录“重新打开”",
       "Reopened is not possible while the ticket is active"},
      {"engineer", "POST", "/api/v1/customers", json{{"name", "x"}}, 403, "forbidden", nullptr,
       "“技术支持工程师”角色无权执行此操作", "the role Engineer may not do this"},
      {"agent", "POST", "/api/v1/customers", json{{"name", "湖滨水务"}}, 409, "conflict", "name",
       "已有名为“湖滨水务”的客户", "a customer named 湖滨水务 exists"},
      {"manager", "POST", "/api/v1/contracts",
       json{{"customer_id", customer_},
            {"number", "HT-LAKE-2"},
            {"value", "1.234"},
            {"signed_on", "2026-01-01"}},
       422, "invalid_input", "value", "合同金额最多两位小数，精确到分（“1.234”）",
       "Contract value: amount has more than 2 decimals (fen): \"1.234\""},
      {"admin", "POST", "/api/v1/policies", json{{"name", "office"}, {"body", policy_body}}, 422,
       "invalid_input", "body",
       "策略内容第 5 行：未知的指标类别 `quick`（可选：response 或 handling）",
       "Content: line 5: unknown metric kind `quick` (response or handling)"},
      {"agent", "GET", tickets + "/999999", std::nullopt, 404, "not_found", nullptr, "工单不存在",
       "ticket not found"},
      {"agent", "GET", tickets + "?colour=red", std::nullopt, 400, "bad_request", "colour",
       "未知的查询参数 colour", "unknown query parameter colour"},
      {"agent", "PUT", tickets, json::object(), 405, "method_not_allowed", nullptr,
       "此地址不接受 PUT 请求", "this path does not accept PUT"},
      {"anonymous", "GET", "/api/v1/me", std::nullopt, 401, "unauthorized", nullptr,
       "请先登录：会话不存在或已过期", "log in first: the session is unknown or expired"},
      {"anonymous", "POST", "/api/v1/session", json{{"login", "nobody"}, {"password", "wrong"}},
       401, "unauthorized", nullptr, "账号或密码错误（连续失败5次将锁定15分钟）",
       "wrong login or password (5 failures in a row lock an account for 15 minutes)"},
  };
  // The ticket's last entry a minute ago, received an hour ago.
  AddEvent(ticket["id"], "first_contact", now - 60);
  auto anonymous = Anonymous();
  for (const Case& c : cases) {
    HttpClient& client = c.who == "anonymous" ? *anonymous : As(c.who);
    for (const std::string& lang : {std::string(kChinese), std::string("zh")}) {
      ExpectMessage(client, c.method, c.target, c.body, lang, c.status, c.code, c.field, c.zh,
                    "zh-CN");
    }
    for (const std::string& lang : {std::string("en"), std::string("")}) {
      ExpectMessage(client, c.method, c.target, c.body, lang, c.status, c.code, c.field, c.en,
                    "en");
    }
  }
  // Nothing was created by any of it.
  EXPECT_EQ(server().Count("tickets"), 1);
  EXPECT_EQ(server().Count("customers"), 1);
  EXPECT_EQ(server().Count("contracts"), 1);
}

// The first preference decides: the highest q, the earliest of equals.
TEST_P(MessagesApi, TheFirstPreferenceDecides) {
  json body = {{"customer_id", customer_}, {"title", ""}};
  struct Pref {
    const char* header;
    bool chinese;
  };
  for (const Pref& p : {Pref{"zh-TW", true}, Pref{"ZH-cn", true}, Pref{"en;q=0.5, zh-CN", true},
                        Pref{"en-US,en;q=0.9,zh-CN;q=0.8", false}, Pref{"zh;q=0.1, fr", false},
                        Pref{"*", false}, Pref{"fr-FR", false}}) {
    ExpectMessage(As("agent"), "POST", "/api/v1/tickets", body, p.header, 422, "invalid_input",
                  "title", p.chinese ? "标题为必填项" : "Title is required",
                  p.chinese ? "zh-CN" : "en");
  }
}

// The server's own answers (before any route runs) follow the header too.
TEST_P(MessagesApi, TheServersOwnErrorsToo) {
  const std::size_t too_big = 25 * 1024 * 1024 + 1;
  for (const char* lang : {"zh-CN", "en", ""}) {
    SCOPED_TRACE(std::string("Accept-Language: ") + lang);
    std::string head = "POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                       std::string(*lang ? std::string("Accept-Language: ") + lang + "\r\n" : "") +
                       "Content-Type: application/json\r\nConnection: close\r\n"
                       "Content-Length: " +
                       std::to_string(too_big) + "\r\n\r\n";
    HttpResponse r = ParseRaw(RawExchange(server().port(), head, 0));
    ExpectError(r, 413, "too_large", nullptr);
    bool zh = std::string(lang) == "zh-CN";
    EXPECT_EQ(r.Json()["error"].value("message", ""),
              zh ? "请求内容超过大小上限" : "the request body is larger than the limit")
        << r.Describe();
    EXPECT_EQ(r.Header("content-language"), zh ? "zh-CN" : "en") << r.Describe();
  }
  // A broken head: the language when the header came before the fault.
  for (const char* lang : {"zh-CN", "en"}) {
    SCOPED_TRACE(std::string("Accept-Language: ") + lang);
    std::string head =
        "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: " + std::string(lang) +
        "\r\nthis is not a header\r\n\r\n";
    HttpResponse r = ParseRaw(RawExchange(server().port(), head, 0));
    ExpectError(r, 400, "bad_request", nullptr);
    bool zh = std::string(lang) == "zh-CN";
    EXPECT_EQ(r.Json()["error"].value("message", ""),
              zh ? "HTTP 请求格式错误" : "malformed HTTP request")
        << r.Describe();
  }
  Expect(Anonymous()->Get("/healthz"), 200);
}

}  // namespace
}  // namespace aftercare::apitest
