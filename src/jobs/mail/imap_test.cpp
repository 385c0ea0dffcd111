// Reading the support mailbox from a real IMAP server (issue 12 point 5): each test
// starts Dovecot on free loopback ports (tests/mail/dovecot.sh: one user, a
// Maildir, plain IMAP with STARTTLS and IMAPS with a throwaway certificate), puts
// mails in with IMAP APPEND, and reads them with the functions of imap.h, some
// through ParseMail too. Covered: a new mail listed, fetched and parsed (a GBK
// subject, an attachment), continuing after the last UID read, a stale UIDVALIDITY,
// \Seen, the size bound, a refused login (the password in no message), IMAPS and
// STARTTLS with the test CA and without it, a missing mailbox, a closed port and
// a server that never answers. The server is killed when its test ends.
#include "jobs/mail/imap.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include "jobs/mail/mail_parse.h"
#include "jobs/testing/dovecot.h"
#include "jobs/testing/loopback_server.h"

namespace aftercare::jobs::mail {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kUser = kDovecotUser;
constexpr const char* kPassword = kDovecotPassword;

struct Upload {
  std::string_view rest;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

std::size_t Collect(char* bytes, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(bytes, size * count);
  return size * count;
}

// Test-side IMAP through curl directly (not through the code under test): APPEND
// a mail, or run a command and return its untagged answers.
std::string Imap(int port, std::string_view mailbox, std::string_view command,
                 std::string_view append = {}) {
  CURL* c = curl_easy_init();
  std::string url = "imap://127.0.0.1:" + std::to_string(port) + "/" + std::string(mailbox);
  std::string custom(command), out;
  Upload upload{append};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_USERNAME, kUser);
  curl_easy_setopt(c, CURLOPT_PASSWORD, kPassword);
  if (!append.empty()) {
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, static_cast<void*>(&upload));
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(append.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, custom.c_str());
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, static_cast<void*>(&out));
  CURLcode code = curl_easy_perform(c);
  curl_easy_cleanup(c);
  EXPECT_EQ(code, CURLE_OK) << command << ": " << curl_easy_strerror(code);
  return out;
}

// curl's APPEND flags the mail \Seen; a new mail in a real mailbox is not.
void Append(int port, std::string_view mail) {
  Imap(port, "INBOX", "", mail);
  Imap(port, "INBOX", "UID STORE 1:* -FLAGS (\\Seen)");
}

// A Foxmail-shaped mail: GBK subject and body, a PDF with a Chinese name.
std::string ChineseMail(int n) {
  return "From: \"=?GBK?B?wO7LxA==?=\" <li.si@customer.example.cn>\r\n"
         "To: support@aftercare.example\r\n"
         "Subject: =?GBK?B?udjT2rrPzaxIVC03tcSxqNDeo7q/1bX3srvWxsDk?=\r\n"
         "Date: Tue, 3 Mar 2026 09:15:27 +0800\r\n"
         "Message-ID: <mail-" +
         std::to_string(n) +
         "@customer.example.cn>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"=_b\"\r\n"
         "\r\n"
         "--=_b\r\n"
         "Content-Type: text/plain; charset=GBK\r\n"
         "Content-Transfer-Encoding: base64\r\n"
         "\r\n"
         "xPq6w6O6DQoNCrv6t7+/1bX3srvWxsDko6zH676hv+zFycjLtKbA7aGjDQoNCsDuy8QNCg==\r\n"
         "--=_b\r\n"
         "Content-Type: application/pdf\r\n"
         "Content-Disposition: attachment; filename*=UTF-8''%E7%BB%B4%E4%BF%AE.pdf\r\n"
         "Content-Transfer-Encoding: base64\r\n"
         "\r\n"
         "JVBERi0xLjQK\r\n"
         "--=_b--\r\n";
}

std::string PlainMail(int n) {
  return "From: a@example.com\r\nSubject: mail " + std::to_string(n) + "\r\nMessage-ID: <plain-" +
         std::to_string(n) + "@example.com>\r\n\r\nbody " + std::to_string(n) + "\r\n";
}

class ImapRead : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Ready()); }

  ImapSettings Settings() const {
    ImapSettings s;
    s.host = "127.0.0.1";
    s.port = server_.port();
    s.security = ImapSecurity::kNone;
    s.username = kUser;
    s.password = kPassword;
    s.connect_timeout = 5s;
    s.timeout = 10s;
    return s;
  }
  std::uint32_t Validity() {
    Result<MailboxState> state = OpenMailbox(Settings());
    EXPECT_TRUE(state.ok()) << state.error().message << ": " << state.error().detail;
    return state.ok() ? state->uid_validity : 0;
  }

  TempDir dir_{"aftercare_imap_test"};
  Dovecot server_{dir_.path()};
};

TEST_F(ImapRead, ListsFetchesAndParsesANewMail) {
  Result<MailboxState> empty = OpenMailbox(Settings());
  ASSERT_TRUE(empty.ok()) << empty.error().message << ": " << empty.error().detail;
  EXPECT_NE(empty->uid_validity, 0u);
  EXPECT_EQ(empty->uid_next, 1u);
  EXPECT_EQ(empty->exists, 0u);

  std::string sent = ChineseMail(1);
  Append(server_.port(), sent);
  Result<MailboxState> state = OpenMailbox(Settings());
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->uid_validity, empty->uid_validity);
  EXPECT_EQ(state->uid_next, 2u);
  EXPECT_EQ(state->exists, 1u);

  Result<std::vector<std::uint32_t>> uids = ListUidsFrom(Settings(), state->uid_validity, 1);
  ASSERT_TRUE(uids.ok()) << uids.error().message << ": " << uids.error().detail;
  EXPECT_EQ(*uids, (std::vector<std::uint32_t>{1}));

  Result<std::string> bytes = FetchMessage(Settings(), state->uid_validity, 1);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message << ": " << bytes.error().detail;
  EXPECT_EQ(*bytes, sent);

  Result<ParsedMail> mail = ParseMail(*bytes);
  ASSERT_TRUE(mail.ok());
  EXPECT_EQ(mail->subject, "关于合同HT-7的报修：空调不制冷");
  EXPECT_EQ(mail->from, (MailAddress{"li.si@customer.example.cn", "李四"}));
  EXPECT_EQ(mail->message_id, "<mail-1@customer.example.cn>");
  EXPECT_EQ(mail->text, "您好：\n\n机房空调不制冷，请尽快派人处理。\n\n李四\n");
  ASSERT_EQ(mail->attachments.size(), 1u);
  EXPECT_EQ(mail->attachments[0].filename, "维修.pdf");
  EXPECT_EQ(mail->attachments[0].bytes, "%PDF-1.4\n");
}

// The caller's cursor: (uid_validity, last uid read). After a restart it lists
// from last + 1 and sees only the mails that came after.
TEST_F(ImapRead, ContinuesAfterTheLastUidRead) {
  for (int i = 1; i <= 3; ++i) Append(server_.port(), PlainMail(i));
  std::uint32_t validity = Validity();
  Result<std::vector<std::uint32_t>> all = ListUidsFrom(Settings(), validity, 0);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(*ListUidsFrom(Settings(), validity, 3), (std::vector<std::uint32_t>{3}));
  // "UID SEARCH UID 4:*" answers 3 (the highest UID): not a new mail.
  EXPECT_EQ(*ListUidsFrom(Settings(), validity, 4), (std::vector<std::uint32_t>{}));

  Append(server_.port(), PlainMail(4));
  Append(server_.port(), PlainMail(5));
  Result<std::vector<std::uint32_t>> fresh = ListUidsFrom(Settings(), validity, 4);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(*fresh, (std::vector<std::uint32_t>{4, 5}));
  Result<std::string> fifth = FetchMessage(Settings(), validity, 5);
  ASSERT_TRUE(fifth.ok());
  EXPECT_EQ(*fifth, PlainMail(5));
  EXPECT_EQ(OpenMailbox(Settings())->uid_next, 6u);
}

// UIDs of another UIDVALIDITY (a mailbox deleted and made again) are never used.
TEST_F(ImapRead, AStaleUidValidityIsNotFound) {
  Append(server_.port(), PlainMail(1));
  std::uint32_t stale = Validity() + 1;
  Result<std::vector<std::uint32_t>> uids = ListUidsFrom(Settings(), stale, 1);
  ASSERT_FALSE(uids.ok());
  EXPECT_EQ(uids.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(uids.error().message, "the mail is no longer in the mailbox");
  Result<std::string> bytes = FetchMessage(Settings(), stale, 1);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, ErrorCode::kNotFound);
  Status seen = MarkSeen(Settings(), stale, 1);
  ASSERT_FALSE(seen.ok());
  EXPECT_EQ(seen.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Imap(server_.port(), "INBOX", "UID SEARCH SEEN"), "* SEARCH\r\n");
}

TEST_F(ImapRead, AMissingUidIsNotFound) {
  Append(server_.port(), PlainMail(1));
  Result<std::string> bytes = FetchMessage(Settings(), Validity(), 7);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(bytes.error().message, "the mail is no longer in the mailbox");
}

TEST_F(ImapRead, MarkSeenAndFetchSetSeen) {
  for (int i = 1; i <= 3; ++i) Append(server_.port(), PlainMail(i));
  std::uint32_t validity = Validity();
  EXPECT_EQ(Imap(server_.port(), "INBOX", "UID SEARCH SEEN"), "* SEARCH\r\n");
  Status seen = MarkSeen(Settings(), validity, 2);
  ASSERT_TRUE(seen.ok()) << seen.error().message << ": " << seen.error().detail;
  EXPECT_TRUE(MarkSeen(Settings(), validity, 2).ok());   // again
  EXPECT_TRUE(MarkSeen(Settings(), validity, 99).ok());  // gone
  EXPECT_EQ(Imap(server_.port(), "INBOX", "UID SEARCH SEEN"), "* SEARCH 2\r\n");
  ASSERT_TRUE(FetchMessage(Settings(), validity, 3).ok());  // documented side effect
  EXPECT_EQ(Imap(server_.port(), "INBOX", "UID SEARCH SEEN"), "* SEARCH 2 3\r\n");
}

TEST_F(ImapRead, AMailLargerThanTheBoundIsPermanent) {
  Append(server_.port(), ChineseMail(1));
  ImapSettings settings = Settings();
  settings.max_message_bytes = 100;
  Result<std::string> bytes = FetchMessage(settings, Validity(), 1);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(bytes.error().message, "the mail is too large to read");
}

TEST_F(ImapRead, AWrongPasswordIsARefusedLogin) {
  ImapSettings settings = Settings();
  settings.password = "wrong-Pa55word";
  Result<MailboxState> state = OpenMailbox(settings);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, ErrorCode::kIo);
  EXPECT_EQ(state.error().message, "the mail server refused the login");
  EXPECT_NE(state.error().detail.find("curl: "), std::string::npos) << state.error().detail;
  // (One refused login per test: Dovecot delays each further one from the same
  // address by seconds.)
  const Error& e = state.error();
  EXPECT_EQ(e.message.find(settings.password), std::string::npos);
  EXPECT_EQ(e.detail.find(settings.password), std::string::npos) << e.detail;
  EXPECT_EQ(e.detail.find(kPassword), std::string::npos) << e.detail;
}

TEST_F(ImapRead, AMissingMailbox) {
  ImapSettings settings = Settings();
  settings.mailbox = "No Such Folder";
  Result<MailboxState> state = OpenMailbox(settings);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, ErrorCode::kIo);
  EXPECT_EQ(state.error().message, "the mail server has no such mailbox");
  Result<std::vector<std::uint32_t>> uids = ListUidsFrom(settings, 1, 1);
  ASSERT_FALSE(uids.ok());
  EXPECT_EQ(uids.error().message, "the mail server has no such mailbox");
}

TEST_F(ImapRead, ImplicitTlsWithTheTestCa) {
  Append(server_.port(), PlainMail(1));
  ImapSettings settings = Settings();
  settings.port = server_.tls_port();
  settings.security = ImapSecurity::kTls;
  settings.ca_file = server_.ca_file().string();
  Result<MailboxState> state = OpenMailbox(settings);
  ASSERT_TRUE(state.ok()) << state.error().message << ": " << state.error().detail;
  Result<std::string> bytes = FetchMessage(settings, state->uid_validity, 1);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message << ": " << bytes.error().detail;
  EXPECT_EQ(*bytes, PlainMail(1));

  settings.ca_file.clear();  // the system's CAs do not know the throwaway one
  Result<MailboxState> refused = OpenMailbox(settings);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kIo);
  EXPECT_EQ(refused.error().message, "cannot make a secure connection to the mail server");
}

TEST_F(ImapRead, StartTlsWithTheTestCa) {
  Append(server_.port(), PlainMail(1));
  ImapSettings settings = Settings();
  settings.security = ImapSecurity::kStartTls;
  settings.ca_file = server_.ca_file().string();
  Result<MailboxState> state = OpenMailbox(settings);
  ASSERT_TRUE(state.ok()) << state.error().message << ": " << state.error().detail;
  Result<std::vector<std::uint32_t>> uids = ListUidsFrom(settings, state->uid_validity, 1);
  ASSERT_TRUE(uids.ok());
  EXPECT_EQ(*uids, (std::vector<std::uint32_t>{1}));

  settings.ca_file.clear();
  Result<MailboxState> refused = OpenMailbox(settings);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "cannot make a secure connection to the mail server");
}

// Implicit TLS against the plain port: the handshake fails, it never falls back.
TEST_F(ImapRead, TlsToAPlainPortFails) {
  ImapSettings settings = Settings();
  settings.security = ImapSecurity::kTls;
  settings.ca_file = server_.ca_file().string();
  Result<MailboxState> state = OpenMailbox(settings);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, ErrorCode::kIo);
  EXPECT_EQ(state.error().message, "cannot make a secure connection to the mail server");
}

ImapSettings Nowhere(int port) {
  ImapSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.security = ImapSecurity::kNone;
  s.username = kUser;
  s.password = kPassword;
  s.connect_timeout = 2s;
  s.timeout = 2s;
  return s;
}

TEST(ImapReadOffline, AClosedPortCannotBeReached) {
  Result<MailboxState> state = OpenMailbox(Nowhere(FreePort()));
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, ErrorCode::kIo);
  EXPECT_EQ(state.error().message, "cannot reach the mail server");
  EXPECT_EQ(state.error().detail.find(kPassword), std::string::npos);
}

// A server that takes the connection and never greets.
TEST(ImapReadOffline, ASilentServerTimesOut) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ImapSettings settings = Nowhere(ntohs(addr.sin_port));
  settings.timeout = 1s;
  Result<MailboxState> state = OpenMailbox(settings);
  ::close(fd);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, ErrorCode::kIo);
  EXPECT_EQ(state.error().message, "the mail server did not answer in time");
}

TEST(ImapReadOffline, InvalidSettings) {
  ImapSettings no_host = Nowhere(143);
  no_host.host.clear();
  ImapSettings bad_port = Nowhere(70000);
  ImapSettings bad_mailbox = Nowhere(143);
  bad_mailbox.mailbox = "INBOX\" (X";
  ImapSettings injected = Nowhere(143);
  injected.mailbox = "INBOX;UID=1";
  for (const ImapSettings& s : {no_host, bad_port, bad_mailbox, injected}) {
    Result<MailboxState> state = OpenMailbox(s);
    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::kIo);
    EXPECT_EQ(state.error().message, "the mail settings are not valid");
    Result<std::string> bytes = FetchMessage(s, 1, 1);
    ASSERT_FALSE(bytes.ok());
    EXPECT_EQ(bytes.error().message, "the mail settings are not valid");
  }
}

}  // namespace
}  // namespace aftercare::jobs::mail
