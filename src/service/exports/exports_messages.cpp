// The exports area's client-visible words: its errors, and the column titles, sheet
// names and value names of the files it writes (src/core/message_catalogue.h). The
// value names follow the web UI's (web/src/i18n/*/common.json).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"the export could not be written", "导出文件无法写入"},
    {"format must be xlsx or csv", "导出格式须为 xlsx 或 csv", "Format must be xlsx or csv"},
    // Sheets.
    {"Tickets", "工单"},
    {"Penalty ledger", "违约金台账"},
    {"Response times", "响应时间统计"},
    {"Audit log", "审计日志"},
    // The ticket list.
    {"Ticket number", "工单编号"},
    {"Customer", "客户"},
    {"System", "系统"},
    {"Title", "标题"},
    {"Type", "类型"},
    {"Priority", "优先级"},
    {"Status", "状态"},
    {"Channel", "渠道"},
    {"Caller", "来电人"},
    {"Caller phone", "来电号码"},
    {"Assignee", "处理人"},
    {"Received at", "接报时间"},
    {"Next due", "下一截止时间"},
    {"Fault grade", "故障等级"},
    {"Description", "问题描述"},
    // The penalty ledger.
    {"Metric", "指标"},
    {"Due", "截止时间"},
    {"Stopped at", "实际完成"},
    {"Late by (seconds)", "超时（秒）"},
    {"Penalty (yuan)", "违约金（元）"},
    {"Waived", "已减免"},
    {"Waived by", "减免人"},
    {"Waiver reason", "减免原因"},
    {"Waived at", "减免时间"},
    {"yes", "是", "Yes"},
    {"no", "否", "No"},
    // The response-time analytics.
    {"Week", "周（周一）", "Week (Monday)"},
    {"Finished", "完成次数"},
    {"Late", "超时次数"},
    {"Average (seconds)", "平均（秒）"},
    {"90th percentile (seconds)", "90%分位（秒）"},
    {"Longest (seconds)", "最长（秒）"},
    {"Target (seconds)", "目标（秒）"},
    {"whole period", "整个期间", "Whole period"},
    {"all", "全部", "All"},
    // The audit log.
    {"Entry", "序号"},
    {"Time", "时间"},
    {"User", "操作人"},
    {"Action", "操作"},
    {"Record", "对象"},
    {"Record id", "对象编号"},
    {"Request id", "请求编号"},
    {"Before", "修改前"},
    {"After", "修改后"},
    // Value names.
    {"ticket type fault", "故障维护", "Fault repair"},
    {"ticket type installation", "安装服务", "Installation"},
    {"ticket type health_check", "健康检查", "Health check"},
    {"ticket type upgrade", "升级服务", "Upgrade"},
    {"ticket type training", "培训服务", "Training"},
    {"ticket type consulting", "咨询服务", "Consulting"},
    {"ticket type complaint", "投诉", "Complaint"},
    {"channel phone", "热线电话", "Hotline"},
    {"channel email", "电子邮件", "E-mail"},
    {"channel portal", "网站", "Portal"},
    {"channel im", "微信或QQ群", "Instant messaging"},
    {"channel onsite", "现场", "On site"},
    {"fault grade general", "一般故障", "General"},
    {"fault grade serious", "严重故障", "Serious"},
    {"fault grade major", "重大故障", "Major"},
    {"fault grade catastrophic", "特级故障", "Catastrophic"},
};

}  // namespace

Catalogue ExportsCatalogue() { return {"exports", kMessages}; }

}  // namespace aftercare::messages
