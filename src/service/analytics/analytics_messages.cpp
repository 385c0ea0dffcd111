// The analytics area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"by must be type, priority or team", "分组方式须为类型、优先级或团队之一", "Group by must be type, priority or team"},
    {"the period is at most 366 days", "统计期间最长366天"},
    {"to is before from", "结束日期早于开始日期", "To is before From"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "by", "分组方式", "Group by"},
};

}  // namespace

Catalogue AnalyticsCatalogue() { return {"analytics", kMessages, kTerms}; }

}  // namespace aftercare::messages
