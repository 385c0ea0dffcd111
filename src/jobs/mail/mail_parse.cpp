#include "jobs/mail/mail_parse.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <map>
#include <utility>

#include "core/text.h"

namespace aftercare::jobs::mail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kMaxFilename = 255;                  // bytes, a file system's limit
constexpr std::size_t kMaxEncodedWord = 4096;

bool IsWsp(char c) { return c == ' ' || c == '\t'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && AsciiLower(a) == AsciiLower(b);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// `text` with every byte that does not start a well-formed UTF-8 character
// replaced by U+FFFD.
std::string ValidUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      out += text[i++];
      continue;
    }
    std::size_t n = 2;
    while (n <= 4 && !IsValidUtf8(text.substr(i, n))) ++n;
    if (n <= 4 && i + n <= text.size()) {
      out.append(text, i, n);
      i += n;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    out += kReplacement;
  } else if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The iconv name for a MIME charset. The Chinese names go to their supersets
// because mailers label GBK text "gb2312" and HKSCS text "big5"; ISO-8859-1 goes
// to Windows-1252 as browsers do, for the same reason.
std::string IconvName(std::string_view charset) {
  std::string cs = AsciiLower(Trim(charset));
  if (cs == "gb2312" || cs == "gbk" || cs == "gb18030" || cs == "x-gbk" || cs == "cp936" ||
      cs == "euc-cn" || cs == "x-euc-cn" || cs == "csgb2312") {
    return "GB18030";
  }
  if (cs == "big5" || cs == "x-big5" || cs == "big5-hkscs" || cs == "cp950") return "BIG5-HKSCS";
  if (cs == "iso-8859-1" || cs == "latin1" || cs == "iso8859-1" || cs == "windows-1252") {
    return "WINDOWS-1252";
  }
  return AsciiLower(cs);
}

bool IsUtf8Name(std::string_view charset) {
  std::string cs = AsciiLower(Trim(charset));
  return cs.empty() || cs == "utf-8" || cs == "utf8" || cs == "us-ascii" || cs == "ascii";
}

// Converts with iconv; nullopt when the charset is unknown, or (when `strict`)
// when any byte cannot be converted. Otherwise such bytes become U+FFFD.
std::optional<std::string> Convert(std::string_view bytes, const std::string& from, bool strict) {
  iconv_t cd = ::iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  out.reserve(bytes.size() * 3 / 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char buffer[4096];
  bool failed = false;
  while (in_left > 0) {
    char* o = buffer;
    std::size_t o_left = sizeof buffer;
    std::size_t r = ::iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buffer, static_cast<std::size_t>(o - buffer));
    if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {
      if (strict) {
        failed = true;
        break;
      }
      out += kReplacement;  // EILSEQ or EINVAL (a truncated last character)
      ++in;
      --in_left;
      ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  ::iconv_close(cd);
  if (failed) return std::nullopt;
  return ValidUtf8(out);
}

// Text that says nothing of its charset: UTF-8 when it is, else GB18030 when it
// converts cleanly (Chinese mailers that put raw GBK in headers), else UTF-8 with
// replacement characters.
std::string GuessedText(std::string_view bytes) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  if (auto gb = Convert(bytes, "GB18030", true)) return *gb;
  return ValidUtf8(bytes);
}

std::string DecodeBase64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) continue;  // line breaks, padding, stray characters
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view text, bool header) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (header && c == '_') {
      out += ' ';
    } else if (c == '=') {
      std::size_t j = i + 1;
      while (j < text.size() && IsWsp(text[j])) ++j;  // "=  \r\n": padding before a soft break
      if (j < text.size() && (text[j] == '\n' || text[j] == '\r')) {
        if (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n') ++j;
        i = j;  // soft line break
      } else if (j == text.size()) {
        i = j;
      } else if (i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
        out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
        i += 2;
      } else {
        out += '=';  // not an escape: kept as written
      }
    } else {
      out += c;
    }
  }
  return out;
}

// One RFC 2047 encoded-word at the start of `s`: its charset and decoded bytes,
// and its length; nullopt when `s` does not start with one.
struct EncodedWord {
  std::string charset;
  std::string bytes;
  std::size_t length = 0;
};

std::optional<EncodedWord> ReadEncodedWord(std::string_view s) {
  if (!s.starts_with("=?")) return std::nullopt;
  std::size_t q1 = s.find('?', 2);
  if (q1 == std::string_view::npos || q1 == 2 || q1 > 80 || q1 + 3 > s.size() || s[q1 + 2] != '?') {
    return std::nullopt;
  }
  char encoding = static_cast<char>(s[q1 + 1] | 0x20);
  if (encoding != 'b' && encoding != 'q') return std::nullopt;
  // RFC 2047 allows 75 characters; broken encoders write longer words, but a
  // bound keeps a header full of "=?" without an end from costing n^2.
  std::size_t end = s.substr(0, kMaxEncodedWord).find("?=", q1 + 3);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view text = s.substr(q1 + 3, end - q1 - 3);
  if (text.find_first_of("\r\n") != std::string_view::npos) return std::nullopt;
  std::string_view charset = s.substr(2, q1 - 2);
  charset = charset.substr(0, charset.find('*'));  // RFC 2231's language suffix
  EncodedWord word;
  word.charset = std::string(charset);
  word.bytes = encoding == 'b' ? DecodeBase64(text) : DecodeQuotedPrintable(text, true);
  word.length = end + 2;
  return word;
}

// Splits `entity` into its header fields (unfolded) and its body.
struct Field {
  std::string name;  // lower case
  std::string value;
};

struct Entity {
  std::vector<Field> fields;
  std::string_view body;
  bool truncated = false;

  const std::string* Get(std::string_view name) const {
    for (const Field& f : fields) {
      if (f.name == name) return &f.value;
    }
    return nullptr;
  }
  std::string Value(std::string_view name) const {
    const std::string* v = Get(name);
    return v == nullptr ? std::string() : *v;
  }
};

// The length of a field name at the start of `line` (before its ':'), or 0.
std::size_t FieldNameLength(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] > ' ' && line[i] < 0x7F && line[i] != ':') ++i;
  std::size_t name = i;
  while (i < line.size() && IsWsp(line[i])) ++i;  // "Subject :" (obsolete syntax)
  return name > 0 && i < line.size() && line[i] == ':' ? name : 0;
}

Entity SplitEntity(std::string_view entity) {
  Entity out;
  std::size_t pos = 0;
  bool first = true;
  while (pos < entity.size()) {
    std::size_t eol = entity.find('\n', pos);
    std::size_t next = eol == std::string_view::npos ? entity.size() : eol + 1;
    std::string_view line = entity.substr(pos, next - pos);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) {
      out.body = entity.substr(next);
      return out;
    }
    if (IsWsp(line.front()) && !out.fields.empty()) {  // a folded line
      std::string& value = out.fields.back().value;
      if (value.size() + line.size() <= kMaxHeaderField) {
        value += line;
      } else {
        out.truncated = true;
      }
    } else if (std::size_t n = FieldNameLength(line); n > 0) {
      if (out.fields.size() < static_cast<std::size_t>(kMaxHeaderFields)) {
        std::string_view value = line.substr(line.find(':') + 1);
        while (!value.empty() && IsWsp(value.front())) value.remove_prefix(1);
        if (value.size() > kMaxHeaderField) out.truncated = true;
        out.fields.push_back(
            {AsciiLower(line.substr(0, n)), std::string(value.substr(0, kMaxHeaderField))});
      } else {
        out.truncated = true;
      }
    } else if (first) {
      out.body = entity;  // no header at all: the whole entity is its body
      return out;
    }  // else: a stray line inside the header, skipped
    first = false;
    pos = next;
  }
  out.body = {};
  return out;
}

// A structured header value and its parameters (Content-Type, Content-Disposition),
// RFC 2231 continuations joined and charsets converted.
struct Parameterized {
  std::string value;  // lower case
  std::map<std::string, std::string> params;
};

Parameterized ParseParameterized(std::string_view text) {
  Parameterized out;
  std::size_t semi = text.find(';');
  out.value = AsciiLower(Trim(text.substr(0, semi)));
  struct Piece {
    int index;
    bool extended;
    std::string text;
  };
  std::map<std::string, std::vector<Piece>> pieces;
  std::size_t i = semi == std::string_view::npos ? text.size() : semi + 1;
  while (i < text.size()) {
    while (i < text.size() && (IsSpace(text[i]) || text[i] == ';')) ++i;
    std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string name = AsciiLower(Trim(text.substr(i, eq - i)));
    i = eq + 1;
    while (i < text.size() && IsSpace(text[i])) ++i;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      // A backslash escapes only '"' and itself: mailers write Windows paths
      // unescaped, name="C:\Users\a.doc", and the folders must stay visible
      // to be stripped.
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
          ++i;
        }
        value += text[i];
      }
      ++i;
      while (i < text.size() && text[i] != ';') ++i;
    } else {
      std::size_t end = std::min(text.find(';', i), text.size());
      value = std::string(Trim(text.substr(i, end - i)));
      i = end;
    }
    if (name.empty() || name.find(';') != std::string::npos) continue;
    Piece piece{0, false, std::move(value)};
    if (name.back() == '*') {
      piece.extended = true;
      name.pop_back();
    }
    if (std::size_t star = name.find('*'); star != std::string::npos) {
      std::string_view digits = std::string_view(name).substr(star + 1);
      int index = 0;
      bool ok =
          !digits.empty() && digits.size() <= 3 &&
          std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
      for (char c : digits) index = index * 10 + (c - '0');
      if (!ok) continue;
      piece.index = index;
      name.resize(star);
    }
    pieces[name].push_back(std::move(piece));
  }
  for (auto& [name, list] : pieces) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Piece& a, const Piece& b) { return a.index < b.index; });
    if (!list.front().extended) {
      std::string joined;
      for (const Piece& p : list) joined += p.text;
      out.params[name] = std::move(joined);
      continue;
    }
    // charset'language'percent-encoded, the first piece only naming the charset.
    std::string charset;
    std::string bytes;
    for (std::size_t k = 0; k < list.size(); ++k) {
      std::string_view t = list[k].text;
      if (k == 0) {
        std::size_t a = t.find('\'');
        std::size_t b = a == std::string_view::npos ? a : t.find('\'', a + 1);
        if (b != std::string_view::npos) {
          charset = std::string(t.substr(0, a));
          t.remove_prefix(b + 1);
        }
      }
      if (!list[k].extended) {
        bytes += t;
        continue;
      }
      for (std::size_t j = 0; j < t.size(); ++j) {
        if (t[j] == '%' && j + 2 < t.size() && HexValue(t[j + 1]) >= 0 && HexValue(t[j + 2]) >= 0) {
          bytes += static_cast<char>(HexValue(t[j + 1]) * 16 + HexValue(t[j + 2]));
          j += 2;
        } else {
          bytes += t[j];
        }
      }
    }
    out.params[name] = ToUtf8(bytes, charset);
  }
  return out;
}

std::string Unquote(std::string_view s) {
  s = Trim(s);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

// `s` without its (comments), and the text of the first one.
std::pair<std::string, std::string> StripComments(std::string_view s) {
  std::string out, comment;
  int depth = 0;
  bool quoted = false, first_done = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      (depth > 0 ? comment : out) += s.substr(i, 2);
      ++i;
      continue;
    }
    if (depth == 0 && c == '"') quoted = !quoted;
    if (!quoted && c == '(') {
      if (depth++ == 0) continue;
    } else if (!quoted && c == ')' && depth > 0) {
      if (--depth == 0) {
        first_done = true;
        continue;
      }
    }
    if (depth > 0) {
      if (!first_done) comment += c;
    } else {
      out += c;
    }
  }
  return {out, comment};
}

MailAddress ReadAddress(std::string_view token) {
  MailAddress out;
  bool quoted = false;
  std::size_t lt = std::string_view::npos;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '\\') {
      ++i;
    } else if (token[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && token[i] == '<') {
      lt = i;
      break;
    }
  }
  if (lt != std::string_view::npos) {
    std::size_t gt = token.find('>', lt);
    std::string_view inner = token.substr(lt + 1, gt == std::string_view::npos ? gt : gt - lt - 1);
    if (std::size_t colon = inner.find(':'); inner.starts_with('@') && colon != inner.npos) {
      inner.remove_prefix(colon + 1);  // an obsolete source route "@a,@b:"
    }
    out.address = std::string(Trim(inner));
    auto [name, comment] = StripComments(token.substr(0, lt));
    out.name = DecodeHeaderText(Unquote(name));
  } else {
    auto [address, comment] = StripComments(token);
    out.address = std::string(Trim(address));
    out.name = DecodeHeaderText(Unquote(comment));
  }
  out.address = GuessedText(out.address);
  out.name = std::string(Trim(out.name));
  return out;
}

// An address list (RFC 5322 section 3.4), groups flattened.
std::vector<MailAddress> ReadAddressList(std::string_view value) {
  std::vector<MailAddress> out;
  std::string token;
  bool quoted = false;
  int angle = 0, paren = 0;
  auto flush = [&] {
    if (!Trim(token).empty()) {
      MailAddress a = ReadAddress(token);
      if (!a.address.empty()) out.push_back(std::move(a));
    }
    token.clear();
  };
  for (std::size_t i = 0; i < value.size() && out.size() < 1000; ++i) {
    char c = value[i];
    if (c == '\\' && i + 1 < value.size()) {
      token += value.substr(i, 2);
      ++i;
      continue;
    }
    if (c == '"' && paren == 0) quoted = !quoted;
    if (!quoted) {
      if (c == '(') ++paren;
      if (c == ')' && paren > 0) --paren;
      if (paren == 0) {
        if (c == '<') ++angle;
        if (c == '>' && angle > 0) --angle;
        if (angle == 0 && (c == ',' || c == ';')) {
          flush();
          continue;
        }
        if (angle == 0 && c == ':') {  // "group:" names the group, not an address
          token.clear();
          continue;
        }
      }
    }
    token += c;
  }
  flush();
  return out;
}

// The `<id>` tokens of a Message-ID, In-Reply-To or References value.
std::vector<std::string> ReadMessageIds(std::string_view value) {
  std::vector<std::string> out;
  std::string clean = StripComments(value).first;
  std::string_view v = clean;
  for (std::size_t i = v.find('<'); i != std::string_view::npos && out.size() < 1000;
       i = v.find('<', i)) {
    std::size_t end = v.find('>', i);
    if (end == std::string_view::npos) break;
    std::string id;
    for (char c : v.substr(i, end - i + 1)) {
      if (!IsSpace(c)) id += c;
    }
    if (id.size() > 2) out.push_back(ValidUtf8(id));
    i = end + 1;
  }
  if (out.empty()) {  // "id@host" without its brackets (some old mailers)
    std::string_view bare = Trim(v);
    if (!bare.empty() && bare.find_first_of(" \t<>") == std::string_view::npos) {
      out.push_back("<" + ValidUtf8(bare) + ">");
    }
  }
  return out;
}

std::string NormalizeLineEnds(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string FileNameOf(const Parameterized& disposition, const Parameterized& type) {
  std::string raw;
  if (auto it = disposition.params.find("filename"); it != disposition.params.end()) {
    raw = it->second;
  } else if (auto it2 = type.params.find("name"); it2 != type.params.end()) {
    raw = it2->second;
  }
  std::string name = DecodeHeaderText(raw);
  std::size_t slash = name.find_last_of("/\\");  // never a path: "C:\Users\..\a.doc"
  if (slash != std::string::npos) name.erase(0, slash + 1);
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
  }
  out = std::string(Trim(out));
  if (out.size() > kMaxFilename) {
    std::size_t n = kMaxFilename;
    while (n > 0 && (static_cast<unsigned char>(out[n]) & 0xC0) == 0x80) --n;
    out.resize(n);
  }
  return out;
}

std::string DecodeTransfer(std::string_view body, const std::string& encoding) {
  if (encoding == "base64") return DecodeBase64(body);
  if (encoding == "quoted-printable") return DecodeQuotedPrintable(body, false);
  return std::string(body);  // 7bit, 8bit, binary, and unknown ones as they are
}

// The body parts of a multipart entity between its delimiter lines
// ("--boundary", the last "--boundary--"); preamble and epilogue dropped.
std::vector<std::string_view> SplitMultipart(std::string_view body, std::string_view boundary) {
  std::vector<std::string_view> parts;
  std::string delimiter = "--" + std::string(boundary);
  std::size_t start = std::string_view::npos;  // where the current part's content begins
  for (std::size_t pos = body.find(delimiter); pos != std::string_view::npos;
       pos = body.find(delimiter, pos + 1)) {
    if (pos > 0 && body[pos - 1] != '\n') continue;  // not at a line start
    std::size_t after = pos + delimiter.size();
    bool close = body.substr(after, 2) == "--";
    std::size_t rest = close ? after + 2 : after;
    std::size_t eol = body.find('\n', rest);
    std::string_view tail = body.substr(rest, eol == std::string_view::npos ? eol : eol - rest);
    if (!Trim(tail).empty()) continue;  // "--boundary-other": a longer boundary
    if (start != std::string_view::npos) {
      std::size_t end = pos;  // the line break before a delimiter belongs to it
      if (end > start && body[end - 1] == '\n') --end;
      if (end > start && body[end - 1] == '\r') --end;
      parts.push_back(body.substr(start, end - start));
      if (parts.size() > static_cast<std::size_t>(kMaxMailParts)) return parts;
    }
    if (close) return parts;
    start = eol == std::string_view::npos ? body.size() : eol + 1;
  }
  if (start != std::string_view::npos && start < body.size()) {
    parts.push_back(body.substr(start));  // no closing delimiter: up to the end
  }
  return parts;
}

class Walker {
 public:
  explicit Walker(ParsedMail& mail) : mail_(mail) {}

  void Walk(const Entity& entity, int depth, bool digest) {
    if (++parts_ > kMaxMailParts) {
      mail_.truncated = true;
      return;
    }
    if (entity.truncated) mail_.truncated = true;
    const std::string* type_text = entity.Get("content-type");
    Parameterized type = ParseParameterized(
        type_text != nullptr ? *type_text : (digest ? "message/rfc822" : "text/plain"));
    if (type.value.starts_with("multipart/")) {
      auto boundary = type.params.find("boundary");
      if (boundary != type.params.end() && !boundary->second.empty()) {
        if (depth >= kMaxMailDepth) {
          mail_.truncated = true;
          return;
        }
        bool is_digest = type.value == "multipart/digest";
        for (std::string_view part : SplitMultipart(entity.body, boundary->second)) {
          if (parts_ >= kMaxMailParts) {
            mail_.truncated = true;
            return;
          }
          Walk(SplitEntity(part), depth + 1, is_digest);
        }
        return;
      }
      type.value = "text/plain";  // no boundary: read the body as text
    }
    Leaf(entity, type);
  }

  void Finish() {
    if (!plain_.empty()) {
      mail_.text = Join(plain_);
    } else if (!html_.empty()) {
      mail_.text = Join(html_);
      mail_.text_from_html = true;
    }
  }

 private:
  static std::string Join(const std::vector<std::string>& texts) {
    std::string out;
    for (const std::string& t : texts) {
      if (!out.empty() && !out.ends_with('\n')) out += '\n';
      out += t;
    }
    return out;
  }

  void Leaf(const Entity& entity, const Parameterized& type) {
    Parameterized disposition = ParseParameterized(entity.Value("content-disposition"));
    std::string encoding = AsciiLower(Trim(entity.Value("content-transfer-encoding")));
    std::string bytes = DecodeTransfer(entity.body, encoding);
    std::string filename = FileNameOf(disposition, type);
    bool attachment = disposition.value == "attachment" || !filename.empty();
    bool plain = type.value == "text/plain" || type.value.empty();
    if (!attachment && (plain || type.value == "text/html")) {
      auto charset = type.params.find("charset");
      std::string text = charset == type.params.end() || IsUtf8Name(charset->second)
                             ? GuessedText(bytes)
                             : ToUtf8(bytes, charset->second);
      text = NormalizeLineEnds(text);
      (plain ? plain_ : html_).push_back(plain ? std::move(text) : HtmlToText(text));
      return;
    }
    MailAttachment a;
    a.filename = filename.empty() && type.value == "message/rfc822" ? "message.eml" : filename;
    a.content_type = ValidUtf8(type.value.empty() ? "application/octet-stream" : type.value);
    std::vector<std::string> ids = ReadMessageIds(entity.Value("content-id"));
    if (!ids.empty()) a.content_id = ids.front();
    a.inline_part = disposition.value != "attachment";
    a.bytes = std::move(bytes);
    mail_.attachments.push_back(std::move(a));
  }

  ParsedMail& mail_;
  int parts_ = 0;
  std::vector<std::string> plain_, html_;
};

constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};

// A zone as RFC 5322 (and its obsolete forms) writes it: its offset in seconds.
std::optional<Seconds> ZoneOffset(std::string_view zone) {
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-') &&
      std::all_of(zone.begin() + 1, zone.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int hh = (zone[1] - '0') * 10 + (zone[2] - '0');
    int mm = (zone[3] - '0') * 10 + (zone[4] - '0');
    if (mm > 59) return std::nullopt;
    Seconds s = hh * 3600 + mm * 60;
    return zone[0] == '-' ? -s : s;
  }
  std::string z = AsciiLower(zone);
  static const std::pair<std::string_view, int> kNamed[] = {
      {"ut", 0},   {"gmt", 0},  {"z", 0},    {"utc", 0},  {"est", -5}, {"edt", -4},
      {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}};
  for (auto [name, hours] : kNamed) {
    if (z == name) return Seconds{hours} * 3600;
  }
  if (z.size() == 1 && z[0] >= 'a' && z[0] <= 'z') return 0;  // obsolete military zones
  return std::nullopt;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s.substr(0, 9)) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  if (IsUtf8Name(charset)) return ValidUtf8(bytes);
  if (auto converted = Convert(bytes, IconvName(charset), false)) return *converted;
  return ValidUtf8(bytes);
}

std::string DecodeHeaderText(std::string_view value) {
  std::string out;
  std::string plain;  // text since the last encoded-word
  std::string pending, pending_charset;
  bool have_pending = false;
  auto flush_pending = [&] {
    if (have_pending) out += ToUtf8(pending, pending_charset);
    pending.clear();
    have_pending = false;
  };
  for (std::size_t i = 0; i < value.size();) {
    if (value[i] == '=' && i + 1 < value.size() && value[i + 1] == '?') {
      if (auto word = ReadEncodedWord(value.substr(i))) {
        bool only_space = std::all_of(plain.begin(), plain.end(), IsSpace);
        if (have_pending && only_space) {
          // Adjacent words: the space between them is not text (RFC 2047
          // section 6.2), and a character may be split between them.
          if (!EqualsIgnoreCase(word->charset, pending_charset)) {
            flush_pending();
          }
        } else {
          flush_pending();
          out += GuessedText(plain);
        }
        plain.clear();
        pending += word->bytes;
        pending_charset = word->charset;
        have_pending = true;
        i += word->length;
        continue;
      }
    }
    plain += value[i++];
  }
  flush_pending();
  out += GuessedText(plain);
  return out;
}

std::optional<Instant> ParseMailDate(std::string_view text) {
  std::string clean = StripComments(text).first;
  std::vector<std::string_view> tokens;
  std::string_view rest = clean;
  while (!rest.empty()) {
    std::size_t start = rest.find_first_not_of(" \t\r\n,");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    std::size_t end = std::min(rest.find_first_of(" \t\r\n,"), rest.size());
    tokens.push_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  std::size_t k = 0;
  if (k < tokens.size() && !tokens[k].empty() && !AllDigits(tokens[k])) ++k;  // the weekday
  if (tokens.size() < k + 4) return std::nullopt;
  std::string_view day = tokens[k], month = tokens[k + 1], year = tokens[k + 2],
                   time = tokens[k + 3];
  std::string_view zone = tokens.size() > k + 4 ? tokens[k + 4] : "-0000";
  if (!AllDigits(day) || day.size() > 2 || !AllDigits(year) || year.size() < 2 || year.size() > 4) {
    return std::nullopt;
  }
  std::string m = AsciiLower(month.substr(0, 3));
  auto it = std::find(std::begin(kMonths), std::end(kMonths), m);
  if (it == std::end(kMonths) || month.size() > 9) return std::nullopt;
  int y = ToInt(year);
  if (year.size() == 2) y += y < 50 ? 2000 : 1900;  // RFC 5322 section 4.3
  if (year.size() == 3) y += 1900;
  std::vector<std::string_view> hms;
  for (std::size_t p = 0; p <= time.size();) {
    std::size_t colon = std::min(time.find(':', p), time.size());
    hms.push_back(time.substr(p, colon - p));
    p = colon + 1;
  }
  if (hms.size() < 2 || hms.size() > 3) return std::nullopt;
  for (std::string_view part : hms) {
    if (!AllDigits(part) || part.size() > 2) return std::nullopt;
  }
  int hh = ToInt(hms[0]), mi = ToInt(hms[1]), ss = hms.size() == 3 ? ToInt(hms[2]) : 0;
  if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
  if (ss == 60) ss = 59;  // a leap second: Instant has none
  std::optional<Seconds> offset = ZoneOffset(zone);
  if (!offset) return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year{y},
                     std::chrono::month{static_cast<unsigned>(it - std::begin(kMonths) + 1)},
                     std::chrono::day{static_cast<unsigned>(ToInt(day))}};
  if (!ymd.ok()) return std::nullopt;
  Seconds local =
      sys_days{ymd}.time_since_epoch().count() * kSecondsPerDay + hh * 3600 + mi * 60 + ss;
  return Instant{local - *offset};
}

std::string HtmlToText(std::string_view html) {
  static const std::string_view kBlocks[] = {
      "p",  "div", "tr", "li",         "h1",  "h2", "h3",    "h4",    "h5",
      "h6", "ul",  "ol", "blockquote", "pre", "hr", "table", "title", "section"};
  std::string out;
  auto space = [&] {
    if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
  };
  auto newline = [&] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  };
  for (std::size_t i = 0; i < html.size();) {
    char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        std::size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      std::size_t j = i + 1;
      bool closing = j < html.size() && html[j] == '/';
      if (closing) ++j;
      std::size_t name_start = j;
      while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])) != 0)) ++j;
      std::string name = AsciiLower(html.substr(name_start, j - name_start));
      if (name.empty() && !closing && (j >= html.size() || (html[j] != '!' && html[j] != '?'))) {
        out += c;  // "a < b": not a tag
        ++i;
        continue;
      }
      char quote = 0;  // the tag ends at a '>' outside attribute quotes
      for (; j < html.size(); ++j) {
        if (quote != 0) {
          if (html[j] == quote) quote = 0;
        } else if (html[j] == '"' || html[j] == '\'') {
          quote = html[j];
        } else if (html[j] == '>') {
          break;
        }
      }
      i = j < html.size() ? j + 1 : html.size();
      if (!closing && (name == "script" || name == "style" || name == "head")) {
        std::string end_tag = "</" + name;
        std::size_t end = i;
        while (end < html.size() && AsciiLower(html.substr(end, end_tag.size())) != end_tag) {
          end = html.find('<', end + 1);
          if (end == std::string_view::npos) end = html.size();
        }
        std::size_t gt = html.find('>', end);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
        continue;
      }
      if (name == "br" ||
          std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks)) {
        newline();
      } else if (name == "td" || name == "th") {
        space();
      }
      continue;
    }
    if (c == '&') {
      std::size_t semi = html.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string entity = std::string(html.substr(i + 1, semi - i - 1));
        std::string lower = AsciiLower(entity);
        bool done = true;
        if (lower == "amp") {
          out += '&';
        } else if (lower == "lt") {
          out += '<';
        } else if (lower == "gt") {
          out += '>';
        } else if (lower == "quot") {
          out += '"';
        } else if (lower == "apos") {
          out += '\'';
        } else if (lower == "nbsp") {
          out += ' ';
        } else if (entity.size() > 1 && entity[0] == '#') {
          bool hex = entity[1] == 'x' || entity[1] == 'X';
          std::string_view digits = std::string_view(entity).substr(hex ? 2 : 1);
          std::uint32_t cp = 0;
          bool ok = !digits.empty() && digits.size() <= 7;
          for (char d : digits) {
            int v = hex ? HexValue(d) : (d >= '0' && d <= '9' ? d - '0' : -1);
            if (v < 0) ok = false;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v < 0 ? 0 : v);
          }
          if (ok) {
            AppendUtf8(out, cp);
          } else {
            done = false;
          }
        } else {
          done = false;
        }
        if (done) {
          i = semi + 1;
          continue;
        }
      }
      out += c;
      ++i;
      continue;
    }
    if (IsSpace(c)) {
      space();
    } else {
      out += c;
    }
    ++i;
  }
  // Lines trimmed, at most one empty line in a row, none at the ends.
  std::string text;
  std::size_t empty_run = 0;
  std::string_view rest = out;
  while (true) {
    std::size_t eol = rest.find('\n');
    std::string_view line = Trim(rest.substr(0, eol));
    if (line.empty()) {
      ++empty_run;
    } else {
      if (!text.empty()) text += empty_run > 1 ? "\n\n" : "\n";
      text += line;
      empty_run = 0;
    }
    if (eol == std::string_view::npos) break;
    rest.remove_prefix(eol + 1);
  }
  return ValidUtf8(text);
}

Result<ParsedMail> ParseMail(std::string_view bytes) {
  if (bytes.size() > kMaxMailBytes) {
    return Error::Invalid("the mail is too large to read");
  }
  if (bytes.starts_with("From ")) {  // an mbox separator line
    std::size_t eol = bytes.find('\n');
    bytes.remove_prefix(eol == std::string_view::npos ? bytes.size() : eol + 1);
  }
  if (FieldNameLength(bytes.substr(0, std::min(bytes.find('\n'), bytes.size()))) == 0) {
    return Error::Invalid("the mail has no header");
  }
  Entity top = SplitEntity(bytes);
  ParsedMail mail;
  std::vector<MailAddress> from = ReadAddressList(top.Value("from"));
  if (!from.empty()) mail.from = std::move(from.front());
  for (const Field& f : top.fields) {  // several To or Cc fields are joined
    if (f.name == "to" || f.name == "cc") {
      std::vector<MailAddress> list = ReadAddressList(f.value);
      auto& into = f.name == "to" ? mail.to : mail.cc;
      into.insert(into.end(), list.begin(), list.end());
    }
  }
  mail.subject = DecodeHeaderText(top.Value("subject"));
  if (const std::string* date = top.Get("date")) mail.date = ParseMailDate(*date);
  std::vector<std::string> ids = ReadMessageIds(top.Value("message-id"));
  if (!ids.empty()) mail.message_id = ids.front();
  ids = ReadMessageIds(top.Value("in-reply-to"));
  if (!ids.empty()) mail.in_reply_to = ids.front();
  mail.references = ReadMessageIds(top.Value("references"));
  Walker walker(mail);
  walker.Walk(top, 0, false);
  walker.Finish();
  return mail;
}

}  // namespace aftercare::jobs::mail
