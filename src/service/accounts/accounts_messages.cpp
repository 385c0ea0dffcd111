// The accounts area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"a party_a user needs customer_id", "甲方用户必须选择所属单位",
     "A Party A user needs a customer"},
    {"administrators cannot disable themselves or drop their own role",
     "系统管理员不能停用自己的账号，也不能取消自己的管理员角色"},
    {"API token not found", "API 令牌不存在"},
    {"customer_id: no such customer", "所选客户不存在", "Customer: no such customer"},
    {"expires_in_days must be 1 to 365", "有效天数须为1到365天",
     "Valid for (days) must be 1 to 365"},
    {"log in first: the session is unknown or expired", "请先登录：会话不存在或已过期"},
    {"login must be 1-64 characters without spaces", "账号须为1-64个字符，不能包含空格",
     "Login must be 1-64 characters without spaces"},
    {"login {value} is taken", "账号 {value} 已被使用", "Login {value} is taken"},
    {"name must be 1-100 characters", "名称须为1-100个字符", "Name must be 1-100 characters"},
    {"only party_a users belong to a customer", "只有甲方用户才有所属单位",
     "Only Party A users belong to a customer"},
    {"password must have at least 8 characters", "密码至少8位",
     "Password must have at least 8 characters"},
    {"role must be agent, engineer, team_leader, manager, party_a or admin",
     "角色必须是客服人员、技术支持工程师、组长、经理、甲方或系统管理员",
     "Role must be agent, engineer, team_leader, manager, party_a or admin"},
    {"too many failed logins from this address; try again later",
     "此地址登录失败次数过多，请稍后再试"},
    {"user not found", "用户不存在"},
    {"wrong login or password (5 failures in a row lock an account for 15 minutes)",
     "账号或密码错误（连续失败5次将锁定15分钟）"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "login", "账号", "Login"},
    {TermKind::kField, "password", "密码", "Password"},
    {TermKind::kField, "display_name", "姓名", "Name"},
    {TermKind::kField, "role", "角色", "Role"},
    {TermKind::kField, "expires_in_days", "有效期（天）", "Valid for (days)"},
    {TermKind::kRole, "agent", "客服人员", "Hotline agent"},
    {TermKind::kRole, "engineer", "技术支持工程师", "Engineer"},
    {TermKind::kRole, "team_leader", "组长", "Team leader"},
    {TermKind::kRole, "manager", "经理", "Manager"},
    {TermKind::kRole, "party_a", "甲方", "Party A"},
    {TermKind::kRole, "admin", "系统管理员", "Administrator"},
};

}  // namespace

Catalogue AccountsCatalogue() { return {"accounts", kMessages, kTerms}; }

}  // namespace aftercare::messages
