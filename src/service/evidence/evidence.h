// The evidence bundle (issue 13 point 3; CON-2, CON-3, CON-4): one tar file that
// lets Party A check, offline and without trusting the vendor's database, that
// the penalties and the contract's state follow from what was recorded, and that
// nobody rewrote what was recorded. It holds:
//   README.txt     how to check it (Chinese first)
//   scenario.yaml  the contract at `as_of` as an `aftercare sla replay` scenario
//   result.json    the replay of that scenario: ledger, strikes, state, history
//   chain.jsonl    the audit chain from the contract's first entry to the signed
//                  head: this contract's entries whole (its terms, every ticket's
//                  creation and events, written notices, waivers), every other
//                  entry by its content hash only (another customer's data stays
//                  out, the chain still checks through it)
//   head.json      the chain's head, signed by the server's Ed25519 key
//   manifest.json  every file's SHA-256; manifest.sig: its signature
// `aftercare evidence verify` (evidence_verify.h) checks all of it.
//
// Who: Party A (its own contracts) and managers. A manager's download is audited
// (CON-4). Errors: kNotFound for an unknown or another customer's contract;
// kForbidden for other roles; kIo when the file cannot be written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "service/audit/evidence_key.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

inline constexpr std::string_view kEvidenceFormat = "aftercare-evidence/1";

struct EvidenceSummary {
  std::string contract_number;
  std::int64_t entries = 0, withheld = 0;  // chain lines whole / by hash only
  std::int64_t head_seq = 0;
};

// Writes the bundle of `contract_id` at `as_of` (default now) to `path`.
Result<EvidenceSummary> WriteEvidenceBundle(store::Database& db, const Context& ctx,
                                            const EvidenceKey& key, std::int64_t contract_id,
                                            std::optional<Instant> as_of, const std::string& path);

// What the manifest's signature covers: a fixed prefix and the manifest's text.
std::string ManifestMessage(std::string_view manifest_json);

}  // namespace aftercare::service
