// Who is told what, where (issue 12 point 6): each user's channels per kind of
// notice, and their address for notices by e-mail. In the app is the default for
// every kind; e-mail is on for every kind once an address is set, unless turned
// off. Warnings and escalations always reach the inbox too: the bell is the duty
// chain's evidence, so in_app cannot be turned off for them.
//
// Errors (kInvalidInput naming the field): an unknown kind or channel, email not
// an address (at most 254 characters), in_app off for a warning or escalation.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/result.h"
#include "service/context.h"
#include "service/notifications/notifications.h"
#include "store/db.h"

namespace aftercare::service {

struct KindChannels {
  bool in_app = true;
  bool email = true;
};

struct NoticePreferences {
  std::string email;  // empty: no notices by e-mail
  std::map<NotificationKind, KindChannels> kinds;  // every kind
};

Result<NoticePreferences> GetNoticePreferences(store::Database& db, const Context& ctx);
// Replaces the caller's preferences: the address when given, and the kinds listed
// (those left out keep theirs).
struct NoticePreferencesInput {
  std::optional<std::string> email;
  std::map<NotificationKind, KindChannels> kinds;
};
Result<NoticePreferences> PutNoticePreferences(store::Database& db, const Context& ctx,
                                               const NoticePreferencesInput& in);

// For the senders: `user_id`'s channels for `kind` and their address.
struct UserChannels {
  bool in_app = true;
  std::string email;  // empty: not by e-mail
};
Result<UserChannels> ChannelsOf(store::Transaction& tx, std::int64_t user_id,
                                NotificationKind kind);

}  // namespace aftercare::service
