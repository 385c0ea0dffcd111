// The http area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h): the server, the router, JSON
// bodies and query parameters, and the general "field: why" shape.
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"bad listen address {value}", "监听地址无效：{value}"},
    {"cannot listen on {value}:{num}: {value2}", "无法在 {value}:{num} 上监听：{value2}"},
    {"a query parameter's name is not valid UTF-8 text", "查询参数名不是有效的 UTF-8 文本"},
    {"a request from another site's page is refused", "拒绝来自其他网站页面的请求"},
    {"internal error; quote the request id", "服务器内部错误，请提供请求编号以便排查"},
    {"malformed HTTP request", "HTTP 请求格式错误"},
    {"malformed request target", "请求地址格式错误"},
    {"metrics are for this machine or the metrics token", "监控指标仅限本机访问或凭监控令牌访问"},
    {"no such resource", "请求的资源不存在"},
    {"the body is nested deeper than {num} levels", "请求内容的嵌套超过 {num} 层"},
    {"the body is not valid JSON", "请求内容不是有效的 JSON"},
    {"the body must be a JSON object", "请求内容必须是 JSON 对象"},
    {"the body must be JSON, sent as Content-Type: application/json",
     "请求内容必须是 JSON，并以 Content-Type: application/json 发送"},
    {"the query parameter {value} is not valid UTF-8 text",
     "查询参数 {value} 不是有效的 UTF-8 文本"},
    {"the request body is larger than the limit", "请求内容超过大小上限"},
    {"the server is busy; retry in a moment", "服务器繁忙，请稍后重试"},
    {"this path does not accept {value}", "此地址不接受 {value} 请求"},
    {"unknown field {value}", "未知字段 {value}"},
    {"unknown query parameter {value}", "未知的查询参数 {value}"},
    {"{field} has more than {num} items", "{field}超过 {num} 项"},
    {"{field} is given more than once", "{field}重复出现"},
    {"{field} is larger than {num} KB", "{field}超过 {num} KB"},
    {"{field} is longer than {num} characters", "{field}超过 {num} 个字符"},
    {"{field} is out of range", "{field}超出范围"},
    {"{field} is required", "{field}为必填项"},
    {"{field} must be 0 or 1", "{field}必须是 0 或 1"},
    {"{field} must be a date YYYY-MM-DD", "{field}必须是 YYYY-MM-DD 格式的日期"},
    {"{field} must be a list of integers", "{field}必须是整数列表"},
    {"{field} must be a list of strings", "{field}必须是字符串列表"},
    {"{field} must be a list of objects", "{field}必须是对象列表"},
    {"{field} must be a string", "{field}必须是字符串"},
    {"{field} must be an integer", "{field}必须是整数"},
    {"{field} must be an object", "{field}必须是 JSON 对象"},
    {"{field} must be true or false", "{field}必须是 true 或 false"},
    {"{field} must fall in the years 2000 to 2100", "{field}须在2000年到2100年之间"},
    {"{field} must not contain a NUL character", "{field}不能包含 NUL 字符"},
    {"{field}: {msg}", "{field}：{msg}"},
    {"{value} is longer than {num} bytes", "查询参数 {value} 超过 {num} 字节"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "name", "名称", "Name"},
    {TermKind::kField, "note", "说明", "Note"},
    {TermKind::kField, "body", "内容", "Content"},
    {TermKind::kField, "data", "附加数据", "Data"},
    {TermKind::kField, "at", "时间", "Time"},
    {TermKind::kField, "from", "开始日期", "From"},
    {TermKind::kField, "to", "结束日期", "To"},
    {TermKind::kField, "limit", "每页条数", "Page size"},
    {TermKind::kField, "cursor", "翻页位置", "Page position"},
    {TermKind::kField, "q", "搜索条件", "Search"},
    {TermKind::kField, "as_of", "截至时间", "As of"},
    {TermKind::kField, "status", "状态", "Status"},
    {TermKind::kField, "disabled", "停用", "Disabled"},
};

}  // namespace

Catalogue HttpCatalogue() { return {"http", kMessages, kTerms}; }

}  // namespace aftercare::messages
