#include "http/views/customer_views.h"

#include "http/views/view_helpers.h"

namespace aftercare::http::views {

json View(const service::Customer& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"contact", c.contact},
          {"phone", c.phone},
          {"address", c.address}};
}

json View(const service::System& s) {
  return {{"id", s.id}, {"customer_id", s.customer_id}, {"name", s.name}};
}

json CustomerSchema() {
  namespace s = schema;
  return s::Record({{"id", s::Int()},
                    {"name", s::Str()},
                    {"contact", s::Str()},
                    {"phone", s::Str()},
                    {"address", s::Str()}});
}

json SystemSchema() {
  namespace s = schema;
  return s::Record({{"id", s::Int()}, {"customer_id", s::Int()}, {"name", s::Str()}});
}

}  // namespace aftercare::http::views
