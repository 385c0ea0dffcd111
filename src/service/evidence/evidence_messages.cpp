// The evidence area's client-visible messages (service/evidence, the evidence
// routes): key, Chinese, and the English a client reads when it differs.
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"cannot read the bundle", "无法读取证据包"},
    {"not an evidence bundle: {msg}", "不是有效的证据包：{msg}"},
    {"not an evidence bundle: {value} is missing", "不是有效的证据包：缺少 {value}"},
    {"the audit chain has a gap", "审计哈希链有缺口"},
    {"the evidence bundle could not be written", "无法生成证据包"},
    {"as_of must not be in the future", "截至时间不能晚于当前时间",
     "As of must not be in the future"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "as_of", "截至时间", "As of"},
};

}  // namespace

Catalogue EvidenceCatalogue() { return {"evidence", kMessages, kTerms}; }

}  // namespace aftercare::messages
