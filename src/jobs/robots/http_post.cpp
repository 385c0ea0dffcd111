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
  CURL* c = curl.get();
  CurlOptions opt(c);
  opt.Exchange(post.url, "http,https", post.ca_file, post.connect_timeout, post.timeout);
  opt.Set(CURLOPT_FOLLOWLOCATION, 0L);
  opt.Set(CURLOPT_HTTPHEADER, headers.get());
  opt.Set(CURLOPT_POST, 1L);
  opt.Set(CURLOPT_POSTFIELDS, post.body.data());
  opt.Set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  opt.Set(CURLOPT_WRITEFUNCTION, &KeepAnswer);
  opt.Set(CURLOPT_WRITEDATA, static_cast<void*>(&out.body));
  if (opt.code() != CURLE_OK) {
    return Broken(std::string("curl_easy_setopt: ") + curl_easy_strerror(opt.code()));
  }
  if (CURLcode code = curl_easy_perform(c); code != CURLE_OK) {
    out.failure = Classify(code);
    out.detail = std::string("curl: ") +
                 (*opt.error() != '\0' ? opt.error() : curl_easy_strerror(code)) + " (" +
                 std::to_string(static_cast<int>(code)) + ")";
    return out;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  out.failure = PostFailure::kNone;
  return out;
}

}  // namespace aftercare::jobs::robots
