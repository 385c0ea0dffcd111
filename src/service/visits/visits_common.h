// What the return visits and the exchange visits share inside the area: text and
// list bounds, the check of a vendor user, the team leader of a person.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "service/deliveries/deliveries.h"
#include "store/db.h"

namespace aftercare::service::visits {

// Invalid naming `field` when `text` is longer than `max` characters or not
// UTF-8, or (required) only blanks.
Status CheckText(const std::string& text, const char* field, std::size_t max, bool required);
// Invalid naming `field` when `user_id` is not an enabled vendor user; returns the name.
Result<std::string> VendorUserName(store::Transaction& tx, std::int64_t user_id,
                                   const char* field);
// The person and the leader of their team (enabled, without duplicates).
Result<std::vector<service::Person>> WithTeamLeader(store::Transaction& tx,
                                                    std::int64_t user_id);
bool IsLeaderOrManager(const Actor& a);

}  // namespace aftercare::service::visits
