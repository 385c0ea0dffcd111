// Issue 14's satisfaction dashboard benchmark (bench/surveys_bench.sh; QA-5): seeds N
// surveys (default 300,000) over the last 24 months straight through the store, each
// with its resolved ticket, spread over 200 customers, 10 teams of 5 engineers and
// the request types, about 80 % answered (a few with the 0-10 question); then times
// the dashboard's query (service::surveys::SatisfactionAnalytics: by month and
// dimension, and split by team, engineer, customer and type), each 5 times, and
// prints the best and the median.
//
// Usage: surveys_bench DB_URL [N] [--query-only]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "row_batch.h"
#include "service/surveys/surveys.h"
#include "store/migrations.h"

namespace {

using namespace aftercare;
using bench::Check;

constexpr int kCustomers = 200, kTeams = 10, kEngineersPerTeam = 5, kMonths = 24;
const char* kTypes[] = {"fault", "fault", "fault", "consulting", "upgrade", "training"};

// Customers, teams with their leaders and engineers (users 1..), one manager (id 1).
void SeedPeople(store::Database& db, Instant now) {
  auto tx = db.Begin(true);
  Check(tx.status(), "begin");
  auto& t = **tx;
  Check(t.Exec("INSERT INTO users (login, display_name, role, password_hash, created_at) VALUES "
               "('manager', '经理', 'manager', 'x', $1)",
               {now.unix}),
        "manager");
  for (int c = 1; c <= kCustomers; ++c) {
    Check(t.Exec("INSERT INTO customers (name, created_at) VALUES ($1, $2)",
                 {"客户" + std::to_string(c), now.unix}),
          "customer");
  }
  for (int k = 1; k <= kTeams; ++k) {
    Check(t.Exec("INSERT INTO teams (name) VALUES ($1)", {"服务组" + std::to_string(k)}), "team");
    for (int e = 0; e <= kEngineersPerTeam; ++e) {
      const std::string login = "t" + std::to_string(k) + "u" + std::to_string(e);
      Check(t.Exec("INSERT INTO users (login, display_name, role, team_id, password_hash, "
                   "created_at) VALUES ($1, $1, $2, $3, 'x', $4)",
                   {login, std::string(e == 0 ? "team_leader" : "engineer"), std::int64_t{k},
                    now.unix}),
            "user");
    }
  }
  Check(t.Commit(), "commit");
}

void Seed(store::Database& db, std::int64_t n, Instant now) {
  SeedPeople(db, now);
  std::minstd_rand rng(14);
  std::uniform_int_distribution<int> score(1, 5), good(3, 5), nps(0, 10), pct(0, 99);
  const Instant first = now - static_cast<Seconds>(kMonths) * 30 * kSecondsPerDay;
  constexpr std::int64_t kPerTx = 20000;
  for (std::int64_t done = 0; done < n;) {
    auto tx = db.Begin(true);
    Check(tx.status(), "begin");
    bench::RowBatch tickets(**tx,
                            "INSERT INTO tickets (id, customer_id, channel, type, priority, "
                            "status, title, received_at, assignee_id, created_at, updated_at) "
                            "VALUES ",
                            "($, $, 'phone', $, 'P3', 'closed', '压测工单', $, $, $, $)", 80);
    bench::RowBatch surveys(
        **tx,
        "INSERT INTO surveys (id, kind, ticket_id, customer_id, team_id, engineer_id, "
        "request_type, token_hash, sent_at, month, expires_at, answered_at, source, s_attitude, "
        "s_efficiency, s_communication, s_completeness, s_usability, s_timeliness, overall, nps) "
        "VALUES ",
        "($, 'service', $, $, $, $, $, $, $, $, $, $, $, $, $, $, $, $, $, $, $)", 40, &tickets);
    for (std::int64_t i = 0; i < kPerTx && done < n; ++i, ++done) {
      const std::int64_t id = done + 1;
      const Instant at = first + (now.unix - first.unix) * done / n;
      const std::string day = FormatDate(DefaultZone().LocalDateOf(at));
      const std::int64_t month = std::stoll(day.substr(0, 4)) * 100 + std::stoll(day.substr(5, 2));
      const std::int64_t customer = 1 + done % kCustomers, team = 1 + done % kTeams;
      const std::int64_t engineer =
          2 + (team - 1) * (kEngineersPerTeam + 1) + 1 + (done / kTeams) % kEngineersPerTeam;
      const std::string type = kTypes[done % 6];
      Check(tickets.Add({id, customer, type, at.unix - 7200, engineer, at.unix - 7200, at.unix}),
            "ticket");
      const bool answered = pct(rng) < 80;
      std::vector<store::Value> row = {id,
                                       id,
                                       customer,
                                       team,
                                       engineer,
                                       type,
                                       "h" + std::to_string(id),
                                       at.unix,
                                       month,
                                       at.unix + 28 * kSecondsPerDay};
      if (answered) {
        row.insert(row.end(), {at.unix + 86400, std::string("link")});
        const bool unhappy = pct(rng) < 5;
        for (int d = 0; d < 7; ++d)
          row.emplace_back(std::int64_t{unhappy ? score(rng) : good(rng)});
        row.emplace_back(pct(rng) < 10 ? store::Value(std::int64_t{nps(rng)}) : store::Null{});
      } else {
        for (int k = 0; k < 10; ++k) row.emplace_back(store::Null{});
      }
      Check(surveys.Add(std::move(row)), "survey");
    }
    Check(surveys.Flush(), "surveys");
    Check((*tx)->Commit(), "commit");
  }
  if (db.dialect() == store::Dialect::kPostgres) {
    auto tx = db.Begin(true);
    Check(tx.status(), "begin");
    for (const char* table : {"tickets", "surveys"}) {
      Check((*tx)->Exec(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                        "', 'id'), (SELECT MAX(id) FROM " + table + "))"),
            "sequence");
    }
    Check((*tx)->Exec("ANALYZE"), "analyze");
    Check((*tx)->Commit(), "commit");
  }
}

int Month(Instant t, int back) {
  const std::string day = FormatDate(DefaultZone().LocalDateOf(t));
  int m = std::stoi(day.substr(0, 4)) * 12 + std::stoi(day.substr(5, 2)) - 1 - back;
  return (m / 12) * 100 + m % 12 + 1;
}

void Time(store::Database& db, const char* what, service::surveys::AnalyticsQuery q) {
  service::Context ctx{service::Actor{1, "manager", service::Role::kManager, std::nullopt, "经理"},
                       "bench", Now()};
  std::vector<double> ms;
  std::int64_t answered = 0;
  for (int i = 0; i < 5; ++i) {
    auto t0 = bench::Clock::now();
    auto a = service::surveys::SatisfactionAnalytics(db, ctx, q);
    Check(a.status(), what);
    ms.push_back(bench::SecondsSince(t0) * 1000);
    answered = a->total.answered;
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-42s best %7.1f ms  median %7.1f ms  (%lld answers)\n", what, ms[0], ms[2],
              static_cast<long long>(answered));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: surveys_bench DB_URL [N] [--query-only]\n");
    return 2;
  }
  const std::int64_t n = argc > 2 && argv[2][0] != '-' ? std::atoll(argv[2]) : 300'000;
  const bool query_only = argc > 3 && std::strcmp(argv[3], "--query-only") == 0;
  auto db = store::OpenDatabase(argv[1]);
  Check(db.status(), "open");
  const Instant now = Now();
  if (!query_only) {
    Check(store::Migrate(**db).status(), "migrate");
    auto t0 = bench::Clock::now();
    Seed(**db, n, now);
    std::printf("seeded %lld surveys (and their tickets) in %.1f s\n", static_cast<long long>(n),
                bench::SecondsSince(t0));
  }
  Time(**db, "6 months by month and dimension", {Month(now, 5), Month(now, 0), ""});
  Time(**db, "12 months by month and dimension", {Month(now, 11), Month(now, 0), ""});
  Time(**db, "24 months by month and dimension", {Month(now, 23), Month(now, 0), ""});
  for (const char* by : {"team", "engineer", "customer", "type"}) {
    Time(**db, (std::string("6 months, split by ") + by).c_str(),
         {Month(now, 5), Month(now, 0), by});
  }
  return 0;
}
