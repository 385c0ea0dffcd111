// The delivery log (issue 12 point 7): every message sent outside the app with
// each attempt and the remote answer; dead letters sent again; a channel's test
// message. Administrators only.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/deliveries/deliveries.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json DeliveryView(const service::Delivery& d) {
  const TimeZone& tz = DefaultZone();
  json log = json::array();
  for (const auto& a : d.log) {
    log.push_back({{"id", a.id},
                   {"started_at", FormatRfc3339(a.started_at, tz)},
                   {"finished_at", views::Time(a.finished_at, tz)},
                   {"outcome", a.outcome},
                   {"answer", a.answer},
                   {"worker", a.worker}});
  }
  return json{{"id", d.id},
              {"channel_id", d.channel_id},
              {"channel_name", d.channel_name},
              {"channel_kind", service::Name(d.channel_kind)},
              {"notice_kind", d.notice_kind},
              {"user_id", views::Opt(d.user_id)},
              {"user_name", d.user_id ? json(d.user_name) : json(nullptr)},
              {"address", d.address},
              {"ticket_id", views::Opt(d.ticket_id)},
              {"ticket_number", d.ticket_id ? json(d.ticket_number) : json(nullptr)},
              {"contract_id", views::Opt(d.contract_id)},
              {"idempotency_key", d.idempotency_key},
              {"subject", d.subject},
              {"body", d.body},
              {"state", d.state},
              {"attempts", d.attempts},
              {"last_error", d.last_error},
              {"next_attempt_at", views::Time(d.next_attempt_at, tz)},
              {"created_at", FormatRfc3339(d.created_at, tz)},
              {"sent_at", views::Time(d.sent_at, tz)},
              {"log", log}};
}

}  // namespace

void RegisterDeliveriesRoutes(Router& router, ApiEnv& env) {
  using service::roles::kAdmins;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/deliveries",
              .summary = "the delivery log, newest first: state (pending, sent, dead), "
                         "channel_id, ticket_id, cursor, limit",
              .roles = kAdmins,
              .query = {{"state", "string", "pending, sent or dead"},
                        {"channel_id", "integer", ""},
                        {"ticket_id", "integer", ""},
                        {"cursor", "integer", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = s::Record({{"items", s::Array(s::Ref("Delivery"))},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) {
                service::DeliveryFilter f;
                f.state = c.QueryStr("state");
                auto channel = c.QueryInt("channel_id");
                auto ticket = c.QueryInt("ticket_id");
                auto cursor = c.QueryInt("cursor");
                auto limit = c.QueryLimit("limit");
                for (const auto* r : {&channel, &ticket, &cursor}) {
                  if (!r->ok()) return c.Fail(r->error(), true);
                }
                if (!limit.ok()) return c.Fail(limit.error(), true);
                f.channel_id = *channel;
                f.ticket_id = *ticket;
                f.before_id = *cursor;
                if (*limit) f.limit = **limit;
                return c.Render(service::ListDeliveries(env.db, c.ctx, f), [&](const auto& list) {
                  json items = json::array();
                  for (const auto& d : list) items.push_back(DeliveryView(d));
                  json next = list.size() == static_cast<std::size_t>(f.limit)
                                  ? json(std::to_string(list.back().id))
                                  : json(nullptr);
                  return json{{"items", items}, {"next_cursor", next}};
                });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/deliveries/{id}",
              .summary = "one delivery with every attempt and its remote answer",
              .roles = kAdmins,
              .response = s::Ref("Delivery"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetDelivery(env.db, c.ctx, c.ids[0]), DeliveryView);
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/deliveries/{id}/resend",
              .summary = "send a dead delivery again",
              .roles = kAdmins,
              .response = s::Ref("Delivery"),
              .handler = [&env](Call& c) {
                return c.Render(service::ResendDelivery(env.db, c.ctx, c.ids[0]), DeliveryView);
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/channels/{id}/test",
              .summary = "send a test message through the channel (a mail goes to `address`, by "
                         "default my notice address); follow it in the delivery log",
              .roles = kAdmins,
              .request = s::Object({{"address", s::Str()}}),
              .response = s::Ref("Delivery"),
              .status = 202,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body().empty() ? std::string_view("{}") : c.req.body());
                auto to = b.OptStr("address");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::TestChannel(env.db, c.ctx, c.ids[0], to), DeliveryView,
                                202);
              }});
  json attempt = s::Record({{"id", s::Int()},
                            {"started_at", s::Time()},
                            {"finished_at", s::Nullable(s::Time())},
                            {"outcome", s::Enum({"sending", "sent", "failed"})},
                            {"answer", s::Str()},
                            {"worker", s::Str()}});
  router.AddSchema(
      "Delivery",
      s::Record({{"id", s::Int()},
                 {"channel_id", s::Int()},
                 {"channel_name", s::Str()},
                 {"channel_kind", s::EnumOf<service::ChannelKind>(service::kChannelKindCount)},
                 {"notice_kind", s::Str()},
                 {"user_id", s::Nullable(s::Int())},
                 {"user_name", s::Nullable(s::Str())},
                 {"address", s::Str()},
                 {"ticket_id", s::Nullable(s::Int())},
                 {"ticket_number", s::Nullable(s::Str())},
                 {"contract_id", s::Nullable(s::Int())},
                 {"idempotency_key", s::Str()},
                 {"subject", s::Str()},
                 {"body", s::Str()},
                 {"state", s::Enum({"pending", "sent", "dead"})},
                 {"attempts", s::Int()},
                 {"last_error", s::Str()},
                 {"next_attempt_at", s::Nullable(s::Time())},
                 {"created_at", s::Time()},
                 {"sent_at", s::Nullable(s::Time())},
                 {"log", s::Array(attempt)}}));
}

}  // namespace aftercare::http
