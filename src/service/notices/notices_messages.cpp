// The notices area's client-visible messages (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"time must be a time of day, 00:00 to 23:59", "时间必须是 00:00 到 23:59 之间的时刻",
     "The time must be a time of day, 00:00 to 23:59"},
    {"tz: unknown time zone", "未知的时区", "Unknown time zone"},
};

}  // namespace

Catalogue NoticesCatalogue() { return {"notices", kMessages}; }

}  // namespace aftercare::messages
