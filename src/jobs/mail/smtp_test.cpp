// Sending mail through a real SMTP server (issue 12 point 4): each test starts
// aiosmtpd on a free loopback port (tests/mail/smtp_sink.py: a Maildir that
// refuses some recipients), sends with SendMail and reads what the server stored
// with Python's email package (tests/mail/read_mail.py), an independent decoder.
// Plain SMTP, STARTTLS and implicit TLS (a throwaway certificate made by openssl);
// a refused recipient is a permanent error, a 4xx and a closed port transient ones.
// The server is killed when its test ends (and by the kernel if the test dies).
#include "jobs/mail/smtp.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "jobs/testing/loopback_server.h"

namespace aftercare::jobs::mail {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

enum class Tls { kNone, kStartTls, kImplicit };

std::vector<std::string> AiosmtpdArgs(int port, const fs::path& maildir, Tls tls,
                                      const fs::path& cert, const fs::path& key) {
  std::vector<std::string> args = {
      "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port), "-c", "smtp_sink.Sink"};
  if (tls == Tls::kStartTls) {
    args.insert(args.end(), {"--tlscert", cert.string(), "--tlskey", key.string()});
  } else if (tls == Tls::kImplicit) {
    args.insert(args.end(), {"--smtpscert", cert.string(), "--smtpskey", key.string()});
  }
  args.push_back(maildir.string());
  return args;
}

// aiosmtpd with smtp_sink.Sink storing into `dir`/mail, killed by the destructor.
class SmtpServer : public LoopbackServer {
 public:
  SmtpServer(const fs::path& dir, Tls tls, const fs::path& cert = {}, const fs::path& key = {})
      : SmtpServer(FreePort(), dir, tls, cert, key) {}

  // The stored messages as read_mail.py reads them.
  nlohmann::json Messages() const {
    if (!fs::exists(maildir_)) return nlohmann::json::array();
    std::string command = std::string(kTestPython) + " " AFTERCARE_TEST_MAIL "/read_mail.py '" +
                          maildir_.string() + "'";
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
      char buf[4096];
      for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
      EXPECT_EQ(::pclose(p), 0) << command;
    }
    return nlohmann::json::parse(out);
  }

 private:
  SmtpServer(int port, const fs::path& dir, Tls tls, const fs::path& cert, const fs::path& key)
      : LoopbackServer(port, AiosmtpdArgs(port, dir / "mail", tls, cert, key), AFTERCARE_TEST_MAIL,
                       dir / "server.log"),
        maildir_(dir / "mail") {}

  fs::path maildir_;
};

MailMessage Sample() {
  MailMessage m;
  m.from = "noreply@aftercare.example";
  m.from_name = "售后服务中心";
  m.to = {"zhang.san@example.com", "li.si@example.com"};
  m.subject = "工单 HT-7 已超时：请尽快处理（第二次提醒）";
  m.text = "张三，您好：\n\n工单 HT-7 已超过响应时限。\n.\n一行只有一个点。\n";
  m.html = "<p>张三，您好：</p>\n<p>工单 <b>HT-7</b> 已超过响应时限。</p>\n";
  m.message_id = "<delivery-42.SOMEHOST@aftercare>";
  m.in_reply_to = "<delivery-41.SOMEHOST@aftercare>";
  m.date = Instant{1'772'413'500};
  m.date_offset = 8 * 3600;
  return m;
}

SmtpSettings Plain(int port) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.security = SmtpSecurity::kNone;
  s.connect_timeout = 5s;
  s.timeout = 10s;
  return s;
}

std::string Crlf(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

void ExpectStored(const SmtpServer& server, const MailMessage& m) {
  nlohmann::json mails = server.Messages();
  ASSERT_EQ(mails.size(), 1u) << mails.dump();
  const nlohmann::json& mail = mails[0];
  EXPECT_EQ(mail["mail_from"], m.from);
  EXPECT_EQ(mail["rcpt_to"], "zhang.san@example.com, li.si@example.com");
  EXPECT_EQ(mail["from"], "售后服务中心 <noreply@aftercare.example>");
  EXPECT_EQ(mail["to"], nlohmann::json(m.to));
  EXPECT_EQ(mail["subject"], m.subject);
  EXPECT_EQ(mail["message_id"], m.message_id);
  EXPECT_EQ(mail["in_reply_to"], m.in_reply_to);
  EXPECT_EQ(mail["content_type"], "multipart/alternative");
  EXPECT_EQ(mail["text"], Crlf(m.text));
  EXPECT_EQ(mail["html"], Crlf(m.html));
}

TEST(SmtpSend, DeliversToTwoRecipients) {
  TempDir dir("aftercare_smtp_test");
  SmtpServer server(dir.path(), Tls::kNone);
  ASSERT_TRUE(server.Ready());
  MailMessage m = Sample();
  Status s = SendMail(Plain(server.port()), m);
  ASSERT_TRUE(s.ok()) << s.error().message << ": " << s.error().detail;
  ExpectStored(server, m);
}

TEST(SmtpSend, ARefusedRecipientIsPermanent) {
  TempDir dir("aftercare_smtp_test");
  SmtpServer server(dir.path(), Tls::kNone);
  ASSERT_TRUE(server.Ready());
  MailMessage m = Sample();
  m.to = {"zhang.san@example.com", "refused@example.com"};
  Status s = SendMail(Plain(server.port()), m);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(s.error().message, "the mail server refused the message");
  EXPECT_NE(s.error().detail.find("SMTP reply 550"), std::string::npos) << s.error().detail;
  EXPECT_EQ(server.Messages().size(), 0u);
}

TEST(SmtpSend, ABusyRecipientIsTransient) {
  TempDir dir("aftercare_smtp_test");
  SmtpServer server(dir.path(), Tls::kNone);
  ASSERT_TRUE(server.Ready());
  MailMessage m = Sample();
  m.to = {"busy@example.com"};
  Status s = SendMail(Plain(server.port()), m);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message, "the mail server cannot take the message now");
  EXPECT_NE(s.error().detail.find("SMTP reply 451"), std::string::npos) << s.error().detail;
}

TEST(SmtpSend, AClosedPortIsTransient) {
  Status s = SendMail(Plain(FreePort()), Sample());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message, "cannot reach the mail server");
  EXPECT_NE(s.error().detail.find("curl: "), std::string::npos) << s.error().detail;
}

TEST(SmtpSend, AMalformedMessageIsPermanentAndNotSent) {
  MailMessage m = Sample();
  m.subject = "Hi\r\nBcc: victim@example.com";
  Status s = SendMail(Plain(FreePort()), m);  // no server: it must not get that far
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(s.error().field, "subject");
}

TEST(SmtpSend, InvalidSettingsAreTransient) {
  for (SmtpSettings s : {Plain(0), Plain(70000), Plain(25)}) {
    if (s.port == 25) s.host = "mail.example.com/x";
    Status r = SendMail(s, Sample());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIo);
    EXPECT_EQ(r.error().message, "the mail settings are not valid");
  }
}

TEST(SmtpSettingsParse, Security) {
  EXPECT_EQ(ParseSmtpSecurity("none").value(), SmtpSecurity::kNone);
  EXPECT_EQ(ParseSmtpSecurity("starttls").value(), SmtpSecurity::kStartTls);
  EXPECT_EQ(ParseSmtpSecurity("tls").value(), SmtpSecurity::kTls);
  ASSERT_FALSE(ParseSmtpSecurity("ssl").ok());
  EXPECT_EQ(ParseSmtpSecurity("ssl").error().field, "security");
}

// A self-signed certificate for 127.0.0.1, its own CA.
class SmtpTls : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = dir_.path() / "cert.pem";
    key_ = dir_.path() / "key.pem";
    std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
        " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
        key_.string() + "' -out '" + cert_.string() + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  SmtpSettings Secure(int port, SmtpSecurity security) const {
    SmtpSettings s = Plain(port);
    s.security = security;
    s.ca_file = cert_.string();
    return s;
  }

  TempDir dir_{"aftercare_smtp_test"};
  fs::path cert_, key_;
};

TEST_F(SmtpTls, StartTlsDelivers) {
  SmtpServer server(dir_.path(), Tls::kStartTls, cert_, key_);
  ASSERT_TRUE(server.Ready());
  MailMessage m = Sample();
  Status s = SendMail(Secure(server.port(), SmtpSecurity::kStartTls), m);
  ASSERT_TRUE(s.ok()) << s.error().message << ": " << s.error().detail;
  ExpectStored(server, m);
}

TEST_F(SmtpTls, ImplicitTlsDelivers) {
  SmtpServer server(dir_.path(), Tls::kImplicit, cert_, key_);
  ASSERT_TRUE(server.Ready());
  MailMessage m = Sample();
  Status s = SendMail(Secure(server.port(), SmtpSecurity::kTls), m);
  ASSERT_TRUE(s.ok()) << s.error().message << ": " << s.error().detail;
  ExpectStored(server, m);
}

// Without the CA file the certificate is checked against the system's CAs and fails.
TEST_F(SmtpTls, AnUntrustedCertificateIsRefused) {
  SmtpServer server(dir_.path(), Tls::kImplicit, cert_, key_);
  ASSERT_TRUE(server.Ready());
  SmtpSettings settings = Secure(server.port(), SmtpSecurity::kTls);
  settings.ca_file.clear();
  Status s = SendMail(settings, Sample());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message, "cannot make a secure connection to the mail server");
  EXPECT_EQ(server.Messages().size(), 0u);
}

// A server that offers no STARTTLS: security starttls does not fall back to plain text.
TEST_F(SmtpTls, StartTlsDoesNotFallBackToPlainText) {
  SmtpServer server(dir_.path(), Tls::kNone);
  ASSERT_TRUE(server.Ready());
  Status s = SendMail(Secure(server.port(), SmtpSecurity::kStartTls), Sample());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message, "cannot make a secure connection to the mail server");
  EXPECT_EQ(server.Messages().size(), 0u);
}

}  // namespace
}  // namespace aftercare::jobs::mail
