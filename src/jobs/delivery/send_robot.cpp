// A delivery to a group-chat robot or a webhook (jobs/robots/robot.h).
#include "jobs/delivery/send.h"
#include "jobs/robots/robot.h"

namespace aftercare::jobs {

service::AttemptOutcome SendRobotDelivery(const service::ChannelForSending& ch,
                                          const service::Delivery& d, const NoticeText& text,
                                          Instant now) {
  service::AttemptOutcome out;
  out.subject = text.subject;
  robots::RobotSettings settings;
  switch (ch.channel.kind) {
    case service::ChannelKind::kWeCom: settings.kind = robots::RobotKind::kWeCom; break;
    case service::ChannelKind::kDingTalk: settings.kind = robots::RobotKind::kDingTalk; break;
    case service::ChannelKind::kFeishu: settings.kind = robots::RobotKind::kFeishu; break;
    default: settings.kind = robots::RobotKind::kWebhook; break;
  }
  settings.url = ch.secrets.value("url", "");
  settings.secret = ch.secrets.value("secret", "");
  const bool markdown = ch.channel.settings.value("format", "text") == "markdown" &&
                        settings.kind != robots::RobotKind::kFeishu &&
                        settings.kind != robots::RobotKind::kWebhook;
  settings.format = markdown ? robots::RobotFormat::kMarkdown : robots::RobotFormat::kText;
  robots::RobotMessage m;
  m.title = text.subject;
  // The first line of the text repeats the subject, which the robot shows as the title.
  const auto& body = markdown ? text.markdown : text.text;
  auto first = body.find('\n');
  m.text = first == std::string::npos ? std::string() : body.substr(first + 1);
  out.body = m.title + "\n" + m.text;
  m.type = "aftercare." + d.notice_kind;
  m.data = nlohmann::json{{"delivery_id", d.id},
                          {"kind", d.notice_kind},
                          {"subject", text.subject},
                          {"text", text.text},
                          {"data", d.data}};
  m.idempotency_key = "msg_" + d.idempotency_key;
  m.now = now;
  auto answer = robots::SendRobot(settings, m);
  if (!answer.ok()) {
    out.permanent = answer.error().code == ErrorCode::kInvalidInput;
    out.answer = answer.error().message;
    if (!answer.error().detail.empty()) out.answer += " (" + answer.error().detail + ")";
    return out;
  }
  out.sent = true;
  out.answer = "HTTP " + std::to_string(answer->http_status) + " " + answer->body;
  return out;
}

}  // namespace aftercare::jobs
