// Notice channels and their delivery log (issue 12 points 4, 6, 7), so that the
// administrator's 通知渠道 and 发送记录 screens show what a running installation has:
// - the outgoing mail server (smtp.example.com, STARTTLS): enabled, so warnings
//   reach people who set a notice address by e-mail too. The host does not exist,
//   so those mails fail and are retried, then dead-lettered: realistic for a
//   demo, and the log shows why;
// - the first team's DingTalk robot, set up and tested last week, then disabled;
// - history: the robot's test message and two SLA notices sent, one notice
//   dead after three attempts (the robot's signing secret was wrong), and a test
//   mail to the engineer. Made through the service (TestChannel, Announce,
//   BeginAttempt/FinishAttempt) at fixed offsets from `now`, with the texts the
//   real sender renders (jobs/notices), so the log reads like the sender's own;
// - notice addresses for the engineer and the administrator (the administrator's
//   is where 发送测试消息 mails go by default).
// The jobs the queue keeps for these deliveries find them sent or dead when the
// server starts and do nothing.
#include <string>
#include <vector>

#include "cli/demo/demo.h"
#include "jobs/notices/notice_text.h"
#include "service/channels/channels.h"
#include "service/deliveries/deliveries.h"
#include "service/notifications/preferences.h"
#include "service/teams/teams.h"
#include "service/tx.h"

namespace aftercare::cli::demo {

namespace {

using nlohmann::json;
using service::NotificationKind;

// One attempt as the sender would have recorded it.
struct Try {
  Seconds ago = 0;  // before the demo's now
  bool sent = false, permanent = false;
  std::string answer;
};

// Runs `tries` on delivery `id` through the sender's own steps, with the text it
// renders (the robot posts markdown; the log keeps title and text as the sender does).
Status Attempts(Demo& demo, std::int64_t id, bool robot, const std::vector<Try>& tries) {
  for (const Try& t : tries) {
    const Instant at = demo.now - t.ago;
    AFTERCARE_ASSIGN_OR_RETURN(service::SendPlan plan,
                               service::BeginAttempt(demo.db, id, "demo", at));
    if (plan.step != service::SendPlan::Step::kSend) {
      return Error{ErrorCode::kInternal, "the demo delivery is not sendable", {}, 0, {}};
    }
    const jobs::NoticeText text = jobs::RenderNotice(plan.delivery.notice_kind, plan.delivery.data);
    service::AttemptOutcome out{t.sent, t.permanent, t.answer, text.subject,
                                robot ? text.subject + "\n" + text.markdown : text.text};
    auto done = service::InTransaction(demo.db, true, [&](store::Transaction& tx) -> Result<bool> {
      AFTERCARE_RETURN_IF_ERROR(service::FinishAttempt(tx, plan, out, at + 1));
      return true;
    });
    if (!done.ok()) return done.error();
  }
  return {};
}

// The engineer's most recent tickets on the first team, for the robot's notices.
Result<std::vector<std::pair<std::int64_t, std::int64_t>>> RecentTickets(Demo& demo) {
  return service::InTransaction(
      demo.db, false,
      [&](store::Transaction& tx) -> Result<std::vector<std::pair<std::int64_t, std::int64_t>>> {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows, tx.Query("SELECT id, contract_id FROM tickets WHERE assignee_id = $1 "
                                "ORDER BY id DESC LIMIT 3",
                                {demo.user_ids.at("engineer")}));
        std::vector<std::pair<std::int64_t, std::int64_t>> out;
        for (const auto& r : rows) out.emplace_back(r.Int("id"), r.Int("contract_id"));
        return out;
      });
}

}  // namespace

Status LoadChannelsDemo(Demo& demo) {
  service::Context admin = demo.As("admin", service::Role::kAdmin);
  admin.now = demo.now - 8 * 86400;  // set up last week

  service::ChannelInput mail;
  mail.name = "服务邮箱（SMTP）";
  mail.kind = service::ChannelKind::kSmtp;
  mail.settings = json{{"host", "smtp.example.com"},         {"port", 587},
                       {"security", "starttls"},             {"username", "service@aftercare.example"},
                       {"from", "service@aftercare.example"}, {"from_name", "售后服务平台"}};
  mail.secrets = json{{"password", "demo-smtp-password"}};
  AFTERCARE_ASSIGN_OR_RETURN(service::Channel mail_channel,
                             service::CreateChannel(demo.db, admin, *demo.secrets, mail));

  AFTERCARE_ASSIGN_OR_RETURN(auto teams, service::ListTeams(demo.db, admin));
  if (teams.empty()) return Error{ErrorCode::kInternal, "the demo has no team", {}, 0, {}};
  service::ChannelInput robot;
  robot.name = teams.front().name + "钉钉群";
  robot.kind = service::ChannelKind::kDingTalk;
  robot.team_id = std::optional<std::int64_t>(teams.front().id);
  robot.settings = json{{"format", "markdown"}};
  robot.secrets = json{{"url", "https://oapi.dingtalk.com/robot/send?access_token="
                               "3f1c0d5e9a7b4c2d8e6f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"},
                       {"secret", "SEC6b0e2f4a8c1d3e5f7a9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e"}};
  AFTERCARE_ASSIGN_OR_RETURN(service::Channel robot_channel,
                             service::CreateChannel(demo.db, admin, *demo.secrets, robot));

  // The administrator tested both the day they were set up.
  admin.now = demo.now - 8 * 86400 + 600;
  AFTERCARE_ASSIGN_OR_RETURN(auto robot_test,
                             service::TestChannel(demo.db, admin, robot_channel.id, std::nullopt));
  AFTERCARE_RETURN_IF_ERROR(Attempts(demo, robot_test.id, true,
                                     {{8 * 86400 - 602, true, false, R"({"errcode":0,"errmsg":"ok"})"}}));

  // The robot's notices: two SLA notices it posted, one that never arrived.
  AFTERCARE_ASSIGN_OR_RETURN(auto tickets, RecentTickets(demo));
  const NotificationKind kinds[] = {NotificationKind::kSlaWarning,
                                    NotificationKind::kSlaEscalation,
                                    NotificationKind::kSlaEscalation};
  const Seconds ago[] = {3 * 86400, 2 * 86400 + 4 * 3600, 26 * 3600};
  for (std::size_t i = 0; i < tickets.size() && i < 3; ++i) {
    const Instant at = demo.now - ago[i];
    service::Announcement a{kinds[i],
                            "demo:robot:" + std::to_string(i),
                            tickets[i].first,
                            tickets[i].second,
                            teams.front().id,
                            {{"metric", "acknowledge"},
                             {"due_at", FormatRfc3339(at + (i == 0 ? 60 : 0), DefaultZone())},
                             {"level", 0}}};
    auto told = service::InTransaction(demo.db, true, [&](store::Transaction& tx) {
      return service::Announce(tx, a, {}, at);
    });
    if (!told.ok()) return told.error();
    for (const service::Told& c : *told) {
      if (!c.delivery_id) continue;
      std::vector<Try> tries;
      if (i < 2) {
        tries = {{ago[i] - 2, true, false, R"({"errcode":0,"errmsg":"ok"})"}};
      } else {
        tries = {{ago[i] - 2, false, false, "HTTP 502: <html><body><h1>502 Bad Gateway</h1></body></html>"},
                 {ago[i] - 8, false, false,
                  "Timeout was reached (Operation timed out after 10000 milliseconds with 0 "
                  "bytes received)"},
                 {ago[i] - 20, false, true, R"({"errcode":310000,"errmsg":"sign not match"})"}};
      }
      AFTERCARE_RETURN_IF_ERROR(Attempts(demo, *c.delivery_id, true, tries));
    }
  }
  // Since then the robot is off (the group moved; the administrator has yet to
  // enter the new robot's URL and secret).
  service::ChannelInput off;
  off.enabled = false;
  admin.now = demo.now - 86400;
  AFTERCARE_RETURN_IF_ERROR(
      service::UpdateChannel(demo.db, admin, *demo.secrets, robot_channel.id, off));

  // Notice addresses, and a test mail the administrator sent to the engineer.
  AFTERCARE_RETURN_IF_ERROR(service::PutNoticePreferences(demo.db,
                                                          demo.As("engineer", service::Role::kEngineer),
                                                          {"engineer@aftercare.example", {}})
                                );
  AFTERCARE_RETURN_IF_ERROR(
      service::PutNoticePreferences(demo.db, demo.As("admin", service::Role::kAdmin),
                                    {"admin@aftercare.example", {}})
          );
  admin.now = demo.now - 7 * 86400;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto mail_test, service::TestChannel(demo.db, admin, mail_channel.id,
                                           std::string("engineer@aftercare.example")));
  return Attempts(demo, mail_test.id, false,
                  {{7 * 86400 - 3, true, false, "250 2.0.0 Ok: queued as 4YbQ2k1Zx9z3"}});
}

}  // namespace aftercare::cli::demo
