#include "jobs/mail/mime.h"

#include "core/base64.h"
#include "core/contact.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/text.h"

namespace aftercare::jobs::mail {
namespace {

constexpr std::size_t kMaxMessageId = 250;  // keeps its header line far below 998
constexpr std::size_t kLineLimit = 76;      // RFC 2047's limit for lines with encoded-words
constexpr std::size_t kFoldAt = 78;         // RFC 5322's recommended line length
constexpr std::size_t kBase64Line = 76;     // RFC 2045
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";
constexpr std::size_t kMaxWord = 75;  // RFC 2047: an encoded-word's length
// Base64 and the fixed part headers never contain "=_", so the boundary cannot
// occur in the parts (RFC 2046 section 5.1.1) and may be constant.
constexpr std::string_view kBoundary = "=_aftercare_alternative";

Status NoLineBreak(std::string_view value, std::string_view field) {
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    return Error::Invalid(std::string(field) + " must not contain a line break", 0,
                          std::string(field));
  }
  if (!IsValidUtf8(value)) {
    return Error::Invalid(std::string(field) + " must be UTF-8 text", 0, std::string(field));
  }
  return {};
}

// `<left@right>`: printable ASCII, no spaces or angle brackets inside, one '@'.
Status CheckMessageId(std::string_view id, std::string_view field) {
  AFTERCARE_RETURN_IF_ERROR(NoLineBreak(id, field));
  bool ok = id.size() >= 5 && id.size() <= kMaxMessageId && id.front() == '<' && id.back() == '>';
  std::string_view inner = ok ? id.substr(1, id.size() - 2) : std::string_view{};
  ok = ok && std::all_of(inner.begin(), inner.end(),
                         [](char c) { return c > ' ' && c < 0x7F && c != '<' && c != '>'; });
  std::size_t at = inner.find('@');
  ok = ok && at != std::string_view::npos && at > 0 && at + 1 < inner.size() &&
       inner.find('@', at + 1) == std::string_view::npos;
  if (!ok) {
    return Error::Invalid(std::string(field) + " must be a message id like <name@host>", 0,
                          std::string(field));
  }
  return {};
}

// The length of the longest prefix of `text` (at most `max_bytes`) that ends
// between two UTF-8 characters.
std::size_t WholeCharacters(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return n;
}

// `text` as encoded-words, the first fitting a line that has `used` characters
// already, each further one on a folded line of its own.
std::string EncodedWords(std::string_view text, std::size_t used) {
  std::string out;
  std::size_t budget = std::min(kMaxWord, kLineLimit - used);
  do {
    std::size_t chars = budget - kWordStart.size() - kWordEnd.size();
    std::size_t n = WholeCharacters(text, chars / 4 * 3);
    if (!out.empty()) out += "\r\n ";
    out += kWordStart;
    out += Base64Encode(text.substr(0, n));
    out += kWordEnd;
    text.remove_prefix(n);
    budget = std::min(kMaxWord, kLineLimit - 1);
  } while (!text.empty());
  return out;
}

// Short printable ASCII that cannot be mistaken for an encoded-word goes as is.
bool IsPlain(std::string_view text, std::size_t used) {
  return used + text.size() <= kFoldAt && text.find("=?") == std::string_view::npos &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= ' ' && c < 0x7F; });
}

std::string Header(std::string_view name, std::string_view value) {
  return std::string(name) + ": " + std::string(value) + "\r\n";
}

// "Name: a, b, c" (or "<a> <b>" with `separator` " "), folded before an item
// that would pass kFoldAt.
std::string ListHeader(std::string_view name, const std::vector<std::string>& items,
                       std::string_view separator) {
  std::string out = std::string(name) + ":";
  std::size_t line = out.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string_view sep = i == 0 ? "" : separator;
    out += sep;
    line += sep.size();
    if (i > 0 && line + 1 + items[i].size() > kFoldAt) {
      out += "\r\n";
      line = 0;
    }
    out += " " + items[i];
    line += 1 + items[i].size();
  }
  return out + "\r\n";
}

std::string FromHeader(const MailMessage& m) {
  constexpr std::string_view kName = "From: ";
  if (m.from_name.empty()) return Header("From", m.from);
  std::string phrase;
  if (IsPlain(m.from_name, kName.size() + 2)) {
    phrase = "\"";
    for (char c : m.from_name) {
      if (c == '"' || c == '\\') phrase += '\\';
      phrase += c;
    }
    phrase += '"';
  } else {
    phrase = EncodedWords(m.from_name, kName.size());
  }
  return Header("From", phrase + " <" + m.from + ">");
}

std::string SubjectHeader(std::string_view subject) {
  constexpr std::size_t kUsed = std::string_view("Subject: ").size();
  if (IsPlain(subject, kUsed)) return Header("Subject", subject);
  return Header("Subject", EncodedWords(subject, kUsed));
}

// Text in canonical form (CRLF line ends) as base64 in lines of kBase64Line.
std::string Base64Body(std::string_view text) {
  std::string canonical;
  canonical.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      canonical += "\r\n";
    } else {
      canonical += text[i];
    }
  }
  std::string encoded = Base64Encode(canonical);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / kBase64Line * 2 + 2);
  for (std::size_t i = 0; i < encoded.size(); i += kBase64Line) {
    out.append(encoded, i, kBase64Line);
    out += "\r\n";
  }
  return out;
}

std::string Part(std::string_view subtype, std::string_view body) {
  return "--" + std::string(kBoundary) + "\r\nContent-Type: text/" + std::string(subtype) +
         "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Body(body);
}

Status CheckMessage(const MailMessage& m) {
  AFTERCARE_RETURN_IF_ERROR(CheckMailAddress(m.from, "from"));
  AFTERCARE_RETURN_IF_ERROR(NoLineBreak(m.from_name, "from_name"));
  if (m.to.empty()) return Error::Invalid("to needs at least one address", 0, "to");
  for (const std::string& to : m.to) AFTERCARE_RETURN_IF_ERROR(CheckMailAddress(to, "to"));
  AFTERCARE_RETURN_IF_ERROR(NoLineBreak(m.subject, "subject"));
  AFTERCARE_RETURN_IF_ERROR(CheckMessageId(m.message_id, "message_id"));
  if (!m.in_reply_to.empty()) {
    AFTERCARE_RETURN_IF_ERROR(CheckMessageId(m.in_reply_to, "in_reply_to"));
  }
  for (const std::string& r : m.references) {
    AFTERCARE_RETURN_IF_ERROR(CheckMessageId(r, "references"));
  }
  if (!IsValidUtf8(m.text)) return Error::Invalid("text must be UTF-8 text", 0, "text");
  if (!IsValidUtf8(m.html)) return Error::Invalid("html must be UTF-8 text", 0, "html");
  return {};
}

}  // namespace

Status CheckMailAddress(std::string_view address, std::string_view field) {
  AFTERCARE_RETURN_IF_ERROR(NoLineBreak(address, field));
  if (!IsMailAddress(address)) {
    return Error::Invalid(std::string(field) + " must be an e-mail address", 0, std::string(field));
  }
  return {};
}

std::string FormatMailDate(Instant t, Seconds offset) {
  using namespace std::chrono;
  constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  sys_seconds local{seconds{t.unix + offset}};
  sys_days day = floor<days>(local);
  year_month_day ymd{day};
  hh_mm_ss hms{local - day};
  Seconds off = offset < 0 ? -offset : offset;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d %c%02d%02d",
                kDays[weekday{day}.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), offset < 0 ? '-' : '+',
                static_cast<int>(off / 3600), static_cast<int>(off / 60 % 60));
  return buf;
}

Result<std::string> BuildMessage(const MailMessage& m) {
  AFTERCARE_RETURN_IF_ERROR(CheckMessage(m));
  std::string out = FromHeader(m);
  out += ListHeader("To", m.to, ",");
  out += SubjectHeader(m.subject);
  out += Header("Date", FormatMailDate(m.date, m.date_offset));
  out += Header("Message-ID", m.message_id);
  if (!m.in_reply_to.empty()) out += Header("In-Reply-To", m.in_reply_to);
  if (!m.references.empty()) out += ListHeader("References", m.references, "");
  out += Header("MIME-Version", "1.0");
  out +=
      Header("Content-Type", "multipart/alternative; boundary=\"" + std::string(kBoundary) + "\"");
  out += "\r\n";
  out += Part("plain", m.text);
  out += Part("html", m.html);
  out += "--" + std::string(kBoundary) + "--\r\n";
  return out;
}

}  // namespace aftercare::jobs::mail
