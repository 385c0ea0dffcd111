// Multi-row INSERTs: one round trip per batch of rows (the benchmarks' seeders, the
// slowest links' follower, service/analytics/links.cpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace aftercare::store {

// Accumulates rows for one multi-row INSERT and sends it every `rows_per_statement`
// rows. `row` is the row's VALUES tuple with each parameter written as a bare `$`.
// `parent`, when given, is flushed first (rows that this batch's rows refer to).
class RowBatch {
 public:
  RowBatch(Transaction& tx, std::string prefix, std::string row,
           std::size_t rows_per_statement, RowBatch* parent = nullptr)
      : tx_(tx),
        prefix_(std::move(prefix)),
        row_(std::move(row)),
        limit_(rows_per_statement),
        parent_(parent) {}

  // Text after the VALUES (an ON CONFLICT clause).
  void set_suffix(std::string suffix) { suffix_ = std::move(suffix); }

  aftercare::Status Add(std::vector<Value> values) {
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
    sql += suffix_;
    auto status = tx_.Exec(sql, params_);
    params_.clear();
    rows_ = 0;
    return status;
  }

 private:
  Transaction& tx_;
  std::string prefix_;
  std::string row_;
  std::string suffix_;
  std::size_t limit_;
  RowBatch* parent_;
  std::size_t rows_ = 0;
  std::vector<Value> params_;
};

}  // namespace aftercare::store
