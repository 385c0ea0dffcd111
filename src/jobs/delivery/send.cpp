#include "jobs/delivery/send.h"

#include <unistd.h>

#include "jobs/mail/smtp.h"
#include "jobs/notices/notice_text.h"

namespace aftercare::jobs {
namespace {

using nlohmann::json;

std::string Setting(const json& settings, const char* key) {
  return settings.contains(key) && settings[key].is_string() ? settings[key].get<std::string>()
                                                             : std::string();
}

service::AttemptOutcome Failure(const Error& e, std::string subject, std::string body) {
  service::AttemptOutcome out;
  out.permanent = e.code == ErrorCode::kInvalidInput;
  out.answer = e.message;
  if (!e.detail.empty()) out.answer += " (" + e.detail + ")";
  out.subject = std::move(subject);
  out.body = std::move(body);
  return out;
}

service::AttemptOutcome SendMailDelivery(const service::ChannelForSending& ch,
                                         const service::Delivery& d, const NoticeText& text,
                                         Instant now) {
  const json& s = ch.channel.settings;
  mail::SmtpSettings settings;
  settings.host = Setting(s, "host");
  settings.port = s.value("port", 587);
  auto security = mail::ParseSmtpSecurity(Setting(s, "security"));
  if (!security.ok()) return Failure(security.error(), text.subject, text.text);
  settings.security = *security;
  settings.username = Setting(s, "username");
  settings.password = ch.secrets.value("password", "");
  mail::MailMessage m;
  m.from = Setting(s, "from");
  // A ticket's mail goes out from the support mailbox, in its thread.
  if (d.notice_kind == service::kTicketMailNotice) {
    if (!Setting(d.data, "from").empty()) m.from = Setting(d.data, "from");
    m.in_reply_to = Setting(d.data, "in_reply_to");
    if (d.data.contains("references") && d.data["references"].is_array()) {
      for (const auto& r : d.data["references"]) {
        if (r.is_string()) m.references.push_back(r.get<std::string>());
      }
    }
  }
  m.from_name = Setting(s, "from_name");
  m.to = {d.address};
  m.subject = text.subject;
  m.text = text.text;
  m.html = text.html;
  m.message_id = "<" + d.idempotency_key + "@aftercare>";
  m.date = now;
  m.date_offset = 8 * 3600;  // the users' zone (China Standard Time)
  Status sent = mail::SendMail(settings, m);
  if (!sent.ok()) return Failure(sent.error(), text.subject, text.text);
  service::AttemptOutcome out;
  out.sent = true;
  out.answer = "250 accepted for " + d.address;
  out.subject = text.subject;
  out.body = text.text;
  return out;
}

}  // namespace

service::AttemptOutcome SendDelivery(const service::ChannelForSending& ch,
                                     const service::Delivery& d, Instant now) {
  const NoticeText text = RenderNotice(d.notice_kind, d.data);
  if (!ch.channel.enabled) {
    service::AttemptOutcome out;
    out.permanent = true;
    out.answer = "the channel is disabled";
    out.subject = text.subject;
    out.body = text.text;
    return out;
  }
  if (ch.channel.kind == service::ChannelKind::kSmtp) return SendMailDelivery(ch, d, text, now);
  return SendRobotDelivery(ch, d, text, now);
}

}  // namespace aftercare::jobs
