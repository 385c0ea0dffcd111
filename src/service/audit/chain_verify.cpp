// `aftercare audit verify` (issue 13 point 2): the whole chain in seq order, read
// in pages so that ten million entries need no more memory than one page.
#include <algorithm>
#include <map>

#include "service/audit/chain.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

constexpr std::int64_t kPage = 20000;

Result<std::multimap<std::int64_t, SignedHead>> LoadSignedHeads(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT seq, hash, signed_at, public_key, signature "
                                      "FROM audit_signed_heads ORDER BY seq, id"));
  std::multimap<std::int64_t, SignedHead> out;
  for (const auto& r : rows) {
    out.emplace(r.Int("seq"), SignedHead{r.Int("seq"), r.Text("hash"), r.Int("signed_at"),
                                         r.Text("public_key"), r.Text("signature")});
  }
  return out;
}

// A signed head's own problem (its signature, its key), before the chain is read.
std::optional<std::string> HeadProblem(const SignedHead& h,
                                       const std::optional<std::string>& trusted_key) {
  const std::string which = "the head signed at " +
                            FormatRfc3339(Instant{h.signed_at}, DefaultZone()) + " (#" +
                            std::to_string(h.seq) + ")";
  if (!SignatureValid(h)) return which + " has a signature that does not check";
  if (trusted_key && h.public_key != *trusted_key) {
    return which + " was signed by another key (" + h.public_key.substr(0, 16) + "...)";
  }
  return std::nullopt;
}

}  // namespace

Result<ChainReport> VerifyAuditChain(store::Database& db,
                                     const std::optional<std::string>& trusted_key,
                                     const std::function<void(std::int64_t)>& progress) {
  ChainReport report;
  // One snapshot for the whole walk: a sealer running meanwhile is not seen halfway.
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<ChainReport> {
    report = ChainReport{};
    AFTERCARE_ASSIGN_OR_RETURN(auto heads, LoadSignedHeads(tx));
    report.signed_heads = static_cast<std::int64_t>(heads.size());
    for (const auto& [seq, h] : heads) {
      if (std::find(report.keys.begin(), report.keys.end(), h.public_key) == report.keys.end()) {
        report.keys.push_back(h.public_key);
      }
      if (!report.problem) report.problem = HeadProblem(h, trusted_key);
    }
    AFTERCARE_ASSIGN_OR_RETURN(auto head, ChainHead(tx));
    report.head_seq = head.first;
    report.head_hash = head.second;
    ChainChecker checker;
    auto next_head = heads.begin();
    for (std::int64_t after = 0;;) {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto rows, tx.Query(std::string("SELECT ") + kChainColumns +
                                  " FROM audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2",
                              {after, kPage}));
      for (const auto& r : rows) {
        ChainEntry e = ChainEntryFrom(r);
        auto p = checker.Next(e.seq, e.id, ContentHash(e), e.prev_hash, e.hash);
        if (p && !report.problem) report.problem = p;
        // Heads signed at seqs skipped over name entries that are gone.
        for (; next_head != heads.end() && next_head->first <= e.seq; ++next_head) {
          if (report.problem) continue;
          if (next_head->first < e.seq) {
            report.problem = "the head signed at #" + std::to_string(next_head->first) +
                             " names an entry that is missing";
          } else if (next_head->second.hash != e.hash) {
            report.problem = "the chain up to " + FormatRfc3339(Instant{e.at}, DefaultZone()) +
                             " (#" + std::to_string(e.seq) +
                             ") was rewritten: it no longer ends in the head signed at " +
                             FormatRfc3339(Instant{next_head->second.signed_at}, DefaultZone());
          }
        }
        ++report.entries;
        after = e.seq;
      }
      if (progress) progress(report.entries);
      if (static_cast<std::int64_t>(rows.size()) < kPage) break;
    }
    if (!report.problem && next_head != heads.end()) {
      report.problem = "the head signed at #" + std::to_string(next_head->first) +
                       " names entries that are missing: the chain ends at #" +
                       std::to_string(checker.last_seq());
    }
    if (!report.problem &&
        (checker.last_seq() != head.first || checker.last_hash() != head.second)) {
      report.problem = "the chain's head row (#" + std::to_string(head.first) +
                       ") does not match its last entry (#" + std::to_string(checker.last_seq()) +
                       ")";
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto pending,
        tx.Query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM audit_log WHERE seq IS NULL"));
    report.unsealed = pending[0].Int("n");
    report.oldest_unsealed_at = pending[0].OptInt("oldest");
    return report;
  });
}

}  // namespace aftercare::service
