// The analytics area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"the period is at most 366 days", "统计期间最长366天"},
    {"to is before from", "结束日期早于开始日期", "To is before From"},
};

}  // namespace

Catalogue AnalyticsCatalogue() { return {"analytics", kMessages}; }

}  // namespace aftercare::messages
