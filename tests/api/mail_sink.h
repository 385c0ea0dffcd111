// For the API tests that send mail (deliveries, e-mail intake): aiosmtpd on a free
// loopback port storing what it takes into DIR/mail (tests/mail/smtp_sink.py), and
// the mails read back by Python's email package (tests/mail/read_mail.py), an
// independent decoder. Killed when destroyed.
#pragma once

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "jobs/testing/loopback_server.h"

namespace aftercare::apitest {

class MailSink : public jobs::LoopbackServer {
 public:
  MailSink(const std::filesystem::path& dir, int port)
      : LoopbackServer(port,
                       {"-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port), "-c",
                        "smtp_sink.Sink", (dir / "mail").string()},
                       AFTERCARE_TEST_MAIL, dir / "smtp.log"),
        maildir_(dir / "mail") {}

  // The mails taken so far, decoded: rcpt_to, from, subject, text, html, message_id, ...
  nlohmann::json Messages() const {
    if (!std::filesystem::exists(maildir_ / "new")) return nlohmann::json::array();
    std::string cmd = std::string(jobs::kTestPython) + " " + AFTERCARE_TEST_MAIL +
                      "/read_mail.py " + maildir_.string();
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
      ::pclose(p);
    }
    return nlohmann::json::parse(out, nullptr, false);
  }

 private:
  std::filesystem::path maildir_;
};

}  // namespace aftercare::apitest
