#include "jobs/notices/notice_text.h"

#include <vector>

#include "http/messages.h"

namespace aftercare::jobs {
namespace {

using nlohmann::json;

std::string Str(const json& data, const char* key) {
  if (!data.contains(key)) return {};
  const json& v = data[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return {};
}

std::string Term(messages::TermKind kind, const std::string& name) {
  auto t = http::UiTerm(kind, name, http::Language::kZh);
  return t ? std::string(*t) : name;
}

// "2026-12-07T14:05:00+08:00" as "2026-12-07 14:05".
std::string When(const std::string& rfc3339) {
  if (rfc3339.size() < 16) return rfc3339;
  return rfc3339.substr(0, 10) + " " + rfc3339.substr(11, 5);
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Markdown's own characters in text written into it.
std::string MdEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '#') out += '\\';
    out += c;
  }
  return out;
}

struct Draft {
  std::string tag;                 // 【SLA预警】
  std::string headline;            // the one line that says it all
  std::vector<std::string> lines;  // details, each "label：value" or a sentence
};

Draft Compose(std::string_view kind, const json& d) {
  const std::string number = Str(d, "ticket_number"), title = Str(d, "ticket_title");
  const std::string ticket = number.empty() ? std::string() : number + "「" + title + "」";
  const std::string metric = Term(messages::TermKind::kMetric, Str(d, "metric"));
  const std::string due = When(Str(d, "due_at"));
  Draft out;
  if (kind == "sla_warning") {
    out.tag = "【SLA预警】";
    out.headline = "工单 " + ticket + " 的" + metric + "将于 " + due + " 到期";
    out.lines = {"请尽快处理，以免超时计违约。"};
  } else if (kind == "sla_escalation") {
    const std::int64_t level = d.value("level", std::int64_t{0});
    out.tag = level > 0 ? "【SLA超时升级·第" + std::to_string(level + 1) + "次】" : "【SLA超时】";
    out.headline = "工单 " + ticket + " 的" + metric + "已于 " + due + " 超时";
    out.lines = {"每次超时按合同计违约（合同金额的万分之三），请立即处理。"};
  } else if (kind == "assigned") {
    out.tag = "【工单指派】";
    out.headline = "工单 " + ticket + " 已指派给您";
  } else if (kind == "party_a_new") {
    out.tag = "【甲方新工单】";
    out.headline = "甲方提交了工单 " + ticket;
  } else if (kind == "penalty_event") {
    out.tag = "【违约事件】";
    out.headline = "工单 " + ticket + " 的" + metric + "超时，计一次违约";
  } else if (kind == "contract_condition") {
    out.tag = "【合同解除条件】";
    const std::string state = Str(d, "state");
    out.headline = "合同 " + Str(d, "contract_number") +
                   (state == "exercisable" ? " 甲方已可行使合同解除权"
                                           : " 已满足解除条件，甲方可发出书面通知");
  } else if (kind == "notice_recorded") {
    out.tag = "【书面通知】";
    out.headline = "合同 " + Str(d, "contract_number") + " 已记录甲方书面通知，整改期 " +
                   Str(d, "cure_days") + " 天";
  } else if (kind == "ticket_progress") {
    out.tag = "【工单进展】";
    const std::string status = Str(d, "status");
    const std::string said = status == "diagnosed"          ? "工程师已完成远程诊断"
                             : status == "onsite_decided"   ? "工程师正在赶往现场"
                             : status == "waiting_customer" ? "需要您的回复或配合"
                             : status == "resolved"         ? "问题已解决，请确认"
                                                            : status;
    out.headline = "您的工单 " + ticket + "：" + said;
  } else if (kind == "leftover_list") {
    out.tag = "【遗留工单】";
    out.headline = Str(d, "team") + " 今日有 " + Str(d, "count") + " 张今天之前受理、仍未关闭的工单";
    if (d.contains("tickets") && d["tickets"].is_array()) {
      for (const json& t : d["tickets"]) {
        out.lines.push_back(Str(t, "number") + "「" + Str(t, "title") + "」");
      }
    }
  } else if (kind == "mail_unmatched") {
    out.tag = "【待认领邮件】";
    out.headline = Str(d, "from") + " 发来的邮件「" + Str(d, "subject") + "」发件人未知";
    out.lines = {"请在“待认领邮件”中确认客户后生成工单。"};
  } else if (kind == "backup_failed") {
    out.tag = "【备份失败】";
    out.headline = Str(d, "started_at").empty()
                       ? "备份失败"
                       : When(Str(d, "started_at")) + " 开始的备份失败";
    out.lines = {"文件：" + Str(d, "file"), "原因：" + Str(d, "error"),
                 "请在“备份”页查看并立即备份。"};
  } else if (kind == "backup_missed") {
    out.tag = "【备份缺失】";
    out.headline = "已有 " + Str(d, "hours") + " 小时没有成功的备份";
    out.lines = {"自 " + When(Str(d, "since")) + " 起没有成功的备份，请检查定时备份。"};
  } else if (kind == "complaint_progress" || kind == "complaint_department") {
    const std::string state = Str(d, "state");
    const std::string said = state == "investigating"     ? "已答复，正在调查"
                             : state == "result_returned" ? "调查结论：投诉不成立，请查看结论"
                             : state == "assigned"        ? "投诉成立，已交责任部门处理"
                             : state == "proposed"        ? "已提出解决方案，请确认是否同意"
                             : state == "implemented"     ? "解决方案已实施，请确认"
                             : state == "closed"          ? "已关闭"
                                                          : state;
    out.tag = "【投诉】";
    out.headline = "投诉 " + Str(d, "number") + "：" + said;
    if (kind == "complaint_department") {
      out.headline = Str(d, "team") + (Str(d, "step") == "refuse" ? " 的解决方案被客户拒绝：投诉 "
                                                                    : " 负责处理投诉 ") +
                     Str(d, "number");
    }
  } else if (kind == "defect_closed") {
    out.tag = "【缺陷已关闭】";
    out.headline = "您的工单 " + ticket + " 关联的缺陷「" + Str(d, "title") + "」已修复并关闭";
    out.lines = {"修复版本：" + Str(d, "fix_version")};
  } else if (kind == "survey_request") {
    out.tag = "【满意度调查】";
    const std::string campaign = Str(d, "campaign");
    if (d.value("reminder", false)) {
      out.headline = "问卷「" + campaign + "」将于 " + When(Str(d, "expires_at")) + " 截止";
      out.lines = {"您还没有填写。请登录服务门户，在“满意度调查”中填写：" + Str(d, "link")};
    } else {
      out.headline = campaign.empty() ? "请为工单 " + ticket + " 的服务评价"
                                      : "请填写满意度问卷「" + campaign + "」";
      out.lines = {"请打开以下链接填写《客户满意度调查表》（无需登录，约一分钟）：",
                   Str(d, "link"), "填写截止：" + When(Str(d, "expires_at"))};
    }
  } else if (kind == "survey_unsatisfied") {
    out.tag = "【不满意跟进】";
    const std::string what = ticket.empty() ? std::string("问卷") : "工单 " + ticket;
    out.headline = Str(d, "customer") + " 对" + what + "的服务不满意";
    out.lines = {"请在“不满意跟进”中联系客户、记录整改，直至客户确认满意。"};
  } else if (kind == "report_ready") {
    out.tag = "【服务报告】";
    const bool assessment = Str(d, "kind") == "assessment";
    out.headline = std::string(assessment ? "《系统运行质量评估报告》" : "《系统健康检查报告》") +
                   "已生成（合同 " + Str(d, "contract_number") + "，" + Str(d, "from") + " 起）";
    out.lines = {"请登录服务门户，在“服务报告”中查看并下载 PDF。"};
  } else if (kind == "inspection_overdue") {
    out.tag = "【巡检逾期】";
    out.headline = Str(d, "customer") + " " + Str(d, "system") + " 的巡检（计划 " +
                   Str(d, "planned_on") + "）已逾期未完成";
    out.lines = {"请在“巡检记录”中安排完成并请甲方确认。"};
  } else if (kind == "visit_collation_due") {
    out.tag = Str(d, "stage") == "overdue" ? "【回访整理逾期】" : "【回访待整理】";
    out.headline = Str(d, "customer") + " 的回访结果须在 " + When(Str(d, "due_at")) + " 前整理";
    out.lines = {"请在“回访记录”中整理回访结果，制定服务策略调整方案。"};
  } else if (kind == "visit_action_due") {
    out.tag = "【跟进事项到期】";
    out.headline = "回访跟进事项「" + Str(d, "title") + "」已到期（" + Str(d, "customer") + "）";
    out.lines = {"截止：" + When(Str(d, "due_at")), "请在“我的跟进事项”中处理并标记完成。"};
  } else if (kind == "release_published") {
    out.tag = Str(d, "kind") == "upgrade" ? "【升级发布】" : "【补丁发布】";
    out.headline = Str(d, "product") + " " + Str(d, "version") + "：" + Str(d, "title");
    out.lines = {"涉及贵单位系统：" + Str(d, "systems"), "请登录服务门户，在“版本发布”中查看说明并下载。"};
  } else if (kind == "channel_test") {
    out.tag = "【测试消息】";
    out.headline = "aftercare 通知渠道测试";
    out.lines = {"这是一条测试消息，由 " + Str(d, "by") + " 发送。收到即说明渠道配置正确。"};
  } else {
    out.tag = "【通知】";
    out.headline = ticket.empty() ? std::string(kind) : "工单 " + ticket;
  }
  return out;
}

}  // namespace

NoticeText RenderNotice(std::string_view kind, const json& data) {
  if (kind == "ticket_mail") {
    // An engineer's own words, as written.
    NoticeText out;
    out.subject = Str(data, "subject");
    out.text = Str(data, "text");
    out.markdown = MdEscape(out.text);
    out.html = "<html><body><p>" + HtmlEscape(out.text) + "</p></body></html>";
    std::string br;
    for (char c : out.html) br += c == '\n' ? std::string("<br>") : std::string(1, c);
    out.html = br;
    return out;
  }
  const Draft d = Compose(kind, data);
  NoticeText out;
  out.subject = d.tag + d.headline;
  out.text = out.subject + "\n";
  out.markdown = "**" + MdEscape(d.tag) + "** " + MdEscape(d.headline) + "\n";
  out.html = "<p><b>" + HtmlEscape(d.tag) + "</b>" + HtmlEscape(d.headline) + "</p>";
  for (const std::string& line : d.lines) {
    out.text += line + "\n";
    out.markdown += "> " + MdEscape(line) + "\n";
    out.html += "<p>" + HtmlEscape(line) + "</p>";
  }
  out.text += "\n—— aftercare 售后服务平台\n";
  out.html = "<html><body>" + out.html + "<p style=\"color:#888\">—— aftercare 售后服务平台</p></body></html>";
  return out;
}

}  // namespace aftercare::jobs
