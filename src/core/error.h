// Error: the one error value that flows through engine, store and service.
// `message` is safe to show a client (names what is wrong in their input);
// `detail` is internal (may name files, SQL, library text) and goes to logs only.
// `line` and `field` locate the problem in the client's input when known.
#pragma once

#include <string>

namespace aftercare {

enum class ErrorCode {
  kInvalidInput,  // the input is malformed or breaks a rule (HTTP 400/422, exit 2)
  kNotFound,      // unknown id, or a foreign tenant's id (HTTP 404)
  kConflict,      // the request clashes with the current state (HTTP 409)
  kRetry,         // a transient clash (serialization failure, busy): run it again
  kUnauthorized,  // no valid credentials (HTTP 401)
  kForbidden,     // credentials lack the permission (HTTP 403)
  kIo,            // a file or the database could not be read or written
  kInternal,      // a bug; the detail says where
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  int line = 0;  // 1-based line in the client's input; 0 when unknown
  std::string detail;

  static Error Invalid(std::string message, int line = 0, std::string field = {}) {
    return Error{ErrorCode::kInvalidInput, std::move(message), std::move(field), line, {}};
  }
  static Error Io(std::string message, std::string detail = {}) {
    return Error{ErrorCode::kIo, std::move(message), {}, 0, std::move(detail)};
  }
};

}  // namespace aftercare
