// Seeds a migrated database for the service benchmarks, straight through the store
// in large transactions. Not a test, not the service path: it only makes a big
// database quickly.
//
// Default: N generated tickets (default 1,000,000) with their SLA events, one
// customer, one bid-default contract, about 8% still open (in the queue) with a
// next-due key.
//
// --teams (issue 14's slowest links, bench/links_bench.sh): also five teams of one
// engineer each (users 1-5, teams 1-5), every ticket assigned to one of them in turn,
// with its `assigned` entry and a note after `received` (flow records: no SLA event).
//
// --open-clocks (issue 12's alerts benchmark, bench/alerts_bench.sh): N open
// tickets, all with running clocks, received in the two hours before now (the wall
// clock) and assigned to an engineer, on contract 1 (BENCH-1) whose stored policy
// `bench-office` has a 24x7 `response` metric and an office-hours `resolution`
// metric on a calendar with `builtin_holidays: cn` (its due lies weeks ahead, past
// the new year, so a holiday year moves it). Contract 2 (BENCH-HOT, same policy, no
// tickets) is for the benchmark's own tickets; its `acknowledge` metric (10 minutes,
// im only) has no ticket here. Users: 1 admin, 2 manager, 3 team leader (of team
// 1), 4 engineer (team 1). Stored due instants are left empty (queue key "no due"),
// and there are no timers: the benchmark's first recomputation fills both.
//
// Usage: seed_store DB_URL [N] [--open-clocks | --teams]
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "row_batch.h"
#include "store/db.h"
#include "store/migrations.h"
#include "ticket_gen.h"

using aftercare::bench::RowBatch;

namespace {

using namespace aftercare;

void Check(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "seed_store: %s (%s)\n", s.error().message.c_str(),
                 s.error().detail.c_str());
    std::exit(1);
  }
}

std::unique_ptr<store::Transaction> BeginWrite(store::Database& db) {
  auto tx = db.Begin(true);
  if (!tx.ok()) Check(tx.error());
  return std::move(*tx);
}

// A contract of customer 1 on `policy`.
void AddContract(store::Transaction& tx, const char* number, const char* policy, std::int64_t now) {
  Check(tx.Exec(
      "INSERT INTO contracts (customer_id, number, value_fen, penalty_rate, policy, cure_days, "
      "tz, signed_on, construction_deadline, warranty_months, free_resident_engineers, "
      "coverage_from, coverage_to, created_at) VALUES (1, $1, 100000000, '0.0003', $2, 30, "
      "'Asia/Shanghai', '2019-01-01', '2019-03-01', 120, 1, '2019-01-01', '2030-12-31', $3)",
      {std::string(number), std::string(policy), now}));
}

// Explicit ids do not advance PostgreSQL's identity sequence.
void ResetTicketSequence(store::Database& db) {
  if (db.dialect() != store::Dialect::kPostgres) return;
  auto tx = BeginWrite(db);
  Check(tx->Exec(
      "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets))"));
  Check(tx->Commit());
}

// Multi-row INSERTs: one round trip per hundred rows or so (SQLite looks `$n` up
// linearly, so far longer statements get slower again), which is what makes a
// million tickets quick to seed over libpq as well as in SQLite.
RowBatch TicketRows(store::Transaction& tx, const char* row) {
  return RowBatch(tx,
                  "INSERT INTO tickets (id, customer_id, contract_id, channel, type, priority, "
                  "status, title, received_at, next_due_at, queue_key, assignee_id, created_at, "
                  "updated_at) VALUES ",
                  row, 64);
}
RowBatch EventRows(store::Transaction& tx, RowBatch& tickets) {
  return RowBatch(tx, "INSERT INTO ticket_events (ticket_id, seq, at, kind, to_priority) VALUES ",
                  "($, $, $, $, $)", 128, &tickets);
}

constexpr std::int64_t kTeams = 5;

// --teams: teams 1-5 with engineers 1-5.
void SeedTeams(store::Transaction& tx, std::int64_t now) {
  for (std::int64_t i = 1; i <= kTeams; ++i) {
    Check(tx.Exec("INSERT INTO teams (name) VALUES ($1)", {"压测" + std::to_string(i) + "组"}));
    Check(tx.Exec(
        "INSERT INTO users (login, display_name, role, team_id, password_hash, created_at) "
        "VALUES ($1, $2, 'engineer', $3, '!', $4)",
        {"bench-engineer-" + std::to_string(i), "压测工程师" + std::to_string(i), i, now}));
  }
}

// The default: a history of N tickets, about 8% open, on one bid-default contract.
void SeedHistory(store::Database& db, std::size_t n, bool teams) {
  const std::int64_t now = ParseRfc3339("2027-01-01T00:00:00+08:00")->unix;
  {
    auto tx = BeginWrite(db);
    Check(tx->Exec("INSERT INTO customers (name, created_at) VALUES ('压测客户', $1)", {now}));
    AddContract(*tx, "BENCH-1", "bid-default", now);
    if (teams) SeedTeams(*tx, now);
    Check(tx->Commit());
  }
  const std::size_t kBatch = 20'000;
  std::size_t done = 0;
  std::mt19937_64 rng(7);
  while (done < n) {
    std::size_t count = std::min(kBatch, n - done);
    auto tickets = bench::GenerateTickets(count, 1000 + done);
    auto tx = BeginWrite(db);
    RowBatch ticket_rows = TicketRows(*tx, "($, 1, 1, $, $, $, $, $, $, $, $, $, $, $)");
    RowBatch event_rows = EventRows(*tx, ticket_rows);
    for (std::size_t i = 0; i < count; ++i) {
      const sla::Ticket& t = tickets[i];
      store::Value assignee = store::Null{};
      if (teams) assignee = static_cast<std::int64_t>((done + i) % kTeams + 1);
      std::int64_t id = static_cast<std::int64_t>(done + i + 1);
      bool open = rng() % 100 < 8;
      std::string status = open ? "active" : "closed";
      store::Value queue = store::Null{};
      if (open) queue = t.events.front().at.unix + 3600;
      char number[32];
      std::snprintf(number, sizeof number, "TK-%06lld", static_cast<long long>(id));
      std::int64_t received = t.events.front().at.unix;
      Check(ticket_rows.Add({id, std::string(sla::Name(t.channel)), std::string(sla::Name(t.type)),
                             std::string(sla::Name(t.priority)), status,
                             std::string("压测工单 ") + number, received, queue, queue, assignee,
                             received, received}));
      std::int64_t seq = 0;
      for (const sla::Event& e : t.events) {
        if (open && e.kind != sla::EventKind::kReceived &&
            e.kind != sla::EventKind::kFirstContact) {
          continue;
        }
        store::Value to = store::Null{};
        if (e.kind == sla::EventKind::kPriority) to = std::string(sla::Name(e.to));
        if (e.kind == sla::EventKind::kReceived) to = std::string(sla::Name(t.priority));
        Check(event_rows.Add({id, ++seq, e.at.unix, std::string(sla::Name(e.kind)), to}));
        // --teams: the assignment and an engineer's note beside the SLA events, as
        // the flow records them (about 7.5 events a ticket in all).
        if (teams && e.kind == sla::EventKind::kReceived) {
          Check(event_rows.Add({id, ++seq, e.at.unix, std::string("assigned"), store::Null{}}));
          Check(event_rows.Add({id, ++seq, e.at.unix, std::string("note"), store::Null{}}));
        }
      }
    }
    Check(event_rows.Flush());
    Check(ticket_rows.Flush());
    Check(tx->Commit());
    done += count;
    std::fprintf(stderr, "\rseed_store: %zu tickets", done);
  }
  ResetTicketSequence(db);
}

// --open-clocks: the policy (see the header), the people, two contracts.
constexpr const char* kBenchPolicy =
    "calendars:\n"
    "  office:\n"
    "    week: {mon: [\"09:00-18:00\"], tue: [\"09:00-18:00\"], wed: [\"09:00-18:00\"],\n"
    "           thu: [\"09:00-18:00\"], fri: [\"09:00-18:00\"]}\n"
    "    builtin_holidays: cn\n"
    "policy:\n"
    "  name: bench-office\n"
    "  metrics:\n"
    "    - {name: acknowledge, kind: response, start: received, stop: first_contact,\n"
    "       target: {default: 10m}, channels: [im]}\n"
    "    - {name: response, kind: response, start: received, stop: diagnosed,\n"
    "       target: {P1: 4h, P2: 8h, default: 24h}, channels: [phone, email, portal, onsite]}\n"
    "    - {name: resolution, kind: handling, start: received, stop: resolved,\n"
    "       target: {P1: 10d, default: 20d}, calendar: office, pause: [waiting_customer]}\n";

void SeedPeopleAndContracts(store::Database& db, std::int64_t now) {
  auto tx = BeginWrite(db);
  Check(tx->Exec("INSERT INTO customers (name, created_at) VALUES ('压测客户', $1)", {now}));
  Check(
      tx->Exec("INSERT INTO sla_policies (name, body, created_at) VALUES ('bench-office', $1, $2)",
               {std::string(kBenchPolicy), now}));
  AddContract(*tx, "BENCH-1", "bench-office", now);
  AddContract(*tx, "BENCH-HOT", "bench-office", now);
  Check(tx->Exec("INSERT INTO teams (name) VALUES ('压测一组')"));
  const char* people[][3] = {{"bench-admin", "压测管理员", "admin"},
                             {"bench-manager", "压测经理", "manager"},
                             {"bench-leader", "压测组长", "team_leader"},
                             {"bench-engineer", "压测工程师", "engineer"}};
  for (const auto& [login, name, role] : people) {
    std::string r = role;
    store::Value team = (r == "team_leader" || r == "engineer") ? store::Value(std::int64_t{1})
                                                                : store::Value(store::Null{});
    Check(tx->Exec(
        "INSERT INTO users (login, display_name, role, team_id, password_hash, created_at) "
        "VALUES ($1, $2, $3, $4, '!', $5)",
        {std::string(login), std::string(name), r, team, now}));
  }
  Check(tx->Exec("UPDATE teams SET leader_id = 3 WHERE id = 1"));
  Check(tx->Commit());
}

void SeedOpenClocks(store::Database& db, std::size_t n) {
  const std::int64_t now = Now().unix;
  SeedPeopleAndContracts(db, now);
  const std::int64_t kNoDue = 253402300799;
  const char* channels[] = {"phone", "email", "portal", "onsite"};
  const char* types[] = {"fault", "fault", "fault", "installation", "health_check", "complaint"};
  const char* priorities[] = {"P1", "P2", "P3", "P4"};
  std::mt19937_64 rng(12);
  const std::size_t kBatch = 50'000;
  for (std::size_t done = 0; done < n;) {
    std::size_t count = std::min(kBatch, n - done);
    auto tx = BeginWrite(db);
    RowBatch ticket_rows = TicketRows(*tx, "($, 1, 1, $, $, $, 'active', $, $, NULL, $, 4, $, $)");
    RowBatch event_rows = EventRows(*tx, ticket_rows);
    for (std::size_t i = 0; i < count; ++i) {
      std::int64_t id = static_cast<std::int64_t>(done + i + 1);
      std::int64_t received = now - 60 - static_cast<std::int64_t>(rng() % 7140);
      std::string priority = priorities[rng() % 4];
      Check(ticket_rows.Add({id, std::string(channels[rng() % 4]), std::string(types[rng() % 6]),
                             priority, "压测工单 " + std::to_string(id), received, kNoDue, received,
                             received}));
      Check(event_rows.Add({id, std::int64_t{1}, received, std::string("received"), priority}));
    }
    Check(event_rows.Flush());
    Check(ticket_rows.Flush());
    Check(tx->Commit());
    done += count;
    std::fprintf(stderr, "\rseed_store: %zu open tickets", done);
  }
  ResetTicketSequence(db);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args;
  bool open_clocks = false, teams = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--open-clocks") {
      open_clocks = true;
    } else if (std::string(argv[i]) == "--teams") {
      teams = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  if (args.empty()) {
    std::fprintf(stderr, "usage: seed_store DB_URL [N] [--open-clocks | --teams]\n");
    return 2;
  }
  std::size_t n = args.size() > 1 ? std::strtoull(args[1].c_str(), nullptr, 10) : 1'000'000;
  auto db = store::OpenDatabase(args[0]);
  if (!db.ok()) {
    std::fprintf(stderr, "seed_store: %s %s\n", db.error().message.c_str(),
                 db.error().detail.c_str());
    return 1;
  }
  if (auto m = store::Migrate(**db); !m.ok()) {
    std::fprintf(stderr, "seed_store: %s\n", m.error().message.c_str());
    return 1;
  }
  if (open_clocks) {
    SeedOpenClocks(**db, n);
  } else {
    SeedHistory(**db, n, teams);
  }
  std::fprintf(stderr, "\n");
  return 0;
}
