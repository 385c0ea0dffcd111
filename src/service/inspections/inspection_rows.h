// What the inspections area's files share (not for other areas): the items of a
// template as JSON, the checks of a text, and who may fill a visit.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "service/calendar/calendar.h"
#include "service/inspections/inspections.h"

namespace aftercare::service::inspections {

// Items to and from the JSON kept in inspection_templates.items.
nlohmann::json ItemsJson(const std::vector<TemplateItem>& items);
std::vector<TemplateItem> ItemsFrom(const std::string& json_text);
// Invalid naming `field` when `text` is longer than `max_chars` or not UTF-8.
Status CheckLength(const std::string& text, std::size_t max_chars, const std::string& field);
// A visit's calendar entry: its planned day, 09:00 to 17:00 in the contract's zone
// (v's id, customer, contract, system, engineer, team, planned_on, system_name).
Status PutVisitEntry(store::Transaction& tx, const Visit& v, const TimeZone& tz,
                     calendar::State state);
// A stored date (YYYY-MM-DD); the epoch for a broken one.
LocalDate StoredDate(const std::string& text);
// The built-in template's id.
Result<std::int64_t> BuiltInTemplate(store::Transaction& tx);

}  // namespace aftercare::service::inspections
