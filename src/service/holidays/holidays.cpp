#include "service/holidays/holidays.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "service/audit/audit.h"
#include "service/permissions.h"
#include "service/tickets/tickets.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

std::set<int> ShippedYears() {
  std::set<int> years;
  const sla::HolidaySchedule& cn = sla::DefaultShipped().cn;
  for (const auto* list : {&cn.off, &cn.work}) {
    for (LocalDate d : *list) years.insert(YearOf(d));
  }
  return years;
}

HolidayYear Shipped(int year) {
  HolidayYear y{year, "shipped", {}, {}};
  const sla::HolidaySchedule& cn = sla::DefaultShipped().cn;
  for (LocalDate d : cn.off) {
    if (YearOf(d) == year) y.off.push_back(d);
  }
  for (LocalDate d : cn.work) {
    if (YearOf(d) == year) y.work.push_back(d);
  }
  return y;
}

Result<std::vector<HolidayYear>> StoredYears(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT year, body FROM holiday_years ORDER BY year"));
  std::vector<HolidayYear> out;
  for (const auto& r : rows) {
    HolidayYear y{static_cast<int>(r.Int("year")), "stored", {}, {}};
    auto body = nlohmann::json::parse(r.Text("body"), nullptr, false);
    for (const char* key : {"off", "work"}) {
      for (const auto& d : body.value(key, nlohmann::json::array())) {
        if (auto date = ParseDate(d.get<std::string>()); date.ok()) {
          (std::string(key) == "off" ? y.off : y.work).push_back(*date);
        }
      }
    }
    out.push_back(std::move(y));
  }
  return out;
}

}  // namespace

Result<std::string> HolidayVersion(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto v, tx.Query("SELECT COUNT(*) AS years, COALESCE(MAX(updated_at), 0) AS updated_at "
                       "FROM holiday_years"));
  return std::to_string(v.at(0).Int("years")) + "." + std::to_string(v.at(0).Int("updated_at"));
}

Result<std::string> AddStoredHolidays(const std::string& policy_yaml,
                                      const std::vector<HolidayYear>& stored) {
  if (stored.empty()) return policy_yaml;
  YAML::Node doc;
  try {
    doc = YAML::Load(policy_yaml);
  } catch (const YAML::Exception& e) {
    return Error{ErrorCode::kInternal, "a stored policy cannot be read", {}, 0, e.what()};
  }
  YAML::Node calendars = doc["calendars"];
  if (!calendars || !calendars.IsMap()) return policy_yaml;
  bool changed = false;
  for (auto it = calendars.begin(); it != calendars.end(); ++it) {
    YAML::Node cal = it->second;
    if (!cal.IsMap() || !cal["builtin_holidays"] ||
        cal["builtin_holidays"].as<std::string>("") != "cn") {
      continue;
    }
    // The calendar's own dates win over the schedule (SCENARIOS.md), as live.
    std::set<std::string> own;
    if (cal["holidays"] && cal["holidays"].IsSequence()) {
      for (const auto& d : cal["holidays"]) own.insert(d.as<std::string>(""));
    }
    if (cal["workdays"] && cal["workdays"].IsMap()) {
      for (auto w = cal["workdays"].begin(); w != cal["workdays"].end(); ++w) {
        own.insert(w->first.as<std::string>(""));
      }
    }
    YAML::Node monday = cal["week"] ? cal["week"]["mon"] : YAML::Node();
    for (const HolidayYear& y : stored) {
      for (LocalDate d : y.off) {
        if (own.count(FormatDate(d))) continue;
        cal["holidays"].push_back(FormatDate(d));
        changed = true;
      }
      for (LocalDate d : y.work) {
        if (own.count(FormatDate(d)) || !monday || !monday.IsSequence()) continue;
        cal["workdays"][FormatDate(d)] = YAML::Clone(monday);
        changed = true;
      }
    }
  }
  if (!changed) return policy_yaml;
  YAML::Emitter out;
  out << doc;
  return std::string(out.c_str()) + "\n";
}

Result<CurrentHolidays> LoadCurrentHolidays(store::Transaction& tx) {
  CurrentHolidays out{sla::DefaultShipped(), "", {}};
  AFTERCARE_ASSIGN_OR_RETURN(out.stored, StoredYears(tx));
  AFTERCARE_ASSIGN_OR_RETURN(out.version, HolidayVersion(tx));
  for (const HolidayYear& y : out.stored) {
    out.shipped.cn.off.insert(out.shipped.cn.off.end(), y.off.begin(), y.off.end());
    out.shipped.cn.work.insert(out.shipped.cn.work.end(), y.work.begin(), y.work.end());
  }
  std::sort(out.shipped.cn.off.begin(), out.shipped.cn.off.end());
  std::sort(out.shipped.cn.work.begin(), out.shipped.cn.work.end());
  return out;
}

Result<std::vector<HolidayYear>> ListHolidayYears(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<HolidayYear>> {
    std::vector<HolidayYear> out;
    for (int year : ShippedYears()) out.push_back(Shipped(year));
    AFTERCARE_ASSIGN_OR_RETURN(auto stored, StoredYears(tx));
    for (auto& y : stored) out.push_back(std::move(y));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
    return out;
  });
}

Result<HolidayYear> GetHolidayYear(store::Database& db, const Context& ctx, int year) {
  AFTERCARE_ASSIGN_OR_RETURN(auto years, ListHolidayYears(db, ctx));
  for (auto& y : years) {
    if (y.year == year) return y;
  }
  return Error{ErrorCode::kNotFound, "no holiday data for " + std::to_string(year), {}, 0, {}};
}

Result<HolidayYear> PutHolidayYear(store::Database& db, const Context& ctx, int year,
                                   std::vector<LocalDate> off, std::vector<LocalDate> work) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  if (year < 2000 || year > 2100) return Error::Invalid("year must be 2000 to 2100", 0, "year");
  if (ShippedYears().count(year)) {
    return Error{ErrorCode::kConflict,
                 std::to_string(year) + " ships with aftercare and cannot be changed here",
                 "year",
                 0,
                 {}};
  }
  for (auto [list, name] : {std::pair{&off, "off"}, std::pair{&work, "work"}}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
    for (LocalDate d : *list) {
      if (YearOf(d) != year) {
        return Error::Invalid(
            std::string(name) + ": " + FormatDate(d) + " is not in " + std::to_string(year), 0,
            name);
      }
    }
  }
  for (LocalDate d : work) {
    if (std::binary_search(off.begin(), off.end(), d)) {
      return Error::Invalid("work: " + FormatDate(d) + " is also a day off", 0, "work");
    }
  }
  nlohmann::json body = {{"off", nlohmann::json::array()}, {"work", nlohmann::json::array()}};
  for (LocalDate d : off) body["off"].push_back(FormatDate(d));
  for (LocalDate d : work) body["work"].push_back(FormatDate(d));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<HolidayYear> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto old, tx.Query("SELECT body FROM holiday_years WHERE year = $1", {std::int64_t{year}}));
    nlohmann::json before = old.empty()
                                ? nlohmann::json(nullptr)
                                : nlohmann::json::parse(old[0].Text("body"), nullptr, false);
    // updated_at only grows, so the version seen by policy caches always changes.
    AFTERCARE_ASSIGN_OR_RETURN(
        auto last,
        tx.Query("SELECT COALESCE(MAX(updated_at), 0) AS updated_at FROM holiday_years"));
    std::int64_t stamp = std::max(ctx.now.unix, last.at(0).Int("updated_at") + 1);
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM holiday_years WHERE year = $1", {std::int64_t{year}}));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO holiday_years (year, body, updated_by, updated_at) "
                "VALUES ($1, $2, $3, $4)",
                {std::int64_t{year}, body.dump(), ctx.actor->user_id, stamp}));
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "update", "holiday_year", std::to_string(year), before, body));
    // Working calendars on the Chinese schedule change: every open ticket's clocks
    // (their due instants, the queue, the timers) are recomputed with the new year.
    AFTERCARE_RETURN_IF_ERROR(RecomputeOpenTickets(tx, std::nullopt, ctx.now));
    return HolidayYear{year, "stored", off, work};
  });
}

}  // namespace aftercare::service
