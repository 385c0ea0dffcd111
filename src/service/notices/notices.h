// Who must know at once (issue 12 point 6; CON-2, CON-3, TKT-4, TKT-5): the
// notices that follow from what others record. A follower job reads what is new
// since it last looked, each source by its id (ticket events, written notices),
// and announces it (service/deliveries: in the app, by mail, to robots, by each
// user's preferences), so no area has to call it and each event is announced
// once, across restarts and servers:
//   a ticket assigned (or created with an assignee)   the assignee, unless they did it
//   Party A opens a ticket                            the agents and team leaders; the
//                                                     managers too for a complaint
//   diagnosed, engineer on the way, waiting for       Party A's users of the ticket's
//   you, resolved                                     customer (by mail once they set
//                                                     an address)
//   a written notice recorded on a contract           the managers
//   a penalty event, a contract at condition_met or   the managers
//   exercisable
// The follower runs every kFollowEvery seconds; the first run starts from the
// newest ids (nothing recorded before the server first ran is announced).
//
// Each morning (a team's time of day, default 08:30 in Asia/Shanghai) the team's
// leaders get its leftover list (TKT-5): open tickets received before that day,
// assigned in the team, and the unassigned ones.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "service/context.h"
#include "service/deliveries/deliveries.h"
#include "service/jobs/queue.h"
#include "store/db.h"

namespace aftercare::service::notices {

inline constexpr std::string_view kFollowJob = "notices.follow";
inline constexpr std::string_view kLeftoverJob = "notices.leftover";
inline constexpr std::string_view kContractJob = "notices.contract";
inline constexpr Seconds kFollowEvery = 3;
inline constexpr int kDefaultLeftoverMinute = 8 * 60 + 30;

// Queues the follower and each team's next morning list unless queued (a server
// calls it as it starts its jobs; idempotent).
Status EnsureNoticeJobs(store::Database& db, Instant now);

// The enabled users matching `where` (a condition on the users table's columns, with
// `params`), by id: whom a notice goes to. The surveys area tells people with it too.
Result<std::vector<Person>> ActiveUsers(store::Transaction& tx, const std::string& where,
                                        const std::vector<store::Value>& params = {});

// The handlers, in their jobs' transactions.
Status FollowChanges(store::Transaction& tx, const jobs::Job& job, Instant now);
Status SendLeftoverList(store::Transaction& tx, const jobs::Job& job, Instant now);
Status CheckContract(store::Transaction& tx, const jobs::Job& job, Instant now);

// CON-2 and CON-3, for the managers: a clock of `ticket` on `contract_id` went late
// at `due` (a penalty event: the SLA timers call this at the due instant), and the
// contract's state when it has reached condition_met or exercisable (each state
// announced once per contract). A written notice queues the same check at the end
// of its cure period, when the right to terminate may become exercisable.
Status AnnouncePenaltyEvent(store::Transaction& tx, std::int64_t contract_id,
                            std::int64_t ticket_id, const std::string& metric, Instant due,
                            const std::string& due_at, Instant now);
Status AnnounceContractState(store::Transaction& tx, std::int64_t contract_id, Instant now);

// A team's morning time (team managers: leaders their own team). `minute` 0..1439
// of the day in `tz` (a tz database name).
struct LeftoverSchedule {
  std::int64_t team_id = 0;
  int minute = kDefaultLeftoverMinute;
  std::string tz;
};
Result<LeftoverSchedule> GetLeftoverSchedule(store::Database& db, const Context& ctx,
                                             std::int64_t team_id);
Result<LeftoverSchedule> SetLeftoverSchedule(store::Database& db, const Context& ctx,
                                             const LeftoverSchedule& s);

}  // namespace aftercare::service::notices
