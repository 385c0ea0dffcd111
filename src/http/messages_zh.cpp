#include "http/messages_zh.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace aftercare::http {
namespace {

// Every message that reaches a client, by where it is written. Chinese terms are
// the UI's (web/src/i18n/zh-CN) and the glossary's (GLOSSARY.md). Internal errors
// (kInternal) are not here: the API never shows their text.
constexpr MessageEntry kTable[] = {
    // --- src/http: the server, the router, JSON bodies and query parameters ---
    {"internal error; quote the request id", "服务器内部错误，请提供请求编号以便排查"},
    {"the request body is larger than the limit", "请求内容超过大小上限"},
    {"malformed HTTP request", "HTTP 请求格式错误"},
    {"malformed request target", "请求地址格式错误"},
    {"no such resource", "请求的资源不存在"},
    {"this path does not accept {value}", "此地址不接受 {value} 请求"},
    {"unknown query parameter {value}", "未知的查询参数 {value}"},
    {"the query needs ?name=FILE", "请在查询参数中提供文件名（?name=文件名）"},
    {"role must be agent, engineer, team_leader, manager, party_a or admin",
     "角色必须是客服人员、技术支持工程师、组长、经理、甲方或系统管理员"},
    {"the body is not valid JSON", "请求内容不是有效的 JSON"},
    {"the body must be a JSON object", "请求内容必须是 JSON 对象"},
    {"unknown field {value}", "未知字段 {value}"},
    {"{field} is given more than once", "{field}重复出现"},
    {"{field} is required", "{field}为必填项"},
    {"{field} must be a string", "{field}必须是字符串"},
    {"{field} must be true or false", "{field}必须是 true 或 false"},
    {"{field} must not contain a NUL character", "{field}不能包含 NUL 字符"},
    {"{field} must be an integer", "{field}必须是整数"},
    {"{field} is out of range", "{field}超出范围"},
    {"{field} must be a list of integers", "{field}必须是整数列表"},
    {"{field} must be a list of strings", "{field}必须是字符串列表"},
    {"{field} must be an object", "{field}必须是 JSON 对象"},
    {"{field} must be 0 or 1", "{field}必须是 0 或 1"},
    // Bounds and checks of every request (issue 10).
    {"the body is nested deeper than {num} levels", "请求内容的嵌套超过 {num} 层"},
    {"{field} is longer than {num} characters", "{field}超过 {num} 个字符"},
    {"{field} has more than {num} items", "{field}超过 {num} 项"},
    {"{field} is larger than {num} KB", "{field}超过 {num} KB"},
    {"{field} must fall in the years 2000 to 2100", "{field}须在2000年到2100年之间"},
    {"a query parameter's name is not valid UTF-8 text", "查询参数名不是有效的 UTF-8 文本"},
    {"the query parameter {value} is not valid UTF-8 text",
     "查询参数 {value} 不是有效的 UTF-8 文本"},
    {"{value} is longer than {num} bytes", "查询参数 {value} 超过 {num} 字节"},
    {"the body must be JSON, sent as Content-Type: application/json",
     "请求内容必须是 JSON，并以 Content-Type: application/json 发送"},
    {"a request from another site's page is refused", "拒绝来自其他网站页面的请求"},
    {"too many failed logins from this address; try again later",
     "此地址登录失败次数过多，请稍后再试"},
    {"the server is busy; retry in a moment", "服务器繁忙，请稍后重试"},
    {"metrics are for this machine or the metrics token", "监控指标仅限本机访问或凭监控令牌访问"},
    {"Content-Type must be a media type such as image/png",
     "Content-Type 必须是媒体类型，例如 image/png"},
    {"expires_in_days must be 1 to 365", "有效天数须为1到365天"},
    {"only team leaders and managers change a ticket's priority or type",
     "只有组长和经理可以修改工单的优先级或类型"},
    {"the user leads another team and stays in it", "该用户是其他班组的组长，须留在该组"},
    {"team leaders add agents and engineers only", "组长只能添加客服人员和技术支持工程师"},
    {"the user is in another leader's team: a manager moves them",
     "该用户在其他组长的班组中，须由经理调动"},
    {"{field}: Party A's signature is dated when recorded: leave out date",
     "{field}：甲方签章以记录当日为日期，请不要填写日期"},
    {"{field} must be a date YYYY-MM-DD, not in the future",
     "{field}必须是不晚于今天的日期（YYYY-MM-DD）"},
    {"{field} must be a date YYYY-MM-DD", "{field}必须是 YYYY-MM-DD 格式的日期"},

    // --- src/service/permissions.cpp: logins, roles, missing or foreign ids ---
    {"log in first", "请先登录"},
    {"the role {role} may not do this", "“{role}”角色无权执行此操作"},
    {"ticket not found", "工单不存在"},
    {"contract not found", "合同不存在"},
    {"customer not found", "客户不存在"},
    {"system not found", "系统不存在"},
    {"user not found", "用户不存在"},
    {"team not found", "班组不存在"},
    {"team member not found", "班组成员不存在"},
    {"shift not found", "值班班次不存在"},
    {"a shift that has ended is a record and stays", "已结束的班次是值班记录，不能删除"},
    {"attachment not found", "附件不存在"},
    {"API token not found", "API 令牌不存在"},
    {"policy {value} not found", "服务等级策略 {value} 不存在"},

    // --- src/service/accounts.cpp ---
    {"wrong login or password (5 failures in a row lock an account for 15 minutes)",
     "账号或密码错误（连续失败5次将锁定15分钟）"},
    {"log in first: the session is unknown or expired", "请先登录：会话不存在或已过期"},
    {"login must be 1-64 characters without spaces", "账号须为1-64个字符，不能包含空格"},
    {"password must have at least 8 characters", "密码至少8位"},
    {"a party_a user needs customer_id", "甲方用户必须选择所属单位"},
    {"only party_a users belong to a customer", "只有甲方用户才有所属单位"},
    {"customer_id: no such customer", "所选客户不存在"},
    {"login {value} is taken", "账号 {value} 已被使用"},
    {"display_name must not be blank", "姓名不能为空"},
    {"administrators cannot disable themselves or drop their own role",
     "系统管理员不能停用自己的账号，也不能取消自己的管理员角色"},
    {"name must be 1-100 characters", "名称须为1-100个字符"},

    // --- src/service/customers.cpp ---
    {"a customer named {value} exists", "已有名为“{value}”的客户"},
    {"the customer already has a system named {value}", "该客户已有名为“{value}”的系统"},

    // --- src/service/contracts.cpp (contracts, notices, waivers) ---
    {"cure_days must be 1 to 365", "整改期须为1到365天"},
    {"warranty_months must be 0 to 1200", "质保期须为0到1200个月"},
    {"free_resident_engineers must be 0 to 1000", "免费驻场人员须为0到1000人"},
    {"accepted_on is before signed_on", "验收上线日期早于签订日期"},
    {"coverage_to is before coverage_from", "服务期结束日期早于开始日期"},
    {"contract number {value} exists", "合同编号 {value} 已存在"},
    {"policy: no such SLA policy {value}", "服务等级策略 {value} 不存在"},
    {"system_ids: system {num} does not belong to the customer", "系统 #{num} 不属于该客户"},
    {"Party A's notice is dated when recorded: leave out at",
     "甲方的书面催告以记录时间为准，请不要填写催告日期"},
    {"at must not be in the future", "催告日期不能晚于现在"},
    {"at is before the contract was signed on {value}", "催告时间早于合同签订日期 {value}"},
    {"notices are recorded in time order: at is before the last notice",
     "书面催告须按时间顺序记录：催告日期早于上一次书面催告"},
    {"a waiver needs a reason", "请填写减免原因"},
    {"ticket {num} has no late event for {metric} on this contract",
     "工单 #{num} 在此合同下没有“{metric}”的延迟事件"},
    {"this penalty event is already waived", "这次延迟的违约金已减免"},

    // --- src/service/teams.cpp ---
    {"{field}: no such vendor user", "所选{field}不存在或不是乙方人员"},
    {"team leaders manage their own team only", "组长只能管理自己的班组"},
    {"team {value} exists", "班组“{value}”已存在"},
    {"leader_id: not a team leader or manager", "只能选择组长或经理角色的用户担任组长"},
    {"teams are the vendor's", "班组属于乙方内部管理，甲方不能查看"},
    {"the team's leader stays in the team", "组长不能移出本班组"},
    {"ends_at must be after starts_at", "结束时间必须晚于开始时间"},
    {"user_id: not a member of the team", "该人员不是本班组成员"},
    {"the user already has a shift in that time", "该成员在这段时间已有班次"},
    {"rosters are the vendor's", "值班表属于乙方内部管理，甲方不能查看"},

    // --- src/service/analytics.cpp, audit.cpp ---
    {"to is before from", "结束日期早于开始日期"},
    {"the period is at most 366 days", "统计期间最长366天"},
    {"limit must be 1 to 1000", "每页条数须为1到1000"},

    // --- src/service/attachments.cpp ---
    {"name must be a file name of 1-200 characters, without control characters",
     "文件名须为1-200个字符，不能包含控制字符或斜杠"},
    {"the attachment is empty", "附件内容为空"},
    {"an attachment may have at most 20 MB", "单个附件不超过20MB"},
    {"cannot store the attachment", "附件无法保存，请稍后重试"},
    {"the attachment's content is missing from the data folder", "附件内容在数据目录中缺失"},

    // --- src/service/holidays.cpp ---
    {"no holiday data for {num}", "没有 {num} 年的节假日数据"},
    {"year must be 2000 to 2100", "年份须在2000到2100之间"},
    {"{num} ships with aftercare and cannot be changed here",
     "{num} 年的节假日为内置数据，不能在此修改"},
    {"{field}: {value} is not in {num}", "{field} {value} 不在 {num} 年内"},
    {"work: {value} is also a day off", "调休上班日 {value} 同时被标为节假日"},

    // --- src/service/policies.cpp ---
    {"name must be 1-64 characters without spaces", "名称须为1-64个字符，不能包含空格"},
    {"policy {value} is built in", "{value} 是内置的服务等级策略，不能使用此名称"},
    {"policy {value} exists (policies are immutable)",
     "服务等级策略 {value} 已存在（策略保存后不能修改）"},
    {"name must match the body's policy name ({value})",
     "策略名称必须与策略内容中的名称（{value}）一致"},
    {"body: line {num}: {msg}", "策略内容第 {num} 行：{msg}"},
    {"body: {msg}", "策略内容：{msg}"},

    // --- src/service/tickets.cpp: intake, the service request form, the flow ---
    {"contract_id: not a contract of the customer", "所选合同不属于该客户"},
    {"system_id: not a system of the customer", "所选系统不属于该客户"},
    {"a portal ticket is received when submitted: leave out received_at",
     "网站提交的服务申请以提交时间为接报时间，请不要填写接报时间"},
    {"channel must be phone, email, portal, im or onsite",
     "受理渠道必须是热线电话、电子邮件、网站、微信或QQ群、现场之一"},
    {"type must be fault, installation, health_check, upgrade, training, consulting or complaint",
     "服务申请类型必须是故障维护、安装服务、健康检查、升级服务、培训服务、咨询服务、投诉之一"},
    {"data.type must be fault, installation, health_check, upgrade, training, consulting or "
     "complaint",
     "服务申请类型必须是故障维护、安装服务、健康检查、升级服务、培训服务、咨询服务、投诉之一"},
    {"priority must be P1, P2, P3 or P4", "级别必须是 P1、P2、P3 或 P4"},
    {"to_priority must be P1, P2, P3 or P4", "新级别必须是 P1、P2、P3 或 P4"},
    {"received_at is in the future", "接报时间不能晚于现在"},
    {"Party A cannot assign tickets", "甲方不能分派工单"},
    {"form.estimated_return is before estimated_departure", "预计返回时间不能早于预计出发时间"},
    {"form.approvals must be an object (approvals are never removed)",
     "审批必须是 JSON 对象（审批签署后不能删除）"},
    {"{field} must be an RFC 3339 time",
     "{field}必须是 RFC 3339 格式的时间，例如 2026-01-01T09:00:00+08:00"},
    {"{field} must be an amount in yuan like \"1200.00\"",
     "{field}必须是以元为单位的金额，最多两位小数，例如 1200.00"},
    {"{field} must be a user id", "{field}必须是用户编号"},
    {"{field} is not an approval (applicant_unit, supervisor, division_gm)",
     "{field}不是审批项（可选 applicant_unit、supervisor、division_gm）"},
    {"{field} is not a field of an approval (signer, date, opinion)",
     "{field}不是审批的内容（可选 signer、date、opinion）"},
    {"{field} is not a field of the service request form", "{field}不是服务申请表的内容"},
    {"{field} is filled in by the vendor", "{field}由乙方填写"},
    {"{field} is already signed", "{field}已签署，不能修改"},
    {"{field} is given by a team leader or manager", "{field}由组长或经理签署"},
    {"{field} is given by a manager", "{field}由经理签署"},
    {"{field} must not be blank", "{field}不能为空"},
    {"{field} is signed by Party A (or recorded from the paper form by a team leader or manager)",
     "{field}由甲方签署（或由组长、经理按纸质申请表录入）"},
    {"{field} cannot change: the form is approved", "服务申请表已审批，{field}不能再修改"},
    {"{field} must be a phone number: digits with spaces, - or ( ) (0571-88001234, 138 0013 8000, "
     "+86 138 0013 8000)",
     "{field}格式不对，请填写如 0571-88001234 或 138 0013 8000 的号码"},
    {"{field} must be a postcode of 6 digits (100080)", "{field}应为 6 位数字，如 100080"},
    {"assignee_id: a ticket is assigned to an engineer or a team leader",
     "工单只能分派给工程师或组长"},
    {"{field} is set by the server", "{field}由服务器记录，不能填写"},
    {"unknown event kind {value}", "未知的记录类型 {value}"},
    {"`received` is recorded when the ticket is created", "“接报”在创建工单时自动记录"},
    {"Party A may add notes, replies, form details and ratings, and close or reopen a resolved "
     "ticket",
     "甲方只能添加备注、回复、服务申请表内容和服务评价，以及关闭或重新打开已解决的工单"},
    {"only Party A rates a service", "只有甲方可以评价服务"},
    {"data.score must be a whole number from 1 to 5", "评分必须是1到5的整数"},
    {"{field} is not part of a rating", "{field}不属于服务评价"},
    {"only team leaders and managers assign and grade", "只有组长和经理可以分派工单和故障定级"},
    {"to_priority is only for a `priority` event", "只有“调整级别”记录才能填写新级别"},
    {"a `priority` event needs to_priority", "“调整级别”记录必须填写新级别"},
    {"a note needs a note", "请填写备注内容"},
    {"a contact needs a note", "请填写联系记录内容"},
    {"data.escalated_to must be senior_engineer, manufacturer or third_party",
     "升级对象必须是高级技术人员、厂家或第三方"},
    {"an escalation to a vendor needs its reference number", "联系厂家或第三方时请填写对方单号"},
    {"data.fault_grade must be general, serious, major or catastrophic",
     "故障等级必须是一般故障、严重故障、重大故障或特级故障"},
    {"data.internal is true or false, on a note or contact",
     "“仅内部”只能用于备注或联系记录，且必须是 true 或 false"},
    {"Party A's notes are never internal", "甲方的备注不能设为仅内部"},
    {"at is in the future", "发生时间不能晚于现在"},
    {"Party A's entries are dated when recorded: leave out at",
     "甲方的记录以记录时间为准，请不要填写发生时间"},
    {"an entry dated more than 24 hours back needs a team leader or manager",
     "补录超过24小时前的记录需由组长或经理操作"},
    {"at is before the ticket's last event", "发生时间早于工单的上一条记录"},
    {"a service is rated once it is resolved", "工单解决后才能评价服务"},
    {"the service is already rated", "本次服务已评价，只能评价一次"},
    {"the ticket is closed", "工单已关闭，不能再添加记录"},
    {"`{kind}` is not possible while the ticket is {status}",
     "工单处于“{status}”状态时不能记录“{kind}”"},
    {"limit must be 1 to 500", "每页条数须为1到500"},
    {"status must be open, active, waiting, resolved or closed",
     "状态必须是全部未完成、处理中、等待客户、已解决、已关闭之一"},
    {"sla must be late or on_time", "服务等级必须是已超时或未超时"},
    {"cursor is not one this server issued", "翻页位置无效（不是本服务器给出的）"},

    // --- src/store: what the database layer tells a client ---
    {"the database is busy, try again", "数据库繁忙，请稍后重试"},
    {"the database cannot be reached", "无法连接数据库，请稍后重试"},
    {"the database cannot be read or written", "数据库无法读写，请稍后重试"},
    {"cannot open the database file", "无法打开数据库文件"},
    {"text is not valid UTF-8", "文本不是有效的 UTF-8"},
    {"text must not contain a NUL character", "文本不能包含 NUL 字符"},
    {"conflict: {value}", "数据冲突：{value}"},

    // --- src/core: dates, times, money, zones (relayed after "field: ") ---
    {"{field}: time \"{value}\" is not RFC 3339 ({msg})",
     "{field}“{value}”不符合 RFC 3339 格式（{msg}）"},
    {"{field}: no such date: \"{value}\"", "{field}“{value}”不是有效的日期"},
    {"{field}: date is not of the form YYYY-MM-DD: \"{value}\"",
     "{field}“{value}”不是 YYYY-MM-DD 格式"},
    {"{field}: amount must not be negative: \"{value}\"", "{field}不能为负数（“{value}”）"},
    {"{field}: amount is not a decimal number like \"1000000.00\": \"{value}\"",
     "{field}必须是数字，例如 1000000.00（“{value}”）"},
    {"{field}: amount has more than 13 digits before the point: \"{value}\"",
     "{field}的整数部分超过13位（“{value}”）"},
    {"{field}: amount has more than 2 decimals (fen): \"{value}\"",
     "{field}最多两位小数，精确到分（“{value}”）"},
    {"date is not of the form YYYY-MM-DD: \"{value}\"", "日期“{value}”不是 YYYY-MM-DD 格式"},
    {"no such date: \"{value}\"", "“{value}”不是有效的日期"},
    {"time \"{value}\" is not RFC 3339 ({msg})", "时间“{value}”不符合 RFC 3339 格式（{msg}）"},
    {"no such date {value}", "日期 {value} 不存在"},
    {"expected YYYY-MM-DDTHH:MM:SS+08:00", "应为 YYYY-MM-DDTHH:MM:SS+08:00 的形式"},
    {"a date without a time", "只有日期，缺少时刻"},
    {"expected an upper-case 'T' after the date", "日期之后应为大写字母 T"},
    {"expected HH:MM:SS after the 'T'", "T 之后应为 HH:MM:SS"},
    {"hour, minute or second out of range", "时、分或秒超出范围"},
    {"fractions of a second are not allowed", "不允许使用小数秒"},
    {"bad UTC offset", "UTC 偏移量无效"},
    {"missing UTC offset or 'Z'", "缺少 UTC 偏移量或 Z"},
    {"expected 'Z' or an offset like +08:00 after the seconds",
     "秒之后应为 Z 或 +08:00 这样的偏移量"},
    {"unknown time zone \"{value}\"", "未知的时区“{value}”"},
    {"amount must not be negative: \"{value}\"", "金额不能为负数（“{value}”）"},
    {"amount is not a decimal number like \"1000000.00\": \"{value}\"",
     "金额必须是数字，例如 1000000.00（“{value}”）"},
    {"amount has more than 13 digits before the point: \"{value}\"",
     "金额的整数部分超过13位（“{value}”）"},
    {"amount has more than 2 decimals (fen): \"{value}\"",
     "金额最多两位小数，精确到分（“{value}”）"},
    {"penalty_rate must not be negative: \"{value}\"", "违约金比例不能为负数（“{value}”）"},
    {"penalty_rate is not a decimal number like \"0.0003\": \"{value}\"",
     "违约金比例必须是小数，例如 0.0003（“{value}”）"},
    {"penalty_rate has more than 12 decimals: \"{value}\"", "违约金比例最多12位小数（“{value}”）"},
    {"penalty_rate must be at most 1: \"{value}\"", "违约金比例不能大于1（“{value}”）"},

    // --- src/sla: the policy reader (a stored policy's YAML, relayed after "body: ") ---
    {"the policy is not valid UTF-8 text", "不是有效的 UTF-8 文本"},
    {"YAML aliases (*name) are not supported in scenario files", "不支持 YAML 别名（*name）"},
    {"YAML nesting is deeper than {num} levels", "YAML 嵌套超过 {num} 层"},
    {"YAML syntax error: unexpected character", "YAML 语法错误：意外的字符"},
    {"YAML syntax error: {value}", "YAML 语法错误：{value}"},
    {"the file holds no scenario (empty document)", "内容为空"},
    {"a scenario file holds one YAML document, not several",
     "只能包含一个 YAML 文档，不能包含多个"},
    {"duplicate key `{value}`", "键 `{value}` 重复"},
    {"duplicate metric name `{value}`", "指标名称 `{value}` 重复"},
    {"calendar `24x7` is built in and cannot be redefined", "日历 `24x7` 为内置日历，不能重新定义"},
    {"missing key `policy` in contract (or an inline `policy`)", "缺少键 `policy`"},
    {"calendar `{value}` is used by a metric but has no working hours on any weekday",
     "日历 `{value}` 被指标使用，但一周中没有任何工作时间"},
    {"unknown builtin_holidays `{value}` (known: cn)",
     "未知的 builtin_holidays `{value}`（可选：cn）"},
    {"unknown key `{value}` in {what}", "{what}中有未知的键 `{value}`"},
    {"missing key `{value}` in {what}", "{what}缺少键 `{value}`"},
    {"unknown calendar `{value}` in {what}", "{what}使用了未定义的日历 `{value}`"},
    {"unknown {what} `{value}` ({list})", "未知的{what} `{value}`（可选：{list}）"},
    {"{what} must be a mapping", "{what}必须是映射（键: 值）"},
    {"{what} must be a list", "{what}必须是列表"},
    {"{what} must be a single value", "{what}必须是单个值"},
    {"{what} must not be an empty list", "{what}不能是空列表"},
    {"target \"{value}\" is not a positive whole number with a unit s, m, h or d (e.g. 90m)",
     "时限“{value}”必须是正整数加单位 s、m、h 或 d（例如 90m）"},
    {"working interval \"{value}\" is not of the form HH:MM-HH:MM (00:00 to 24:00)",
     "工作时段“{value}”必须是 HH:MM-HH:MM 的形式（00:00 至 24:00）"},
    {"working interval \"{value}\" starts at 24:00", "工作时段“{value}”不能从 24:00 开始"},
    {"working interval \"{value}\" has zero length", "工作时段“{value}”的长度为零"},
    {"working interval \"{value}\" ends before it starts", "工作时段“{value}”的结束早于开始"},
    {"working interval \"{value}\" overlaps another interval of the same day",
     "工作时段“{value}”与同一天的另一时段重叠"},
    {"`priority` cannot be the start of {what}", "`priority` 不能作为{what}的开始事件"},
    {"`priority` cannot be the stop of {what}", "`priority` 不能作为{what}的结束事件"},
    {"`{value}` cannot be the start of {what}", "`{value}` 不能作为{what}的开始事件"},
    {"start and stop of {what} are the same event `{value}`",
     "{what}的开始事件和结束事件相同（`{value}`）"},
    {"{what} has no target for {value} and no default",
     "{what}没有 {value} 的时限，也没有 default 时限"},
    {"`{value}` is not a pause state (waiting_customer or resolved)",
     "`{value}` 不是暂停状态（可选 waiting_customer 或 resolved）"},

    // --- the general "field: why" shape (keep last: specific entries come first) ---
    {"{field}: {msg}", "{field}：{msg}"},
};

// The UI's term for a JSON field (web/src/i18n/zh-CN): the labels of the forms
// where the field is entered.
const std::unordered_map<std::string_view, std::string_view>& FieldTerms() {
  static const std::unordered_map<std::string_view, std::string_view> kTerms = {
      {"login", "账号"},
      {"password", "密码"},
      {"name", "名称"},
      {"display_name", "姓名"},
      {"role", "角色"},
      {"customer_id", "客户"},
      {"phone", "电话"},
      {"contact", "联系人"},
      {"address", "地址"},
      {"number", "合同编号"},
      {"title", "标题"},
      {"value", "合同金额"},
      {"signed_on", "签订日期"},
      {"penalty_rate", "违约金比例"},
      {"policy", "服务等级策略"},
      {"cure_days", "整改期"},
      {"tz", "时区"},
      {"construction_deadline", "建设完成期限"},
      {"accepted_on", "验收上线日期"},
      {"warranty_months", "质保期"},
      {"free_resident_engineers", "免费驻场人员"},
      {"coverage_from", "服务期开始日期"},
      {"coverage_to", "服务期结束日期"},
      {"maintenance_fee_terms", "质保期外年度运维费"},
      {"system_ids", "系统"},
      {"at", "时间"},
      {"note", "说明"},
      {"ticket_id", "工单"},
      {"metric", "指标"},
      {"reason", "减免原因"},
      {"leader_id", "组长"},
      {"user_id", "成员"},
      {"starts_at", "开始时间"},
      {"ends_at", "结束时间"},
      {"body", "内容"},
      {"off", "节假日"},
      {"work", "调休上班日"},
      {"year", "年份"},
      {"contract_id", "合同"},
      {"system_id", "系统"},
      {"channel", "受理渠道"},
      {"type", "服务申请类型"},
      {"priority", "级别"},
      {"description", "问题描述"},
      {"caller_name", "来电人"},
      {"caller_phone", "电话号码"},  // 来电号码 at intake, 联系电话 on Party A's form
      {"received_at", "接报时间"},
      {"assignee_id", "工程师"},
      {"form", "服务申请表"},
      {"kind", "记录类型"},
      {"to_priority", "新级别"},
      {"data", "附加数据"},
      {"disabled", "停用"},
      {"status", "状态"},
      {"received_from", "接报时间起"},
      {"received_to", "接报时间止"},
      {"q", "搜索条件"},
      {"sla", "服务等级"},
      {"queue", "队列"},
      {"leftover", "遗留工单"},
      {"unassigned", "未分派"},
      {"cursor", "翻页位置"},
      {"limit", "每页条数"},
      {"entity", "对象"},
      {"entity_id", "对象编号"},
      {"action", "操作"},
      {"actor_id", "操作人"},
      {"as_of", "截至时间"},
      {"from", "开始日期"},
      {"to", "结束日期"},
      // The policy reader's dates.
      {"holiday", "节假日"},
      {"workday", "调休上班日"},
      // A ticket event's data.
      {"data.score", "评分"},
      {"data.escalated_to", "升级对象"},
      {"data.reference", "对方单号"},
      {"data.fault_grade", "故障等级"},
      {"data.internal", "仅内部"},
      {"data.type", "服务申请类型"},
      {"data.assignee_id", "分派对象"},
  };
  return kTerms;
}

// The service request form (TKT-2): its fields, approvals and their parts.
const std::unordered_map<std::string_view, std::string_view>& FormTerms() {
  static const std::unordered_map<std::string_view, std::string_view> kTerms = {
      {"service_address", "服务地址"},
      {"postcode", "邮编"},
      {"applicant", "申请人"},
      {"phone", "联系电话"},
      {"fax", "传真"},
      {"other_staff", "其他人员"},
      {"estimated_departure", "预计出发时间"},
      {"estimated_return", "预计返回时间"},
      {"estimated_cost", "预计成本费用"},
      {"chargeable", "是否收费"},
      {"approvals", "审批"},
  };
  return kTerms;
}
const std::unordered_map<std::string_view, std::string_view>& ApprovalTerms() {
  static const std::unordered_map<std::string_view, std::string_view> kTerms = {
      {"applicant_unit", "申请单位意见"},
      {"supervisor", "直接主管审批"},
      {"division_gm", "事业部总经理审批"},
      {"signer", "负责人签章"},
      {"opinion", "意见"},
      {"date", "日期"},
      {"recorded_by", "记录人"},
  };
  return kTerms;
}

std::optional<std::string_view> Lookup(
    const std::unordered_map<std::string_view, std::string_view>& terms, std::string_view key) {
  auto it = terms.find(key);
  if (it == terms.end()) return std::nullopt;
  return it->second;
}

// A field's term; a field the tables do not know is shown as it is.
std::string FieldTerm(std::string_view field) {
  if (auto t = Lookup(FieldTerms(), field)) return std::string(*t);
  constexpr std::string_view kApprovals = "form.approvals.";
  constexpr std::string_view kForm = "form.";
  if (field.starts_with(kApprovals)) {
    std::string_view rest = field.substr(kApprovals.size());
    std::size_t dot = rest.find('.');
    auto step = Lookup(ApprovalTerms(), rest.substr(0, dot));
    if (!step) return std::string(field);
    if (dot == std::string_view::npos) return std::string(*step);
    auto part = Lookup(ApprovalTerms(), rest.substr(dot + 1));
    if (!part) return std::string(field);
    return std::string(*step) + "的" + std::string(*part);
  }
  if (field.starts_with(kForm)) {
    if (auto t = Lookup(FormTerms(), field.substr(kForm.size()))) return std::string(*t);
  }
  return std::string(field);
}

// The nouns the policy reader names things by: what it describes, or the YAML key.
std::optional<std::string> WhatTerm(std::string_view what) {
  static const std::unordered_map<std::string_view, std::string_view> kNouns = {
      {"a policy document", "策略文档"},
      {"a policy metric", "策略指标"},
      {"working hours", "工作时间"},
      {"working interval", "工作时段"},
      {"metric name", "指标名称"},
      {"policy name", "策略名称"},
      {"calendar name", "日历名称"},
      {"metric kind", "指标类别"},
      {"event", "事件"},
      {"channel", "受理渠道"},
      {"ticket type", "服务申请类型"},
      {"priority", "级别"},
      {"holiday", "节假日"},
      {"workday", "调休上班日"},
  };
  static constexpr std::string_view kKeys[] = {
      "calendars", "week",  "workdays", "holidays",     "target", "policy",           "metrics",
      "pause",     "types", "channels", "except_types", "tz",     "builtin_holidays", "calendar"};
  if (auto t = Lookup(kNouns, what)) return std::string(*t);
  if (std::find(std::begin(kKeys), std::end(kKeys), what) != std::end(kKeys)) {
    return "`" + std::string(what) + "`";
  }
  for (auto [prefix, term] : {std::pair<std::string_view, std::string_view>{"calendar `", "日历 `"},
                              {"metric `", "指标 `"}}) {
    if (what.starts_with(prefix) && what.size() > prefix.size() + 1 && what.ends_with('`')) {
      return std::string(term) + std::string(what.substr(prefix.size()));
    }
  }
  return std::nullopt;
}

std::optional<std::string> RoleTerm(std::string_view role) {
  static const std::unordered_map<std::string_view, std::string_view> kRoles = {
      {"agent", "客服人员"},   {"engineer", "技术支持工程师"},
      {"team_leader", "组长"}, {"manager", "经理"},
      {"party_a", "甲方"},     {"admin", "系统管理员"},
  };
  if (auto t = Lookup(kRoles, role)) return std::string(*t);
  return std::nullopt;
}

std::optional<std::string> EventKindTerm(std::string_view kind) {
  static const std::unordered_map<std::string_view, std::string_view> kKinds = {
      {"received", "接报"},
      {"first_contact", "首次联系"},
      {"first_reply", "首次答复"},
      {"diagnosed", "远程诊断"},
      {"onsite_decided", "决定上门服务"},
      {"onsite_arrived", "到达现场"},
      {"waiting_customer", "等待客户"},
      {"customer_replied", "客户已回复"},
      {"resolved", "已解决"},
      {"reopened", "重新打开"},
      {"closed", "关闭"},
      {"priority", "调整级别"},
  };
  if (auto t = Lookup(kKinds, kind)) return std::string(*t);
  return std::nullopt;
}

std::optional<std::string> StatusTerm(std::string_view status) {
  static const std::unordered_map<std::string_view, std::string_view> kStatuses = {
      {"active", "处理中"},
      {"waiting", "等待客户"},
      {"resolved", "已解决"},
      {"closed", "已关闭"},
  };
  if (auto t = Lookup(kStatuses, status)) return std::string(*t);
  return std::nullopt;
}

// Built-in metrics by their UI names; a stored policy's own metric keeps its name.
std::string MetricTerm(std::string_view metric) {
  static const std::unordered_map<std::string_view, std::string_view> kMetrics = {
      {"acknowledge", "首次响应"},     {"email_reply", "邮件回复"},    {"response", "问题响应"},
      {"complaint_reply", "投诉答复"}, {"onsite_arrival", "到场响应"}, {"onsite_fix", "现场解决"},
      {"repair", "故障修复"},
  };
  if (auto t = Lookup(kMetrics, metric)) return std::string(*t);
  return std::string(metric);
}

// "a, b or c" / "P1 to P4" as Chinese lists: "a、b 或 c", "P1 至 P4".
std::string ListTerm(std::string_view list) {
  std::string out;
  for (std::size_t i = 0; i < list.size();) {
    if (list.substr(i).starts_with(", ")) {
      out += "、";
      i += 2;
    } else if (list.substr(i).starts_with(" or ")) {
      out += " 或 ";
      i += 4;
    } else if (list.substr(i).starts_with(" to ")) {
      out += " 至 ";
      i += 4;
    } else {
      out += list[i++];
    }
  }
  return out;
}

enum class Kind { kField, kValue, kNum, kMsg, kRole, kEventKind, kStatus, kMetric, kWhat, kList };

std::optional<Kind> KindOf(std::string_view name) {
  while (!name.empty() && name.back() >= '0' && name.back() <= '9') name.remove_suffix(1);
  static const std::pair<std::string_view, Kind> kKinds[] = {
      {"field", Kind::kField},   {"value", Kind::kValue},   {"num", Kind::kNum},
      {"msg", Kind::kMsg},       {"role", Kind::kRole},     {"kind", Kind::kEventKind},
      {"status", Kind::kStatus}, {"metric", Kind::kMetric}, {"what", Kind::kWhat},
      {"list", Kind::kList},
  };
  for (const auto& [n, k] : kKinds) {
    if (n == name) return k;
  }
  return std::nullopt;
}

struct Part {
  bool placeholder = false;
  std::string_view text;  // the literal text, or the placeholder's name
  Kind kind = Kind::kValue;
};

struct Pattern {
  int entry = 0;
  std::vector<Part> en, zh;
};

struct Capture {
  std::string_view name;
  std::string text;  // as shown in Chinese
};

// Splits a pattern into literal text and {placeholders}.
std::optional<std::vector<Part>> Parse(std::string_view pattern, std::string& problem) {
  std::vector<Part> parts;
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t open = pattern.find('{', i);
    if (open == std::string_view::npos) {
      parts.push_back({false, pattern.substr(i), Kind::kValue});
      break;
    }
    if (open > i) parts.push_back({false, pattern.substr(i, open - i), Kind::kValue});
    std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      problem = "unclosed {";
      return std::nullopt;
    }
    std::string_view name = pattern.substr(open + 1, close - open - 1);
    auto kind = KindOf(name);
    if (!kind) {
      problem = "unknown placeholder {" + std::string(name) + "}";
      return std::nullopt;
    }
    if (!parts.empty() && parts.back().placeholder) {
      problem = "two placeholders in a row";
      return std::nullopt;
    }
    parts.push_back({true, name, *kind});
    i = close + 1;
  }
  return parts;
}

struct Table {
  std::unordered_map<std::string_view, int> literal;  // messages without placeholders
  std::vector<Pattern> patterns;                      // in the table's order
  std::vector<std::string> problems;
};

const Table& CompiledTable() {
  static const Table kCompiled = [] {
    Table t;
    for (int i = 0; i < static_cast<int>(std::size(kTable)); ++i) {
      const MessageEntry& e = kTable[i];
      std::string where = "entry " + std::to_string(i) + " \"" + std::string(e.en) + "\": ";
      std::string problem;
      auto en = Parse(e.en, problem);
      auto zh = en ? Parse(e.zh, problem) : std::nullopt;
      if (!en || !zh) {
        t.problems.push_back(where + problem);
        continue;
      }
      bool ok = true;
      for (const Part& z : *zh) {
        if (!z.placeholder) continue;
        bool in_en = std::any_of(en->begin(), en->end(),
                                 [&](const Part& p) { return p.placeholder && p.text == z.text; });
        if (!in_en) {
          t.problems.push_back(where + "{" + std::string(z.text) + "} is not in the English");
          ok = false;
        }
      }
      for (const Part& p : *en) {
        if (!p.placeholder) continue;
        int uses = static_cast<int>(std::count_if(en->begin(), en->end(), [&](const Part& q) {
          return q.placeholder && q.text == p.text;
        }));
        bool in_zh = std::any_of(zh->begin(), zh->end(),
                                 [&](const Part& z) { return z.placeholder && z.text == p.text; });
        if (uses > 1 || !in_zh) {
          t.problems.push_back(where + "{" + std::string(p.text) +
                               "} must appear once in the English and in the Chinese");
          ok = false;
        }
      }
      if (!ok) continue;
      if (en->size() == 1 && !en->front().placeholder) {
        if (!t.literal.emplace(e.en, i).second) t.problems.push_back(where + "listed twice");
        continue;
      }
      if (en->empty() || (en->size() == 1 && en->front().placeholder)) {
        t.problems.push_back(where + "matches everything");
        continue;
      }
      t.patterns.push_back({i, std::move(*en), std::move(*zh)});
    }
    return t;
  }();
  return kCompiled;
}

bool IsFieldChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

// Longer messages (a huge unknown key, say) are left in English.
constexpr std::size_t kMaxMessage = 4096;
constexpr int kMaxDepth = 4;

std::optional<std::string> Translate(std::string_view english, int depth, int* entry);

// The Chinese for a captured part, or nullopt when it cannot be shown in Chinese.
std::optional<std::string> Convert(Kind kind, std::string_view text, int depth) {
  switch (kind) {
    case Kind::kField:
      if (!std::all_of(text.begin(), text.end(), IsFieldChar)) return std::nullopt;
      return FieldTerm(text);
    case Kind::kNum: {
      std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
      if (digits.empty() ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
      }
      return std::string(text);
    }
    case Kind::kValue:
      return std::string(text);
    case Kind::kMsg:
      return Translate(text, depth + 1, nullptr);
    case Kind::kRole:
      return RoleTerm(text);
    case Kind::kEventKind:
      return EventKindTerm(text);
    case Kind::kStatus:
      return StatusTerm(text);
    case Kind::kMetric:
      return MetricTerm(text);
    case Kind::kWhat:
      return WhatTerm(text);
    case Kind::kList:
      return ListTerm(text);
  }
  return std::nullopt;
}

// Matches `parts[i..]` against `text`, each placeholder taking as little as it can.
bool Match(const std::vector<Part>& parts, std::size_t i, std::string_view text, int depth,
           std::vector<Capture>& captures) {
  if (i == parts.size()) return text.empty();
  const Part& p = parts[i];
  if (!p.placeholder) {
    if (!text.starts_with(p.text)) return false;
    return Match(parts, i + 1, text.substr(p.text.size()), depth, captures);
  }
  auto attempt = [&](std::size_t length) {
    auto shown = Convert(p.kind, text.substr(0, length), depth);
    if (!shown) return false;
    captures.push_back({p.text, std::move(*shown)});
    if (Match(parts, i + 1, text.substr(length), depth, captures)) return true;
    captures.pop_back();
    return false;
  };
  if (i + 1 == parts.size()) return !text.empty() && attempt(text.size());
  std::string_view next = parts[i + 1].text;  // a literal: placeholders never touch
  if (i + 2 == parts.size()) {
    // The literal ends the message: one place to try.
    return text.size() > next.size() && text.ends_with(next) && attempt(text.size() - next.size());
  }
  for (std::size_t at = text.find(next, 1); at != std::string_view::npos;
       at = text.find(next, at + 1)) {
    if (p.kind == Kind::kField &&
        !std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), IsFieldChar)) {
      return false;  // longer captures hold the same bad character
    }
    if (attempt(at)) return true;
  }
  return false;
}

// The code point at the start of `s` (UTF-8), or 0.
char32_t FirstCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  auto b = static_cast<unsigned char>(s[0]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || static_cast<int>(s.size()) < len) return 0;
  if (len == 1) return b;
  char32_t cp = b & (0x7F >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  return cp;
}

char32_t LastCodePoint(std::string_view s) {
  std::size_t start = s.size();
  while (start > 0 && (static_cast<unsigned char>(s[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  return FirstCodePoint(s.substr(start));
}

bool IsHan(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF);
}

bool IsLatin(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '`' ||
         c == '_' || c == '#';
}

// A space between Chinese characters and Latin text or digits that meet where a
// placeholder is filled in: "工单 HT-1 不存在", "节假日 2027-01-01".
bool NeedsSpace(std::string_view before, std::string_view after) {
  char32_t a = LastCodePoint(before), b = FirstCodePoint(after);
  return (IsHan(a) && IsLatin(b)) || (IsLatin(a) && IsHan(b));
}

std::string Render(const std::vector<Part>& zh, const std::vector<Capture>& captures) {
  std::string out;
  bool after_placeholder = false;
  for (const Part& p : zh) {
    std::string_view text = p.text;
    if (p.placeholder) {
      for (const Capture& c : captures) {
        if (c.name == p.text) text = c.text;
      }
    }
    if ((p.placeholder || after_placeholder) && !out.empty() && !text.empty() &&
        NeedsSpace(out, text)) {
      out += ' ';
    }
    out += text;
    after_placeholder = p.placeholder;
  }
  return out;
}

std::optional<std::string> Translate(std::string_view english, int depth, int* entry) {
  if (english.empty() || english.size() > kMaxMessage || depth > kMaxDepth) return std::nullopt;
  const Table& table = CompiledTable();
  if (auto it = table.literal.find(english); it != table.literal.end()) {
    if (entry) *entry = it->second;
    return std::string(kTable[it->second].zh);
  }
  std::vector<Capture> captures;
  for (const Pattern& p : table.patterns) {
    captures.clear();
    if (Match(p.en, 0, english, depth, captures)) {
      if (entry) *entry = p.entry;
      return Render(p.zh, captures);
    }
  }
  return std::nullopt;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The q of one Accept-Language element ("zh-CN;q=0.8"): 1 when absent, 0 when malformed.
double Quality(std::string_view params) {
  while (!params.empty()) {
    std::size_t semi = params.find(';');
    std::string_view p = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q')) continue;
    p = Trim(p.substr(1));
    if (p.empty() || p[0] != '=') continue;
    p = Trim(p.substr(1));
    double q = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), q);
    if (ec != std::errc() || end != p.data() + p.size() || q < 0 || q > 1) return 0;
    return q;
  }
  return 1;
}

}  // namespace

bool PrefersChinese(std::string_view accept_language) {
  std::string_view best;
  double best_q = 0;
  while (!accept_language.empty()) {
    std::size_t comma = accept_language.find(',');
    std::string_view item = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    std::size_t semi = item.find(';');
    std::string_view tag = Trim(item.substr(0, semi));
    double q = semi == std::string_view::npos ? 1 : Quality(item.substr(semi + 1));
    if (!tag.empty() && q > best_q) {
      best = tag;
      best_q = q;
    }
  }
  if (best.size() < 2) return false;
  auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  return lower(best[0]) == 'z' && lower(best[1]) == 'h' && (best.size() == 2 || best[2] == '-');
}

std::optional<std::string> TranslateToChinese(std::string_view english) {
  return Translate(english, 0, nullptr);
}

LocalizedMessage LocalizeMessage(std::string_view accept_language, std::string_view english) {
  if (PrefersChinese(accept_language)) {
    if (auto zh = TranslateToChinese(english)) return {std::move(*zh), "zh-CN"};
  }
  return {std::string(english), "en"};
}

std::span<const MessageEntry> ChineseMessageTable() { return kTable; }

int ChineseMessageEntry(std::string_view english) {
  int entry = -1;
  if (!Translate(english, 0, &entry)) return -1;
  return entry;
}

std::vector<std::string> ChineseMessageTableProblems() { return CompiledTable().problems; }

}  // namespace aftercare::http
