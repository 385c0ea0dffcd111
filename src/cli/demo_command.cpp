#include "cli/demo_command.h"

#include "cli/demo/demo.h"
#include "service/audit/chain.h"
#include "service/tx.h"

namespace aftercare::cli {

namespace demo {

Demo::Demo(store::Database& database, Instant at)
    : db(database),
      now(at),
      sys{service::Actor{0, "demo", service::Role::kAdmin, std::nullopt, "demo"}, "demo", at} {}

service::Context Demo::As(const std::string& login, service::Role role) const {
  return service::Context{
      service::Actor{user_ids.at(login), login, role, std::nullopt, staff_names.at(login)}, "demo",
      now};
}

}  // namespace demo

Status LoadDemo(store::Database& db, const service::SecretBox& secrets, std::string& summary,
                const std::string& data_dir) {
  {
    auto users =
        service::InTransaction(db, false, [](store::Transaction& tx) -> Result<std::int64_t> {
          AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) AS n FROM users"));
          return rows.at(0).Int("n");
        });
    if (!users.ok()) return users.error();
    if (*users > 0) {
      return Error{ErrorCode::kConflict,
                   "the database already has users: the demo needs an empty one",
                   {},
                   0,
                   {}};
    }
  }
  demo::Demo d(db, Now());
  d.secrets = &secrets;
  d.data_dir = data_dir;
#define AFTERCARE_LOAD_DEMO_AREA(Area) AFTERCARE_RETURN_IF_ERROR(demo::Load##Area##Demo(d));
  AFTERCARE_DEMO_AREAS(AFTERCARE_LOAD_DEMO_AREA)
#undef AFTERCARE_LOAD_DEMO_AREA
  // Every area's audit entries join the chain, so `aftercare audit verify` right after
  // the demo finds it whole and sealed (the server would seal them within seconds).
  AFTERCARE_RETURN_IF_ERROR(service::SealAll(db));
  summary = "demo data: " + std::to_string(d.customers.size()) + " customers, " +
            std::to_string(d.customers.size()) + " contracts, " + std::to_string(d.tickets) +
            " tickets, " + std::to_string(d.user_ids.size()) + " users";
  return {};
}

}  // namespace aftercare::cli
