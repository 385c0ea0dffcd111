// For the tests that read a real mailbox (the IMAP reader's, the e-mail intake's
// API tests): Dovecot on two free loopback ports (tests/mail/dovecot.sh: one user
// "support" with the password "s3cret-pw", a Maildir, plain IMAP with STARTTLS and
// IMAPS with a throwaway certificate that is also the test CA), killed when destroyed.
#pragma once

#include <filesystem>
#include <string>

#include "jobs/testing/loopback_server.h"

namespace aftercare::jobs {

inline constexpr const char* kDovecotUser = "support";
inline constexpr const char* kDovecotPassword = "s3cret-pw";

class Dovecot {
 public:
  explicit Dovecot(const std::filesystem::path& dir)
      : dir_(dir),
        port_(FreePort()),
        tls_port_(FreePort()),
        process_({"/bin/bash", AFTERCARE_TEST_MAIL "/dovecot.sh", dir.string(),
                  std::to_string(port_), std::to_string(tls_port_)},
                 {}, dir / "server.log") {}

  ::testing::AssertionResult Ready() {
    return process_.Ready({port_, tls_port_}, dir_ / "dovecot.log");
  }
  int port() const { return port_; }
  int tls_port() const { return tls_port_; }
  std::filesystem::path ca_file() const { return dir_ / "cert.pem"; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  int port_, tls_port_;
  ServerProcess process_;
};

}  // namespace aftercare::jobs
