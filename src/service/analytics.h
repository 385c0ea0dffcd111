// Response-time analytics (SLA-5, 7.8.6.2.2): per week, by request type and by
// urgency, for each metric of the contracts' policies: how many clocks finished
// (met, or late), how many were late, average, 90th percentile and longest time on
// the metric's own clock, and its target. Computed live by src/sla over the
// tickets received in the period, so the figures agree with the tickets and the
// ledger. Clocks still running on time, or paused, are not counted yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

struct ResponseStatsQuery {
  LocalDate from, to;  // received from `from` to `to` inclusive, in each contract's zone
  std::optional<std::int64_t> customer_id;
};

struct ResponseStatsRow {
  LocalDate week;  // its Monday
  std::string metric, kind, type, priority;
  std::int64_t count = 0, late = 0, avg_s = 0, p90_s = 0, max_s = 0, target_s = 0;
};

struct ResponseStats {
  std::vector<ResponseStatsRow> rows;  // by week, metric, type, priority
};

// Managers, team leaders and administrators see every customer; Party A only their
// own (customer_id defaults to it; another one is not found). At most 366 days.
Result<ResponseStats> GetResponseStats(store::Database& db, const Context& ctx,
                                       const ResponseStatsQuery& q);

}  // namespace aftercare::service
