// The surveys area's client-visible messages (src/core/message_catalogue.h): the
// satisfaction survey (QA-3), its follow-ups, questionnaires and analytics (QA-5).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"this survey link is not valid", "调查链接无效，请核对邮件中的链接",
     "This survey link is not valid: check the link in the mail"},
    {"this survey has already been answered", "该调查已经填写过，感谢您的反馈",
     "This survey has already been answered. Thank you for your feedback"},
    {"this survey link has expired", "该调查链接已过期", "This survey link has expired"},
    {"survey not found", "调查不存在"},
    {"follow-up not found", "不满意跟进不存在", "Follow-up not found"},
    {"{field} must be 1 to 5", "{field}须为 1 到 5 分"},
    {"this survey does not ask whether you would recommend us", "该调查不含推荐意愿题",
     "This survey does not ask whether you would recommend us"},
    {"nps must be 0 to 10", "推荐意愿须为 0 到 10 分", "Would you recommend us must be 0 to 10"},
    {"comment must be at most 2000 characters", "意见建议最多 2000 字",
     "Comments must be at most 2000 characters"},
    {"note must be 1 to 2000 characters", "跟进记录须为 1 到 2000 字",
     "The note must be 1 to 2000 characters"},
    {"kind must be service or campaign", "调查类型须为服务调查或问卷调查",
     "Survey kind must be service or questionnaire"},
    {"status must be pending, answered or expired", "状态须为待填写、已填写或已过期",
     "Status must be pending, answered or expired"},
    {"status must be open or closed", "状态须为跟进中或已关闭", "Status must be open or closed"},
    {"kind must be contact, action, still_unsatisfied or confirmed",
     "跟进类型须为联系客户、整改措施、仍不满意或客户确认满意",
     "The entry must be a contact, an action, still unsatisfied or confirmed satisfied"},
    {"this follow-up is closed", "该不满意跟进已关闭", "This follow-up is closed"},
    {"title must be 1 to 200 characters", "标题须为 1 到 200 字",
     "The title must be 1 to 200 characters"},
    {"deadline must be after today and within a year", "截止日期须在今天之后、一年之内",
     "The deadline must be after today and within a year"},
    {"remind_days must be 0 to 30", "提前提醒天数须为 0 到 30",
     "Remind (days before) must be 0 to 30"},
    {"customer_ids: at most 1000 customers", "最多选择 1000 个客户", "At most 1000 customers"},
    {"customer_ids: customer {num} does not exist", "客户 {num} 不存在",
     "Customer {num} does not exist"},
    {"expiry_days must be 1 to 365", "链接有效天数须为 1 到 365",
     "Link valid for (days) must be 1 to 365"},
    {"unsatisfied_at_most must be 1 to 4", "不满意阈值须为 1 到 4 分",
     "The unsatisfied threshold must be 1 to 4"},
    {"target_average must be 1.00 to 5.00", "目标平均分须为 1.00 到 5.00",
     "The target average must be 1.00 to 5.00"},
    {"target_csat_percent must be 0 to 100", "目标满意率须为 0 到 100",
     "The target CSAT must be 0 to 100"},
    {"link_base must be an http(s) address without a trailing slash",
     "链接地址须为 http(s) 地址，且不以 / 结尾",
     "The link address must be an http(s) address without a trailing slash"},
    {"from must not be after to", "开始月份不能晚于结束月份",
     "The first month must not be after the last"},
    {"at most 36 months at a time", "一次最多查看 36 个月", "At most 36 months at a time"},
    {"by must be team, engineer, customer or type", "分组须为团队、工程师、客户或请求类型",
     "Split by team, engineer, customer or request type"},
    {"{field} must be a month, YYYY-MM", "{field}须为月份（YYYY-MM）"},
    {"too many invalid survey links from this address; try again later",
     "该地址的无效调查链接过多，请稍后再试",
     "Too many invalid survey links from this address; try again later"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "attitude", "服务态度", "Service attitude"},
    {TermKind::kField, "efficiency", "解决问题效率", "Problem-solving efficiency"},
    {TermKind::kField, "communication", "沟通效果", "Communication"},
    {TermKind::kField, "completeness", "功能完整性", "Functional completeness"},
    {TermKind::kField, "usability", "界面友好性", "Interface friendliness"},
    {TermKind::kField, "timeliness", "及时性", "Timeliness"},
    {TermKind::kField, "overall", "总体满意度", "Overall satisfaction"},
    {TermKind::kField, "nps", "推荐意愿", "Would you recommend us"},
    {TermKind::kField, "comment", "意见建议", "Comments"},
    {TermKind::kField, "token", "调查链接", "Survey link"},
    {TermKind::kField, "deadline", "截止日期", "Deadline"},
    {TermKind::kField, "remind_days", "提前提醒天数", "Remind (days before)"},
    {TermKind::kField, "customer_ids", "客户", "Customers"},
    {TermKind::kField, "expiry_days", "链接有效天数", "Link valid for (days)"},
    {TermKind::kField, "unsatisfied_at_most", "不满意阈值", "Unsatisfied threshold"},
    {TermKind::kField, "target_average", "目标平均分", "Target average"},
    {TermKind::kField, "target_csat_percent", "目标满意率", "Target CSAT"},
    {TermKind::kField, "link_base", "链接地址", "Link address"},
    {TermKind::kField, "asks_nps", "包含推荐意愿题", "Ask would you recommend us"},
};

}  // namespace

Catalogue SurveysCatalogue() { return {"surveys", kMessages, kTerms}; }

}  // namespace aftercare::messages
