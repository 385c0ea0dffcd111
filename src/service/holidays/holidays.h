// The Chinese holiday schedule (SLA-3): the shipped years (data/holidays/cn.json,
// read-only) and the years an administrator enters once the State Council
// publishes them (a year the shipped data lacks, e.g. 2027). Every calendar with
// `builtin_holidays: cn` uses both, in the live views and in scenario exports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/context.h"
#include "sla/calendar.h"
#include "sla/shipped.h"
#include "store/db.h"

namespace aftercare::service {

struct HolidayYear {
  int year = 0;
  std::string source;  // "shipped" or "stored"
  std::vector<LocalDate> off, work;
};

// Every year with data, shipped and stored, in order (any logged-in user).
Result<std::vector<HolidayYear>> ListHolidayYears(store::Database& db, const Context& ctx);
// One year; kNotFound when it has no data (its weeks are then ordinary).
Result<HolidayYear> GetHolidayYear(store::Database& db, const Context& ctx, int year);
// Administrators enter or replace a year the shipped data lacks (kConflict for a
// shipped year). Dates must lie in that year; a date cannot be both off and work.
Result<HolidayYear> PutHolidayYear(store::Database& db, const Context& ctx, int year,
                                   std::vector<LocalDate> off, std::vector<LocalDate> work);

// The shipped data with the stored years added, and a version that changes with
// every stored change (for caches of compiled policies).
struct CurrentHolidays {
  sla::Shipped shipped;
  std::string version;
  std::vector<HolidayYear> stored;
};
Result<CurrentHolidays> LoadCurrentHolidays(store::Transaction& tx);
// Just the version (one small query).
Result<std::string> HolidayVersion(store::Transaction& tx);

// For scenario exports: a stored policy document whose `builtin_holidays: cn`
// calendars also list the stored years' dates (days off as `holidays`, make-up days
// as `workdays` with the calendar's Monday hours), so that `aftercare sla replay`,
// which knows only the shipped years, computes what the live view does. Unchanged
// when there are no stored years.
Result<std::string> AddStoredHolidays(const std::string& policy_yaml,
                                      const std::vector<HolidayYear>& stored);

}  // namespace aftercare::service
