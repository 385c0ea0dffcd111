#include "jobs/mail/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "jobs/curl_handle.h"

namespace aftercare::jobs::mail {
namespace {

// The message being uploaded: curl asks for it piece by piece.
struct Upload {
  std::string_view rest;
};

std::size_t ReadMessage(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

Error Transient(std::string message, std::string detail) {
  return Error::Io(std::move(message), std::move(detail));
}

Result<std::string> Url(const SmtpSettings& s) {
  bool ok = !s.host.empty() && s.port > 0 && s.port <= 65535 &&
            s.host.find_first_of("/@?#\r\n \t") == std::string::npos &&
            s.ehlo_domain.find_first_of("/@?#\r\n \t") == std::string::npos;
  CurlUrl url(curl_url());
  std::string host = s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host;
  std::string port = std::to_string(s.port);
  std::string path = "/" + s.ehlo_domain;
  ok = ok && url != nullptr &&
       curl_url_set(url.get(), CURLUPART_SCHEME,
                    s.security == SmtpSecurity::kTls ? "smtps" : "smtp", 0) == CURLUE_OK &&
       curl_url_set(url.get(), CURLUPART_HOST, host.c_str(), 0) == CURLUE_OK &&
       curl_url_set(url.get(), CURLUPART_PORT, port.c_str(), 0) == CURLUE_OK &&
       curl_url_set(url.get(), CURLUPART_PATH, path.c_str(), 0) == CURLUE_OK;
  char* text = nullptr;
  ok = ok && curl_url_get(url.get(), CURLUPART_URL, &text, 0) == CURLUE_OK;
  if (!ok) {
    curl_free(text);
    return Transient(
        "the mail settings are not valid",
        "SMTP host \"" + s.host + "\", port " + port + ", EHLO domain \"" + s.ehlo_domain + "\"");
  }
  std::string out = text;
  curl_free(text);
  return out;
}

// What went wrong, from curl's result and the server's last reply code.
Error Failure(CURLcode code, long reply, const char* error_buffer) {
  std::string detail =
      std::string("curl: ") + (*error_buffer != '\0' ? error_buffer : curl_easy_strerror(code)) +
      " (" + std::to_string(static_cast<int>(code)) + "); SMTP reply " + std::to_string(reply);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return Transient("cannot reach the mail server", std::move(detail));
    case CURLE_OPERATION_TIMEDOUT:
      return Transient("the mail server did not answer in time", std::move(detail));
    case CURLE_LOGIN_DENIED:
      return Transient("the mail server refused the login", std::move(detail));
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return Transient("cannot make a secure connection to the mail server", std::move(detail));
    default:
      break;
  }
  if (reply >= 500 && reply <= 599) {
    return Error{
        ErrorCode::kInvalidInput, "the mail server refused the message", {}, 0, std::move(detail)};
  }
  if (reply >= 400 && reply <= 499) {
    return Transient("the mail server cannot take the message now", std::move(detail));
  }
  return Transient("the mail server could not be used", std::move(detail));
}

}  // namespace

Result<SmtpSecurity> ParseSmtpSecurity(std::string_view text) {
  if (text == "none") return SmtpSecurity::kNone;
  if (text == "starttls") return SmtpSecurity::kStartTls;
  if (text == "tls") return SmtpSecurity::kTls;
  return Error::Invalid("security must be none, starttls or tls", 0, "security");
}

Status SendMail(const SmtpSettings& settings, const MailMessage& message) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string body, BuildMessage(message));
  if (CURLcode code = CurlGlobalInit(); code != CURLE_OK) {
    return Error{ErrorCode::kInternal,
                 "cannot send mail",
                 {},
                 0,
                 std::string("curl_global_init: ") + curl_easy_strerror(code)};
  }
  AFTERCARE_ASSIGN_OR_RETURN(std::string url, Url(settings));
  CurlEasy curl(curl_easy_init());
  if (curl == nullptr) {
    return Error{ErrorCode::kInternal, "cannot send mail", {}, 0, "curl_easy_init failed"};
  }
  std::string from = "<" + message.from + ">";
  CurlList recipients;
  for (const std::string& to : message.to) {
    curl_slist* next = curl_slist_append(recipients.get(), ("<" + to + ">").c_str());
    if (next == nullptr) {
      return Error{ErrorCode::kInternal, "cannot send mail", {}, 0, "curl_slist_append failed"};
    }
    (void)recipients.release();
    recipients.reset(next);
  }
  Upload upload{body};
  CURL* c = curl.get();
  CurlOptions opt(c);
  opt.Exchange(url, "smtp,smtps", settings.ca_file, settings.connect_timeout, settings.timeout);
  opt.Set(CURLOPT_USE_SSL, settings.security == SmtpSecurity::kNone
                               ? static_cast<long>(CURLUSESSL_NONE)
                               : static_cast<long>(CURLUSESSL_ALL));
  if (!settings.username.empty()) {
    opt.Set(CURLOPT_USERNAME, settings.username.c_str());
    opt.Set(CURLOPT_PASSWORD, settings.password.c_str());
  }
  opt.Set(CURLOPT_MAIL_FROM, from.c_str());
  opt.Set(CURLOPT_MAIL_RCPT, recipients.get());
  opt.Set(CURLOPT_UPLOAD, 1L);
  opt.Set(CURLOPT_READFUNCTION, &ReadMessage);
  opt.Set(CURLOPT_READDATA, static_cast<void*>(&upload));
  if (opt.code() != CURLE_OK) {
    return Error{ErrorCode::kInternal,
                 "cannot send mail",
                 {},
                 0,
                 std::string("curl_easy_setopt: ") + curl_easy_strerror(opt.code())};
  }
  const CURLcode code = curl_easy_perform(c);
  if (code == CURLE_OK) return {};
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  return Failure(code, reply, opt.error());
}

}  // namespace aftercare::jobs::mail
