// Group-chat robots and signed webhooks (issue 12 point 4): builds the request
// each kind of receiver expects and POSTs it (jobs/robots/http_post.h). Blocking,
// for a job's thread; safe to call from several threads at once.
//
//   WeCom (企业微信)   the key is in the URL (?key=...); msgtype text (at most
//                      2048 bytes) or markdown (at most 4096 bytes)
//   DingTalk (钉钉)    with a secret: `timestamp` (epoch milliseconds) and `sign` =
//                      URL-encoded Base64 of HMAC-SHA256(key secret, timestamp
//                      "\n" secret) added to the URL's query; text or markdown,
//                      at most 20000 bytes
//   Feishu (飞书)      with a secret: `timestamp` (epoch seconds, a string) and
//                      `sign` = Base64 of HMAC-SHA256(key timestamp "\n" secret,
//                      empty message) in the JSON body; text only, at most 18000
//                      bytes (the body must stay under 20 KB, JSON around it)
//   webhook            Standard Webhooks: headers webhook-id (the idempotency
//                      key, the same on every attempt), webhook-timestamp (epoch
//                      seconds) and webhook-signature "v1,<Base64 HMAC-SHA256 over
//                      id.timestamp.body>", keyed by the Base64-decoded part of a
//                      "whsec_<Base64>" secret (a secret without the prefix is
//                      used as it is, as raw bytes); body {"type", "timestamp"
//                      (RFC 3339, UTC), "data"}
// A text longer than its kind's limit is cut at a character boundary (never
// inside a UTF-8 sequence) and ends with "…", the whole within the limit.
//
// The outcome of SendRobot:
//   ok               delivered: a 2xx answer, and for the chat robots a zero
//                    errcode (WeCom, DingTalk) or code / StatusCode (Feishu)
//   kInvalidInput    permanent: the message is malformed (BuildRobotRequest's
//                    errors, with their field), or the receiver refused it (a 4xx
//                    other than 408/429, a non-zero code not listed below, a 200
//                    whose body is not the kind's JSON: the outcome is unknown,
//                    and not sending again is what keeps a notice from arriving
//                    twice). Sending it again will fail again: do not retry.
//   kIo              transient: the receiver cannot be reached or did not answer
//                    in time, TLS failed, HTTP 408/429/5xx, a rate limit (WeCom
//                    45009, DingTalk 130101/130102/410100, Feishu 9499/11232), a
//                    busy robot (-1), or the settings' fault: the settings are not
//                    valid (CheckRobotSettings), or the robot refused its key,
//                    token, signature, keyword or IP (WeCom 93000-93999, DingTalk
//                    300001/300005/310000/400101/400102, Feishu 19001/19021/19022/
//                    19024); fixed settings make the same message go. Retry later.
// `message` is safe to show an administrator; `detail` has the kind, the
// receiver's scheme and host (never the path or query, where WeCom and Feishu
// keep their keys), curl's error or the HTTP status and the answer's first 1 kB;
// never the secret. Nothing here logs.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace aftercare::jobs::robots {

enum class RobotKind { kWeCom, kDingTalk, kFeishu, kWebhook };

// "wecom", "dingtalk", "feishu", "webhook" (field "kind").
Result<RobotKind> ParseRobotKind(std::string_view text);
std::string_view Name(RobotKind kind);

// The chat robots' message type; a webhook sends JSON whatever this says.
enum class RobotFormat { kText, kMarkdown };

// "text", "markdown" (field "format").
Result<RobotFormat> ParseRobotFormat(std::string_view text);
std::string_view Name(RobotFormat format);

inline constexpr std::chrono::milliseconds kRobotConnectTimeout{5'000};
inline constexpr std::chrono::milliseconds kRobotTotalTimeout{15'000};
inline constexpr std::chrono::milliseconds kMaxRobotTimeout{120'000};
inline constexpr std::size_t kMaxRobotUrl = 2048;    // bytes
inline constexpr std::size_t kMaxRobotSecret = 512;  // bytes

// The content limits, in bytes of UTF-8.
inline constexpr std::size_t kWeComTextBytes = 2048;
inline constexpr std::size_t kWeComMarkdownBytes = 4096;
inline constexpr std::size_t kDingTalkBytes = 20000;
inline constexpr std::size_t kFeishuBytes = 18000;
inline constexpr std::size_t kMaxWebhookBody = 1024 * 1024;
// What of an answer's body RobotAnswer and an error's detail keep.
inline constexpr std::size_t kRobotAnswerBytes = 1024;

struct RobotSettings {
  RobotKind kind = RobotKind::kWeCom;
  std::string url;     // the robot's or receiver's address, http:// or https://
  std::string secret;  // DingTalk, Feishu: optional; webhook: required; WeCom: none
  RobotFormat format = RobotFormat::kText;  // Feishu: text only
  std::string ca_file;                      // PEM file of the CAs to trust; empty: the system's
  std::chrono::milliseconds connect_timeout = kRobotConnectTimeout;
  std::chrono::milliseconds timeout = kRobotTotalTimeout;  // the whole exchange
};

// What a channel page checks when settings are saved: kInvalidInput with the
// field (url, secret, format, connect_timeout, timeout). Never repeats the secret.
Status CheckRobotSettings(const RobotSettings& settings);

struct RobotMessage {
  // The chat robots: the title is the first line (WeCom and DingTalk markdown: a
  // "### " heading; DingTalk markdown also its `title`, the notification's
  // preview, so it is required there), then the text, markdown or plain as the
  // settings' format says. The webhook: title and text are its data when `data`
  // is null.
  std::string title;
  std::string text;
  std::string type;     // the webhook's event type ("sla.warning"); required there
  nlohmann::json data;  // the webhook's payload: an object, or null for {title, text}
  // The webhook's webhook-id: the same on every attempt of one delivery, so the
  // receiver can drop a repeat. Printable ASCII without spaces, at most 256 bytes.
  std::string idempotency_key;
  Instant now;  // the signatures' timestamp (DingTalk: its seconds * 1000)
};

struct RobotRequest {
  std::string url;                   // the settings' URL, DingTalk's signature added
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
};

// The request SendRobot sends, for `settings` (CheckRobotSettings' errors) and
// `message` (kInvalidInput with its field: title, text, type, data,
// idempotency_key). Pure: the same arguments give the same bytes.
Result<RobotRequest> BuildRobotRequest(const RobotSettings& settings, const RobotMessage& message);

struct RobotAnswer {
  int http_status = 0;
  std::string body;  // the first kRobotAnswerBytes, for the delivery log
};

// Whether `answer` from a receiver of `kind` means delivered (the outcomes
// above; the detail has no host, SendRobot adds it).
Status JudgeRobotAnswer(RobotKind kind, const RobotAnswer& answer);

// Builds the request and POSTs it: ok (with the answer) only when delivered.
Result<RobotAnswer> SendRobot(const RobotSettings& settings, const RobotMessage& message);

// `text` cut to at most `max_bytes` bytes at a character boundary, ending with
// "…" when cut, for valid UTF-8 `text` (other bytes are cut within the limit
// too, before a byte that continues no sequence). `max_bytes` is at least 3.
std::string TruncateUtf8(std::string_view text, std::size_t max_bytes);

}  // namespace aftercare::jobs::robots
