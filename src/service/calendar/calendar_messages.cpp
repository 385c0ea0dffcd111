// The team calendar's client-visible messages: key, Chinese, and the English a
// client reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"a calendar entry's title must have 1 to 200 characters", "日程标题须为 1 至 200 个字符"},
    {"a calendar entry must end after it starts, within 31 days",
     "日程的结束时间须不早于开始时间，且跨度不超过 31 天"},
    {"the calendar's window must end after it starts, within 186 days",
     "日历的结束日期须不早于开始日期，且跨度不超过 186 天"},
    {"source must be inspection, return_visit, exchange_visit or installation",
     "日程类别须为巡检、回访、交流访问或上门安装",
     "Kind must be inspection, return visit, exchange visit or installation"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "source", "日程类别", "Kind"},
    {TermKind::kField, "engineer_id", "工程师", "Engineer"},
};

}  // namespace

Catalogue CalendarCatalogue() { return {"calendar", kMessages, kTerms}; }

}  // namespace aftercare::messages
