// Seeds a migrated database with N generated tickets (default 1,000,000) for the
// service benchmarks, straight through the store in large transactions: one
// customer, one bid-default contract, the tickets with their SLA events, about 8%
// still open (in the queue) with a next-due key. Not a test, not the service path:
// it only makes a big database quickly. Usage: seed_store DB_URL [N]
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"
#include "store/migrations.h"
#include "ticket_gen.h"

namespace {

// Accumulates rows for one multi-row INSERT and sends it every `rows_per_statement`
// rows. `row` is the row's VALUES tuple with each parameter written as a bare `$`.
// `parent`, when given, is flushed first (rows that this batch's rows refer to).
class RowBatch {
 public:
  RowBatch(aftercare::store::Transaction& tx, std::string prefix, std::string row,
           std::size_t rows_per_statement, RowBatch* parent = nullptr)
      : tx_(tx),
        prefix_(std::move(prefix)),
        row_(std::move(row)),
        limit_(rows_per_statement),
        parent_(parent) {}

  aftercare::Status Add(std::vector<aftercare::store::Value> values) {
    for (auto& v : values) params_.push_back(std::move(v));
    if (++rows_ == limit_) return Flush();
    return {};
  }

  aftercare::Status Flush() {
    if (rows_ == 0) return {};
    if (parent_) {
      if (auto status = parent_->Flush(); !status.ok()) return status;
    }
    std::string sql = prefix_;
    std::size_t n = 0;
    for (std::size_t r = 0; r < rows_; ++r) {
      if (r) sql += ", ";
      for (char c : row_) {
        if (c == '$') {
          sql += '$' + std::to_string(++n);
        } else {
          sql += c;
        }
      }
    }
    auto status = tx_.Exec(sql, params_);
    params_.clear();
    rows_ = 0;
    return status;
  }

 private:
  aftercare::store::Transaction& tx_;
  std::string prefix_;
  std::string row_;
  std::size_t limit_;
  RowBatch* parent_;
  std::size_t rows_ = 0;
  std::vector<aftercare::store::Value> params_;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace aftercare;
  if (argc < 2) {
    std::fprintf(stderr, "usage: seed_store DB_URL [N]\n");
    return 2;
  }
  std::size_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1'000'000;
  auto db = store::OpenDatabase(argv[1]);
  if (!db.ok()) {
    std::fprintf(stderr, "seed_store: %s %s\n", db.error().message.c_str(),
                 db.error().detail.c_str());
    return 1;
  }
  if (auto m = store::Migrate(**db); !m.ok()) {
    std::fprintf(stderr, "seed_store: %s\n", m.error().message.c_str());
    return 1;
  }
  auto check = [](const Status& s) {
    if (!s.ok()) {
      std::fprintf(stderr, "seed_store: %s (%s)\n", s.error().message.c_str(),
                   s.error().detail.c_str());
      std::exit(1);
    }
  };
  const std::int64_t now = ParseRfc3339("2027-01-01T00:00:00+08:00")->unix;
  {
    auto tx = (*db)->Begin(true);
    check((*tx)->Exec("INSERT INTO customers (name, created_at) VALUES ('压测客户', $1)", {now}));
    check((*tx)->Exec(
        "INSERT INTO contracts (customer_id, number, value_fen, penalty_rate, policy, cure_days, "
        "tz, "
        "signed_on, construction_deadline, warranty_months, free_resident_engineers, "
        "coverage_from, "
        "coverage_to, created_at) VALUES (1, 'BENCH-1', 100000000, '0.0003', 'bid-default', 30, "
        "'Asia/Shanghai', '2019-01-01', '2019-03-01', 120, 1, '2019-01-01', '2030-12-31', $1)",
        {now}));
    check((*tx)->Commit());
  }
  const std::size_t kBatch = 20'000;
  std::size_t done = 0;
  std::mt19937_64 rng(7);
  while (done < n) {
    std::size_t count = std::min(kBatch, n - done);
    auto tickets = bench::GenerateTickets(count, 1000 + done);
    auto tx = (*db)->Begin(true);
    if (!tx.ok()) return 1;
    // Multi-row INSERTs: one round trip per hundred rows or so (SQLite looks `$n` up
    // linearly, so far longer statements get slower again), which is what makes a
    // million tickets quick to seed over libpq as well as in SQLite.
    RowBatch ticket_rows(**tx,
                         "INSERT INTO tickets (id, customer_id, contract_id, channel, type, "
                         "priority, status, title, received_at, next_due_at, queue_key, "
                         "created_at, updated_at) VALUES ",
                         "($, 1, 1, $, $, $, $, $, $, $, $, $, $)", 64);
    RowBatch event_rows(**tx,
                        "INSERT INTO ticket_events (ticket_id, seq, at, kind, to_priority) VALUES ",
                        "($, $, $, $, $)", 128, &ticket_rows);
    for (std::size_t i = 0; i < count; ++i) {
      const sla::Ticket& t = tickets[i];
      std::int64_t id = static_cast<std::int64_t>(done + i + 1);
      bool open = rng() % 100 < 8;
      std::string status = open ? "active" : "closed";
      store::Value queue = store::Null{};
      if (open) queue = t.events.front().at.unix + 3600;
      char number[32];
      std::snprintf(number, sizeof number, "TK-%06lld", static_cast<long long>(id));
      std::int64_t received = t.events.front().at.unix;
      check(ticket_rows.Add({id, std::string(sla::Name(t.channel)), std::string(sla::Name(t.type)),
                             std::string(sla::Name(t.priority)), status,
                             std::string("压测工单 ") + number, received, queue, queue, received,
                             received}));
      std::int64_t seq = 0;
      for (const sla::Event& e : t.events) {
        if (open && e.kind != sla::EventKind::kReceived &&
            e.kind != sla::EventKind::kFirstContact) {
          continue;
        }
        store::Value to = store::Null{};
        if (e.kind == sla::EventKind::kPriority) to = std::string(sla::Name(e.to));
        if (e.kind == sla::EventKind::kReceived) to = std::string(sla::Name(t.priority));
        check(event_rows.Add({id, ++seq, e.at.unix, std::string(sla::Name(e.kind)), to}));
      }
    }
    check(event_rows.Flush());
    check(ticket_rows.Flush());
    check((*tx)->Commit());
    done += count;
    std::fprintf(stderr, "\rseed_store: %zu tickets", done);
  }
  if ((*db)->dialect() == store::Dialect::kPostgres) {
    // Explicit ids do not advance PostgreSQL's identity sequence.
    auto tx = (*db)->Begin(true);
    check((*tx)->Exec(
        "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets))"));
    check((*tx)->Commit());
  }
  std::fprintf(stderr, "\n");
  return 0;
}
