// The inspections area's client-visible messages: key, Chinese, and the English a
// client reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"{field} must be at most {num} characters of UTF-8", "{field}最多 {num} 个字符（UTF-8）"},
    {"{field}: a number item needs a threshold of at most 10^9",
     "{field}：数值项须有阈值，绝对值不超过 10^9"},
    {"a template has 1 to 100 items", "检查单模板须有 1 至 100 项"},
    {"a template with this name exists", "已有同名的检查单模板"},
    {"template not found", "检查单模板不存在"},
    {"no built-in template", "缺少内置检查单模板"},
    {"state must be planned, in_progress, submitted or confirmed",
     "巡检状态须为已计划、填写中、已提交或已确认",
     "State must be planned, in progress, submitted or confirmed"},
    {"inspection plan not found", "巡检计划不存在"},
    {"an inspection plan needs an engineer or a team", "巡检计划须指定工程师或班组"},
    {"engineer_id must be an active engineer or team leader", "工程师须为在职的工程师或组长",
     "Engineer must be an active engineer or team leader"},
    {"template_id: no such template", "检查单模板不存在", "Template: no such template"},
    {"interval_months must be 1 to 24", "巡检周期须为 1 至 24 个月",
     "Interval must be 1 to 24 months"},
    {"lead_days must be 0 to 90", "提前天数须为 0 至 90 天", "Lead time must be 0 to 90 days"},
    {"first_due must be within two years of today", "首次巡检日期须在今天前后两年之内",
     "First due date must be within two years of today"},
    {"first_due must be a date YYYY-MM-DD", "首次巡检日期须为 YYYY-MM-DD 格式的日期",
     "First due date must be a date YYYY-MM-DD"},
    {"the contract has no acceptance date: give first_due",
     "合同尚无验收日期：请填写首次巡检日期",
     "The contract has no acceptance date: give the first due date"},
    {"system_id: not a system of the contract", "所选系统不属于该合同",
     "System: not a system of the contract"},
    {"the system already has an inspection plan on this contract", "该合同的此系统已有巡检计划"},
    {"inspection visit not found", "巡检记录不存在"},
    {"photo not found", "照片不存在"},
    {"signature not found", "签名不存在"},
    {"the visit is {value}: its checklist can no longer be changed",
     "巡检当前为“{value}”状态，检查单不能再修改"},
    {"the visit is {value}: only a visit being filled can be submitted",
     "巡检当前为“{value}”状态，只有填写中的巡检可以提交"},
    {"the visit is {value}: only a submitted visit can be confirmed",
     "巡检当前为“{value}”状态，只有已提交的巡检可以确认"},
    {"the visit is {value}: only a submitted visit can be signed",
     "巡检当前为“{value}”状态，只有已提交的巡检可以签字"},
    {"only the visit's engineer or team fills its checklist", "只有该巡检的工程师或其班组可以填写检查单"},
    {"item_id: no such item on this visit", "该巡检没有此检查项", "Item: no such item on this visit"},
    {"outcome is only for pass/flag/fail items", "只有“正常/关注/异常”项可以选择结果",
     "Result is only for pass/flag/fail items"},
    {"number is only for number items", "只有数值项可以填写数值", "Value is only for number items"},
    {"number must be between -1000000000 and 1000000000", "数值须在 -1000000000 至 1000000000 之间",
     "Value must be between -1000000000 and 1000000000"},
    {"outcome must be pass, flag or fail", "结果须为正常、关注或异常",
     "Result must be pass, flag or fail"},
    {"a photo must be 1 byte to 5 MB", "照片大小须在 1 字节至 5 MB 之间"},
    {"a photo must be a PNG, JPEG or WebP image", "照片须为 PNG、JPEG 或 WebP 图片"},
    {"photos go to a photos item", "照片只能添加到照片项"},
    {"an item holds at most 6 photos", "每项最多 6 张照片"},
    {"every pass/flag/fail item needs an outcome and every number item a number: {value} is "
     "missing",
     "每个检查项须选择结果、每个数值项须填写数值：“{value}”尚未填写"},
    {"a signature must be a PNG image of at most 200 KB", "签名须为不超过 200 KB 的 PNG 图片"},
    {"{field} is not a known field", "{field}不是可用的字段"},
    {"{field} must be check, number, text or photos", "{field}须为检查、数值、文字或照片",
     "{field} must be pass/flag/fail, number, text or photos"},
    {"{field} must be above or below", "{field}须为 above（高于阈值为异常）或 below（低于阈值为异常）"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "interval_months", "巡检周期（月）", "Interval (months)"},
    {TermKind::kField, "lead_days", "提前天数", "Lead time (days)"},
    {TermKind::kField, "first_due", "首次巡检日期", "First due date"},
    {TermKind::kField, "template_id", "检查单模板", "Template"},
    {TermKind::kField, "item_id", "检查项", "Item"},
    {TermKind::kField, "photo", "照片", "Photo"},
    {TermKind::kField, "photos", "照片", "Photos"},
    {TermKind::kField, "signature", "签名", "Signature"},
    {TermKind::kField, "items", "检查项", "Items"},
};

}  // namespace

Catalogue InspectionsCatalogue() { return {"inspections", kMessages, kTerms}; }

}  // namespace aftercare::messages
