// The slowest links (SLA-5, 7.8.6.2.2 "找出响应迟缓的环节与原因"; issue 14 point 6):
// for each step of the flow (steps.h: received -> first contact -> diagnosed ->
// on-site decided -> arrived -> resolved -> closed, a skipped milestone making a
// step across it, waiting on the customer and the resolved-then-reopened time
// apart), over the tickets received in a period: how many tickets went through
// it, the median and 90th percentile of its wall seconds (nearest rank: the
// ceil(n/2)-th and ceil(9n/10)-th smallest) and the step's share of the time of
// all the steps; by type, by priority or by team, and for all tickets together
// (the group with no value), which names its slowest step: the largest share among
// the steps up to the resolution (the vendor's; a step to `closed` waits on the
// customer's confirmation and is shown, not named).
//
// A ticket counts under the type, priority and team (its assignee's; none: not
// assigned) it had when its latest event was read. The period is in Asia/Shanghai
// (the default zone), received `from` 00:00 to `to` 24:00.
//
// Kept from the ticket events, so that the tickets area does not call it: a
// follower job (kFollowJob, every kFollowEvery seconds, at once again while it is
// behind) reads the events after its cursor by id and rewrites the touched
// tickets' rows in `ticket_steps`, and their counts in `ticket_step_months` (per
// received month, customer, type / priority / team, step and 2 % bucket). A new
// database's cursor starts at 0: the first runs are the backfill, which writes the
// rows only; once it has caught up, the monthly counts are summed from the rows in
// one statement per dimension, and each later change moves them.
//
// Precision: a period that holds no whole calendar month is read from the tickets'
// rows: exact seconds. Otherwise its whole months come from the monthly counts and
// its partial months from the rows, in buckets: the median and the p90 are then
// within 1 % (to the second; steps.h Bucket), counts, sums and shares exact
// (`exact` says which).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "service/jobs/queue.h"
#include "store/db.h"

namespace aftercare::service::links {

inline constexpr std::string_view kFollowJob = "links.follow";
inline constexpr Seconds kFollowEvery = 2;

enum class LinkDimension : std::uint8_t { kType, kPriority, kTeam };
std::optional<LinkDimension> ParseLinkDimension(std::string_view s);
std::string_view Name(LinkDimension d);

struct LinksQuery {
  LocalDate from, to;  // received, inclusive, in the default zone; at most 366 days
  LinkDimension by = LinkDimension::kType;
  std::optional<std::int64_t> customer_id;  // Party A: their own (the default)
};

struct LinkStep {
  std::string step;  // steps.h: "from>to", "waiting_customer" or "reopened"
  std::int64_t count = 0, median_s = 0, p90_s = 0, sum_s = 0;
};

struct LinkGroup {
  std::optional<std::string> value;  // the type, priority or team id; none: all tickets
  std::string label;                 // the team's name (by team; "" for no team)
  std::int64_t total_s = 0;          // every step's seconds together
  std::vector<LinkStep> steps;       // the flow's steps in order, then the time apart
  std::optional<std::string> slowest;  // the step up to the resolution with the largest share
};

struct LinksReport {
  bool exact = true;
  std::vector<LinkGroup> groups;  // all tickets first, then by value
};

// Team leaders, managers and administrators; Party A their own customer's.
Result<LinksReport> GetSlowestLinks(store::Database& db, const Context& ctx, const LinksQuery& q);

// Queues the follower unless queued (a server calls it as it starts its jobs).
Status EnsureLinkJobs(store::Database& db, Instant now);
// The follower's handler, in its job's transaction.
Status FollowTicketSteps(store::Transaction& tx, const jobs::Job& job, Instant now);
// Reads every ticket event not read yet, in transactions of its own (the demo);
// the number of events read.
Result<std::int64_t> CatchUpTicketSteps(store::Database& db);

}  // namespace aftercare::service::links
