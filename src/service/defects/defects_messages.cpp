// The defects area's client-visible messages: key, Chinese, and the English a
// client reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"owner_id is required: a defect always has an owner", "缺陷必须有负责人：请指定负责人",
     "Owner is required: a defect always has an owner"},
    {"owner_id must be an active vendor user", "负责人须为在职（未停用）的乙方人员",
     "Owner must be an active vendor user"},
    {"{field}: no such ticket", "{field}：工单不存在"},
    {"system_id: no such system", "所选系统不存在", "System: no such system"},
    {"the defect is closed and no longer changes", "缺陷已关闭，不能再修改"},
    {"a defect cannot go from {value} to {value2}", "缺陷不能从“{value}”状态转到“{value2}”"},
    {"fix_version is required to close a defect", "关闭缺陷须填写修复版本",
     "Fix version is required to close a defect"},
    {"the ticket is already linked to the defect", "该工单已关联此缺陷"},
    {"linked ticket not found", "该工单未关联此缺陷"},
    {"defect not found", "缺陷不存在"},
    {"severity must be critical, major, minor or trivial", "严重程度须为致命、严重、一般或轻微",
     "Severity must be critical, major, minor or trivial"},
    {"state must be identified, analysed, fixed, reviewed, verified or closed",
     "缺陷状态须为已识别、已分析、已修复、已审核、已验证或已关闭",
     "Defect state must be identified, analysed, fixed, reviewed, verified or closed"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "owner_id", "负责人", "Owner"},
    {TermKind::kField, "fix_version", "修复版本", "Fix version"},
    {TermKind::kField, "severity", "严重程度", "Severity"},
    {TermKind::kField, "module", "软件模块", "Module"},
    {TermKind::kField, "ticket_ids", "关联工单", "Linked tickets"},
};

}  // namespace

Catalogue DefectsCatalogue() { return {"defects", kMessages, kTerms}; }

}  // namespace aftercare::messages
