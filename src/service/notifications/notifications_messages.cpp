// The notifications area's client-visible messages (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"notification not found", "通知不存在"},
    {
        "ids must not be empty (leave it out to mark all)",
        "请选择要标为已读的通知（不选则全部标为已读）",
    },
    {"limit must be 1 to 200", "每页条数须为1到200", "Page size must be 1 to 200"},
    {"in_app cannot be turned off for warnings and escalations", "SLA 预警和超时升级必须在站内通知",
     "Warnings and escalations always reach the inbox"},
    {"{field}: unknown kind {value}", "{field}：未知的通知类型 {value}"},
    {"{field} is not a channel: in_app or email", "{field}不是通知方式：只能是 in_app（站内）或 email（邮件）"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "email", "通知邮箱", "Notice e-mail"},
};

}  // namespace

Catalogue NotificationsCatalogue() { return {"notifications", kMessages, kTerms}; }

}  // namespace aftercare::messages
