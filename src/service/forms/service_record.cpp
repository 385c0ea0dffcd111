// 售后服务处理记录表 (TKT-5): the ticket's particulars as a grid, every contact,
// action and result of its timeline as a table in time order, and the result with
// the customer's confirmation.
#include <nlohmann/json.hpp>

#include "pdf/pdf.h"
#include "service/forms/form_parts.h"
#include "service/forms/forms.h"
#include "service/tickets/tickets.h"

namespace aftercare::service::forms {
namespace {

using K = TicketEventKind;
using messages::TermKind;

constexpr std::pair<sla::Channel, const char*> kChannels[] = {
    {sla::Channel::kPhone, "热线电话"}, {sla::Channel::kEmail, "电子邮件"},
    {sla::Channel::kPortal, "网站"},    {sla::Channel::kIm, "微信或QQ群"},
    {sla::Channel::kOnsite, "现场"}};
constexpr std::pair<sla::TicketType, const char*> kTypes[] = {
    {sla::TicketType::kFault, "故障维护"},      {sla::TicketType::kInstallation, "安装服务"},
    {sla::TicketType::kHealthCheck, "健康检查"}, {sla::TicketType::kUpgrade, "升级服务"},
    {sla::TicketType::kTraining, "培训服务"},    {sla::TicketType::kConsulting, "咨询服务"},
    {sla::TicketType::kComplaint, "投诉"}};

template <typename E, std::size_t N>
std::string Label(const std::pair<E, const char*> (&table)[N], E value) {
  for (const auto& [v, label] : table) {
    if (v == value) return label;
  }
  return "";
}

// What the customer may read of an entry: not the vendor's internal notes, not
// the server's own warnings to staff.
bool Printed(const TimelineEntry& e) {
  if (e.kind == K::kAlerted) return false;
  return !(e.data.is_object() && e.data.value("internal", false) == true);
}

std::string DataText(const nlohmann::json& d, const char* key) {
  return d.is_object() && d.contains(key) && d[key].is_string() ? d[key].get<std::string>() : "";
}

// The entry's content: its note, and what the entry itself says.
std::string Detail(const TimelineEntry& e) {
  std::string out;
  if (e.to_priority) {
    out = (e.kind == K::kReceived ? "受理级别 " : "调整为 ") + std::string(sla::Name(*e.to_priority));
  }
  if (e.kind == K::kEscalated) {
    out = "升级至 " + DataText(e.data, "escalated_to");
    if (std::string ref = DataText(e.data, "reference"); !ref.empty()) out += "（编号 " + ref + "）";
  }
  if (e.kind == K::kRated && e.data.is_object() && e.data.contains("score")) {
    out = "客户评分：" + e.data["score"].dump() + " 分";
  }
  if (e.kind == K::kGraded) out = "故障等级：" + DataText(e.data, "fault_grade");
  if (!e.note.empty()) out += out.empty() ? e.note : "；" + e.note;
  return out;
}

pdf::Grid Particulars(const Ticket& t, const TimeZone& tz, const Terms& terms) {
  pdf::Grid g;
  g.widths = {1.2, 2.3, 1.1, 2.0};
  g.heights = {26, 26, 26, 26, 26, 60};
  Cells cells(g);
  cells.Pair(0, "客户名称", t.customer_name, "系统名称", t.system_name);
  cells.Pair(1, "联系人", t.caller_name, "联系电话", t.caller_phone);
  cells.Pair(2, "受理渠道", Label(kChannels, t.channel), "受理时间", LocalMinute(t.received_at, tz));
  cells.Pair(3, "服务类型", Label(kTypes, t.type), "级别", std::string(sla::Name(t.priority)));
  cells.Pair(4, "负责工程师", t.assignee_name, "当前状态",
             terms(TermKind::kStatus, sla::Name(t.status)));
  cells.Label(5, 0, "问题描述");
  cells.Text(5, 1, 3, t.description.empty() ? t.title : t.title + "\n" + t.description);
  return g;
}

pdf::Table Records(const Ticket& t, const TimeZone& tz, const Terms& terms) {
  pdf::Table table;
  table.header = {"序号", "时间", "事项", "处理人", "处理内容及结果"};
  table.widths = {0.5, 1.35, 1.1, 0.9, 3.2};
  table.align = {pdf::Align::kCenter, pdf::Align::kLeft, pdf::Align::kLeft, pdf::Align::kLeft,
                 pdf::Align::kLeft};
  int n = 0;
  for (const TimelineEntry& e : t.timeline) {
    if (!Printed(e)) continue;
    table.rows.push_back({std::to_string(++n), LocalMinute(e.at, tz),
                          terms(TermKind::kEventKind, Name(e.kind)),
                          e.actor_name.empty() ? "系统" : e.actor_name, Detail(e)});
  }
  if (table.rows.empty()) table.rows.push_back({"", "", "", "", "（暂无处理记录）"});
  return table;
}

// The result (the last resolution's note) and the customer's confirmation: the
// portal's rating when there is one, else lines to sign on paper.
pdf::Grid Confirmation(const Ticket& t) {
  std::string result, rating;
  for (const TimelineEntry& e : t.timeline) {
    if (e.kind == K::kResolved) result = e.note.empty() ? "已解决" : e.note;
    if (e.kind == K::kRated) rating = Detail(e);
  }
  pdf::Grid g;
  g.widths = {1.2, 5.4};
  g.heights = {48, 72};
  Cells cells(g);
  cells.Label(0, 0, "处理结果");
  cells.Text(0, 1, 1, result);
  cells.Label(1, 0, "客户确认");
  std::string confirm = rating.empty() ? "客户意见：\n\n" : rating + "\n\n";
  confirm += "客户签字：                    日期：      年    月    日";
  cells.Text(1, 1, 1, confirm);
  return g;
}

}  // namespace

Result<std::string> ServiceRecordPdf(store::Database& db, const Context& ctx,
                                     std::int64_t ticket_id, const Terms& terms) {
  AFTERCARE_ASSIGN_OR_RETURN(Ticket t, GetTicket(db, ctx, ticket_id));
  const TimeZone tz = ZoneOr(t.tz);
  pdf::Document doc = FormDocument("售后服务处理记录表", t.number, ctx);
  doc.blocks.emplace_back(Particulars(t, tz, terms));
  doc.blocks.emplace_back(pdf::Spacer{10});
  doc.blocks.emplace_back(Line("处理记录", 12, true, pdf::Align::kLeft, false));
  doc.blocks.emplace_back(Records(t, tz, terms));
  doc.blocks.emplace_back(pdf::Spacer{10});
  doc.blocks.emplace_back(Confirmation(t));
  return pdf::Render(doc);
}

}  // namespace aftercare::service::forms
