// JSON views of tickets (TKT-1..TKT-6): a list row with its running SLA clock, or
// the whole ticket with its live metrics and timeline. Times in the contract's zone.
#pragma once

#include <nlohmann/json.hpp>

#include "service/tickets/tickets.h"

namespace aftercare::http::views {

// `full`: with metrics and timeline (a single ticket), else the list row.
nlohmann::json View(const service::Ticket& t, bool full);
nlohmann::json TicketRowSchema();
nlohmann::json TicketSchema();

}  // namespace aftercare::http::views
