#include "sla/shipped.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace aftercare::data {
std::string_view CnHolidaysJson();
std::string_view BidDefaultPolicyYaml();
}  // namespace aftercare::data

namespace aftercare::sla {

Result<HolidaySchedule> ParseHolidaySchedule(std::string_view json_text) {
  auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error::Invalid("holiday schedule is not a JSON object");
  }
  HolidaySchedule out;
  for (const auto& [year, entry] : doc.items()) {
    if (!entry.is_object()) return Error::Invalid("holiday year " + year + " is not an object");
    for (const auto& [key, list] : entry.items()) {
      if (key != "off" && key != "work") {
        return Error::Invalid("holiday year " + year + " has unknown key " + key);
      }
      if (!list.is_array()) return Error::Invalid("holiday " + year + "." + key + " is not a list");
      for (const auto& d : list) {
        if (!d.is_string())
          return Error::Invalid("holiday " + year + "." + key + " has a non-date");
        AFTERCARE_ASSIGN_OR_RETURN(LocalDate date, ParseDate(d.get<std::string>()));
        (key == "off" ? out.off : out.work).push_back(date);
      }
    }
  }
  std::sort(out.off.begin(), out.off.end());
  std::sort(out.work.begin(), out.work.end());
  return out;
}

const Shipped& DefaultShipped() {
  static const Shipped shipped = [] {
    Shipped s;
    auto cn = ParseHolidaySchedule(data::CnHolidaysJson());
    if (!cn.ok()) {
      std::fprintf(stderr, "bug: shipped holiday data is broken: %s\n", cn.error().message.c_str());
      std::abort();
    }
    s.cn = std::move(cn).value();
    s.policies.emplace_back("bid-default", data::BidDefaultPolicyYaml());
    return s;
  }();
  return shipped;
}

}  // namespace aftercare::sla
