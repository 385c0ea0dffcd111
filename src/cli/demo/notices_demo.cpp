// Party A's written notice (CON-3): the bank's, given twenty days ago on paper;
// the manager enters it with its date (Party A's own notices are dated when
// recorded).
#include "cli/demo/demo.h"
#include "service/contracts/contracts.h"

namespace aftercare::cli::demo {

Status LoadNoticesDemo(Demo& demo) {
  service::Context manager = demo.As("manager", service::Role::kManager);
  auto n =
      service::RecordNotice(demo.db, manager, demo.customers.at(3).contract, demo.now - 20 * 86400,
                            30, "第三次延迟响应后书面催告，请于30日内整改");
  if (!n.ok()) return n.error();
  return {};
}

}  // namespace aftercare::cli::demo
