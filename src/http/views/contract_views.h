// JSON views of contracts, compliance and written notices (CON-1..CON-5). Times
// are in the contract's zone; money is integer fen plus a display string.
#pragma once

#include <nlohmann/json.hpp>

#include "service/contracts/contracts.h"

namespace aftercare::http::views {

nlohmann::json View(const service::Contract& c);
nlohmann::json View(const service::Compliance& c);
nlohmann::json View(const service::NoticeView& n);
nlohmann::json ContractSchema();
nlohmann::json ComplianceSchema();
// A row of GET /contracts/compliance: the compliance without ledger, history and
// notices, with its contract_id.
nlohmann::json ComplianceSummary(std::int64_t contract_id, const service::Compliance& c);
nlohmann::json ComplianceSummarySchema();
nlohmann::json NoticeSchema();

}  // namespace aftercare::http::views
