// `aftercare evidence verify BUNDLE` (issue 13 point 3): checks an evidence bundle
// (evidence.h) offline, with no server and no database: the manifest's and the
// head's signatures (against the public key Party A recorded, when given), the
// audit chain through to the signed head, that every ticket event and written
// notice of scenario.yaml matches its audit entry (and the contract's value its
// terms' entry), and that replaying scenario.yaml gives result.json. Each problem
// names the file and the place: "scenario.yaml: ticket TK-000042, event 3
// (on_site): at 2026-03-02T10:00:00+08:00, its audit entry #812 says ...".
//
// Errors (the check could not run): kIo when the file cannot be read; kInvalidInput
// when it is not a bundle at all (not a tar, truncated, a member over its bound).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace aftercare::service {

struct EvidenceCheck {
  std::string contract, public_key, state;
  std::int64_t as_of = 0, head_seq = 0, entries = 0, withheld = 0, tickets = 0, events = 0;
  std::int64_t penalty_total_fen = 0, strikes = 0;
  std::vector<std::string> problems;  // empty: the bundle is intact
};

Result<EvidenceCheck> VerifyEvidenceBundle(const std::string& path,
                                           const std::optional<std::string>& trusted_key);

}  // namespace aftercare::service
