// A user's notifications (issue 12 point 4): the inbox behind the bell, its unread
// count (also pushed live on /api/v1/stream), and marking read. Every logged-in
// user, their own only.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/notifications/notifications.h"
#include "service/notifications/preferences.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json NotificationView(const service::Notification& n) {
  const TimeZone& tz = DefaultZone();
  return json{{"id", n.id},
              {"kind", service::Name(n.kind)},
              {"ticket_id", views::Opt(n.ticket_id)},
              {"ticket_number", n.ticket_id ? json(n.ticket_number) : json(nullptr)},
              {"ticket_title", n.ticket_id ? json(n.ticket_title) : json(nullptr)},
              {"contract_id", views::Opt(n.contract_id)},
              {"data", n.data},
              {"created_at", FormatRfc3339(n.created_at, tz)},
              {"read_at", views::Time(n.read_at, tz)}};
}

Reply List(Call& c, ApiEnv& env) {
  service::NotificationFilter f;
  auto unread = c.QueryFlag("unread");
  auto cursor = c.QueryInt("cursor");
  auto limit = c.QueryLimit("limit");
  if (!unread.ok()) return c.Fail(unread.error(), true);
  if (!cursor.ok()) return c.Fail(cursor.error(), true);
  if (!limit.ok()) return c.Fail(limit.error(), true);
  f.unread_only = *unread;
  f.before_id = *cursor;
  if (*limit) f.limit = **limit;
  return c.Render(service::ListNotifications(env.db, c.ctx, f), [&](const auto& page) {
    json items = json::array();
    for (const auto& n : page.items) items.push_back(NotificationView(n));
    json next = page.items.size() == static_cast<std::size_t>(f.limit)
                    ? json(std::to_string(page.items.back().id))
                    : json(nullptr);
    return json{{"items", items}, {"unread", page.unread}, {"next_cursor", next}};
  });
}

json PreferencesView(const service::NoticePreferences& p) {
  json kinds = json::object();
  for (const auto& [kind, c] : p.kinds) {
    kinds[std::string(service::Name(kind))] = {{"in_app", c.in_app}, {"email", c.email}};
  }
  return json{{"email", p.email}, {"kinds", kinds}};
}

// {"kinds": {"sla_warning": {"in_app": true, "email": false}, ...}}: each kind a
// known one, each channel a boolean.
Result<std::map<service::NotificationKind, service::KindChannels>> ReadKinds(const json& kinds) {
  std::map<service::NotificationKind, service::KindChannels> out;
  for (const auto& [name, channels] : kinds.items()) {
    const std::string field = "kinds." + name;
    auto kind = service::ParseNotificationKind(name);
    if (!kind) return Error::Invalid(field + ": unknown kind " + name, 0, field);
    if (!channels.is_object()) return Error::Invalid(field + " must be an object", 0, field);
    service::KindChannels c;
    for (const auto& [channel, on] : channels.items()) {
      if (!on.is_boolean()) {
        return Error::Invalid(field + "." + channel + " must be true or false", 0,
                              field + "." + channel);
      }
      if (channel == "in_app") {
        c.in_app = on.get<bool>();
      } else if (channel == "email") {
        c.email = on.get<bool>();
      } else {
        return Error::Invalid(field + "." + channel + " is not a channel: in_app or email", 0,
                              field + "." + channel);
      }
    }
    out[*kind] = c;
  }
  return out;
}

}  // namespace

void RegisterNotificationsRoutes(Router& router, ApiEnv& env) {
  using service::roles::kEveryone;
  json kinds = s::EnumOf<service::NotificationKind>(service::kNotificationKindCount);
  json notification = s::Record({{"id", s::Int()},
                                 {"kind", kinds},
                                 {"ticket_id", s::Nullable(s::Int())},
                                 {"ticket_number", s::Nullable(s::Str())},
                                 {"ticket_title", s::Nullable(s::Str())},
                                 {"contract_id", s::Nullable(s::Int())},
                                 {"data", s::Any()},
                                 {"created_at", s::Time()},
                                 {"read_at", s::Nullable(s::Time())}});
  json unread = s::Record({{"unread", s::Int()}});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/notifications",
              .summary = "my notifications, newest first, with my unread count: unread=1 for "
                         "the unread only; cursor, limit",
              .roles = kEveryone,
              .query = {{"unread", "integer", "1: only the unread"},
                        {"cursor", "integer", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = s::Record({{"items", s::Array(notification)},
                                     {"unread", s::Int()},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return List(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/notifications/unread",
              .summary = "my unread count (the bell)",
              .roles = kEveryone,
              .response = unread,
              .handler = [&env](Call& c) {
                return c.Render(service::UnreadNotifications(env.db, c.ctx), [](std::int64_t n) {
                  return json{{"unread", n}};
                });
              }});
  json preferences = s::Record({{"email", s::Str()}, {"kinds", s::FreeObject()}});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/notifications/preferences",
              .summary = "my notice address and my channels (in_app, email) per kind of notice",
              .roles = kEveryone,
              .response = preferences,
              .handler = [&env](Call& c) {
                return c.Render(service::GetNoticePreferences(env.db, c.ctx), PreferencesView);
              }});
  router.Add({.method = Method::kPut,
              .path = "/api/v1/notifications/preferences",
              .summary = "set my notice address and my channels per kind (kinds left out keep "
                         "theirs); warnings and escalations always reach the inbox",
              .roles = kEveryone,
              .request = s::Object({{"email", s::Str()}, {"kinds", s::FreeObject()}}, {}),
              .response = preferences,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                service::NoticePreferencesInput in;
                in.email = b.OptStr("email");
                json kinds = b.OptObject("kinds");
                AFTERCARE_BODY_OK(c, b);
                auto parsed = ReadKinds(kinds);
                if (!parsed.ok()) return c.Fail(parsed.error());
                in.kinds = std::move(*parsed);
                return c.Render(service::PutNoticePreferences(env.db, c.ctx, in),
                                PreferencesView);
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/notifications/read",
              .summary = "mark my notifications read: ids, or all of them when ids is absent",
              .roles = kEveryone,
              .request = s::Object({{"ids", s::Array(s::Int())}}, {}),
              .response = unread,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                auto ids = b.OptIntList("ids");
                AFTERCARE_BODY_OK(c, b);
                if (ids && ids->empty()) {
                  return c.Fail(
                      Error::Invalid("ids must not be empty (leave it out to mark all)", 0, "ids"),
                      true);
                }
                return c.Render(service::MarkNotificationsRead(
                                    env.db, c.ctx, ids.value_or(std::vector<std::int64_t>{})),
                                [](std::int64_t n) {
                                  return json{{"unread", n}};
                                });
              }});
}

}  // namespace aftercare::http
