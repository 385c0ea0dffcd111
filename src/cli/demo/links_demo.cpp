// The slowest links (SLA-5): the demo's ticket timelines turned into steps at once,
// as the server's follower would on its first runs, so the dashboard shows them
// before the server has started.
#include "cli/demo/demo.h"
#include "service/analytics/links.h"

namespace aftercare::cli::demo {

Status LoadLinksDemo(Demo& demo) { return service::links::CatchUpTicketSteps(demo.db).status(); }

}  // namespace aftercare::cli::demo
