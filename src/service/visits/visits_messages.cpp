// The visits area's client-visible messages (return visits, OPS-3; exchange visits,
// OPS-5): key, Chinese, and the English a client reads when it differs from the
// key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"the exchange visit is of another contract", "该交流访问属于其他合同"},
    {"interval_days must be 1 to 366", "回访间隔须为 1 至 366 天",
     "The interval must be 1 to 366 days"},
    {"next_due_at must be in the future", "下次回访时间须晚于现在",
     "The next visit must be in the future"},
    {"visited_at must not be in the future", "回访时间不能晚于现在",
     "The visit time must not be in the future"},
    {"held_at must not be in the future", "交流时间不能晚于现在",
     "The time held must not be in the future"},
    {"a follow-up action is due after the visit", "跟进事项的截止时间须晚于回访时间",
     "A follow-up action is due after the visit"},
    {"each follow-up action needs a title, an owner_id and a due_at (RFC 3339)",
     "每项跟进事项须填写事项、责任人和截止时间",
     "Each follow-up action needs a title, an owner and a due time"},
    {"{field} must be an enabled vendor user", "{field}须为在用的乙方人员"},
    {"the return visit is already recorded or cancelled", "该回访已记录或已取消"},
    {"the return visit is not recorded yet", "该回访尚未记录，不能整理"},
    {"the return visit is already collated", "该回访结果已整理"},
    {"team leaders, managers or the responsible person collate a return visit",
     "回访结果由班组长、经理或回访负责人整理"},
    {"only a planned return visit can be cancelled", "只能取消尚未进行的回访"},
    {"team leaders, managers or the responsible person cancel a return visit",
     "回访由班组长、经理或回访负责人取消"},
    {"return visit not found", "回访不存在"},
    {"follow-up action not found", "跟进事项不存在"},
    {"exchange visit not found", "交流访问不存在"},
    {"the follow-up action is already done", "该跟进事项已完成"},
    {"its owner, a team leader or a manager marks a follow-up action done",
     "跟进事项由责任人、班组长或经理标记完成"},
    {"method must be phone, email, onsite, im or fax", "回访方式须为电话、电子邮件、上门、微信/QQ或传真",
     "Method must be phone, e-mail, on-site, WeChat/QQ or fax"},
    {"state must be planned, done or cancelled", "状态须为待进行、已完成或已取消",
     "State must be planned, done or cancelled"},
    {"expert_ids must name 1 to 50 vendor users", "参加专家须为 1 至 50 名乙方人员",
     "Experts must name 1 to 50 vendor users"},
    {"the exchange visit is already recorded or cancelled", "该交流访问已记录或已取消"},
    {"only a planned exchange visit can be cancelled", "只能取消尚未进行的交流访问"},
    {"team leaders, managers or an attending expert record an exchange visit",
     "交流访问由班组长、经理或参加的专家记录"},
    {"duration_minutes must be 60 to 4320", "交流时长须为 60 至 4320 分钟",
     "The duration must be 60 to 4320 minutes"},
    {"a recommendation has the texts title, detail and priority",
     "每条建议只有标题、内容和优先级三项文字"},
    {"a finding has the texts title, detail and kind", "每项发现只有标题、内容和类别三项文字"},
    {"a finding's kind must be problem or risk", "发现的类别须为问题或风险"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "interval_days", "回访间隔（天）", "Interval (days)"},
    {TermKind::kField, "key_customer", "重点客户", "Key customer"},
    {TermKind::kField, "responsible_id", "回访负责人", "Responsible"},
    {TermKind::kField, "next_due_at", "下次回访时间", "Next visit"},
    {TermKind::kField, "visitor_id", "回访人", "Visited by"},
    {TermKind::kField, "method", "方式", "Method"},
    {TermKind::kField, "visited_at", "回访时间", "Visited at"},
    {TermKind::kField, "contact_person", "客户联系人", "Contact person"},
    {TermKind::kField, "topics", "回访内容", "Topics"},
    {TermKind::kField, "problems", "客户反映的问题", "Problems raised"},
    {TermKind::kField, "opinions", "客户意见", "Customer's opinions"},
    {TermKind::kField, "actions", "跟进事项", "Follow-up actions"},
    {TermKind::kField, "actions.title", "跟进事项", "Follow-up action"},
    {TermKind::kField, "actions.owner_id", "跟进责任人", "Action owner"},
    {TermKind::kField, "actions.due_at", "跟进截止时间", "Action due"},
    {TermKind::kField, "summary", "回访结果整理", "Summary"},
    {TermKind::kField, "strategy", "服务策略调整方案", "Service strategy adjustments"},
    {TermKind::kField, "collation_due", "待整理", "Awaiting collation"},
    {TermKind::kField, "expert_ids", "参加专家", "Experts"},
    {TermKind::kField, "participants", "客户参加人员", "Customer's participants"},
    {TermKind::kField, "planned_at", "计划时间", "Planned at"},
    {TermKind::kField, "held_at", "交流时间", "Held at"},
    {TermKind::kField, "duration_minutes", "时长（分钟）", "Duration (minutes)"},
    {TermKind::kField, "system_state", "系统运行状况", "System state"},
    {TermKind::kField, "findings.title", "发现", "Finding"},
    {TermKind::kField, "findings.detail", "发现说明", "Finding detail"},
    {TermKind::kField, "recommendations", "改进建议", "Recommendations"},
    {TermKind::kField, "internal_notes", "内部备注", "Internal notes"},
};

}  // namespace

Catalogue VisitsCatalogue() { return {"visits", kMessages, kTerms}; }

}  // namespace aftercare::messages
