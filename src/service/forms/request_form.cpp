// 服务申请表 (TKT-2, seed 7.8.7.7) as the seed prints it: a four-column table of
// label and value cells, the type and priority as ticked boxes, and the three
// approvals as tall cells with their signer and date.
#include <nlohmann/json.hpp>

#include "core/time.h"
#include "pdf/pdf.h"
#include "service/customers/customers.h"
#include "service/forms/forms.h"
#include "service/forms/form_parts.h"
#include "service/permissions.h"
#include "service/tickets/tickets.h"

namespace aftercare::service::forms {
namespace {

using nlohmann::json;

// The seed's boxes, in its order; a ticket of another type (a complaint) ticks none.
constexpr std::pair<sla::TicketType, const char*> kTypeBoxes[] = {
    {sla::TicketType::kInstallation, "安装服务"}, {sla::TicketType::kHealthCheck, "健康检查"},
    {sla::TicketType::kFault, "故障维护"},        {sla::TicketType::kUpgrade, "升级服务"},
    {sla::TicketType::kTraining, "培训服务"},     {sla::TicketType::kConsulting, "咨询服务"}};

// What the form shows in its cells: the ticket's form, or what the ticket itself
// says where the form is silent (the caller is the applicant).
struct Fields {
  std::string number, customer, system, address, postcode, applicant, received, phone, fax;
  std::string engineer, other_staff, content, departure, back, cost;
  std::optional<bool> chargeable;
  std::optional<sla::TicketType> type;
  std::optional<sla::Priority> priority;
  json approvals = json::object();
};

std::string Local(const std::string& rfc3339, const TimeZone& tz) {
  auto t = ParseRfc3339(rfc3339);
  return t.ok() ? LocalMinute(*t, tz) : rfc3339;
}

Fields FieldsOf(const Ticket& t, const Customer& c) {
  const TimeZone tz = ZoneOr(t.tz);
  const json& f = t.form.is_object() ? t.form : json::object();
  Fields x;
  x.number = t.number;
  x.customer = c.name;
  x.system = t.system_name;
  x.address = FormText(f, "service_address", c.address);
  x.postcode = FormText(f, "postcode", "");
  x.applicant = FormText(f, "applicant", t.caller_name);
  x.received = LocalMinute(t.received_at, tz);
  x.phone = FormText(f, "phone", t.caller_phone);
  x.fax = FormText(f, "fax", "");
  x.engineer = t.assignee_name;
  x.other_staff = FormText(f, "other_staff", "");
  x.content = t.description.empty() ? t.title : t.title + "\n" + t.description;
  x.departure = Local(FormText(f, "estimated_departure", ""), tz);
  x.back = Local(FormText(f, "estimated_return", ""), tz);
  x.cost = FormText(f, "estimated_cost", "");
  if (!x.cost.empty()) x.cost = "¥" + x.cost;
  if (f.contains("chargeable") && f["chargeable"].is_boolean()) x.chargeable = f["chargeable"].get<bool>();
  x.type = t.type;
  x.priority = t.priority;
  if (f.contains("approvals") && f["approvals"].is_object()) x.approvals = f["approvals"];
  return x;
}

// An approval's tall cell: its heading, the opinion, and the signer and date at
// the foot, as the seed's form leaves room for them.
std::string ApprovalText(const json& approvals, const char* step, const char* heading,
                         const char* signer_label) {
  const json& a = approvals.contains(step) && approvals[step].is_object() ? approvals[step]
                                                                            : json::object();
  std::string opinion = FormText(a, "opinion", "");
  std::string signer = FormText(a, "signer", "");
  std::string date = FormText(a, "date", "");
  std::string text = std::string(heading) + "\n" + (opinion.empty() ? " " : opinion) + "\n\n";
  text += std::string(signer_label) + (signer.empty() ? "                " : signer);
  text += "            日期：" + (date.empty() ? "      年    月    日" : date);
  return text;
}

pdf::Grid FormGrid(const Fields& x) {
  pdf::Grid g;
  g.widths = {1.25, 2.3, 1.15, 2.0};
  g.heights = {26, 26, 26, 26, 30, 30, 26, 110, 26, 26, 80, 80, 80};
  Cells cells(g);
  cells.Pair(0, "客户名称", x.customer, "系统名称", x.system);
  cells.Pair(1, "服务地址", x.address, "邮编", x.postcode);
  cells.Pair(2, "申请人", x.applicant, "申告时间", x.received);
  cells.Pair(3, "联系电话", x.phone, "传真", x.fax);
  std::vector<pdf::Check> types;
  for (auto [type, label] : kTypeBoxes) types.push_back({label, x.type == type});
  cells.Label(4, 0, "服务申请类型");
  cells.Checks(4, 1, 3, std::move(types), "");
  std::vector<pdf::Check> levels;
  for (int p = 0; p < sla::kPriorityCount; ++p) {
    levels.push_back({"P" + std::to_string(p + 1), x.priority == static_cast<sla::Priority>(p)});
  }
  cells.Label(5, 0, "服务处理要求级别\n（最高级为 P1）");
  cells.Checks(5, 1, 3, std::move(levels), "");
  cells.Pair(6, "工程师姓名", x.engineer, "其他人员", x.other_staff);
  cells.Label(7, 0, "服务申请内容");
  cells.Text(7, 1, 3, x.content);
  cells.Pair(8, "预计出发时间", x.departure, "预计返回时间", x.back);
  cells.Label(9, 0, "预计成本费用");
  cells.Text(9, 1, 1, x.cost);
  cells.Label(9, 2, "是否收费");
  cells.Checks(9, 3, 1,
               {{"是", x.chargeable.has_value() && *x.chargeable},
                {"否", x.chargeable.has_value() && !*x.chargeable}},
               "");
  cells.Text(10, 0, 4, ApprovalText(x.approvals, "applicant_unit", "申请单位意见：", "负责人签章："));
  cells.Text(11, 0, 4, ApprovalText(x.approvals, "supervisor", "直接主管审批：", "审批人："));
  cells.Text(12, 0, 4, ApprovalText(x.approvals, "division_gm", "事业部总经理审批：", "审批人："));
  return g;
}

Result<std::string> Render(const Fields& x, const Context& ctx) {
  pdf::Document doc = FormDocument("服务申请表", x.number, ctx);
  doc.blocks.emplace_back(FormGrid(x));
  doc.blocks.emplace_back(pdf::Spacer{6});
  doc.blocks.emplace_back(
      Line("注：本表一式两份，申请单位与服务单位各执一份；服务完成后附《售后服务处理记录表》。", 8.5,
           false, pdf::Align::kLeft, true));
  return pdf::Render(doc);
}

}  // namespace

Result<std::string> RequestFormPdf(store::Database& db, const Context& ctx,
                                   std::int64_t ticket_id) {
  AFTERCARE_ASSIGN_OR_RETURN(Ticket t, GetTicket(db, ctx, ticket_id));
  AFTERCARE_ASSIGN_OR_RETURN(Customer c, GetCustomer(db, ctx, t.customer_id));
  return Render(FieldsOf(t, c), ctx);
}

Result<std::string> BlankRequestFormPdf(const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return Render(Fields{}, ctx);
}

}  // namespace aftercare::service::forms
