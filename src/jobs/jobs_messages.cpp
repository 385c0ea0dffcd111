// The jobs layer's client-visible messages: mail and robot messages, building and
// sending (shown on the channels page, its test message and the delivery log),
// reading the support mailbox and its mails (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"{field} must not contain a line break", "{field}不能包含换行符"},
    {"{field} must be UTF-8 text", "{field}必须是 UTF-8 文本"},
    {"{field} must be a message id like <name@host>", "{field}必须是 <名称@主机> 形式的邮件编号"},
    {"{field} must be an e-mail address", "{field}必须是电子邮件地址"},
    {"to needs at least one address", "收件人至少需要一个地址", "To needs at least one address"},
    {"security must be none, starttls or tls", "加密方式必须是 none、starttls 或 tls",
     "Security must be none, starttls or tls"},
    {"the mail settings are not valid", "邮件服务器设置无效"},
    {"cannot reach the mail server", "无法连接邮件服务器"},
    {"the mail server did not answer in time", "邮件服务器响应超时"},
    {"the mail server refused the login", "邮件服务器拒绝登录（用户名或密码不对）"},
    {"cannot make a secure connection to the mail server", "无法与邮件服务器建立安全连接"},
    {"the mail server refused the message", "邮件服务器拒收了这封邮件"},
    {"the mail server cannot take the message now", "邮件服务器暂时无法接收，稍后重试"},
    {"the mail server could not be used", "邮件服务器不可用"},
    // Group-chat robots and webhooks (jobs/robots/robot.h).
    {"kind must be wecom, dingtalk, feishu or webhook",
     "类型必须是 wecom（企业微信）、dingtalk（钉钉）、feishu（飞书）或 webhook",
     "Kind must be wecom, dingtalk, feishu or webhook"},
    {"format must be text or markdown", "消息格式必须是 text 或 markdown",
     "Format must be text or markdown"},
    {"url must be an http or https address", "地址必须是 http 或 https 网址",
     "The URL must be an http or https address"},
    {"secret must be whsec_ followed by Base64", "密钥必须是 whsec_ 加 Base64 编码的形式",
     "The secret must be whsec_ followed by Base64"},
    {"a WeCom robot takes no secret: its key is in the url",
     "企业微信机器人不用单独的密钥：密钥（key）已在地址中",
     "A WeCom robot takes no secret: its key is in the URL"},
    {"a Feishu robot takes text only", "飞书机器人只能发送文本消息",
     "A Feishu robot takes text only"},
    {"{field} must be printable ASCII without spaces",
     "{field}只能包含可见的 ASCII 字符，不能有空格"},
    {"{field} must be a JSON object", "{field}必须是 JSON 对象"},
    {"the robot settings are not valid", "机器人或 Webhook 的设置无效"},
    {"cannot reach the robot", "无法连接机器人或 Webhook 地址"},
    {"the robot did not answer in time", "机器人或 Webhook 响应超时"},
    {"cannot make a secure connection to the robot", "无法与机器人或 Webhook 地址建立安全连接"},
    {"the robot could not be used", "机器人或 Webhook 不可用"},
    {"the robot's rate limit was reached", "已达到机器人或 Webhook 的发送频率上限，稍后重发"},
    {"the robot is unavailable now", "机器人或 Webhook 暂时不可用，稍后重试"},
    {"the robot refused its key or signature: check the channel's settings",
     "机器人拒绝了密钥或签名，请检查渠道设置"},
    {"the robot refused the message", "机器人或 Webhook 拒收了这条消息"},
    {"the robot's answer cannot be read", "无法识别机器人的应答，消息可能未送达"},
    // Incoming mail (jobs/mail/mail_parse.h, jobs/mail/imap.h).
    {"the mail server has no such mailbox", "邮件服务器上没有这个邮箱文件夹"},
    {"the mail is no longer in the mailbox", "这封邮件已不在邮箱中"},
    {"the mail server's answer could not be read", "无法读懂邮件服务器的回复"},
    {"the mail is too large to read", "邮件太大，无法读取"},
    {"the mail has no header", "这不是一封邮件：没有邮件头", "The mail has no header"},
};

}  // namespace

Catalogue JobsCatalogue() { return {"jobs", kMessages}; }

}  // namespace aftercare::messages
