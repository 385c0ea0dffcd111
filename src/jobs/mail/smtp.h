// Sends one e-mail (jobs/mail/mime.h) to an SMTP server through libcurl (issue 12
// point 4). Blocking, for a job's thread: one connection per call, bounded by the
// settings' timeouts. Safe to call from several threads at once.
//
// The outcome of SendMail:
//   ok               the server took the message for every recipient (250 after DATA)
//   kInvalidInput    permanent: the message is malformed (BuildMessage's errors, with
//                    their field), or the server refused the sender, a recipient or
//                    the message with a 5xx reply. Sending it again will fail again:
//                    do not retry.
//   kIo              transient: the server cannot be reached or did not answer in
//                    time, refused with a 4xx reply, the TLS handshake or the
//                    certificate check failed, the login was refused (a 5xx to AUTH
//                    is the settings' fault, not the message's: fixed settings make
//                    the same message go), the settings are not valid (no host, a
//                    port out of range). Retry later.
// `message` is safe to show an administrator ("cannot reach the mail server");
// `detail` has curl's error text and the server's last reply code, never the
// password (nothing here logs).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"
#include "jobs/mail/mime.h"

namespace aftercare::jobs::mail {

enum class SmtpSecurity {
  kNone,      // smtp://, plain text all the way (a login's password too)
  kStartTls,  // smtp:// upgraded by STARTTLS, which must succeed
  kTls,       // smtps://, TLS from the first byte
};

// "none", "starttls", "tls".
Result<SmtpSecurity> ParseSmtpSecurity(std::string_view text);

inline constexpr std::chrono::milliseconds kSmtpConnectTimeout{10'000};
inline constexpr std::chrono::milliseconds kSmtpTotalTimeout{30'000};

struct SmtpSettings {
  std::string host;  // a name or an IP address
  int port = 587;
  SmtpSecurity security = SmtpSecurity::kStartTls;
  std::string username;  // empty: no login
  std::string password;
  std::string ca_file;      // PEM file of the CAs to trust; empty: the system's
  std::string ehlo_domain;  // empty: this machine's host name (curl's default)
  std::chrono::milliseconds connect_timeout = kSmtpConnectTimeout;
  std::chrono::milliseconds timeout = kSmtpTotalTimeout;  // the whole exchange
};

// Builds `message` (BuildMessage) and sends it: MAIL FROM its `from`, RCPT TO
// each of its `to`.
Status SendMail(const SmtpSettings& settings, const MailMessage& message);

}  // namespace aftercare::jobs::mail
