// `aftercare demo`'s data, one file per area (src/cli/demo/<area>_demo.cpp), each
// filling its part through the service layer with what the areas before it made.
// They load in the order of AFTERCARE_DEMO_AREAS: ids, audit entries and the
// ticket area's random draws follow it, so the data set (which the browser tests
// and screenshots depend on) is the same on every run at the same clock. Adding an
// area adds its file and one line there.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/channels/secret_box.h"
#include "service/context.h"
#include "store/db.h"

#define AFTERCARE_DEMO_AREAS(X) \
  X(Staff)                      \
  X(Customers)                  \
  X(Tickets)                    \
  X(Teams)                      \
  X(Notices)                    \
  X(Channels)                   \
  X(Mail)                       \
  X(Evidence)                   \
  X(Backups)                    \
  X(Complaints)                 \
  X(Links)                      \
  X(Defects)                    \
  X(Feedback)                   \
  X(Surveys)                    \
  X(Reports)                    \
  X(Inspections)                \
  X(Visits)                     \
  X(Releases)

namespace aftercare::cli::demo {

// What the areas share: the database, the clock, and what earlier areas made.
struct Demo {
  Demo(store::Database& database, Instant at);

  store::Database& db;
  Instant now;
  service::Context sys;  // the loader itself, an administrator
  // Seals the channels' secrets: the key `aftercare serve` will open them with.
  const service::SecretBox* secrets = nullptr;
  // DATA (empty: none; the backups demo then writes no file).
  std::string data_dir;

  struct Customer {
    std::int64_t id = 0, contract = 0;
    std::vector<std::int64_t> systems;
    std::string contact;  // who calls
  };
  std::map<std::string, std::int64_t> user_ids;    // by login, every user
  std::map<std::string, std::string> staff_names;  // by login, the vendor's staff
  std::vector<Customer> customers;
  int tickets = 0;

  // A staff member's context at `now`.
  service::Context As(const std::string& login, service::Role role) const;
};

#define AFTERCARE_DECLARE_DEMO_AREA(Area) Status Load##Area##Demo(Demo& demo);
AFTERCARE_DEMO_AREAS(AFTERCARE_DECLARE_DEMO_AREA)
#undef AFTERCARE_DECLARE_DEMO_AREA

}  // namespace aftercare::cli::demo
