// Notice channels beyond the app (issue 12 point 4): the outgoing mail server
// that carries personal e-mails, and group-chat robots that post to a team's or a
// contract's group (WeCom, DingTalk, Feishu) or to any system (a generic webhook
// signed like Standard Webhooks). Administrators only.
//
// A channel's secrets (`secrets`: the mail password, a robot's URL with its key or
// token, a signing secret) are sealed (secret_box.h) and write-only: the API
// answers which are set, never their values, and neither they nor the URL's query
// reach the audit log. An update that leaves a secret out keeps it; an empty
// string removes it.
//
// Rules (kInvalidInput naming the field): name 1..100 characters, unique
// (kConflict); channel_kind email (an SMTP server)|wecom|dingtalk|feishu|webhook,
// fixed once created; an e-mail channel serves everyone (no team or contract) and needs host, port 1..65535,
// security none|starttls|tls and a sender address `from`; a robot needs `url`
// (http or https, at most 2048 characters); `format` text|markdown (WeCom,
// DingTalk); a webhook needs a signing secret; `notice_kinds` are notification
// kinds (default the warnings and escalations); rate_per_minute 0..600 (0: no
// limit; default 20 for WeCom and DingTalk, 100 for Feishu, 0 otherwise); team_id
// and contract_id must exist (kInvalidInput), at most one of them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "service/channels/secret_box.h"
#include "service/context.h"
#include "service/notifications/notifications.h"
#include "store/db.h"

namespace aftercare::service {

enum class ChannelKind : std::uint8_t { kSmtp, kWeCom, kDingTalk, kFeishu, kWebhook };
inline constexpr int kChannelKindCount = 5;
std::optional<ChannelKind> ParseChannelKind(std::string_view s);
std::string_view Name(ChannelKind k);

struct ChannelInput {
  std::optional<std::string> name;
  std::optional<ChannelKind> kind;  // create only
  std::optional<std::optional<std::int64_t>> team_id, contract_id;
  std::optional<nlohmann::json> settings;  // merged key by key into the stored ones
  std::optional<nlohmann::json> secrets;   // {"password"|"url"|"secret": text}
  std::optional<std::vector<NotificationKind>> notice_kinds;
  std::optional<std::int64_t> rate_per_minute;
  std::optional<bool> enabled;
};

struct Channel {
  std::int64_t id = 0;
  std::string name;
  ChannelKind kind = ChannelKind::kSmtp;
  std::optional<std::int64_t> team_id, contract_id;
  std::string team_name, contract_name;
  nlohmann::json settings;               // never a secret
  std::vector<std::string> secrets_set;  // the names of the secrets stored
  std::string url_hint;                  // a robot URL's scheme, host and path only
  std::vector<NotificationKind> notice_kinds;
  std::int64_t rate_per_minute = 0;
  bool enabled = true;
  Instant created_at, updated_at;
};

Result<Channel> CreateChannel(store::Database& db, const Context& ctx, const SecretBox& box,
                              const ChannelInput& in);
Result<Channel> UpdateChannel(store::Database& db, const Context& ctx, const SecretBox& box,
                              std::int64_t id, const ChannelInput& in);
Result<std::vector<Channel>> ListChannels(store::Database& db, const Context& ctx,
                                          const SecretBox& box);
Result<Channel> GetChannel(store::Database& db, const Context& ctx, const SecretBox& box,
                           std::int64_t id);
// Deletes a channel that never delivered; one with deliveries is disabled instead
// (its log is evidence), answering the channel as it is now.
Result<std::optional<Channel>> DeleteChannel(store::Database& db, const Context& ctx,
                                             const SecretBox& box, std::int64_t id);

// For the sender (a job, no actor): the channel with its secrets opened.
struct ChannelForSending {
  Channel channel;
  nlohmann::json secrets;  // {"password"|"url"|"secret": text}
};
Result<ChannelForSending> LoadChannelForSending(store::Transaction& tx, const SecretBox& box,
                                                std::int64_t id);

// The enabled channels a notice of `kind` goes to: robots whose kinds include it,
// global or scoped to `team_id` or `contract_id`.
Result<std::vector<Channel>> RobotChannelsFor(store::Transaction& tx, NotificationKind kind,
                                              std::optional<std::int64_t> team_id,
                                              std::optional<std::int64_t> contract_id);
// The enabled SMTP channel personal e-mails go out by (the lowest id), if any.
Result<std::optional<Channel>> MailChannel(store::Transaction& tx);

}  // namespace aftercare::service
