// Data that ships with the product as data files (data/): the official Chinese
// holiday schedule and the built-in SLA policies. The engine receives them as
// values; these functions parse the embedded copies (pure, no file I/O). A new
// year of holidays is a data change: edit data/holidays/cn.json and rebuild.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "sla/calendar.h"

namespace aftercare::sla {

// Parses {"YYYY": {"off": [dates], "work": [dates]}} (SLA-3).
Result<HolidaySchedule> ParseHolidaySchedule(std::string_view json_text);

struct Shipped {
  HolidaySchedule cn;  // `builtin_holidays: cn`
  // Built-in policies by name, as policy YAML (the `policy:` section's format).
  std::vector<std::pair<std::string, std::string_view>> policies;
};

// The embedded data, parsed once. Aborts if the shipped data is broken (a build bug,
// caught by the tests).
const Shipped& DefaultShipped();

}  // namespace aftercare::sla
