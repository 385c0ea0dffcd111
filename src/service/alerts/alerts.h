// SLA-4 around the clock (issue 12 point 2): every running clock of a ticket gets
// a warning when it reaches its metric's warning share (`warn_at`, default 80 %),
// an escalation at its due instant, and another every `escalate_every` while it
// stays late. The instants come from src/sla through the ticket's live metrics, the
// same code as the replay. A ticket has ONE timer on the durable queue
// (service/jobs/queue.h, key `sla:<ticket>`) at its next instant: the earliest
// alert any of its clocks calls for, the alerts it has already fired passed over
// (the payload's `told`). Every change to a ticket recomputes that instant
// (ScheduleSlaTimers) and moves the timer only when it differs, so pausing,
// resuming, a priority change and stopping move or cancel it, and a recomputation
// of every open ticket (a holiday year) writes one row per ticket whose next
// instant moved, none for the others; the queue's index of due instants means
// nothing scans the open tickets.
//
// A firing timer (RunSlaTimer) evaluates the ticket's clocks at that moment, tells
// the chain on duty (STAFF-1's roster) about each alert due by then, and re-arms
// the timer to the ticket's next instant:
//   warning         the assignee; an unassigned ticket's leaders on duty
//   escalation 0    the assignee and the leaders on duty of the assignee's team
//                   (every team's when unassigned or the assignee has no team; a
//                   team with nobody on duty: its leader; no leader at all: the
//                   managers)
//   escalation 1..  the same and every manager
// Each person gets one in-app notification per alert (notifications.h), and the
// ticket's timeline gets an internal `alerted` entry naming who was told, when and
// on which channel: the evidence.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/jobs/queue.h"
#include "service/tickets/tickets.h"
#include "store/db.h"

namespace aftercare::service::alerts {

inline constexpr std::string_view kSlaTimerJob = "sla.timer";

// Moves `t`'s SLA timer to the next instant its metrics (computed at `now`) call
// for: a timer at that instant (or due now, when the next instant is too) is left
// alone; a ticket whose clocks all stopped or paused, or resolved or closed, has
// none. A timer running meanwhile re-arms itself.
Status ScheduleSlaTimers(store::Transaction& tx, const Ticket& t, Instant now);
// The same for many tickets at once (a recomputation), with one read of their
// timers and a few dozen tickets' changes to a statement.
Status ScheduleSlaTimers(store::Transaction& tx, std::span<const Ticket* const> tickets,
                         Instant now);

// The handler of kSlaTimerJob jobs: runs in the job's transaction.
Status RunSlaTimer(store::Transaction& tx, const jobs::Job& job, Instant now);

enum class AlertLevel : std::uint8_t { kWarning, kEscalation };

struct Recipient {
  std::int64_t user_id = 0;
  std::string name;
  std::string_view as;  // "assignee", "leader_on_duty", "team_leader", "manager"
};
// Who an alert of `level` (escalation `n`) about `t` reaches at `at`, each once.
Result<std::vector<Recipient>> Chain(store::Transaction& tx, const Ticket& t, AlertLevel level,
                                     int n, Instant at);

}  // namespace aftercare::service::alerts
