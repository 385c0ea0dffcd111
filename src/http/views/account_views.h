// JSON views of accounts (SEC-1, STAFF-1).
#pragma once

#include <nlohmann/json.hpp>

#include "service/accounts/accounts.h"

namespace aftercare::http::views {

nlohmann::json View(const service::User& u);
nlohmann::json UserSchema();

}  // namespace aftercare::http::views
