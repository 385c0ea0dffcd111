// What the jobs layer's clients over libcurl (mail/smtp.cpp, mail/imap.cpp,
// robots/http_post.cpp) share: the one global initialisation and owners for
// curl's handles.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace aftercare::jobs {

// curl_global_init is not thread-safe before 7.84 and must run once per process.
inline CURLcode CurlGlobalInit() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return code;
}

struct CurlEasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct CurlListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlList = std::unique_ptr<curl_slist, CurlListDeleter>;
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

// Sets a handle's options and keeps the first failure, to check once before the
// transfer; with what every client here wants: an error buffer (kept here, so the
// object must live through the transfer) and no signals (jobs run on threads).
class CurlOptions {
 public:
  explicit CurlOptions(CURL* c) : c_(c) {
    Set(CURLOPT_ERRORBUFFER, error_);
    Set(CURLOPT_NOSIGNAL, 1L);
  }
  CurlOptions(const CurlOptions&) = delete;
  CurlOptions& operator=(const CurlOptions&) = delete;

  template <typename T>
  void Set(CURLoption option, T value) {
    if (code_ == CURLE_OK) code_ = curl_easy_setopt(c_, option, value);
  }
  // The exchange: its URL, only the protocols the client speaks (no redirect to
  // another), the CAs to trust (empty: the system's) and the time limits.
  void Exchange(const std::string& url, const char* protocols, const std::string& ca_file,
                std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout) {
    Set(CURLOPT_URL, url.c_str());
    Set(CURLOPT_PROTOCOLS_STR, protocols);
    if (!ca_file.empty()) Set(CURLOPT_CAINFO, ca_file.c_str());
    Set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
    Set(CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  }

  CURLcode code() const { return code_; }       // the first failed option, or CURLE_OK
  const char* error() const { return error_; }  // the transfer's error text, or ""

 private:
  CURL* c_;
  CURLcode code_ = CURLE_OK;
  char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace aftercare::jobs
