#include "http/views/account_views.h"

#include "http/views/view_helpers.h"

namespace aftercare::http::views {

json View(const service::User& u) {
  return {{"id", u.id},
          {"login", u.login},
          {"display_name", u.display_name},
          {"role", service::Name(u.role)},
          {"customer_id", Opt(u.customer_id)},
          {"phone", u.phone},
          {"disabled", u.disabled}};
}

json UserSchema() {
  namespace s = schema;
  return s::Record({{"id", s::Int()},
                    {"login", s::Str()},
                    {"display_name", s::Str()},
                    {"role", s::Ref("Role")},
                    {"customer_id", s::Nullable(s::Int("Party A's customer"))},
                    {"phone", s::Str()},
                    {"disabled", s::Bool()}});
}

}  // namespace aftercare::http::views
