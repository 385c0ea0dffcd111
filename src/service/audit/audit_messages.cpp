// The audit area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"limit must be 1 to 1000", "每页条数须为1到1000", "Page size must be 1 to 1000"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "entity", "对象", "Object"},
    {TermKind::kField, "entity_id", "对象编号", "Object id"},
    {TermKind::kField, "action", "操作", "Action"},
    {TermKind::kField, "actor_id", "操作人", "By"},
};

}  // namespace

Catalogue AuditCatalogue() { return {"audit", kMessages, kTerms}; }

}  // namespace aftercare::messages
