// An e-mail as it arrives (issue 12 point 5, TKT-1): RFC 5322 bytes, as read from
// the support mailbox (jobs/mail/imap.h), into the fields a ticket needs. Pure:
// bytes in, a struct out, no I/O, so any input can be fed to it (a fuzzer too).
//
// What it reads:
//   - From, To, Cc: addresses and display names (`"Name" <a@b>`, `Name <a@b>`,
//     `a@b (Name)`, groups);
//   - Subject and display names: RFC 2047 "B" and "Q" encoded-words in any charset
//     iconv knows (UTF-8, GB2312/GBK/GB18030, Big5, ISO-8859-1, ...), adjacent
//     words joined before conversion (a character split between two words is
//     whole again); raw 8-bit headers that are not UTF-8 are read as GB18030;
//   - Date, as an Instant when it is a valid RFC 5322 date (obsolete zones and
//     two-digit years too); Message-ID, In-Reply-To, References as `<id>` tokens;
//   - the text: every inline text/plain part joined; with none, the text/html
//     parts turned crudely into text (tags dropped, block ends as line breaks,
//     basic entities decoded). Line ends become "\n";
//   - attachments: every other leaf part, and text parts with a file name or
//     `Content-Disposition: attachment`. The name comes from the disposition's
//     `filename` or the type's `name`, RFC 2231 (`filename*=UTF-8''...`, continued
//     or not) or RFC 2047 encoded, stripped of any folder part;
//   - transfer encodings base64, quoted-printable, 7bit, 8bit, binary; nested
//     multipart/* (mixed, alternative, related, ...) to kMaxMailDepth levels.
//
// Errors vs best effort: ParseMail fails (kInvalidInput) only when the input is
// larger than kMaxMailBytes or does not begin with a header field (it is not a
// mail). Everything else is read as well as it can be, never refused: a broken
// encoded-word stays as it was written, an unknown charset is read as UTF-8, bad
// base64 characters are skipped, a missing closing boundary ends at the end, an
// invalid date leaves `date` empty, a missing Message-ID leaves it empty (the
// caller makes one up if it needs one). Parts beyond kMaxMailParts or nested
// deeper than kMaxMailDepth are left out and `truncated` says so. Every string
// in the result is valid UTF-8 except attachment bytes (undecodable bytes become
// U+FFFD).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace aftercare::jobs::mail {

// The largest mail read (the common limit of mail providers). The IMAP reader
// (imap.h) fetches no more either.
inline constexpr std::size_t kMaxMailBytes = 25 * 1024 * 1024;
inline constexpr int kMaxMailParts = 100;  // MIME entities, the message itself included
inline constexpr int kMaxMailDepth = 10;   // multipart nesting
// One header field, unfolded; longer ones are cut (RFC 5322 allows 998 per line,
// folding makes a field longer, real mail stays far below this).
inline constexpr std::size_t kMaxHeaderField = 64 * 1024;
inline constexpr int kMaxHeaderFields = 1000;  // per entity; more are ignored

struct MailAddress {
  std::string address;  // "zhang.san@example.com" as written (not checked)
  std::string name;     // display name, decoded; may be empty
  friend bool operator==(const MailAddress&, const MailAddress&) = default;
};

struct MailAttachment {
  std::string filename;      // decoded, without folders; may be empty
  std::string content_type;  // "application/pdf": the media type, lower case
  std::string content_id;    // "<image001.png@01D9>" for inline images, or empty
  bool inline_part = false;  // Content-Disposition: inline (or none, e.g. an image)
  std::string bytes;         // decoded
};

struct ParsedMail {
  MailAddress from;  // the first address of From
  std::vector<MailAddress> to;
  std::vector<MailAddress> cc;
  std::string subject;
  std::optional<Instant> date;
  std::string message_id;  // "<id@host>", or empty
  std::string in_reply_to;
  std::vector<std::string> references;  // oldest first, as written
  std::string text;                     // UTF-8, "\n" line ends
  bool text_from_html = false;          // no text/plain part: `text` came from HTML
  std::vector<MailAttachment> attachments;
  bool truncated = false;  // parts were left out (kMaxMailParts, kMaxMailDepth)
};

Result<ParsedMail> ParseMail(std::string_view bytes);

// RFC 2047: a header value with its encoded-words decoded, as UTF-8.
std::string DecodeHeaderText(std::string_view value);

// Bytes in `charset` (a MIME charset name, any case) as UTF-8. An unknown charset
// is taken as UTF-8; bytes that cannot be converted become U+FFFD.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// RFC 5322 date-time ("Mon, 2 Mar 2026 09:05:00 +0800 (CST)"); nullopt when it
// is not one.
std::optional<Instant> ParseMailDate(std::string_view text);

// Crude HTML to text: scripts and styles dropped, tags dropped, <br> and block
// ends as line breaks, &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric entities
// decoded, white space collapsed.
std::string HtmlToText(std::string_view html);

}  // namespace aftercare::jobs::mail
