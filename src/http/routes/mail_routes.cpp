// E-mail in and out of tickets (TKT-1, issue 12 point 5): the support mailbox
// (administrators), mails from unknown senders waiting for an agent, a ticket's
// mail thread and an engineer's reply in it (vendor staff).
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/mail/mail_intake.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json MailboxView(const service::mail::Mailbox& b) {
  return json{{"id", b.id},
              {"name", b.name},
              {"settings", b.settings},
              {"password_set", b.password_set},
              {"enabled", b.enabled},
              {"uid_validity", views::Opt(b.uid_validity)},
              {"last_uid", b.last_uid},
              {"last_error", b.last_error},
              {"last_polled_at", views::Time(b.last_polled_at, DefaultZone())}};
}

json MailView(const service::mail::MailView& m) {
  return json{{"id", m.id},
              {"direction", m.direction},
              {"message_id", m.message_id},
              {"from_address", m.from_address},
              {"from_name", m.from_name},
              {"to", m.to},
              {"subject", m.subject},
              {"body", m.body},
              {"state", m.state},
              {"attachments", m.attachments},
              {"ticket_id", views::Opt(m.ticket_id)},
              {"at", FormatRfc3339(m.at, DefaultZone())}};
}

service::mail::MailboxInput ReadMailbox(JsonBody& b, bool create) {
  service::mail::MailboxInput in;
  in.name = create ? std::optional<std::string>(b.Str("name")) : b.OptStr("name");
  json settings = b.OptObject("settings");
  if (!settings.empty() || create) in.settings = settings;
  in.password = b.OptStr("password");
  in.enabled = b.OptBool("enabled");
  return in;
}

}  // namespace

void RegisterMailRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  json mailbox_in = s::Object({{"name", s::Str()},
                               {"settings", s::FreeObject()},
                               {"password", s::Str()},
                               {"enabled", s::Bool()}},
                              {});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/mailboxes",
              .summary = "the support mailboxes read over IMAP (never the password)",
              .roles = kAdmins,
              .response = s::Items(s::Ref("Mailbox")),
              .handler = [&env](Call& c) {
                return c.Render(service::mail::ListMailboxes(env.db, c.ctx),
                                [](const auto& list) { return views::Items(list, MailboxView); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/mailboxes",
              .summary = "add a support mailbox: settings host, port, security (tls, starttls, "
                         "none), username, folder, address (the support address), "
                         "poll_seconds; password",
              .roles = kAdmins,
              .request = mailbox_in,
              .response = s::Ref("Mailbox"),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                auto in = ReadMailbox(b, true);
                AFTERCARE_BODY_OK(c, b);
                return c.Render(
                    service::mail::SaveMailbox(env.db, c.ctx, env.secrets, std::nullopt, in),
                    MailboxView, 201);
              }});
  router.Add({.method = Method::kPatch,
              .path = "/api/v1/mailboxes/{id}",
              .summary = "change a mailbox; a password left out is kept",
              .roles = kAdmins,
              .request = mailbox_in,
              .response = s::Ref("Mailbox"),
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                auto in = ReadMailbox(b, false);
                AFTERCARE_BODY_OK(c, b);
                return c.Render(
                    service::mail::SaveMailbox(env.db, c.ctx, env.secrets, c.ids[0], in),
                    MailboxView);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/mails/unmatched",
              .summary = "mails from unknown senders, waiting for an agent to match them to a "
                         "customer",
              .roles = kVendorStaff,
              .response = s::Items(s::Ref("Mail")),
              .handler = [&env](Call& c) {
                return c.Render(service::mail::ListUnmatchedMails(env.db, c.ctx),
                                [](const auto& list) { return views::Items(list, MailView); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/mails/{id}/ticket",
              .summary = "make an unmatched mail a ticket of `customer_id` (its sender's later "
                         "mails go to that customer too)",
              .roles = kVendorStaff,
              .request = s::Object({{"customer_id", s::Int()}}, {"customer_id"}),
              .response = s::Record({{"ticket_id", s::Int()}}),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                std::int64_t customer = b.Int("customer_id");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::mail::MatchMail(env.db, c.ctx, env.attachments_dir,
                                                         c.ids[0], customer),
                                [](std::int64_t id) { return json{{"ticket_id", id}}; }, 201);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/tickets/{id}/mails",
              .summary = "the ticket's mail thread, oldest first",
              .roles = kVendorStaff,
              .response = s::Items(s::Ref("Mail")),
              .handler = [&env](Call& c) {
                return c.Render(service::mail::TicketMails(env.db, c.ctx, c.ids[0]),
                                [](const auto& list) { return views::Items(list, MailView); });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/tickets/{id}/mails",
              .summary = "answer the ticket's mail thread by e-mail (records first_reply the "
                         "first time)",
              .roles = kVendorStaff,
              .request = s::Object({{"text", s::Str()}}, {"text"}),
              .response = s::Ref("Mail"),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                std::string text = b.Str("text");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::mail::ReplyByMail(env.db, c.ctx, c.ids[0], text),
                                MailView, 201);
              }});
  router.AddSchema("Mailbox", s::Record({{"id", s::Int()},
                                         {"name", s::Str()},
                                         {"settings", s::FreeObject()},
                                         {"password_set", s::Bool()},
                                         {"enabled", s::Bool()},
                                         {"uid_validity", s::Nullable(s::Int())},
                                         {"last_uid", s::Int()},
                                         {"last_error", s::Str()},
                                         {"last_polled_at", s::Nullable(s::Time())}}));
  router.AddSchema("Mail", s::Record({{"id", s::Int()},
                                      {"direction", s::Enum({"in", "out"})},
                                      {"message_id", s::Str()},
                                      {"from_address", s::Str()},
                                      {"from_name", s::Str()},
                                      {"to", s::Array(s::Str())},
                                      {"subject", s::Str()},
                                      {"body", s::Str()},
                                      {"state", s::Enum({"ticket", "unmatched", "sent"})},
                                      {"attachments", s::Array(s::FreeObject())},
                                      {"ticket_id", s::Nullable(s::Int())},
                                      {"at", s::Time()}}));
}

}  // namespace aftercare::http
