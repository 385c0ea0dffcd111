// A user's notifications (issue 12 point 4): the inbox behind the bell, its unread
// count (also pushed live on /api/v1/stream), and marking read. Every logged-in
// user, their own only.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/notifications/notifications.h"
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
