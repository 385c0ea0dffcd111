#include "jobs/robots/http_post.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "jobs/curl_handle.h"

namespace aftercare::jobs::robots {
namespace {

std::size_t KeepAnswer(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  std::size_t n = size * count;
  body->append(data, std::min(n, kMaxAnswerBody - std::min(kMaxAnswerBody, body->size())));
  return n;  // all of it taken: a long answer is cut, not an error
}

PostOutcome Broken(std::string detail) {
  return PostOutcome{PostFailure::kOther, std::move(detail), 0, {}};
}

PostFailure Classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return PostFailure::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return PostFailure::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return PostFailure::kTls;
    default:
      return PostFailure::kOther;
  }
}

}  // namespace

PostOutcome Post(const HttpPost& post) {
  if (CURLcode code = CurlGlobalInit(); code != CURLE_OK) {
    return Broken(std::string("curl_global_init: ") + curl_easy_strerror(code));
  }
  CurlEasy curl(curl_easy_init());
  if (curl == nullptr) return Broken("curl_easy_init failed");
  CurlList headers;
  // "Expect:" stops curl asking for a 100 Continue before a body over 1 kB: one
  // round trip less, and receivers that do not answer it are not waited for.
  std::vector<std::string> all = post.headers;
  all.emplace_back("Expect:");
  for (const std::string& h : all) {
    curl_slist* next = curl_slist_append(headers.get(), h.c_str());
    if (next == nullptr) return Broken("curl_slist_append failed");
    (void)headers.release();
    headers.reset(next);
  }
  PostOutcome out;
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  CURLcode code = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (code == CURLE_OK) code = curl_easy_setopt(c, option, value);
  };
  set(CURLOPT_ERRORBUFFER, error_buffer);
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_URL, post.url.c_str());
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);
  if (!post.ca_file.empty()) set(CURLOPT_CAINFO, post.ca_file.c_str());
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(post.connect_timeout.count()));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(post.timeout.count()));
  set(CURLOPT_HTTPHEADER, headers.get());
  set(CURLOPT_POST, 1L);
  set(CURLOPT_POSTFIELDS, post.body.data());
  set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  set(CURLOPT_WRITEFUNCTION, &KeepAnswer);
  set(CURLOPT_WRITEDATA, static_cast<void*>(&out.body));
  if (code != CURLE_OK) {
    return Broken(std::string("curl_easy_setopt: ") + curl_easy_strerror(code));
  }
  code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    out.failure = Classify(code);
    out.detail = std::string("curl: ") +
                 (*error_buffer != '\0' ? error_buffer : curl_easy_strerror(code)) + " (" +
                 std::to_string(static_cast<int>(code)) + ")";
    return out;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  out.failure = PostFailure::kNone;
  return out;
}

}  // namespace aftercare::jobs::robots
