// What the jobs layer's clients over libcurl (mail/smtp.cpp, mail/imap.cpp,
// robots/http_post.cpp) share: the one global initialisation and owners for
// curl's handles.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>

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

}  // namespace aftercare::jobs
