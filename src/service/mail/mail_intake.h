// E-mail in and out of tickets (issue 12 point 5; TKT-1: the support mailbox with
// a reply within 24 hours, the `email_reply` metric).
//
// An administrator configures the mailbox (IMAP over TLS: host, port, security,
// username, folder, the support address; the password sealed like a channel's
// secrets). The reader (src/jobs/mail_jobs.cpp) fetches each new mail and hands it
// here; IngestMail records it in one transaction with everything it causes, and
// moves the mailbox's last UID in the same transaction, so a mail read twice (a
// kill while reading) is recorded once and never makes two tickets:
//   - a reply (In-Reply-To or References naming a mail of a ticket's thread) is
//     added to that ticket: `customer_replied` while it waits for the customer,
//     else a `contact` entry; its attachments are kept on the ticket;
//   - a new mail from a known sender (a Party A user's notice address, or a sender
//     an agent matched before) becomes a ticket on the `email` channel of that
//     customer, with its attachments;
//   - a mail from an unknown sender waits for the agents (they are told), who match
//     it to a customer (MatchMail), which makes its ticket.
// An engineer's reply from the ticket (ReplyByMail) goes out through the e-mail
// channel as a delivery (retried, logged) in the same thread (In-Reply-To,
// References, "Re:" subject), and records `first_reply` (the email_reply clock's
// stop) the first time, a `contact` entry after.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "service/channels/secret_box.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service::mail {

inline constexpr std::string_view kPollJob = "mail.poll";
inline constexpr std::size_t kMaxBodyChars = 20000;

// The mailbox as administrators see it: never the password.
struct Mailbox {
  std::int64_t id = 0;
  std::string name;
  nlohmann::json settings;  // host, port, security, username, folder, address, poll_seconds
  bool password_set = false;
  bool enabled = true;
  std::optional<std::int64_t> uid_validity;
  std::int64_t last_uid = 0;
  std::string last_error;
  std::optional<Instant> last_polled_at;
};
struct MailboxInput {
  std::optional<std::string> name;
  std::optional<nlohmann::json> settings;  // merged key by key
  std::optional<std::string> password;     // "" removes it
  std::optional<bool> enabled;
};
// Rules (kInvalidInput naming the field): host 1..253, port 1..65535, security
// none|starttls|tls, folder printable ASCII (default INBOX), address an e-mail
// address (the support mailbox's, the From of replies), poll_seconds 10..3600
// (default 60). Administrators only.
Result<std::vector<Mailbox>> ListMailboxes(store::Database& db, const Context& ctx);
Result<Mailbox> SaveMailbox(store::Database& db, const Context& ctx, const SecretBox& box,
                            std::optional<std::int64_t> id, const MailboxInput& in);

// For the reader: an enabled mailbox with its password opened.
struct MailboxForReading {
  Mailbox mailbox;
  std::string password;
};
Result<std::vector<MailboxForReading>> MailboxesToRead(store::Database& db, const SecretBox& box);
// Records the outcome of a poll that found nothing more to do (or failed): the
// mailbox's UIDVALIDITY (a new one restarts from UID 1) and the error shown to
// administrators.
Status RecordPoll(store::Database& db, std::int64_t mailbox_id, std::uint32_t uid_validity,
                  const std::string& error, Instant now);

struct InboundFile {
  std::string name, content_type, bytes;
};
struct InboundMail {
  std::int64_t mailbox_id = 0;
  std::uint32_t uid_validity = 0, uid = 0;
  std::string message_id;  // given or made up from the mailbox and UID
  std::string from_address, from_name, subject, text;
  std::vector<std::string> to, references;
  std::string in_reply_to;
  std::vector<InboundFile> files;
};
struct IngestOutcome {
  bool duplicate = false;                 // recorded before: nothing done
  std::optional<std::int64_t> ticket_id;  // the ticket made or replied to
  bool matched_later = false;             // waits for an agent
};
Result<IngestOutcome> IngestMail(store::Database& db, const std::string& attachments_dir,
                                 const InboundMail& m, Instant now);

// The vendor's view of mails: the unmatched ones (agents), a ticket's thread.
struct MailView {
  std::int64_t id = 0;
  std::string direction, message_id, from_address, from_name, subject, body, state;
  std::vector<std::string> to;
  nlohmann::json attachments;  // [{name, content_type, size}]
  std::optional<std::int64_t> ticket_id;
  Instant at;
};
Result<std::vector<MailView>> ListUnmatchedMails(store::Database& db, const Context& ctx);
Result<std::vector<MailView>> TicketMails(store::Database& db, const Context& ctx,
                                          std::int64_t ticket_id);
// An agent gives an unmatched mail its customer: the mail becomes a ticket (as
// received when the mail arrived), and later mails from its sender go there too.
Result<std::int64_t> MatchMail(store::Database& db, const Context& ctx,
                               const std::string& attachments_dir, std::int64_t mail_id,
                               std::int64_t customer_id);
// An engineer answers the ticket's mail thread (vendor staff). kInvalidInput when
// the ticket has no mail to answer or there is no e-mail channel; text 1..20000.
Result<MailView> ReplyByMail(store::Database& db, const Context& ctx, std::int64_t ticket_id,
                             const std::string& text);

}  // namespace aftercare::service::mail
