// The notifications area's client-visible messages (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"notification not found", "通知不存在"},
    {
        "ids must not be empty (leave it out to mark all)",
        "请选择要标为已读的通知（不选则全部标为已读）",
    },
    {"limit must be 1 to 200", "每页条数须为1到200", "Page size must be 1 to 200"},
};

}  // namespace

Catalogue NotificationsCatalogue() { return {"notifications", kMessages}; }

}  // namespace aftercare::messages
