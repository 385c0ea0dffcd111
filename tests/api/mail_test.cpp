// E-mail in and out of tickets (issue 12 point 5, TKT-1), through the API of a
// running server reading a real Dovecot mailbox (tests/mail/dovecot.sh; mails put
// in by Python's imaplib) and sending through aiosmtpd: a customer's Chinese mail
// (GBK subject, an attachment with a Chinese name) becomes an e-mail ticket of
// their customer; the engineer's reply goes out in the thread and records
// first_reply; the customer's answer joins the ticket, not a new one; an unknown
// sender waits for an agent; and a server killed while reading makes no mail two
// tickets.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "api_fixture.h"
#include "jobs/testing/dovecot.h"
#include "jobs/testing/loopback_server.h"
#include "mail_sink.h"

namespace aftercare::apitest {
namespace {

namespace fs = std::filesystem;
using jobs::FreePort;
using jobs::Dovecot;
using jobs::TempDir;

// Delivers `mails` (RFC 5322 texts) into the test mailbox's INBOX.
void Deliver(const jobs::Dovecot& dovecot, const std::vector<std::string>& mails) {
  static int serial = 0;
  std::string cmd = std::string(jobs::kTestPython) + " " + AFTERCARE_TEST_MAIL +
                    "/imap_append.py " + std::to_string(dovecot.port()) + " " +
                    jobs::kDovecotUser + " " + jobs::kDovecotPassword;
  for (const std::string& mail : mails) {
    fs::path f = dovecot.dir() / ("out-" + std::to_string(serial++) + ".eml");
    std::ofstream(f, std::ios::binary) << mail;
    cmd += " " + f.string();
  }
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// A Foxmail-shaped mail: GBK subject 关于合同HT-7的报修：空调不制冷 and body, a PDF
// named 维修.pdf.
std::string ChineseMail(const std::string& id, const std::string& from) {
  return "From: \"=?GBK?B?wO7LxA==?=\" <" + from +
         ">\r\n"
         "To: support@aftercare.example\r\n"
         "Subject: =?GBK?B?udjT2rrPzaxIVC03tcSxqNDeo7q/1bX3srvWxsDk?=\r\n"
         "Date: Tue, 3 Mar 2026 09:15:27 +0800\r\n"
         "Message-ID: " +
         id +
         "\r\n"
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

std::string PlainMail(const std::string& id, const std::string& from, const std::string& subject,
                      const std::string& in_reply_to = "") {
  std::string m = "From: " + from + "\r\nTo: support@aftercare.example\r\nSubject: " + subject +
                  "\r\nMessage-ID: " + id + "\r\n";
  if (!in_reply_to.empty()) m += "In-Reply-To: " + in_reply_to + "\r\nReferences: " + in_reply_to + "\r\n";
  return m + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + subject +
         " (body)\r\n";
}

class MailApi : public ApiTest {
 protected:
  bool BackgroundJobs() const override { return true; }
  void SetUp() override {
    ApiTest::SetUp();
    dir_ = std::make_unique<TempDir>("aftercare_mail_api_test");
    fs::create_directories(dir_->path() / "imap");
    dovecot_ = std::make_unique<Dovecot>(dir_->path() / "imap");
    smtp_port_ = FreePort();
    smtp_ = std::make_unique<MailSink>(dir_->path(), smtp_port_);
    ASSERT_TRUE(dovecot_->Ready());
    ASSERT_TRUE(smtp_->Ready());
    Expect(admin().Post("/api/v1/channels",
                        {{"name", "服务邮箱"},
                         {"channel_kind", "email"},
                         {"settings",
                          {{"host", "127.0.0.1"},
                           {"port", smtp_port_},
                           {"security", "none"},
                           {"from", "noreply@aftercare.example"}}}}),
           201);
    customer_ = CreateCustomer("湖滨医院");
    CreateContract(customer_, "HT-MAIL-7");
    Expect(PartyA(customer_).Send("PUT", "/api/v1/notifications/preferences",
                                  json{{"email", "li.si@customer.example.cn"}}.dump()),
           200);
    for (const char* role : {"agent", "engineer"}) As(role);
  }
  void AddMailbox() {
    json box = Expect(admin().Post("/api/v1/mailboxes",
                                   {{"name", "客服邮箱"},
                                    {"settings",
                                     {{"host", "127.0.0.1"},
                                      {"port", dovecot_->port()},
                                      {"security", "none"},
                                      {"username", "support"},
                                      {"address", "support@aftercare.example"},
                                      {"poll_seconds", 10}}},
                                    {"password", "s3cret-pw"}}),
                      201)
                   .Json();
    EXPECT_EQ(box["password_set"], true);
    EXPECT_EQ(box.dump().find("s3cret-pw"), std::string::npos);
  }
  // The customer's tickets, waiting (up to `seconds`) until there are `n`.
  json Tickets(std::size_t n, int seconds = 20) {
    json list;
    for (int i = 0; i < seconds * 10; ++i) {
      list = Expect(As("agent").Get("/api/v1/tickets?customer_id=" + std::to_string(customer_)),
                    200)
                 .Json()["items"];
      if (list.size() >= n) return list;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return list;
  }
  json Thread(std::int64_t ticket) {
    return Expect(As("engineer").Get("/api/v1/tickets/" + std::to_string(ticket) + "/mails"), 200)
        .Json()["items"];
  }

  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<Dovecot> dovecot_;
  int smtp_port_ = 0;
  std::unique_ptr<MailSink> smtp_;
  std::int64_t customer_ = 0;
};
AFTERCARE_API_BACKENDS(MailApi);

TEST_P(MailApi, AMailBecomesATicketItsReplyGoesOutInTheThreadAndTheAnswerJoinsIt) {
  AddMailbox();
  Deliver(*dovecot_, {ChineseMail("<mail-1@customer.example.cn>", "li.si@customer.example.cn")});
  json tickets = Tickets(1);
  ASSERT_EQ(tickets.size(), 1u) << server().StderrLog();
  const std::int64_t id = tickets[0]["id"];
  json t = Expect(As("engineer").Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  EXPECT_EQ(t["channel"], "email");
  EXPECT_EQ(t["title"], "关于合同HT-7的报修：空调不制冷");
  EXPECT_EQ(t["caller_name"], "李四");
  json files =
      Expect(As("engineer").Get("/api/v1/tickets/" + std::to_string(id) + "/attachments"), 200)
          .Json()["items"];
  ASSERT_EQ(files.size(), 1u) << files;
  EXPECT_EQ(files[0]["name"], "维修.pdf");

  // The engineer answers from the ticket: a mail in the thread, first_reply recorded.
  json reply = Expect(As("engineer").Post("/api/v1/tickets/" + std::to_string(id) + "/mails",
                                          {{"text", "您好，工程师今天下午到场检修。"}}),
                      201)
                   .Json();
  EXPECT_EQ(reply["direction"], "out");
  json mails;
  for (int i = 0; i < 100 && mails.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    mails = smtp_->Messages();
  }
  ASSERT_EQ(mails.size(), 1u) << mails;
  EXPECT_EQ(mails[0]["rcpt_to"], "li.si@customer.example.cn");
  EXPECT_EQ(mails[0]["from"], "support@aftercare.example");
  EXPECT_EQ(mails[0]["subject"], "Re: 关于合同HT-7的报修：空调不制冷");
  EXPECT_EQ(mails[0]["in_reply_to"], "<mail-1@customer.example.cn>");
  EXPECT_EQ(mails[0]["message_id"], reply["message_id"]);
  t = Expect(As("engineer").Get("/api/v1/tickets/" + std::to_string(id)), 200).Json();
  int first_replies = 0;
  for (const json& e : t["timeline"]) first_replies += e["kind"] == "first_reply";
  EXPECT_EQ(first_replies, 1) << t["timeline"];

  // The customer answers the reply: it joins the ticket.
  Deliver(*dovecot_, {PlainMail("<mail-2@customer.example.cn>", "li.si@customer.example.cn",
                               "Re: 空调", reply["message_id"])});
  json thread;
  for (int i = 0; i < 200 && thread.size() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    thread = Thread(id);
  }
  ASSERT_EQ(thread.size(), 3u) << thread << server().QueryScalar("SELECT last_uid || ' ' || last_error || ' ' || COALESCE(last_polled_at, 0) FROM mailboxes") << " jobs: " << server().QueryScalar("SELECT COUNT(*) || ' ' || MIN(run_at) || ' ' || MIN(state) || ' ' || MAX(last_error) FROM jobs WHERE kind = 'mail.poll'") << " mails: " << server().QueryScalar("SELECT COUNT(*) FROM mails") << " now " << NowUnix();
  EXPECT_EQ(thread[2]["direction"], "in");
  EXPECT_EQ(Tickets(1).size(), 1u);
}

TEST_P(MailApi, AnUnknownSenderWaitsForAnAgentAndAKillWhileReadingMakesNoTwoTickets) {
  AddMailbox();
  Deliver(*dovecot_, {PlainMail("<who-1@elsewhere.example>", "wang.wu@elsewhere.example",
                               "打印机卡纸")});
  json waiting;
  for (int i = 0; i < 200 && waiting.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    waiting = Expect(As("agent").Get("/api/v1/mails/unmatched"), 200).Json()["items"];
  }
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0]["from_address"], "wang.wu@elsewhere.example");
  json made = Expect(As("agent").Post("/api/v1/mails/" + waiting[0]["id"].dump() + "/ticket",
                                      {{"customer_id", customer_}}),
                     201)
                  .Json();
  ExpectError(As("agent").Post("/api/v1/mails/" + waiting[0]["id"].dump() + "/ticket",
                               {{"customer_id", customer_}}),
              409, "conflict", "state");
  EXPECT_EQ(Tickets(1).size(), 1u);
  (void)made;

  // Many mails, the server killed while it reads them, restarted: each mail one
  // ticket (the sender is known now: matched above).
  std::vector<std::string> batch;
  for (int i = 0; i < 30; ++i) {
    batch.push_back(PlainMail("<bulk-" + std::to_string(i) + "@elsewhere.example>",
                              "wang.wu@elsewhere.example", "批量 " + std::to_string(i)));
  }
  Deliver(*dovecot_, batch);
  for (int kill = 0; kill < 3; ++kill) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400 + 300 * kill));
    server().Kill();
    server().Start();
  }
  json tickets = Tickets(31, 60);
  ASSERT_EQ(tickets.size(), 31u) << server().StderrLog();
  std::set<std::string> titles;
  for (const json& t : tickets) titles.insert(t["title"]);
  EXPECT_EQ(titles.size(), 31u);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(Tickets(31).size(), 31u);
  EXPECT_EQ(server().QueryScalar("SELECT COUNT(*) FROM mails WHERE direction = 'in'"), "31");
}

TEST_P(MailApi, MailboxSettingsAreCheckedAndAdministratorsOnly) {
  const auto before = Snapshot();
  ExpectError(admin().Post("/api/v1/mailboxes",
                           {{"name", "x"}, {"settings", {{"host", "mail"}, {"address", "nope"}}}}),
              422, "invalid_input", "settings.address");
  ExpectError(admin().Post("/api/v1/mailboxes",
                           {{"name", "x"},
                            {"settings", {{"host", "mail"}, {"address", "a@b.c"}, {"port", 0}}}}),
              422, "invalid_input", "settings.port");
  ExpectError(admin().Post("/api/v1/mailboxes",
                           {{"name", "x"},
                            {"settings", {{"host", "mail"}, {"address", "a@b.c"}, {"smtp", 1}}}}),
              422, "invalid_input", "settings.smtp");
  EXPECT_EQ(Snapshot(), before);
  ExpectError(As("manager").Get("/api/v1/mailboxes"), 403, "forbidden", nullptr);
  ExpectError(As("agent").Post("/api/v1/tickets/9999/mails", {{"text", "hi"}}), 404, "not_found",
              nullptr);
  ExpectError(PartyA(customer_).Get("/api/v1/mails/unmatched"), 403, "forbidden", nullptr);
}

}  // namespace
}  // namespace aftercare::apitest
