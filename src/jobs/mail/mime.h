// An e-mail as RFC 5322 text (issue 12 point 4): the message the SMTP sender
// (jobs/mail/smtp.h) uploads. One shape only: multipart/alternative with a
// text/plain and a text/html part, both UTF-8 and base64 (76-character lines),
// so any text goes through any server unchanged.
//
// Headers: From (an optional display name), To (one or more), Subject, Date,
// Message-ID, optional In-Reply-To and References, MIME-Version. A subject (or
// display name) that is not short plain ASCII is sent as RFC 2047 "B"
// encoded-words of UTF-8, each at most 75 characters, split between characters
// (never inside one), one per folded line of at most 76 characters.
//
// Errors (kInvalidInput, `field` names the part of MailMessage at fault): a line
// break in any header value (header injection), an address that fails the
// minimal check (CheckMailAddress), a message id that is not `<left@right>`, no
// recipient, text that is not UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace aftercare::jobs::mail {

struct MailMessage {
  std::string from;             // the sender's address: "noreply@example.com"
  std::string from_name;        // optional display name, UTF-8: "售后服务"
  std::vector<std::string> to;  // one or more addresses
  std::string subject;          // UTF-8, may be empty
  std::string text;             // the text/plain part, UTF-8
  std::string html;             // the text/html part, UTF-8
  // "<delivery-42.host@aftercare>": given by the caller, the same on every
  // attempt of one delivery, so a receiver can drop a duplicate.
  std::string message_id;
  std::string in_reply_to;              // optional, a message id
  std::vector<std::string> references;  // optional, message ids
  Instant date;
  Seconds date_offset = 0;  // the zone offset the Date header is written in
};

// The message as sent: CRLF line ends, ending in CRLF. The bodies' line breaks
// (LF or CRLF) become CRLF before base64 (RFC 2045's canonical form of text).
Result<std::string> BuildMessage(const MailMessage& message);

// An address as the envelope and headers carry it: one '@' with text on both
// sides, printable ASCII without spaces or any of `<>(),;:"\[]`, at most 254
// characters. `field` names it in the error.
Status CheckMailAddress(std::string_view address, std::string_view field);


// RFC 5322 date-time: "Mon, 02 Mar 2026 09:05:00 +0800".
std::string FormatMailDate(Instant t, Seconds offset);

}  // namespace aftercare::jobs::mail
