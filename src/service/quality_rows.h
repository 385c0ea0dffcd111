// What the quality loop's areas (defects, feedback) share: a required text, the
// words of a list's `q` as a LIKE pattern, the id cursor of a list newest first,
// and the active Party A users of a customer (who is told of a change).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/deliveries/deliveries.h"
#include "store/db.h"

namespace aftercare::service {

// Invalid ("title is required", naming `field`) when `text` is only blanks.
Status RequireText(std::string_view text, const char* field);
// `q` in lower case between %, LIKE's wildcards escaped with '!' (ESCAPE '!').
std::string LikePattern(std::string_view q);
// A list newest first by id: the cursor names the last id shown ("i42");
// empty: the first page; anything else is refused naming `cursor`.
std::string IdCursor(std::int64_t last_id);
Result<std::optional<std::int64_t>> ReadIdCursor(const std::string& cursor);
// An optional id, or a closed set's optional value by its name, as a value to
// store (NULL when absent).
inline store::Value OrNull(std::optional<std::int64_t> v) {
  if (!v) return store::Null{};
  return *v;
}
template <typename E>
store::Value NameOrNull(std::optional<E> v) {
  if (!v) return store::Null{};
  return std::string(Name(*v));
}
// A page newest first: the first `limit` rows read by `from` into `items`; returns
// the cursor after the last one when there were more rows (the query asked for
// limit + 1), else "".
template <typename Item, typename From>
std::string TakePage(const std::vector<store::Row>& rows, int limit, From from,
                     std::vector<Item>& items) {
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i) {
    items.push_back(from(rows[i]));
  }
  if (rows.size() <= static_cast<std::size_t>(limit)) return "";
  return IdCursor(items.back().id);
}
// The customer's Party A users who are not disabled, by id.
Result<std::vector<Person>> ActivePartyAUsers(store::Transaction& tx, std::int64_t customer_id);

}  // namespace aftercare::service
