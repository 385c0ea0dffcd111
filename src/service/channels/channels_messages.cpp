// The channels area's client-visible messages and terms (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"channel not found", "通知渠道不存在"},
    {"channel {value} exists", "通知渠道 {value} 已存在", "Channel {value} exists"},
    {"channel_kind is required", "请选择渠道类型", "Channel type is required"},
    {"channel_kind must be email, wecom, dingtalk, feishu or webhook",
     "渠道类型必须是邮件、企业微信、钉钉、飞书或 Webhook",
     "Channel type must be e-mail, WeCom, DingTalk, Feishu or webhook"},
    {"channel_kind cannot change: make a new channel", "渠道类型不能修改，请新建一个渠道",
     "The channel type cannot change: make a new channel"},
    {"{field} is not a setting of this kind of channel", "{field}不是此类渠道的设置项"},
    {"{field} is not a secret of this kind of channel", "{field}不是此类渠道的密钥项"},
    {"{field} must be 1 to 65535", "{field}必须是 1 到 65535"},
    {"{field} must be text or markdown", "{field}必须是 text（纯文本）或 markdown"},
    {"{field} must be an http or https URL", "{field}必须是 http 或 https 地址"},
    {"a channel serves a team or a contract, not both",
     "渠道只能属于一个班组或一个合同，不能同时属于两者"},
    {"an SMTP channel serves everyone: no team or contract",
     "邮件渠道供全体使用，不能指定班组或合同",
     "An e-mail channel serves everyone: no team or contract"},
    {"team_id: no such team", "班组不存在", "No such team"},
    {"contract_id: no such contract", "合同不存在", "No such contract"},
    {"rate_per_minute must be 0 to 600", "每分钟条数上限须为 0 到 600",
     "Messages per minute must be 0 to 600"},
    {"a sealed secret cannot be opened", "无法解密已保存的密钥（密钥文件已更换？请重新填写）",
     "A stored secret cannot be opened (was the key file replaced? enter it again)"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "channel_kind", "渠道类型", "Channel type"},
    {TermKind::kField, "settings.host", "邮件服务器", "Mail server"},
    {TermKind::kField, "settings.port", "端口", "Port"},
    {TermKind::kField, "settings.security", "加密方式", "Security"},
    {TermKind::kField, "settings.username", "登录用户名", "User name"},
    {TermKind::kField, "settings.from", "发件地址", "Sender address"},
    {TermKind::kField, "settings.from_name", "发件人名称", "Sender name"},
    {TermKind::kField, "settings.format", "消息格式", "Message format"},
    {TermKind::kField, "secrets.url", "机器人地址", "Robot URL"},
    {TermKind::kField, "secrets.secret", "签名密钥", "Signing secret"},
    {TermKind::kField, "secrets.password", "邮箱密码", "Mail password"},
    {TermKind::kField, "notice_kinds", "通知类型", "Notice kinds"},
    {TermKind::kField, "rate_per_minute", "每分钟条数上限", "Messages per minute"},
};

}  // namespace

Catalogue ChannelsCatalogue() { return {"channels", kMessages, kTerms}; }

}  // namespace aftercare::messages
