// Issue 15's team calendar benchmark (bench/calendar_bench.sh): 10 teams of 50
// engineers over 200 customers, each engineer with about three planned entries a
// working week (inspections, return visits, exchange visits, installations) for
// three years around today (about 230,000 entries); then times the calendar's read
// (service::calendar::List, what GET /api/v1/calendar answers) of one team of 50
// engineers over 3 months, of one engineer over 3 months and of every team over one
// month, each 7 times, and prints the best and the median.
//
// Usage: calendar_bench DB_URL [--query-only]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_support.h"
#include "row_batch.h"
#include "service/calendar/calendar.h"
#include "store/migrations.h"

namespace {

using namespace aftercare;
using bench::Check;

constexpr int kCustomers = 200, kTeams = 10, kEngineersPerTeam = 50;
constexpr int kDaysBack = 540, kDaysAhead = 540;
const char* kSources[] = {"inspection", "return_visit", "exchange_visit", "installation"};

// Users: 1 the manager, then per team its leader and engineers.
std::int64_t EngineerId(int team, int e) { return 2 + team * (kEngineersPerTeam + 1) + 1 + e; }

void SeedPeople(store::Transaction& t, Instant now) {
  Check(t.Exec("INSERT INTO users (login, display_name, role, password_hash, created_at) VALUES "
               "('manager', '经理', 'manager', 'x', $1)",
               {now.unix}),
        "manager");
  for (int c = 1; c <= kCustomers; ++c) {
    Check(t.Exec("INSERT INTO customers (name, created_at) VALUES ($1, $2)",
                 {"客户" + std::to_string(c), now.unix}),
          "customer");
  }
  for (int k = 0; k < kTeams; ++k) {
    Check(t.Exec("INSERT INTO teams (name) VALUES ($1)", {"服务组" + std::to_string(k + 1)}),
          "team");
    for (int e = -1; e < kEngineersPerTeam; ++e) {
      const std::string login = "t" + std::to_string(k) + "u" + std::to_string(e + 1);
      Check(t.Exec("INSERT INTO users (login, display_name, role, team_id, password_hash, "
                   "created_at) VALUES ($1, $1, $2, $3, 'x', $4)",
                   {login, std::string(e < 0 ? "team_leader" : "engineer"),
                    std::int64_t{k + 1}, now.unix}),
            "user");
    }
  }
}

std::int64_t Seed(store::Database& db, Instant now) {
  {
    auto tx = db.Begin(true);
    Check(tx.status(), "begin");
    SeedPeople(**tx, now);
    Check((*tx)->Commit(), "commit");
  }
  const LocalDate today = DefaultZone().LocalDateOf(now);
  std::int64_t id = 0;
  for (int day = -kDaysBack; day < kDaysAhead; ++day) {
    const LocalDate d = today + day;
    const int dow = ((d.days + 3) % 7 + 7) % 7;  // 0 Monday (1970-01-01 was a Thursday)
    if (dow >= 5) continue;
    auto tx = db.Begin(true);
    Check(tx.status(), "begin");
    bench::RowBatch rows(**tx,
                         "INSERT INTO calendar_entries (source, source_id, customer_id, "
                         "engineer_id, team_id, starts_at, ends_at, title, state, updated_at) "
                         "VALUES ",
                         "($, $, $, $, $, $, $, $, $, $)", 60);
    for (int k = 0; k < kTeams; ++k) {
      for (int e = 0; e < kEngineersPerTeam; ++e) {
        if ((e + day) % 5 >= 3) continue;  // three days of five
        ++id;
        const Instant start = DefaultZone().ToInstant(d, (9 + id % 6) * 3600);
        Check(rows.Add({std::string(kSources[id % 4]), id, std::int64_t{1 + id % kCustomers},
                        EngineerId(k, e), std::int64_t{k + 1}, start.unix, start.unix + 2 * 3600,
                        std::string("压测日程 ") + std::to_string(id),
                        std::string(day < 0 ? "done" : "planned"), now.unix}),
              "entry");
      }
    }
    Check(rows.Flush(), "entries");
    Check((*tx)->Commit(), "commit");
  }
  if (db.dialect() == store::Dialect::kPostgres) {
    auto tx = db.Begin(true);
    Check(tx.status(), "begin");
    Check((*tx)->Exec("ANALYZE"), "analyze");
    Check((*tx)->Commit(), "commit");
  }
  return id;
}

void Time(store::Database& db, const char* what, service::calendar::Filter f) {
  service::Context ctx{service::Actor{1, "manager", service::Role::kManager, std::nullopt, "经理"},
                       "bench", Now()};
  std::vector<double> ms;
  std::size_t n = 0;
  bool truncated = false;
  for (int i = 0; i < 7; ++i) {
    auto t0 = bench::Clock::now();
    auto w = service::calendar::List(db, ctx, f);
    Check(w.status(), what);
    ms.push_back(bench::SecondsSince(t0) * 1000);
    n = w->items.size();
    truncated = w->truncated;
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-40s best %7.1f ms  median %7.1f ms  (%zu entries%s)\n", what, ms[0], ms[3], n,
              truncated ? ", truncated" : "");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: calendar_bench DB_URL [--query-only]\n");
    return 2;
  }
  const bool query_only = argc > 2 && std::strcmp(argv[2], "--query-only") == 0;
  auto db = store::OpenDatabase(argv[1]);
  Check(db.status(), "open");
  const Instant now = Now();
  if (!query_only) {
    Check(store::Migrate(**db).status(), "migrate");
    auto t0 = bench::Clock::now();
    const std::int64_t n = Seed(**db, now);
    std::printf("seeded %lld calendar entries in %.1f s\n", static_cast<long long>(n),
                bench::SecondsSince(t0));
  }
  const TimeZone& tz = DefaultZone();
  const LocalDate today = tz.LocalDateOf(now);
  service::calendar::Filter quarter;
  quarter.from = tz.ToInstant(today, 0);
  quarter.to = tz.ToInstant(today + 92, 0);
  service::calendar::Filter team = quarter;
  team.team_id = 3;
  Time(**db, "one team of 50 engineers, 3 months", team);
  service::calendar::Filter one = quarter;
  one.engineer_id = EngineerId(2, 7);
  Time(**db, "one engineer, 3 months", one);
  service::calendar::Filter month = quarter;
  month.to = tz.ToInstant(today + 31, 0);
  Time(**db, "every team, 1 month (5000 at most)", month);
  return 0;
}
