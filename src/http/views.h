// JSON views of the service's values for the API. Times are RFC 3339 in the
// contract's time zone (Asia/Shanghai when there is none); money is integer fen
// plus a decimal "yuan" string for display.
#pragma once

#include <nlohmann/json.hpp>

#include "service/accounts.h"
#include "service/contracts.h"
#include "service/customers.h"
#include "service/tickets.h"

namespace aftercare::http {

nlohmann::json View(const service::User& u);
nlohmann::json View(const service::Customer& c);
nlohmann::json View(const service::System& s);
nlohmann::json View(const service::Contract& c);
nlohmann::json View(const service::Compliance& c);
nlohmann::json View(const service::NoticeView& n);
// `full`: with metrics and timeline (a single ticket), else the list row.
nlohmann::json View(const service::Ticket& t, bool full);

}  // namespace aftercare::http
