// In-app notifications (issue 12 point 4; SLA-4, CON-2, CON-3): what a user is
// told, in their inbox behind the bell. Each row is one user's copy of one event;
// its text is rendered by the client, in its language, from `kind` and `data`.
// A notification is written once per user and event (`dedupe_key`): a warning
// that fires again after a restart or a recomputation reaches nobody twice.
// Every logged-in user reads and marks only their own.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

enum class NotificationKind : std::uint8_t {
  kSlaWarning,     // a running clock reached its warning share (data: metric, due_at)
  kSlaEscalation,  // a clock is late (data: metric, due_at, level: 0 at due, then 1, 2, ...)
  kAssigned,          // a ticket was assigned to me (data: by)
  kPartyANew,         // Party A opened a ticket or a complaint (data: type)
  kPenaltyEvent,      // a clock of a contract with penalties went late (data: metric, due_at)
  kContractCondition, // a contract reached condition_met or exercisable (data: status)
  kNoticeRecorded,    // a written notice was recorded on a contract (data: cure_days)
  kTicketProgress,    // Party A: progress on their ticket (data: status)
  kLeftoverList,      // a team leader's morning list of open tickets (data: team, count, tickets)
  kMailUnmatched,     // a mail from an unknown sender waits for an agent (data: from, subject)
  kBackupFailed,      // administrators: a backup failed (data: file, error, started_at)
  kBackupMissed,      // administrators: no good backup for 26 hours (data: since, hours)
  kComplaintProgress,    // Party A: a step of their complaint (data: number, state, step)
  kComplaintDepartment,  // a complaint assigned to my team, or its solution refused (data:
                         // number, state, step, team)
  kDefectClosed,  // Party A: a defect linked to their ticket is closed (data: defect_id, title,
                  // fix_version)
  kSurveyRequest,  // Party A: a survey to answer (data: link, ticket_number, campaign, reminder)
  kSurveyUnsatisfied,  // a team leader: an unsatisfied answer to follow up (data: follow_up_id)
  kReportReady,  // Party A: a health-check or assessment report (data: report_id, kind, from, to)
  kInspectionOverdue,  // an inspection visit past its planned day (data: visit_id, customer,
                       // system, planned_on)
  kVisitCollationDue,  // a return visit's results to collate (data: visit_id, customer, stage:
                       // soon or overdue, due_at)
  kVisitActionDue,     // my follow-up action of a return visit is due (data: action_id, visit_id,
                       // title, customer, due_at)
  kReleasePublished,   // Party A: a release for their systems (data: release_id, product, version,
                       // kind, title, systems)
};
inline constexpr int kNotificationKindCount = 22;
std::optional<NotificationKind> ParseNotificationKind(std::string_view s);
std::string_view Name(NotificationKind k);

struct NewNotification {
  std::int64_t user_id = 0;
  NotificationKind kind = NotificationKind::kSlaWarning;
  std::string event_key;  // the event; with the user it makes the dedupe key
  std::optional<std::int64_t> ticket_id, contract_id;
  nlohmann::json data = nlohmann::json::object();
};

// Writes `n` in the caller's transaction; false when that user already has it.
Result<bool> Notify(store::Transaction& tx, const NewNotification& n, Instant now);

struct Notification {
  std::int64_t id = 0;
  NotificationKind kind = NotificationKind::kSlaWarning;
  std::optional<std::int64_t> ticket_id, contract_id;
  std::string ticket_number, ticket_title;  // for display, when about a ticket
  nlohmann::json data;
  Instant created_at;
  std::optional<Instant> read_at;
};

struct NotificationFilter {
  bool unread_only = false;
  std::optional<std::int64_t> before_id;  // cursor: older than this id
  int limit = 50;                         // 1 to 200
};

struct NotificationPage {
  std::vector<Notification> items;  // newest first
  std::int64_t unread = 0;          // the user's unread count, whatever the filter
};

Result<NotificationPage> ListNotifications(store::Database& db, const Context& ctx,
                                           const NotificationFilter& f);
Result<std::int64_t> UnreadNotifications(store::Database& db, const Context& ctx);
// Marks the user's notifications `ids` read (all of them when `ids` is empty);
// another user's id is not found. Returns the unread count after.
Result<std::int64_t> MarkNotificationsRead(store::Database& db, const Context& ctx,
                                           const std::vector<std::int64_t>& ids);

// For the live bell: notifications written after id `after` (oldest first, at
// most `limit`), with their user. A system read: the caller tells each user only
// of their own.
struct NotificationChange {
  std::int64_t id = 0, user_id = 0;
};
Result<std::vector<NotificationChange>> ListNotificationChanges(store::Database& db,
                                                                std::int64_t after, int limit);
// The newest notification's id (0 when there is none).
Result<std::int64_t> LatestNotification(store::Database& db);

}  // namespace aftercare::service
