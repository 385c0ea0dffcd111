#include "jobs/robots/robot.h"

#include <curl/curl.h>
#include <sodium.h>

#include <ctime>
#include <memory>

#include "core/base64.h"
#include "core/text.h"
#include "jobs/robots/http_post.h"

namespace aftercare::jobs::robots {
namespace {

using Json = nlohmann::ordered_json;  // the kinds' documented key order

constexpr std::string_view kEllipsis = "…";
constexpr std::size_t kMaxDingTalkTitle = 256;
constexpr std::size_t kMaxEventType = 200;
constexpr std::size_t kMaxIdempotencyKey = 256;
constexpr std::string_view kWebhookSecretPrefix = "whsec_";

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

// The URL's scheme, or empty when it is not a URL curl can parse with a host and
// without a fragment (DingTalk's signature is appended to the query).
std::string SchemeOf(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (u == nullptr || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  auto part = [&](CURLUPart which) {
    char* text = nullptr;
    std::string out;
    if (curl_url_get(u.get(), which, &text, 0) == CURLUE_OK && text != nullptr) out = text;
    curl_free(text);
    return out;
  };
  if (part(CURLUPART_HOST).empty() || !part(CURLUPART_FRAGMENT).empty()) return {};
  return part(CURLUPART_SCHEME);
}

// scheme://host[:port] of a URL, for error details: the path and query (where
// WeCom and Feishu keep their keys) and any user:password are left out.
std::string Origin(std::string_view url) {
  std::size_t start = url.find("://");
  if (start == std::string_view::npos) return "(not a URL)";
  std::string_view rest = url.substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  return std::string(url.substr(0, start + 3)) + std::string(rest);
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);  // it holds the key
  return std::string(reinterpret_cast<const char*>(mac), sizeof mac);
}

// Percent-encodes all but RFC 3986's unreserved characters (Base64's + / =).
Result<std::string> UrlEncode(std::string_view text) {
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  if (escaped == nullptr) {
    return Error{
        ErrorCode::kInternal, "cannot send the robot message", {}, 0, "curl_easy_escape failed"};
  }
  std::string out = escaped;
  curl_free(escaped);
  return out;
}

// The HMAC key of a webhook secret: the bytes a "whsec_<Base64>" secret encodes,
// or a secret without the prefix as it is (receivers that hand out a plain string).
Result<std::string> WebhookKey(std::string_view secret) {
  if (!secret.starts_with(kWebhookSecretPrefix)) return std::string(secret);
  std::optional<std::string> key = Base64Decode(secret.substr(kWebhookSecretPrefix.size()));
  if (!key || key->empty()) {
    return Error::Invalid("secret must be whsec_ followed by Base64", 0, "secret");
  }
  return *key;
}

// "2026-03-02T01:05:00Z".
std::string Rfc3339Utc(Instant t) {
  std::time_t seconds = static_cast<std::time_t>(t.unix);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::size_t ContentLimit(const RobotSettings& s) {
  switch (s.kind) {
    case RobotKind::kWeCom:
      return s.format == RobotFormat::kMarkdown ? kWeComMarkdownBytes : kWeComTextBytes;
    case RobotKind::kDingTalk:
      return kDingTalkBytes;
    case RobotKind::kFeishu:
    case RobotKind::kWebhook:
      break;
  }
  return kFeishuBytes;
}

// The chat robots' content: the title as its first line, then the text, cut to
// the kind's limit.
std::string Content(const RobotSettings& s, const RobotMessage& m) {
  std::string content = m.text;
  if (!m.title.empty()) {
    std::string heading = s.format == RobotFormat::kMarkdown ? "### " + m.title : m.title;
    content = m.text.empty() ? heading : heading + "\n" + m.text;
  }
  return TruncateUtf8(content, ContentLimit(s));
}

// A webhook whose data is given sends no title or text, so it needs none.
Status CheckText(RobotKind kind, const RobotMessage& m) {
  if (!IsValidUtf8(m.title)) return Error::Invalid("title must be UTF-8 text", 0, "title");
  if (!IsValidUtf8(m.text)) return Error::Invalid("text must be UTF-8 text", 0, "text");
  if (m.title.empty() && m.text.empty() && (kind != RobotKind::kWebhook || m.data.is_null())) {
    return Error::Invalid("text is required", 0, "text");
  }
  return {};
}

Result<RobotRequest> WeCom(const RobotSettings& s, const RobotMessage& m) {
  const char* type = s.format == RobotFormat::kMarkdown ? "markdown" : "text";
  Json body = {{"msgtype", type}, {type, {{"content", Content(s, m)}}}};
  return RobotRequest{s.url, {"Content-Type: application/json"}, body.dump()};
}

Result<RobotRequest> DingTalk(const RobotSettings& s, const RobotMessage& m) {
  Json body;
  if (s.format == RobotFormat::kMarkdown) {
    if (m.title.empty()) return Error::Invalid("title is required", 0, "title");
    body = {{"msgtype", "markdown"},
            {"markdown",
             {{"title", TruncateUtf8(m.title, kMaxDingTalkTitle)}, {"text", Content(s, m)}}}};
  } else {
    body = {{"msgtype", "text"}, {"text", {{"content", Content(s, m)}}}};
  }
  std::string url = s.url;
  if (!s.secret.empty()) {
    std::string timestamp = std::to_string(m.now.unix * 1000);
    AFTERCARE_ASSIGN_OR_RETURN(
        std::string sign, UrlEncode(Base64Encode(HmacSha256(s.secret, timestamp + "\n" + s.secret))));
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += "timestamp=" + timestamp + "&sign=" + sign;
  }
  return RobotRequest{std::move(url), {"Content-Type: application/json"}, body.dump()};
}

Result<RobotRequest> Feishu(const RobotSettings& s, const RobotMessage& m) {
  Json body = Json::object();
  if (!s.secret.empty()) {
    std::string timestamp = std::to_string(m.now.unix);
    body["timestamp"] = timestamp;
    body["sign"] = Base64Encode(HmacSha256(timestamp + "\n" + s.secret, ""));
  }
  body["msg_type"] = "text";
  body["content"] = {{"text", Content(s, m)}};
  return RobotRequest{s.url, {"Content-Type: application/json"}, body.dump()};
}

Result<RobotRequest> Webhook(const RobotSettings& s, const RobotMessage& m) {
  const std::string& id = m.idempotency_key;
  if (id.empty()) return Error::Invalid("idempotency_key is required", 0, "idempotency_key");
  if (id.size() > kMaxIdempotencyKey) {
    return Error::Invalid("idempotency_key is longer than 256 characters", 0, "idempotency_key");
  }
  for (char c : id) {
    if (c <= ' ' || c > '~') {  // it goes into a header and into the signed text
      return Error::Invalid("idempotency_key must be printable ASCII without spaces", 0,
                            "idempotency_key");
    }
  }
  if (m.type.empty()) return Error::Invalid("type is required", 0, "type");
  if (!IsValidUtf8(m.type)) return Error::Invalid("type must be UTF-8 text", 0, "type");
  if (m.type.size() > kMaxEventType) {
    return Error::Invalid("type is longer than 200 characters", 0, "type");
  }
  nlohmann::json data =
      m.data.is_null() ? nlohmann::json{{"title", m.title}, {"text", m.text}} : m.data;
  if (!data.is_object()) return Error::Invalid("data must be a JSON object", 0, "data");
  std::string payload;
  try {
    payload = data.dump();
  } catch (const nlohmann::json::type_error&) {  // a string that is not UTF-8
    return Error::Invalid("data must be UTF-8 text", 0, "data");
  }
  // Written out rather than built as one JSON value: the order is the spec's and
  // `data` keeps its own.
  std::string timestamp = std::to_string(m.now.unix);
  std::string body = R"({"type":)" + nlohmann::json(m.type).dump() + R"(,"timestamp":")" +
                     Rfc3339Utc(m.now) + R"(","data":)" + payload + "}";
  if (body.size() > kMaxWebhookBody) {
    return Error::Invalid("data is larger than 1024 KB", 0, "data");
  }
  AFTERCARE_ASSIGN_OR_RETURN(std::string key, WebhookKey(s.secret));
  std::string signature = Base64Encode(HmacSha256(key, id + "." + timestamp + "." + body));
  sodium_memzero(key.data(), key.size());
  return RobotRequest{s.url,
                      {"Content-Type: application/json", "webhook-id: " + id,
                       "webhook-timestamp: " + timestamp, "webhook-signature: v1," + signature},
                      std::move(body)};
}

// An answer's body as the delivery log keeps it: its first kRobotAnswerBytes,
// valid UTF-8 (a body that is not keeps its ASCII, "?" for the other bytes).
std::string Keepable(std::string_view body) {
  std::string out = TruncateUtf8(body, kRobotAnswerBytes);
  if (IsValidUtf8(out)) return out;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  }
  return out;
}

enum class CodeClass { kRateLimit, kBusy, kSettings, kRefused };

CodeClass Classify(RobotKind kind, long long code) {
  if (code == -1) return CodeClass::kBusy;  // each kind's "system busy"
  switch (kind) {
    case RobotKind::kWeCom:
      if (code == 45009) return CodeClass::kRateLimit;
      if (code >= 93000 && code <= 93999) return CodeClass::kSettings;  // the webhook's key
      break;
    case RobotKind::kDingTalk:
      if (code == 130101 || code == 130102 || code == 410100) return CodeClass::kRateLimit;
      if (code == 300001 || code == 300005 || code == 310000 || code == 400101 || code == 400102) {
        return CodeClass::kSettings;  // token, signature, keyword, IP list, robot stopped
      }
      break;
    case RobotKind::kFeishu:
      if (code == 9499 || code == 11232) return CodeClass::kRateLimit;
      if (code == 19001 || code == 19021 || code == 19022 || code == 19024) {
        return CodeClass::kSettings;  // hook token, signature, IP list, keyword
      }
      break;
    case RobotKind::kWebhook:
      break;
  }
  return CodeClass::kRefused;
}

}  // namespace

Result<RobotKind> ParseRobotKind(std::string_view text) {
  if (text == "wecom") return RobotKind::kWeCom;
  if (text == "dingtalk") return RobotKind::kDingTalk;
  if (text == "feishu") return RobotKind::kFeishu;
  if (text == "webhook") return RobotKind::kWebhook;
  return Error::Invalid("kind must be wecom, dingtalk, feishu or webhook", 0, "kind");
}

std::string_view Name(RobotKind kind) {
  switch (kind) {
    case RobotKind::kWeCom:
      return "wecom";
    case RobotKind::kDingTalk:
      return "dingtalk";
    case RobotKind::kFeishu:
      return "feishu";
    case RobotKind::kWebhook:
      break;
  }
  return "webhook";
}

Result<RobotFormat> ParseRobotFormat(std::string_view text) {
  if (text == "text") return RobotFormat::kText;
  if (text == "markdown") return RobotFormat::kMarkdown;
  return Error::Invalid("format must be text or markdown", 0, "format");
}

std::string_view Name(RobotFormat format) {
  return format == RobotFormat::kMarkdown ? "markdown" : "text";
}

std::string TruncateUtf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes - kEllipsis.size();
  // text[cut] is the first byte left out: while it continues a sequence, the
  // character it belongs to goes too.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

Status CheckRobotSettings(const RobotSettings& s) {
  if (s.url.empty()) return Error::Invalid("url is required", 0, "url");
  if (s.url.size() > kMaxRobotUrl) {
    return Error::Invalid("url is longer than 2048 characters", 0, "url");
  }
  if (std::string scheme = SchemeOf(s.url); scheme != "http" && scheme != "https") {
    return Error::Invalid("url must be an http or https address", 0, "url");
  }
  if (s.secret.size() > kMaxRobotSecret) {
    return Error::Invalid("secret is longer than 512 characters", 0, "secret");
  }
  for (char c : s.secret) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Error::Invalid("secret must not contain a line break", 0, "secret");
    }
  }
  switch (s.kind) {
    case RobotKind::kWeCom:
      if (!s.secret.empty()) {
        return Error::Invalid("a WeCom robot takes no secret: its key is in the url", 0, "secret");
      }
      break;
    case RobotKind::kFeishu:
      if (s.format != RobotFormat::kText) {
        return Error::Invalid("a Feishu robot takes text only", 0, "format");
      }
      break;
    case RobotKind::kWebhook: {
      if (s.secret.empty()) return Error::Invalid("secret is required", 0, "secret");
      AFTERCARE_RETURN_IF_ERROR(WebhookKey(s.secret));
      break;
    }
    case RobotKind::kDingTalk:
      break;
  }
  if (s.connect_timeout.count() <= 0 || s.connect_timeout > kMaxRobotTimeout) {
    return Error::Invalid("connect_timeout is out of range", 0, "connect_timeout");
  }
  if (s.timeout.count() <= 0 || s.timeout > kMaxRobotTimeout) {
    return Error::Invalid("timeout is out of range", 0, "timeout");
  }
  return {};
}

Result<RobotRequest> BuildRobotRequest(const RobotSettings& settings, const RobotMessage& message) {
  AFTERCARE_RETURN_IF_ERROR(CheckRobotSettings(settings));
  AFTERCARE_RETURN_IF_ERROR(CheckText(settings.kind, message));
  switch (settings.kind) {
    case RobotKind::kWeCom:
      return WeCom(settings, message);
    case RobotKind::kDingTalk:
      return DingTalk(settings, message);
    case RobotKind::kFeishu:
      return Feishu(settings, message);
    case RobotKind::kWebhook:
      break;
  }
  return Webhook(settings, message);
}

Status JudgeRobotAnswer(RobotKind kind, const RobotAnswer& answer) {
  std::string detail = "HTTP " + std::to_string(answer.http_status);
  auto with_body = [&] {
    return answer.body.empty() ? detail : detail + "; answer " + Keepable(answer.body);
  };
  int status = answer.http_status;
  if (status == 429) return Error::Io("the robot's rate limit was reached", with_body());
  if (status == 408 || status >= 500) return Error::Io("the robot is unavailable now", with_body());
  if (status < 200 || status > 299) {
    return Error{ErrorCode::kInvalidInput, "the robot refused the message", {}, 0, with_body()};
  }
  if (kind == RobotKind::kWebhook) return {};  // any 2xx, whatever its body
  nlohmann::json body = nlohmann::json::parse(answer.body, nullptr, false);
  const char* key = kind == RobotKind::kFeishu ? "code" : "errcode";
  if (body.is_object() && kind == RobotKind::kFeishu && !body.contains(key)) {
    key = "StatusCode";  // Feishu's older answer
  }
  if (!body.is_object() || !body.contains(key) || !body[key].is_number_integer()) {
    return Error{ErrorCode::kInvalidInput, "the robot's answer cannot be read", {}, 0, with_body()};
  }
  long long code = body[key].get<long long>();
  if (code == 0) return {};
  detail += std::string(", ") + key + " " + std::to_string(code);
  switch (Classify(kind, code)) {
    case CodeClass::kRateLimit:
      return Error::Io("the robot's rate limit was reached", with_body());
    case CodeClass::kBusy:
      return Error::Io("the robot is unavailable now", with_body());
    case CodeClass::kSettings:
      return Error::Io("the robot refused its key or signature: check the channel's settings",
                       with_body());
    case CodeClass::kRefused:
      break;
  }
  return Error{ErrorCode::kInvalidInput, "the robot refused the message", {}, 0, with_body()};
}

Result<RobotAnswer> SendRobot(const RobotSettings& settings, const RobotMessage& message) {
  std::string where = std::string(Name(settings.kind)) + " at " + Origin(settings.url) + ": ";
  if (Status valid = CheckRobotSettings(settings); !valid.ok()) {
    return Error::Io("the robot settings are not valid",
                     where + valid.error().field + ": " + valid.error().message);
  }
  AFTERCARE_ASSIGN_OR_RETURN(RobotRequest request, BuildRobotRequest(settings, message));
  PostOutcome outcome =
      Post(HttpPost{std::move(request.url), std::move(request.headers), std::move(request.body),
                    settings.ca_file, settings.connect_timeout, settings.timeout});
  switch (outcome.failure) {
    case PostFailure::kNone:
      break;
    case PostFailure::kConnect:
      return Error::Io("cannot reach the robot", where + outcome.detail);
    case PostFailure::kTimeout:
      return Error::Io("the robot did not answer in time", where + outcome.detail);
    case PostFailure::kTls:
      return Error::Io("cannot make a secure connection to the robot", where + outcome.detail);
    case PostFailure::kOther:
      return Error::Io("the robot could not be used", where + outcome.detail);
  }
  RobotAnswer answer{static_cast<int>(outcome.status), std::move(outcome.body)};
  if (Status judged = JudgeRobotAnswer(settings.kind, answer); !judged.ok()) {
    Error error = judged.error();
    error.detail = where + error.detail;
    return error;
  }
  answer.body = Keepable(answer.body);
  return answer;
}

}  // namespace aftercare::jobs::robots
