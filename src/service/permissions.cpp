#include "service/permissions.h"

#include <algorithm>
#include <string>

namespace aftercare::service {

Status RequireLogin(const Context& ctx) {
  if (!ctx.actor) return Error{ErrorCode::kUnauthorized, "log in first", {}, 0, {}};
  return {};
}

Status RequireRole(const Context& ctx, RoleSet roles) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (!roles.Has(ctx.actor->role)) {
    return Error{ErrorCode::kForbidden,
                 "the role " + std::string(Name(ctx.actor->role)) + " may not do this",
                 {},
                 0,
                 {}};
  }
  return {};
}

Error NotFound(std::string_view what) {
  return Error{ErrorCode::kNotFound, std::string(what) + " not found", {}, 0, {}};
}

Status RequireCustomer(const Context& ctx, std::int64_t customer_id, std::string_view what) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (ctx.actor->role == Role::kPartyA && ctx.actor->customer_id != customer_id) {
    return NotFound(what);
  }
  return {};
}

}  // namespace aftercare::service
