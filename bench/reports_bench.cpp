// Issue 15's health-check report benchmark (bench/reports_bench.sh; OPS-2): on a
// database bench/seed_store filled with N tickets of one contract inside the
// report's period, generates the contract's 《系统健康检查报告》 (the figures over
// every ticket with the SLA engine, the PDF with its charts, the blob and the row)
// as a manager would, 3 times, and prints each run's wall time and the process's
// peak resident memory before and after.
//
// Usage: reports_bench DB_URL DATA_DIR FROM TO
#include <sys/resource.h>

#include <cstdio>

#include "bench_support.h"
#include "http/report_words.h"
#include "service/reports/reports.h"

namespace {

using namespace aftercare;

long PeakKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: reports_bench DB_URL DATA_DIR FROM TO\n");
    return 2;
  }
  auto db = store::OpenDatabase(argv[1]);
  bench::Check(db.status(), "open");
  const std::int64_t tickets =
      bench::Scalar(**db, "SELECT COUNT(*) AS n FROM tickets WHERE contract_id = 1");
  // The manager who generates it (the seeded database may have no users).
  {
    auto tx = (*db)->Begin(true);
    bench::Check(tx.status(), "begin");
    bench::Check((*tx)->Exec("INSERT INTO users (login, display_name, role, password_hash, "
                             "created_at) VALUES ('bench-manager', '经理', 'manager', 'x', $1)",
                             {Now().unix}),
                 "manager");
    bench::Check((*tx)->Commit(), "commit");
  }
  const std::int64_t manager =
      bench::Scalar(**db, "SELECT id AS n FROM users WHERE login = 'bench-manager'");
  service::Context ctx{
      service::Actor{manager, "bench-manager", service::Role::kManager, std::nullopt, "经理"},
      "bench", Now()};
  service::reports::ReportRequest r{"health_check", 1, argv[3], argv[4]};
  const auto words = http::ChineseReportWords();
  std::printf("contract 1: %lld tickets; peak RSS before: %ld MB\n",
              static_cast<long long>(tickets), PeakKb() / 1024);
  for (int i = 0; i < 3; ++i) {
    auto t0 = bench::Clock::now();
    auto made = service::reports::Generate(**db, ctx, argv[2], r, words);
    bench::Check(made.status(), "generate");
    std::printf("health-check report %s..%s: %.2f s (PDF %lld bytes), peak RSS %ld MB\n", argv[3],
                argv[4], bench::SecondsSince(t0), static_cast<long long>(made->pdf_size),
                PeakKb() / 1024);
  }
  return 0;
}
