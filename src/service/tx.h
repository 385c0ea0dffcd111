// Runs a use case in one transaction (SEC-3: a rejected request changes nothing).
// `fn(Transaction&)` returns Result<T>; the transaction commits only when fn
// succeeds, and the whole attempt reruns on a transient kRetry (busy, serialization
// failure), after a short random pause that grows with each attempt, so that
// transactions that collided once do not collide again in lockstep.
#pragma once

#include <chrono>
#include <memory>
#include <random>
#include <thread>
#include <type_traits>

#include "store/db.h"

namespace aftercare::service {

inline void BackOff(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  std::this_thread::sleep_for(std::chrono::microseconds(rng() % (500u * attempt)));
}

template <typename F>
auto InTransaction(store::Database& db, bool write, F&& fn)
    -> std::invoke_result_t<F, store::Transaction&> {
  constexpr int kAttempts = 10;
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) BackOff(attempt);
    auto tx = db.Begin(write);
    if (!tx.ok()) {
      if (tx.error().code == ErrorCode::kRetry && attempt < kAttempts) continue;
      return tx.error();
    }
    auto result = fn(**tx);
    if (!result.ok()) {
      if (result.error().code == ErrorCode::kRetry && attempt < kAttempts) continue;
      return result;
    }
    Status committed = (*tx)->Commit();
    if (!committed.ok()) {
      if (committed.error().code == ErrorCode::kRetry && attempt < kAttempts) continue;
      return committed.error();
    }
    return result;
  }
}

}  // namespace aftercare::service
