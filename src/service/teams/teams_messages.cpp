// The teams area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"a shift that has ended is a record and stays", "已结束的班次是值班记录，不能删除"},
    {"ends_at must be after starts_at", "结束时间必须晚于开始时间", "Ends must be after Starts"},
    {"leader_id: not a team leader or manager", "只能选择组长或经理角色的用户担任组长",
     "Leader: not a team leader or manager"},
    {"rosters are the vendor's", "值班表属于乙方内部管理，甲方不能查看"},
    {"shift not found", "值班班次不存在"},
    {"team leaders add agents and engineers only", "组长只能添加客服人员和技术支持工程师"},
    {"team leaders manage their own team only", "组长只能管理自己的班组"},
    {"team member not found", "班组成员不存在"},
    {"team not found", "班组不存在"},
    {"team {value} exists", "班组“{value}”已存在"},
    {"teams are the vendor's", "班组属于乙方内部管理，甲方不能查看"},
    {"the team's leader stays in the team", "组长不能移出本班组"},
    {"the user already has a shift in that time", "该成员在这段时间已有班次"},
    {"the user is in another leader's team: a manager moves them",
     "该用户在其他组长的班组中，须由经理调动"},
    {"the user leads another team and stays in it", "该用户是其他班组的组长，须留在该组"},
    {"user_id: not a member of the team", "该人员不是本班组成员",
     "Member: not a member of the team"},
    {"{field}: no such vendor user", "所选{field}不存在或不是乙方人员"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "leader_id", "组长", "Leader"},
    {TermKind::kField, "user_id", "成员", "Member"},
    {TermKind::kField, "starts_at", "开始时间", "Starts"},
    {TermKind::kField, "ends_at", "结束时间", "Ends"},
};

}  // namespace

Catalogue TeamsCatalogue() { return {"teams", kMessages, kTerms}; }

}  // namespace aftercare::messages
