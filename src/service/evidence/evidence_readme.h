// The README.txt of an evidence bundle: what it holds and how Party A checks it,
// in Chinese first, then English.
#pragma once

#include <string>

#include "core/time.h"
#include "service/audit/chain.h"

namespace aftercare::service {

std::string EvidenceReadme(const std::string& contract_number, Instant as_of,
                           const SignedHead& head);

}  // namespace aftercare::service
