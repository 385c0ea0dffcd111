// The complaints area's client-visible messages: key, Chinese, and the English a
// client reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"a valid complaint needs its responsible department", "投诉成立时须指定责任部门",
     "A valid complaint needs its responsible department"},
    {"agents, team leaders and managers reply to a complaint",
     "投诉答复由客服人员、班组长或经理作出"},
    {"at is only for a reply", "只有答复可以填写答复时间", "A time is only for a reply"},
    {"complaint not found", "投诉不存在"},
    {"outcome must be valid or invalid", "调查结论须为“投诉成立”或“投诉不成立”",
     "Outcome must be valid or invalid"},
    {"state must be received, investigating, result_returned, assigned, proposed, agreed, "
     "implemented or closed",
     "投诉状态须为：待答复、调查中、结论已反馈、待提出方案、待客户确认方案、方案待实施、待客户确认"
     "实施、已关闭",
     "State must be one of: awaiting reply, investigating, finding returned, awaiting solution, "
     "awaiting the customer's answer, agreed, implemented, closed"},
    {"team leaders and managers investigate a complaint", "投诉调查由班组长或经理负责"},
    {"team_id is only for a finding of valid", "只有“投诉成立”的结论需要指定责任部门",
     "A responsible department is only named when the complaint is valid"},
    {"the complaint is closed", "该投诉已关闭"},
    {"the complaint is under investigation", "该投诉正在调查中，请先给出调查结论"},
    {"the complaint waits for its reply", "该投诉尚未答复，请先答复"},
    {"the complaint was found invalid and its finding returned to the customer",
     "该投诉经调查不成立，结论已反馈客户"},
    {"the complaint waits for the department's solution", "该投诉正在等待责任部门提出解决方案"},
    {"the complaint waits for the customer's answer to a solution",
     "该投诉的解决方案正在等待客户确认"},
    {"the complaint's solution waits to be implemented", "客户已同意解决方案，等待实施"},
    {"the complaint waits for the customer to confirm the implementation",
     "解决方案已实施，等待客户确认"},
    {"the customer answers for this step", "这一步须由投诉客户本人确认"},
    {"the customer, a team leader or a manager closes the complaint",
     "投诉由客户本人、班组长或经理关闭"},
    {"the responsible department or a manager works on the solution",
     "解决方案由责任部门或经理提出和实施"},
    {"waiting_on must be vendor, customer or nobody", "等待方须为我方、客户或无",
     "Waiting on must be vendor, customer or nobody"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "content", "内容说明", "Text"},
    {TermKind::kField, "team_id", "责任部门", "Responsible department"},
    {TermKind::kField, "waiting_on", "等待方", "Waiting on"},
    {TermKind::kField, "state", "投诉状态", "Complaint state"},
    {TermKind::kField, "outcome", "调查结论", "Outcome"},
};

}  // namespace

Catalogue ComplaintsCatalogue() { return {"complaints", kMessages, kTerms}; }

}  // namespace aftercare::messages
