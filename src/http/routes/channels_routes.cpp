// Notice channels (issue 12 point 4): the mail server and the group robots,
// administrators only. Secrets are write-only: a channel's view says which are set.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/channels/channels.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json ChannelView(const service::Channel& c) {
  const TimeZone& tz = DefaultZone();
  json kinds = json::array();
  for (auto k : c.notice_kinds) kinds.push_back(service::Name(k));
  return json{{"id", c.id},
              {"name", c.name},
              {"channel_kind", service::Name(c.kind)},
              {"team_id", views::Opt(c.team_id)},
              {"team_name", c.team_id ? json(c.team_name) : json(nullptr)},
              {"contract_id", views::Opt(c.contract_id)},
              {"contract_number", c.contract_id ? json(c.contract_name) : json(nullptr)},
              {"settings", c.settings},
              {"secrets_set", c.secrets_set},
              {"url_hint", c.url_hint},
              {"notice_kinds", kinds},
              {"rate_per_minute", c.rate_per_minute},
              {"enabled", c.enabled},
              {"created_at", FormatRfc3339(c.created_at, tz)},
              {"updated_at", FormatRfc3339(c.updated_at, tz)}};
}

// The body of a create or an update; `problem` set on a bad kind or notice kind.
service::ChannelInput ReadInput(JsonBody& b, bool create) {
  service::ChannelInput in;
  in.name = create ? std::optional<std::string>(b.Str("name")) : b.OptStr("name");
  auto kind = create ? std::optional<std::string>(b.Str("channel_kind")) : b.OptStr("channel_kind");
  if (kind) in.kind = service::ParseChannelKind(*kind);
  auto team = b.OptInt("team_id");
  auto contract = b.OptInt("contract_id");
  if (team) in.team_id = std::optional<std::int64_t>(*team);
  if (contract) in.contract_id = std::optional<std::int64_t>(*contract);
  json settings = b.OptObject("settings");
  if (!settings.empty()) in.settings = settings;
  json secrets = b.OptObject("secrets");
  if (!secrets.empty()) in.secrets = secrets;
  if (auto kinds = b.OptStrList("notice_kinds")) {
    in.notice_kinds.emplace();
    for (const auto& k : *kinds) {
      if (auto nk = service::ParseNotificationKind(k)) in.notice_kinds->push_back(*nk);
    }
  }
  in.rate_per_minute = b.OptInt("rate_per_minute");
  in.enabled = b.OptBool("enabled");
  return in;
}

// A name the body gave that is not of its closed set.
std::optional<Error> BadNames(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  if (j.contains("channel_kind") && j["channel_kind"].is_string() &&
      !service::ParseChannelKind(j["channel_kind"].get<std::string>())) {
    return Error::Invalid("channel_kind must be email, wecom, dingtalk, feishu or webhook", 0,
                          "channel_kind");
  }
  if (j.contains("notice_kinds") && j["notice_kinds"].is_array()) {
    for (const auto& k : j["notice_kinds"]) {
      if (k.is_string() && !service::ParseNotificationKind(k.get<std::string>())) {
        return Error::Invalid("notice_kinds: unknown kind " + k.get<std::string>(), 0,
                              "notice_kinds");
      }
    }
  }
  return std::nullopt;
}

json InputSchema(bool create) {
  json props = s::Object({{"name", s::Str()},
                          {"channel_kind", s::EnumOf<service::ChannelKind>(service::kChannelKindCount)},
                          {"team_id", s::Nullable(s::Int())},
                          {"contract_id", s::Nullable(s::Int())},
                          {"settings", s::FreeObject()},
                          {"secrets", s::FreeObject()},
                          {"notice_kinds", s::Array(s::EnumOf<service::NotificationKind>(
                                               service::kNotificationKindCount))},
                          {"rate_per_minute", s::Int()},
                          {"enabled", s::Bool()}},
                         create ? std::vector<std::string>{"name", "channel_kind"}
                                : std::vector<std::string>{});
  return props;
}

}  // namespace

void RegisterChannelsRoutes(Router& router, ApiEnv& env) {
  using service::roles::kAdmins;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/channels",
              .summary = "the notice channels: the mail server and the group robots (secrets "
                         "never shown)",
              .roles = kAdmins,
              .response = s::Items(s::Ref("NoticeChannel")),
              .handler = [&env](Call& c) {
                return c.Render(service::ListChannels(env.db, c.ctx, env.secrets),
                                [](const auto& list) { return views::Items(list, ChannelView); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/channels",
              .summary = "add a channel: email (an SMTP server: settings host, port, security, username, from, "
                         "from_name; secrets.password) or a robot wecom, dingtalk, feishu, "
                         "webhook (secrets.url, secrets.secret; settings.format text|markdown)",
              .roles = kAdmins,
              .request = InputSchema(true),
              .response = s::Ref("NoticeChannel"),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                service::ChannelInput in = ReadInput(b, true);
                AFTERCARE_BODY_OK(c, b);
                if (auto bad = BadNames(c.req.body())) return c.Fail(*bad);
                return c.Render(service::CreateChannel(env.db, c.ctx, env.secrets, in),
                                ChannelView, 201);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/channels/{id}",
              .summary = "one channel",
              .roles = kAdmins,
              .response = s::Ref("NoticeChannel"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetChannel(env.db, c.ctx, env.secrets, c.ids[0]),
                                ChannelView);
              }});
  router.Add({.method = Method::kPatch,
              .path = "/api/v1/channels/{id}",
              .summary = "change a channel; a secret left out is kept, an empty one removed",
              .roles = kAdmins,
              .request = InputSchema(false),
              .response = s::Ref("NoticeChannel"),
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                service::ChannelInput in = ReadInput(b, false);
                AFTERCARE_BODY_OK(c, b);
                if (auto bad = BadNames(c.req.body())) return c.Fail(*bad);
                return c.Render(service::UpdateChannel(env.db, c.ctx, env.secrets, c.ids[0], in),
                                ChannelView);
              }});
  router.Add({.method = Method::kDelete,
              .path = "/api/v1/channels/{id}",
              .summary = "delete a channel that never delivered; one with a delivery log is "
                         "disabled instead",
              .roles = kAdmins,
              .response = s::Record({{"deleted", s::Bool()},
                                     {"channel", s::Any()}}),
              .handler = [&env](Call& c) {
                return c.Render(service::DeleteChannel(env.db, c.ctx, env.secrets, c.ids[0]),
                                [](const auto& kept) {
                                  return json{{"deleted", !kept.has_value()},
                                              {"channel", kept ? ChannelView(*kept)
                                                               : json(nullptr)}};
                                });
              }});
  router.AddSchema(
      "NoticeChannel",
      s::Record({{"id", s::Int()},
                 {"name", s::Str()},
                 {"channel_kind", s::EnumOf<service::ChannelKind>(service::kChannelKindCount)},
                 {"team_id", s::Nullable(s::Int())},
                 {"team_name", s::Nullable(s::Str())},
                 {"contract_id", s::Nullable(s::Int())},
                 {"contract_number", s::Nullable(s::Str())},
                 {"settings", s::FreeObject()},
                 {"secrets_set", s::Array(s::Str())},
                 {"url_hint", s::Str()},
                 {"notice_kinds", s::Array(s::EnumOf<service::NotificationKind>(
                                      service::kNotificationKindCount))},
                 {"rate_per_minute", s::Int()},
                 {"enabled", s::Bool()},
                 {"created_at", s::Time()},
                 {"updated_at", s::Time()}}));
}

}  // namespace aftercare::http
