// The reports area's client-visible messages (service/reports): key, Chinese, and
// the English a client reads when it differs from the key.
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"kind must be health_check or assessment", "报告类型须为健康检查报告或运行质量评估报告",
     "Kind must be health check or assessment"},
    {"from must be a date (YYYY-MM-DD)", "开始日期须为日期（YYYY-MM-DD）",
     "From must be a date (YYYY-MM-DD)"},
    {"to must be a date (YYYY-MM-DD)", "结束日期须为日期（YYYY-MM-DD）",
     "To must be a date (YYYY-MM-DD)"},
    {"to must be after from", "结束日期须晚于开始日期", "To must be after from"},
    {"a report's period is at most 366 days", "报告期间最长 366 天"},
    {"a report's period must start by today", "报告期间的开始日期不能晚于今天"},
    {"findings and recommendations belong to an assessment", "走访发现和改进建议只属于运行质量评估报告"},
    {"findings may have at most 4000 characters", "走访发现最多 4000 个字符",
     "Findings may have at most 4000 characters"},
    {"at most 20 recommendations", "改进建议最多 20 条"},
    {"a recommendation's title may have at most 200 characters", "改进建议的标题最多 200 个字符"},
    {"a recommendation's detail may have at most 2000 characters", "改进建议的说明最多 2000 个字符"},
    {"a recommendation's priority must be high, medium or low", "改进建议的优先级须为高、中或低"},
    {"the report could not be generated", "报告生成失败"},
    {"report not found", "报告不存在"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "findings", "走访发现", "Findings"},
    {TermKind::kField, "recommendations", "改进建议", "Recommendations"},
    {TermKind::kField, "recommendations.title", "建议标题", "Recommendation title"},
    {TermKind::kField, "recommendations.detail", "建议说明", "Recommendation detail"},
    {TermKind::kField, "recommendations.priority", "建议优先级", "Recommendation priority"},
    {TermKind::kField, "exchange_visit_id", "交流走访", "Exchange visit"},
};

}  // namespace

Catalogue ReportsCatalogue() { return {"reports", kMessages, kTerms}; }

}  // namespace aftercare::messages
