// The core area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h): dates, times, money and zones
// (relayed after "field: ").
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"time is not of the form YYYY-MM-DD: \"{value}\"", "时间“{value}”不是 YYYY-MM-DD 格式"},
    {"TZ rule \"{value}\": {value2} at character {num}",
     "时区规则“{value}”有误：{value2}（第 {num} 个字符）"},
    {"a date without a time", "只有日期，缺少时刻"},
    {"amount has more than 13 digits before the point: \"{value}\"",
     "金额的整数部分超过13位（“{value}”）"},
    {"amount has more than 2 decimals (fen): \"{value}\"",
     "金额最多两位小数，精确到分（“{value}”）"},
    {"amount is not a decimal number like \"1000000.00\": \"{value}\"",
     "金额必须是数字，例如 1000000.00（“{value}”）"},
    {"amount must not be negative: \"{value}\"", "金额不能为负数（“{value}”）"},
    {"bad UTC offset", "UTC 偏移量无效"},
    {"date is not of the form YYYY-MM-DD: \"{value}\"", "日期“{value}”不是 YYYY-MM-DD 格式"},
    {"expected 'Z' or an offset like +08:00 after the seconds",
     "秒之后应为 Z 或 +08:00 这样的偏移量"},
    {"expected an upper-case 'T' after the date", "日期之后应为大写字母 T"},
    {"expected HH:MM:SS after the 'T'", "T 之后应为 HH:MM:SS"},
    {"expected YYYY-MM-DDTHH:MM:SS+08:00", "应为 YYYY-MM-DDTHH:MM:SS+08:00 的形式"},
    {"fractions of a second are not allowed", "不允许使用小数秒"},
    {"hour, minute or second out of range", "时、分或秒超出范围"},
    {"missing UTC offset or 'Z'", "缺少 UTC 偏移量或 Z"},
    {"no such date {value}", "日期 {value} 不存在"},
    {"no such date: \"{value}\"", "“{value}”不是有效的日期"},
    {"penalty_rate has more than 12 decimals: \"{value}\"", "违约金比例最多12位小数（“{value}”）",
     "Penalty rate has more than 12 decimals: \"{value}\""},
    {"penalty_rate is not a decimal number like \"0.0003\": \"{value}\"",
     "违约金比例必须是小数，例如 0.0003（“{value}”）",
     "Penalty rate is not a decimal number like \"0.0003\": \"{value}\""},
    {"penalty_rate must be at most 1: \"{value}\"", "违约金比例不能大于1（“{value}”）",
     "Penalty rate must be at most 1: \"{value}\""},
    {"penalty_rate must not be negative: \"{value}\"", "违约金比例不能为负数（“{value}”）",
     "Penalty rate must not be negative: \"{value}\""},
    {"time \"{value}\" is not RFC 3339 ({msg})", "时间“{value}”不符合 RFC 3339 格式（{msg}）"},
    {"unknown time zone \"{value}\"", "未知的时区“{value}”"},
    {"{field}: amount has more than 13 digits before the point: \"{value}\"",
     "{field}的整数部分超过13位（“{value}”）"},
    {"{field}: amount has more than 2 decimals (fen): \"{value}\"",
     "{field}最多两位小数，精确到分（“{value}”）"},
    {"{field}: amount is not a decimal number like \"1000000.00\": \"{value}\"",
     "{field}必须是数字，例如 1000000.00（“{value}”）"},
    {"{field}: amount must not be negative: \"{value}\"", "{field}不能为负数（“{value}”）"},
    {"{field}: date is not of the form YYYY-MM-DD: \"{value}\"",
     "{field}“{value}”不是 YYYY-MM-DD 格式"},
    {"{field}: no such date: \"{value}\"", "{field}“{value}”不是有效的日期"},
    {"{field}: time \"{value}\" is not RFC 3339 ({msg})",
     "{field}“{value}”不符合 RFC 3339 格式（{msg}）"},
};

}  // namespace

Catalogue CoreCatalogue() { return {"core", kMessages}; }

}  // namespace aftercare::messages
