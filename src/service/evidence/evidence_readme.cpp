#include "service/evidence/evidence_readme.h"

namespace aftercare::service {

std::string EvidenceReadme(const std::string& contract_number, Instant as_of,
                           const SignedHead& head) {
  const std::string at = FormatRfc3339(as_of, DefaultZone());
  const std::string signed_at = FormatRfc3339(Instant{head.signed_at}, DefaultZone());
  return "合同 " + contract_number + " 的履约证据包（截至 " + at +
         "）\n"
         "==========================================\n\n"
         "本文件由 aftercare 售后服务平台生成，供甲方离线核验：违约金、违约次数与合同状态"
         "确由系统记录的事实算出，且这些记录事后未被任何人（包括数据库管理员）改写。\n\n"
         "包内文件\n"
         "  scenario.yaml   合同条款、SLA 策略与全部工单事件、书面通知（情景文件）\n"
         "  result.json     用 `aftercare sla replay scenario.yaml` 重算的结果：违约金台账、"
         "违约次数、合同状态及其历史\n"
         "  chain.jsonl     审计哈希链：本合同的全部审计记录（条款、工单创建与每个事件、书面通知、"
         "违约金豁免）完整给出，其他客户的记录只给出内容哈希，链条照样可以逐条核对\n"
         "  head.json       链头，由服务方 Ed25519 私钥签名\n"
         "  manifest.json   每个文件的 SHA-256；manifest.sig 为其签名\n\n"
         "如何核验\n"
         "  1. 向服务方索取公钥（系统内 /api/v1/evidence/key，或甲方门户“访问记录”页），"
         "只需记录一次。本证据包的签名公钥为：\n"
         "       " +
         head.public_key +
         "\n"
         "  2. 运行：aftercare evidence verify 本文件.tar --public-key <公钥>\n"
         "     无需服务器、无需数据库。它检查：签名；哈希链逐条相连；情景文件中每个工单事件、"
         "书面通知都与其审计记录一致；重算情景文件得到的违约金与状态与 result.json 相同。\n"
         "  3. 任何一处时间、金额或记录被改动，核验都会失败，并指出是哪个文件、哪一条。\n\n"
         "链头：第 " +
         std::to_string(head.seq) + " 条，哈希 " + head.hash + "，签名时间 " + signed_at +
         "\n"
         "哈希规则：content = 审计记录各字段组成的紧凑 JSON 数组；"
         "hash = SHA-256(前一条 hash 的十六进制 + SHA-256(content) 的十六进制)。\n\n"
         "----------------------------------------------------------------------\n"
         "Evidence bundle of contract " +
         contract_number + " as of " + at +
         ". Check it offline with\n"
         "  aftercare evidence verify THIS.tar --public-key <the vendor's public key>\n"
         "It checks the signatures, the audit chain, that every ticket event and written "
         "notice\nin scenario.yaml matches its audit entry, and that replaying scenario.yaml "
         "gives\nresult.json. Signed by key " +
         head.public_key + ".\n";
}

}  // namespace aftercare::service
