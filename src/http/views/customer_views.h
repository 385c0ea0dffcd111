// JSON views of customers and their systems (TKT-6).
#pragma once

#include <nlohmann/json.hpp>

#include "service/customers/customers.h"

namespace aftercare::http::views {

nlohmann::json View(const service::Customer& c);
nlohmann::json View(const service::System& s);
nlohmann::json CustomerSchema();
nlohmann::json SystemSchema();

}  // namespace aftercare::http::views
