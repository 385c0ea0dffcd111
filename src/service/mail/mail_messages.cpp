// The mail area's client-visible messages (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"mailbox not found", "邮箱不存在"},
    {"mail not found", "邮件不存在"},
    {"mailbox {value} exists", "邮箱 {value} 已存在", "Mailbox {value} exists"},
    {"{field} is not a setting of a mailbox", "{field}不是邮箱的设置项"},
    {"{field} must be a mailbox name in ASCII", "{field}必须是 ASCII 字符的邮件夹名称"},
    {"{field} must be 10 to 3600", "{field}必须是 10 到 3600 秒"},
    {"the mail already has its ticket", "这封邮件已经生成了工单"},
    {"the ticket has no mail to answer", "该工单没有可回复的邮件", "The ticket has no mail to answer"},
    {"no e-mail channel is enabled: an administrator adds one", "没有启用的邮件渠道，请管理员先添加",
     "No e-mail channel is enabled: an administrator adds one"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "settings.folder", "邮件夹", "Folder"},
    {TermKind::kField, "settings.address", "服务邮箱地址", "Support address"},
    {TermKind::kField, "settings.poll_seconds", "收信间隔（秒）", "Poll interval (s)"},
    {TermKind::kField, "text", "回复内容", "Reply"},
};

}  // namespace

Catalogue MailCatalogue() { return {"mail", kMessages, kTerms}; }

}  // namespace aftercare::messages
