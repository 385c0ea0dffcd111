// Issue 13's audit chain benchmark (bench/evidence_bench.sh): seeds N sealed audit
// entries (a realistic mix: ticket creations and events, reads, logins) straight
// through the store, then times `audit verify`'s walk (service::VerifyAuditChain)
// over all of them: wall and CPU time, entries per second.
//
// Usage: audit_bench DB_URL [N] [--verify-only]
#include <cstdio>
#include <cstring>
#include <string>

#include "bench_support.h"
#include "row_batch.h"
#include "service/audit/chain.h"
#include "store/migrations.h"

namespace {

using namespace aftercare;
using bench::Check;

void Seed(store::Database& db, std::int64_t n) {
  const Instant start = Now() - n;
  std::string prev(service::kGenesisHash);
  constexpr std::int64_t kPerTx = 50000;
  for (std::int64_t done = 0; done < n;) {
    auto tx = db.Begin(true);
    Check(tx.status(), "begin");
    bench::RowBatch rows(**tx,
                         "INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, "
                         "before_json, after_json, request_id, customer_id, seq, prev_hash, "
                         "hash) VALUES ",
                         "($, $, $, $, $, $, $, $, $, $, $, $, $)", 64);
    for (std::int64_t i = 0; i < kPerTx && done < n; ++i, ++done) {
      service::ChainEntry e;
      e.id = e.seq = done + 1;
      e.at = start.unix + done;
      e.actor_id = 2 + done % 7;
      e.customer_id = 1 + done % 4;
      e.request_id = "bench-" + std::to_string(done);
      switch (done % 4) {
        case 0:
          e.action = "create";
          e.entity = "ticket";
          e.after_json = R"({"channel":"phone","customer_id":1,"number":"TK-)" +
                         std::to_string(done) + R"(","priority":"P2","received_at":)" +
                         std::to_string(e.at) + R"(,"title":"打印机无法连接服务器"})";
          break;
        case 1:
          e.action = "event";
          e.entity = "ticket";
          e.before_json = R"({"priority":"P2","status":"active"})";
          e.after_json =
              R"({"at":)" + std::to_string(e.at) +
              R"(,"data":{},"kind":"first_contact","note":"已电话联系","priority":"P2","status":"active"})";
          break;
        case 2:
          e.action = "read";
          e.entity = "ticket";
          break;
        default:
          e.action = "list";
          e.entity = "ticket";
          e.after_json = R"({"count":50,"filter":{"status":"open"},"returned":50})";
      }
      e.entity_id = std::to_string(done / 4 + 1);
      e.prev_hash = prev;
      e.hash = service::LinkHash(prev, service::ContentHash(e));
      prev = e.hash;
      Check(rows.Add({e.id, e.at, store::OrNull(e.actor_id), e.action, e.entity, e.entity_id,
                      store::OrNull(e.before_json), store::OrNull(e.after_json), e.request_id,
                      store::OrNull(e.customer_id), e.seq, e.prev_hash, e.hash}),
            "insert");
    }
    Check(rows.Flush(), "insert");
    Check((*tx)->Exec("UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1", {done, prev}),
          "head");
    Check((*tx)->Commit(), "commit");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: audit_bench DB_URL [N] [--verify-only]\n");
    return 2;
  }
  const std::int64_t n = argc > 2 && argv[2][0] != '-' ? std::atoll(argv[2]) : 10'000'000;
  const bool verify_only = argc > 3 && std::strcmp(argv[3], "--verify-only") == 0;
  auto db = store::OpenDatabase(argv[1]);
  Check(db.status(), "open");
  if (!verify_only) {
    Check(store::Migrate(**db).status(), "migrate");
    auto t0 = bench::Clock::now();
    Seed(**db, n);
    std::printf("seeded %lld sealed audit entries in %.1f s\n", static_cast<long long>(n),
                bench::SecondsSince(t0));
  }
  const double cpu0 = bench::CpuSeconds();
  auto t0 = bench::Clock::now();
  auto report = service::VerifyAuditChain(**db, std::nullopt);
  Check(report.status(), "verify");
  const double wall = bench::SecondsSince(t0), cpu = bench::CpuSeconds() - cpu0;
  std::printf("audit verify: %lld entries in %.1f s wall, %.1f s CPU (%.0f entries/s); %s\n",
              static_cast<long long>(report->entries), wall, cpu, report->entries / wall,
              report->problem ? report->problem->c_str() : "intact");
  return report->problem ? 3 : 0;
}
