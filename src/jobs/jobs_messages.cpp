// The jobs layer's client-visible messages: mail building and sending (shown on
// the channels page's test message and in the delivery log) (src/core/message_catalogue.h).
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
};

}  // namespace

Catalogue JobsCatalogue() { return {"jobs", kMessages}; }

}  // namespace aftercare::messages
