// One HTTP(S) POST through libcurl, for the robot senders (jobs/robots/robot.h).
// Blocking, for a job's thread: one connection per call, bounded by the
// timeouts; safe to call from several threads at once. No redirect is followed
// (a redirect would carry a signed request somewhere nobody configured).
//
// The outcome is plain data, not an Error: the caller knows what it was talking
// to and words the message. `detail` is curl's error text, which names the host
// and port but never the URL's path or query (where robots keep their keys).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace aftercare::jobs::robots {

struct HttpPost {
  std::string url;                   // http:// or https://
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::string ca_file;  // PEM file of the CAs to trust; empty: the system's
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds timeout{15'000};  // the whole exchange
};

// Where a POST went wrong before an HTTP answer arrived.
enum class PostFailure {
  kNone,     // an answer arrived (any status)
  kConnect,  // the name does not resolve, or nobody accepts the connection
  kTimeout,  // no whole answer within the timeouts
  kTls,      // the TLS handshake or the certificate check failed
  kOther,    // anything else (a broken answer, curl could not start)
};

// At most this much of an answer's body is kept; the rest is read and dropped.
inline constexpr std::size_t kMaxAnswerBody = 64 * 1024;

struct PostOutcome {
  PostFailure failure = PostFailure::kOther;
  std::string detail;  // curl's error text and code when failure != kNone
  long status = 0;     // the HTTP status when failure == kNone
  std::string body;    // the answer's first kMaxAnswerBody bytes
};

PostOutcome Post(const HttpPost& post);

}  // namespace aftercare::jobs::robots
