#include "service/notifications/preferences.h"

#include "core/contact.h"

#include "service/audit/audit.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

using nlohmann::json;

bool AlwaysInApp(NotificationKind k) {
  return k == NotificationKind::kSlaWarning || k == NotificationKind::kSlaEscalation;
}

NoticePreferences Decode(const std::string& email, const std::string& channels) {
  NoticePreferences p;
  p.email = email;
  json j = json::parse(channels, nullptr, false);
  for (int i = 0; i < kNotificationKindCount; ++i) {
    auto kind = static_cast<NotificationKind>(i);
    KindChannels c;
    if (j.is_object() && j.contains(Name(kind)) && j[Name(kind)].is_array()) {
      const json& list = j[Name(kind)];
      auto has = [&](const char* ch) {
        for (const auto& v : list) {
          if (v == ch) return true;
        }
        return false;
      };
      c.in_app = has("in_app") || AlwaysInApp(kind);
      c.email = has("email");
    }
    p.kinds[kind] = c;
  }
  return p;
}

json Encode(const NoticePreferences& p) {
  json j = json::object();
  for (const auto& [kind, c] : p.kinds) {
    json list = json::array();
    if (c.in_app) list.push_back("in_app");
    if (c.email) list.push_back("email");
    j[Name(kind)] = list;
  }
  return j;
}

Result<NoticePreferences> Load(store::Transaction& tx, std::int64_t user_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT email, channels FROM notice_preferences WHERE user_id = $1", {user_id}));
  if (rows.empty()) return Decode("", "{}");
  return Decode(rows[0].Text("email"), rows[0].Text("channels"));
}

Status CheckEmail(const std::string& email) {
  if (email.empty() || IsMailAddress(email)) return {};
  return Error::Invalid("email must be an e-mail address", 0, "email");
}

}  // namespace

Result<NoticePreferences> GetNoticePreferences(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false,
                       [&](store::Transaction& tx) { return Load(tx, ctx.actor->user_id); });
}

Result<NoticePreferences> PutNoticePreferences(store::Database& db, const Context& ctx,
                                               const NoticePreferencesInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (in.email) AFTERCARE_RETURN_IF_ERROR(CheckEmail(*in.email));
  for (const auto& [kind, c] : in.kinds) {
    if (AlwaysInApp(kind) && !c.in_app) {
      return Error::Invalid("in_app cannot be turned off for warnings and escalations", 0,
                            "kinds." + std::string(Name(kind)));
    }
  }
  const std::int64_t user = ctx.actor->user_id;
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<NoticePreferences> {
    AFTERCARE_ASSIGN_OR_RETURN(NoticePreferences before, Load(tx, user));
    NoticePreferences after = before;
    if (in.email) after.email = *in.email;
    for (const auto& [kind, c] : in.kinds) after.kinds[kind] = c;
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO notice_preferences (user_id, email, channels, updated_at) VALUES ($1, $2, "
        "$3, $4) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, channels = "
        "excluded.channels, updated_at = excluded.updated_at",
        {user, after.email, Encode(after).dump(), ctx.now.unix}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "update", "notice_preferences", std::to_string(user),
                                    {{"email", before.email}, {"kinds", Encode(before)}},
                                    {{"email", after.email}, {"kinds", Encode(after)}}));
    return after;
  });
}

Result<UserChannels> ChannelsOf(store::Transaction& tx, std::int64_t user_id,
                                NotificationKind kind) {
  AFTERCARE_ASSIGN_OR_RETURN(NoticePreferences p, Load(tx, user_id));
  const KindChannels& c = p.kinds[kind];
  return UserChannels{c.in_app, c.email ? p.email : std::string()};
}

}  // namespace aftercare::service
