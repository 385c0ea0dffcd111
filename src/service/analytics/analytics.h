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
#include "sla/model.h"
#include "store/db.h"

namespace aftercare::service {

struct ResponseStatsQuery {
  LocalDate from, to;  // received from `from` to `to` inclusive, in each contract's zone
  std::optional<std::int64_t> customer_id;
};

struct ResponseStatsRow {
  std::optional<LocalDate> week;  // its Monday; none: the whole period
  std::string metric;
  sla::MetricKind kind = sla::MetricKind::kResponse;
  // none in a rollup: every type, every priority
  std::optional<sla::TicketType> type;
  std::optional<sla::Priority> priority;
  std::int64_t count = 0, late = 0, avg_s = 0, p90_s = 0, max_s = 0;
  std::optional<std::int64_t> target_s;  // none when the clocks had different targets
};

struct ResponseStats {
  // By week, metric, type and priority.
  std::vector<ResponseStatsRow> rows;
  // The same clocks combined, for each metric: by type alone, by priority alone
  // and by neither, each per week and over the whole period. A 90th percentile
  // cannot be derived from the rows' own, so these are computed from every clock.
  std::vector<ResponseStatsRow> rollups;
};

// Managers, team leaders and administrators see every customer; Party A only their
// own (customer_id defaults to it; another one is not found). At most 366 days.
// The checks every analytics query makes of its reader, period and customer
// (setting Party A's own customer).
Status CheckAnalyticsQuery(const Context& ctx, LocalDate from, LocalDate to,
                           std::optional<std::int64_t>& customer_id);
Result<ResponseStats> GetResponseStats(store::Database& db, const Context& ctx,
                                       const ResponseStatsQuery& q);

}  // namespace aftercare::service
