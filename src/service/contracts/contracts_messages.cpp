// The contracts area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"a waiver needs a reason", "请填写减免原因"},
    {"accepted_on is before signed_on", "验收上线日期早于签订日期",
     "Accepted / live on is before Signed on"},
    {"at is before the contract was signed on {value}", "催告时间早于合同签订日期 {value}",
     "Time is before the contract was signed on {value}"},
    {"at must not be in the future", "催告日期不能晚于现在", "Time must not be in the future"},
    {"contract not found", "合同不存在"},
    {"contract number {value} exists", "合同编号 {value} 已存在"},
    {"coverage_to is before coverage_from", "服务期结束日期早于开始日期",
     "Service period to is before Service period from"},
    {"cure_days must be 1 to 365", "整改期须为1到365天", "Cure period must be 1 to 365 days"},
    {"free_resident_engineers must be 0 to 1000", "免费驻场人员须为0到1000人",
     "Free resident engineers must be 0 to 1000"},
    {"notices are recorded in time order: at is before the last notice",
     "书面催告须按时间顺序记录：催告日期早于上一次书面催告",
     "notices are recorded in time order: Time is before the last notice"},
    {"Party A's notice is dated when recorded: leave out at",
     "甲方的书面催告以记录时间为准，请不要填写催告日期",
     "Party A's notice is dated when recorded: leave out the time"},
    {"policy: no such SLA policy {value}", "服务等级策略 {value} 不存在",
     "SLA policy: no such SLA policy {value}"},
    {"system_ids: system {num} does not belong to the customer", "系统 #{num} 不属于该客户",
     "Systems: system {num} does not belong to the customer"},
    {"this penalty event is already waived", "这次延迟的违约金已减免"},
    {"ticket {num} has no late event for {metric} on this contract",
     "工单 #{num} 在此合同下没有“{metric}”的延迟事件"},
    {"warranty_months must be 0 to 1200", "质保期须为0到1200个月",
     "Warranty must be 0 to 1200 months"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "number", "合同编号", "Contract number"},
    {TermKind::kField, "value", "合同金额", "Contract value"},
    {TermKind::kField, "signed_on", "签订日期", "Signed on"},
    {TermKind::kField, "penalty_rate", "违约金比例", "Penalty rate"},
    {TermKind::kField, "policy", "服务等级策略", "SLA policy"},
    {TermKind::kField, "cure_days", "整改期", "Cure period"},
    {TermKind::kField, "tz", "时区", "Time zone"},
    {TermKind::kField, "construction_deadline", "建设完成期限", "Construction deadline"},
    {TermKind::kField, "accepted_on", "验收上线日期", "Accepted / live on"},
    {TermKind::kField, "warranty_months", "质保期", "Warranty"},
    {TermKind::kField, "free_resident_engineers", "免费驻场人员", "Free resident engineers"},
    {TermKind::kField, "coverage_from", "服务期开始日期", "Service period from"},
    {TermKind::kField, "coverage_to", "服务期结束日期", "Service period to"},
    {TermKind::kField, "maintenance_fee_terms", "质保期外年度运维费",
     "After-warranty annual maintenance fee"},
    {TermKind::kField, "contract_id", "合同", "Contract"},
    {TermKind::kField, "ticket_id", "工单", "Ticket"},
    {TermKind::kField, "metric", "指标", "Metric"},
    {TermKind::kField, "reason", "减免原因", "Reason"},
};

}  // namespace

Catalogue ContractsCatalogue() { return {"contracts", kMessages, kTerms}; }

}  // namespace aftercare::messages
