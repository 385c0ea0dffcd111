// Reads the support mailbox over IMAP through libcurl (issue 12 point 5, TKT-1):
// the mailbox's identity and next UID, the UIDs of new mails, one mail's raw bytes
// (for jobs/mail/mail_parse.h), and the \Seen flag. Blocking, for a job's thread:
// one connection per call, bounded by the settings' timeouts. Safe to call from
// several threads at once.
//
// The caller's contract, so that a mail never becomes two tickets (nor none),
// even when the process is killed at any point:
//   1. OpenMailbox. If its uid_validity differs from the stored one, the old UIDs
//      mean nothing any more: start over from UID 1 (and rely on Message-ID to
//      recognise mails already made into tickets).
//   2. ListUidsFrom(stored last uid + 1), ascending.
//   3. For each UID in order: FetchMessage, parse, and in ONE database
//      transaction create the ticket and store (uid_validity, uid) as the last
//      one read. A kill before the commit reads the mail again; after it, never.
//   4. Optionally MarkSeen (a courtesy for people who also read the mailbox).
// The server's \Seen flag is not the record of what was read: FetchMessage sets
// it too (see there), and people reading the mailbox change it.
//
// Every call names the uid_validity its UIDs belong to; curl checks it when it
// opens the mailbox, so a mailbox that was replaced in between is never read or
// changed by a stale UID.
//
// Outcomes:
//   ok              as described per function
//   kNotFound       the UID is not in the mailbox (expunged), or the mailbox's
//                   UIDVALIDITY is not the one given: open it again (step 1)
//   kInvalidInput   permanent for this mail: it is larger than max_message_bytes
//   kIo             transient: the server cannot be reached or did not answer in
//                   time, the TLS handshake or the certificate check failed, the
//                   login was refused, the mailbox does not exist, the answer
//                   could not be read, the settings are not valid. Retry later.
// `message` is safe to show an administrator ("cannot reach the mail server");
// `detail` has curl's error text, never the password (nothing here logs).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "jobs/mail/mail_parse.h"
#include "jobs/mail/smtp.h"

namespace aftercare::jobs::mail {

// The same three choices as for sending, read by ParseSmtpSecurity: none
// (imap://, plain text, the password too), starttls (imap:// upgraded, which
// must succeed), tls (imaps://).
using ImapSecurity = SmtpSecurity;

inline constexpr std::chrono::milliseconds kImapConnectTimeout{10'000};
// The whole exchange: a 25 MB mail over a slow link takes a while.
inline constexpr std::chrono::milliseconds kImapTotalTimeout{120'000};

struct ImapSettings {
  std::string host;  // a name or an IP address
  int port = 993;
  ImapSecurity security = ImapSecurity::kTls;
  std::string username;
  std::string password;
  // Printable ASCII without `"`, `\`, `%`, `;`, `?`, `#` or `*` (a non-ASCII name
  // is written in IMAP's modified UTF-7 by whoever configures it).
  std::string mailbox = "INBOX";
  std::string ca_file;  // PEM file of the CAs to trust; empty: the system's
  std::chrono::milliseconds connect_timeout = kImapConnectTimeout;
  std::chrono::milliseconds timeout = kImapTotalTimeout;
  std::size_t max_message_bytes = kMaxMailBytes;
};

struct MailboxState {
  std::uint32_t uid_validity = 0;  // never 0 when read
  std::uint32_t uid_next = 0;      // the UID the next mail will get; 0 if the server did not say
  std::uint32_t exists = 0;        // mails in the mailbox
};

// EXAMINE (read-only): the mailbox's UIDVALIDITY, UIDNEXT and size.
Result<MailboxState> OpenMailbox(const ImapSettings& settings);

// The UIDs >= from_uid in the mailbox, ascending (UID SEARCH UID from:*, without
// the highest UID the server adds when none is that high).
Result<std::vector<std::uint32_t>> ListUidsFrom(const ImapSettings& settings,
                                                std::uint32_t uid_validity, std::uint32_t from_uid);

// The mail's raw RFC 5322 bytes. Also sets its \Seen flag on the server: curl
// fetches BODY[], not BODY.PEEK[] (a custom FETCH through curl 7.88 loses the
// message's literal, so curl's own fetch is the only way to read a mail).
Result<std::string> FetchMessage(const ImapSettings& settings, std::uint32_t uid_validity,
                                 std::uint32_t uid);

// UID STORE uid +FLAGS (\Seen). Setting it again, or on a UID that is gone, is ok.
Status MarkSeen(const ImapSettings& settings, std::uint32_t uid_validity, std::uint32_t uid);

}  // namespace aftercare::jobs::mail
