// E-mail in (issue 12 point 5, TKT-1), so that 客服邮箱, 待认领邮件 and a ticket's
// 邮件往来 show what a running installation has:
// - the support mailbox 客服邮箱 (imap.example.com, TLS, support@aftercare.example),
//   set up last month, read until 35 minutes ago, then DISABLED: the host does
//   not exist, and a demo that connected to it every minute would only fill
//   last_error with the same DNS failure at a time nobody can predict. Its status
//   shows the reader's last good poll (UIDVALIDITY, last UID, when), recorded
//   through RecordPoll as the reader itself records it;
// - the hospital's 张主任 writes from his notice address (set as him, so the intake
//   knows him): his mail becomes a ticket on the `email` channel, the team leader
//   assigns it to the engineer, who answers by mail in the thread (the delivery
//   goes through the enabled mail server of channels_demo, first_reply recorded);
// - a mail from an unknown sender with a screenshot attached waits for the agents
//   (they and the team leaders are told: `mail_unmatched`).
// Everything through the service (IngestMail, ReplyByMail) at fixed offsets from
// `now`; message ids and UIDs are fixed, so the data set is the same on every run.
// Only the unmatched mail carries a file: it is kept in the database until an
// agent matches it (the server then stores it with the ticket), so the demo writes
// no attachment files.
#include <string>

#include "cli/demo/demo.h"
#include "service/mail/mail_intake.h"
#include "service/notifications/preferences.h"
#include "service/tickets/tickets.h"

namespace aftercare::cli::demo {

namespace {

using nlohmann::json;

constexpr std::uint32_t kUidValidity = 1740787200;  // the folder's, from its first read
constexpr const char* kSupport = "support@aftercare.example";
constexpr const char* kHospitalMail = "zhang.zhuren@hospital.example";

// A 1x1 PNG: the unknown sender's "screenshot".
std::string TinyPng() {
  static const unsigned char kPng[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
      0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
      0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
      0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(kPng), sizeof kPng);
}

service::mail::InboundMail Mail(std::int64_t mailbox, std::uint32_t uid, std::string message_id,
                                std::string from, std::string from_name, std::string subject,
                                std::string text) {
  service::mail::InboundMail m;
  m.mailbox_id = mailbox;
  m.uid_validity = kUidValidity;
  m.uid = uid;
  m.message_id = std::move(message_id);
  m.from_address = std::move(from);
  m.from_name = std::move(from_name);
  m.subject = std::move(subject);
  m.text = std::move(text);
  m.to = {kSupport};
  return m;
}

}  // namespace

Status LoadMailDemo(Demo& demo) {
  service::Context admin = demo.As("admin", service::Role::kAdmin);
  admin.now = demo.now - 30 * 86400;
  service::mail::MailboxInput box;
  box.name = "客服邮箱";
  box.settings = json{{"host", "imap.example.com"}, {"port", 993},           {"security", "tls"},
                      {"username", kSupport},       {"folder", "INBOX"},     {"address", kSupport},
                      {"poll_seconds", 60}};
  box.password = "demo-imap-password";
  box.enabled = true;
  AFTERCARE_ASSIGN_OR_RETURN(service::mail::Mailbox mailbox,
                             service::mail::SaveMailbox(demo.db, admin, *demo.secrets,
                                                        std::nullopt, box));

  // 张主任's notice address: the intake knows his mails by it. Progress notices reach
  // him in the thread, so not as separate mails.
  service::Context hospital{
      service::Actor{demo.user_ids.at("hospital"), "hospital", service::Role::kPartyA,
                     demo.customers.at(0).id, "医院信息科 张主任"},
      "demo", demo.now - 20 * 86400};
  service::NoticePreferencesInput prefs;
  prefs.email = std::string(kHospitalMail);
  prefs.kinds[service::NotificationKind::kTicketProgress] = {true, false};
  AFTERCARE_RETURN_IF_ERROR(service::PutNoticePreferences(demo.db, hospital, prefs).status());

  const Instant asked = demo.now - 5 * 3600;
  AFTERCARE_ASSIGN_OR_RETURN(
      service::mail::IngestOutcome in,
      service::mail::IngestMail(
          demo.db, "",
          Mail(mailbox.id, 1, "<his-20260301-0815.7731@hospital.example>", kHospitalMail,
               "张主任", "门诊收费处打印发票出现乱码",
               "您好：\n\n今天上午起门诊收费处 3 号、5 号窗口打印的电子发票，患者姓名一栏显示为乱码"
               "（其他窗口正常），已重启打印机，问题依旧。请尽快安排处理。\n\n"
               "市第一人民医院 信息科 张主任\n0571-88001234"),
          asked));
  if (!in.ticket_id) return Error{ErrorCode::kInternal, "the demo mail made no ticket", {}, 0, {}};
  ++demo.tickets;

  service::Context leader = demo.As("leader", service::Role::kTeamLeader);
  leader.now = asked + 600;
  service::NewEvent assign{service::TicketEventKind::kAssigned, asked + 600, std::nullopt, "",
                           json{{"assignee_id", demo.user_ids.at("engineer")}}};
  AFTERCARE_RETURN_IF_ERROR(service::AddTicketEvent(demo.db, leader, *in.ticket_id, assign).status());

  service::Context engineer = demo.As("engineer", service::Role::kEngineer);
  engineer.now = asked + 1500;
  AFTERCARE_RETURN_IF_ERROR(
      service::mail::ReplyByMail(
          demo.db, engineer, *in.ticket_id,
          "张主任您好：\n\n邮件已收到。初步判断是 3 号、5 号窗口的打印驱动未安装中文字库，"
          "我们将远程更新驱动，预计今天下午完成，完成后请窗口试打一张发票。\n\n售后服务中心")
          .status());

  // A mail from someone the service desk does not know yet, with a screenshot.
  service::mail::InboundMail stranger =
      Mail(mailbox.id, 2, "<CAF7x2q9d.4410@mail.newclient.example>", "wang.gong@newclient.example",
           "王工", "咨询：档案管理系统能否纳入运维服务",
           "您好，我单位是区档案馆，档案管理系统最近经常登录超时（截图见附件）。"
           "请问贵司的运维服务能否覆盖该系统？如可以，请联系我：0571-86661234。\n\n区档案馆 王工");
  stranger.files.push_back({"登录超时截图.png", "image/png", TinyPng()});
  const Instant came = demo.now - 40 * 60;
  AFTERCARE_RETURN_IF_ERROR(service::mail::IngestMail(demo.db, "", stranger, came).status());

  // The reader's last poll, then the mailbox switched off for the demo.
  AFTERCARE_RETURN_IF_ERROR(
      service::mail::RecordPoll(demo.db, mailbox.id, kUidValidity, "", came + 120));
  admin.now = came + 300;
  service::mail::MailboxInput off;
  off.enabled = false;
  return service::mail::SaveMailbox(demo.db, admin, *demo.secrets, mailbox.id, off).status();
}

}  // namespace aftercare::cli::demo
