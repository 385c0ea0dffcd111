// Role checks (STAFF-1, SEC-1) and tenant isolation (CON-4): a Party A user reaches
// only its own customer's data, and a foreign id answers exactly like a missing one.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "service/context.h"
#include "service/roles.h"

namespace aftercare::service {

// kUnauthorized without a logged-in actor, kForbidden when the role is not listed.
Status RequireRole(const Context& ctx, RoleSet roles);
Status RequireLogin(const Context& ctx);

// Ok when the actor may see data of `customer_id`; otherwise kNotFound for `what`
// (never 403: a foreign tenant's id must not be distinguishable from a missing one).
Status RequireCustomer(const Context& ctx, std::int64_t customer_id, std::string_view what);

Error NotFound(std::string_view what);

}  // namespace aftercare::service
