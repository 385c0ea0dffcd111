// The customers area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"a customer named {value} exists", "已有名为“{value}”的客户"},
    {"customer not found", "客户不存在"},
    {"system not found", "系统不存在"},
    {"the customer already has a system named {value}", "该客户已有名为“{value}”的系统"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "customer_id", "客户", "Customer"},
    {TermKind::kField, "phone", "电话", "Phone"},
    {TermKind::kField, "contact", "联系人", "Contact"},
    {TermKind::kField, "address", "地址", "Address"},
    {TermKind::kField, "system_id", "系统", "System"},
    {TermKind::kField, "system_ids", "系统", "Systems"},
};

}  // namespace

Catalogue CustomersCatalogue() { return {"customers", kMessages, kTerms}; }

}  // namespace aftercare::messages
