// The feedback library's client-visible messages: key, Chinese, and the English a
// client reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"the vendor routes feedback to a team", "由乙方将反馈分派给处理团队"},
    {"the feedback was merged into FB-{num}: change that one",
     "该反馈已合并到 FB-{num}，请在该反馈上操作"},
    {"the feedback is done or declined and is not routed", "反馈已完成或不采纳，不能再分派"},
    {"feedback cannot go from {value} to {value2}", "反馈不能从“{value}”转到“{value2}”"},
    {"route the feedback to a team first", "请先将反馈分派给处理团队"},
    {"a feedback item cannot be merged into itself", "反馈不能合并到自身"},
    {"into_id: no such feedback", "要合并到的反馈不存在", "Merge into: no such feedback"},
    {"merge into the surviving item FB-{num}, not into a merged one",
     "目标反馈已被合并，请合并到保留的反馈 FB-{num}"},
    {"feedback not found", "反馈不存在"},
    {"type must be suggestion or problem", "反馈类型须为建议或问题",
     "Feedback type must be suggestion or problem"},
    {"urgency must be high, medium or low", "紧急程度须为高、中或低",
     "Urgency must be high, medium or low"},
    {"impact must be wide, partial or single", "影响范围须为广泛、部分或个别",
     "Impact must be wide, partial or single"},
    {"state must be new, accepted, evaluating, planned, done or declined",
     "反馈进度须为新建、已受理、评估中、计划中、已完成或不采纳",
     "Feedback progress must be new, accepted, evaluating, planned, done or declined"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "urgency", "紧急程度", "Urgency"},
    {TermKind::kField, "impact", "影响范围", "Impact"},
    {TermKind::kField, "into_id", "合并到", "Merge into"},
};

}  // namespace

Catalogue FeedbackCatalogue() { return {"feedback", kMessages, kTerms}; }

}  // namespace aftercare::messages
