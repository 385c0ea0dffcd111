// Result<T>: a value or an Error, in the spirit of std::expected. Project-owned
// because Debian 12's clang (libFuzzer, clang-tidy) cannot compile libstdc++ 12's
// <expected>. Accessing the wrong alternative is a bug and aborts (via std::get).
#pragma once

#include <utility>
#include <variant>

#include "core/error.h"

namespace aftercare {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

  // Its success or its error, the value dropped (a call made for its effect).
  Result<void> status() const&;

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

template <typename T>
Result<void> Result<T>::status() const& {
  if (ok()) return {};
  return error();
}

}  // namespace aftercare

// Propagates an error from an expression yielding Result<...>.
#define AFTERCARE_RETURN_IF_ERROR(expr)            \
  do {                                             \
    auto aftercare_status_ = (expr);               \
    if (!aftercare_status_.ok()) {                 \
      return std::move(aftercare_status_).error(); \
    }                                              \
  } while (false)

#define AFTERCARE_CONCAT_INNER_(a, b) a##b
#define AFTERCARE_CONCAT_(a, b) AFTERCARE_CONCAT_INNER_(a, b)
// `lhs = value of expr`, or return its error.
#define AFTERCARE_ASSIGN_OR_RETURN(lhs, expr)                                 \
  auto AFTERCARE_CONCAT_(aftercare_result_, __LINE__) = (expr);               \
  if (!AFTERCARE_CONCAT_(aftercare_result_, __LINE__).ok()) {                 \
    return std::move(AFTERCARE_CONCAT_(aftercare_result_, __LINE__)).error(); \
  }                                                                           \
  lhs = std::move(AFTERCARE_CONCAT_(aftercare_result_, __LINE__)).value()
