#include "service/notifications/notifications.h"

#include <array>

#include "service/contracts/contracts.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

constexpr std::array<std::string_view, kNotificationKindCount> kKindNames = {
    "sla_warning",        "sla_escalation",       "assigned",           "party_a_new",
    "penalty_event",      "contract_condition",   "notice_recorded",    "ticket_progress",
    "leftover_list",      "mail_unmatched",       "backup_failed",      "backup_missed",
    "complaint_progress", "complaint_department", "defect_closed",      "survey_request",
    "survey_unsatisfied", "report_ready",         "inspection_overdue", "visit_collation_due",
    "visit_action_due",   "release_published"};

Result<std::int64_t> CountUnread(store::Transaction& tx, std::int64_t user_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND "
                          "read_at IS NULL",
                          {user_id}));
  return rows[0].Int("n");
}

Notification NotificationFrom(const store::Row& r) {
  Notification n;
  n.id = r.Int("id");
  n.kind = ParseNotificationKind(r.Text("kind")).value_or(NotificationKind::kSlaWarning);
  n.ticket_id = r.OptInt("ticket_id");
  n.contract_id = r.OptInt("contract_id");
  if (n.ticket_id) n.ticket_number = TicketNumber(*n.ticket_id);
  n.ticket_title = r.OptText("ticket_title").value_or("");
  n.data = nlohmann::json::parse(r.Text("data"), nullptr, false);
  if (n.data.is_discarded()) n.data = nlohmann::json::object();
  n.created_at = Instant{r.Int("created_at")};
  if (auto read = r.OptInt("read_at")) n.read_at = Instant{*read};
  return n;
}

}  // namespace

std::optional<NotificationKind> ParseNotificationKind(std::string_view s) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == s) return static_cast<NotificationKind>(i);
  }
  return std::nullopt;
}

std::string_view Name(NotificationKind k) { return kKindNames.at(static_cast<std::size_t>(k)); }

Result<bool> Notify(store::Transaction& tx, const NewNotification& n, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(
          "INSERT INTO notifications (user_id, kind, dedupe_key, ticket_id, contract_id, "
          "data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) "
          "DO NOTHING RETURNING id",
          {n.user_id, std::string(Name(n.kind)), std::to_string(n.user_id) + ":" + n.event_key,
           store::OrNull(n.ticket_id), store::OrNull(n.contract_id), n.data.dump(), now.unix}));
  return !rows.empty();
}

Result<NotificationPage> ListNotifications(store::Database& db, const Context& ctx,
                                           const NotificationFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  const std::int64_t user = ctx.actor->user_id;
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<NotificationPage> {
    store::ParamList params;
    std::string sql =
        "SELECT n.id, n.kind, n.ticket_id, n.contract_id, n.data, n.created_at, n.read_at, "
        "t.title AS ticket_title FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id "
        "WHERE n.user_id = " +
        params.Add(user);
    if (f.unread_only) sql += " AND n.read_at IS NULL";
    if (f.before_id) sql += " AND n.id < " + params.Add(*f.before_id);
    sql += " ORDER BY n.id DESC LIMIT " + params.Add(std::int64_t{f.limit});
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
    NotificationPage page;
    for (const auto& r : rows) page.items.push_back(NotificationFrom(r));
    AFTERCARE_ASSIGN_OR_RETURN(page.unread, CountUnread(tx, user));
    return page;
  });
}

Result<std::int64_t> UnreadNotifications(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false,
                       [&](store::Transaction& tx) { return CountUnread(tx, ctx.actor->user_id); });
}

Result<std::int64_t> MarkNotificationsRead(store::Database& db, const Context& ctx,
                                           const std::vector<std::int64_t>& ids) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  const std::int64_t user = ctx.actor->user_id;
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::int64_t> {
    if (ids.empty()) {
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
                  {ctx.now.unix, user}));
    }
    for (std::int64_t id : ids) {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto rows, tx.Query("UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE "
                              "id = $2 AND user_id = $3 RETURNING id",
                              {ctx.now.unix, id, user}));
      if (rows.empty()) return NotFound("notification");
    }
    return CountUnread(tx, user);
  });
}

Result<std::vector<NotificationChange>> ListNotificationChanges(store::Database& db,
                                                                std::int64_t after, int limit) {
  return InTransaction(
      db, false, [&](store::Transaction& tx) -> Result<std::vector<NotificationChange>> {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows, tx.Query("SELECT id, user_id FROM notifications WHERE id > $1 ORDER BY id "
                                "LIMIT $2",
                                {after, std::int64_t{limit}}));
        std::vector<NotificationChange> out;
        for (const auto& r : rows) out.push_back({r.Int("id"), r.Int("user_id")});
        return out;
      });
}

Result<std::int64_t> LatestNotification(store::Database& db) {
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::int64_t> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT COALESCE(MAX(id), 0) AS latest FROM notifications"));
    return rows[0].Int("latest");
  });
}

}  // namespace aftercare::service
