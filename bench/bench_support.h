// What the benchmarks that drive the service layer share: stop on an error (with
// the program's name), wall and CPU clocks, and one number read from the database.
#pragma once

#include <errno.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/result.h"
#include "service/tx.h"
#include "store/db.h"

namespace aftercare::bench {

using Clock = std::chrono::steady_clock;

// Exits with the error when `s` failed: a benchmark has no way to go on.
inline void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s: %s (%s)\n", program_invocation_short_name, what,
                 s.error().message.c_str(), s.error().detail.c_str());
    std::exit(1);
  }
}

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// This process's user and system CPU time so far.
inline double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// The column `n` of the first row of `sql` (0 when NULL).
inline std::int64_t Scalar(store::Database& db, const std::string& sql) {
  auto n = service::InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::int64_t> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
    return rows.at(0).OptInt("n").value_or(0);
  });
  Check(n.status(), sql.c_str());
  return *n;
}

}  // namespace aftercare::bench
