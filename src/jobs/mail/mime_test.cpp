// The e-mail as text (issue 12 point 4): base64 against RFC 4648's vectors, dates
// in RFC 5322's form, subjects as RFC 2047 encoded-words that decode back (a
// small decoder here) within the line limits and split between characters, the
// bodies decode back to their input, and a line break in any header value is
// refused with the field named.
#include "jobs/mail/mime.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <sstream>

#include "core/base64.h"
#include "core/text.h"

namespace aftercare::jobs::mail {
namespace {

std::string Decode64(std::string_view in) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : in) {
    if (c == '=' || c == '\r' || c == '\n') continue;
    std::size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) ADD_FAILURE() << "not base64: " << c;
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

std::vector<std::string> Split(const std::string& text, const std::string& sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + sep.size()) {
    out.push_back(text.substr(start, at - start));
  }
  out.push_back(text.substr(start));
  return out;
}

// A message's header block and body, its header lines unfolded by name.
struct Parsed {
  std::vector<std::string> lines;  // the header block's physical lines
  std::map<std::string, std::string> headers;
  std::string body;
};

Parsed Parse(const std::string& message) {
  Parsed p;
  std::size_t end = message.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos);
  p.lines = Split(message.substr(0, end), "\r\n");
  p.body = message.substr(end + 4);
  std::string name;
  for (const std::string& line : p.lines) {
    if (line.starts_with(" ")) {
      p.headers[name] += line;  // unfolding keeps the white space
    } else {
      name = line.substr(0, line.find(':'));
      EXPECT_FALSE(p.headers.contains(name)) << name;
      p.headers[name] = line.substr(line.find(':') + 2);
    }
  }
  return p;
}

// RFC 2047 "B" words of UTF-8; white space between two words is dropped.
std::string DecodeWords(const std::string& value, std::vector<std::string>* words = nullptr) {
  std::string out;
  std::istringstream in(value);
  for (std::string word; in >> word;) {
    EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
    std::string decoded = Decode64(word.substr(10, word.size() - 12));
    EXPECT_TRUE(IsValidUtf8(decoded)) << "a word splits a character: " << word;
    if (words != nullptr) words->push_back(word);
    out += decoded;
  }
  return out;
}

MailMessage Sample() {
  MailMessage m;
  m.from = "noreply@aftercare.example";
  m.to = {"zhang.san@example.com"};
  m.subject = "Ticket HT-7";
  m.text = "Hello";
  m.html = "<p>Hello</p>";
  m.message_id = "<delivery-42.host@aftercare>";
  m.date = ParseRfc3339("2026-03-02T09:05:00+08:00").value();
  m.date_offset = 8 * 3600;
  return m;
}

Parsed Built(const MailMessage& m) {
  Result<std::string> text = BuildMessage(m);
  EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().message);
  return text.ok() ? Parse(*text) : Parsed{};
}

TEST(MimeBase64, MatchesRfc4648Vectors) {
  using namespace std::literals;
  const std::pair<std::string_view, std::string_view> kVectors[] = {{""sv, ""sv},
                                                                    {"f"sv, "Zg=="sv},
                                                                    {"fo"sv, "Zm8="sv},
                                                                    {"foo"sv, "Zm9v"sv},
                                                                    {"foob"sv, "Zm9vYg=="sv},
                                                                    {"fooba"sv, "Zm9vYmE="sv},
                                                                    {"foobar"sv, "Zm9vYmFy"sv},
                                                                    {"\xff\xfe\x00"sv, "//4A"sv},
                                                                    {"你好"sv, "5L2g5aW9"sv}};
  for (auto [in, out] : kVectors) EXPECT_EQ(Base64Encode(in), out) << in;
}

TEST(MimeDate, IsRfc5322) {
  const struct {
    std::string_view instant;
    Seconds offset;
    std::string_view date;
  } kCases[] = {
      {"1970-01-01T00:00:00Z", 0, "Thu, 01 Jan 1970 00:00:00 +0000"},
      {"2026-03-02T09:05:00+08:00", 8 * 3600, "Mon, 02 Mar 2026 09:05:00 +0800"},
      {"2026-03-02T09:05:00+08:00", 0, "Mon, 02 Mar 2026 01:05:00 +0000"},
      {"2026-01-01T02:00:00Z", -(3 * 3600 + 30 * 60), "Wed, 31 Dec 2025 22:30:00 -0330"},
      {"2024-02-29T23:59:59Z", 0, "Thu, 29 Feb 2024 23:59:59 +0000"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(FormatMailDate(ParseRfc3339(c.instant).value(), c.offset), c.date) << c.instant;
  }
}

TEST(MimeMessage, HasTheHeadersAndTwoBase64Parts) {
  MailMessage m = Sample();
  m.to = {"a@example.com", "b@example.com"};
  m.in_reply_to = "<delivery-41.host@aftercare>";
  m.references = {"<delivery-40.host@aftercare>", "<delivery-41.host@aftercare>"};
  std::string text = BuildMessage(m).value();
  EXPECT_TRUE(text.ends_with("\r\n"));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "a bare LF at " << i;
    }
  }
  Parsed p = Parse(text);
  EXPECT_EQ(p.headers["From"], "noreply@aftercare.example");
  EXPECT_EQ(p.headers["To"], "a@example.com, b@example.com");
  EXPECT_EQ(p.headers["Subject"], "Ticket HT-7");
  EXPECT_EQ(p.headers["Date"], "Mon, 02 Mar 2026 09:05:00 +0800");
  EXPECT_EQ(p.headers["Message-ID"], "<delivery-42.host@aftercare>");
  EXPECT_EQ(p.headers["In-Reply-To"], "<delivery-41.host@aftercare>");
  EXPECT_EQ(p.headers["References"], "<delivery-40.host@aftercare> <delivery-41.host@aftercare>");
  EXPECT_EQ(p.headers["MIME-Version"], "1.0");
  EXPECT_EQ(p.headers["Content-Type"],
            "multipart/alternative; boundary=\"=_aftercare_alternative\"");
  std::vector<std::string> parts = Split(p.body, "--=_aftercare_alternative");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "");
  EXPECT_EQ(parts[3], "--\r\n");
  for (int i : {1, 2}) {
    Parsed part = Parse(parts[i].substr(2));
    EXPECT_EQ(part.headers["Content-Type"],
              std::string(i == 1 ? "text/plain" : "text/html") + "; charset=UTF-8");
    EXPECT_EQ(part.headers["Content-Transfer-Encoding"], "base64");
    EXPECT_EQ(Decode64(part.body), i == 1 ? "Hello" : "<p>Hello</p>");
  }
  m.in_reply_to.clear();
  m.references.clear();
  p = Built(m);
  EXPECT_FALSE(p.headers.contains("In-Reply-To"));
  EXPECT_FALSE(p.headers.contains("References"));
}

TEST(MimeMessage, ManyRecipientsAreFolded) {
  MailMessage m = Sample();
  m.to.clear();
  for (int i = 0; i < 12; ++i) m.to.push_back("engineer" + std::to_string(i) + "@example.com");
  Parsed p = Built(m);
  for (const std::string& line : p.lines) EXPECT_LE(line.size(), 78u) << line;
  std::string joined;
  for (const std::string& to : m.to) joined += (joined.empty() ? "" : ", ") + to;
  EXPECT_EQ(p.headers["To"], joined);
}

TEST(MimeSubject, ChineseIsEncodedAndDecodesBack) {
  MailMessage m = Sample();
  m.subject = "你好";
  EXPECT_EQ(Built(m).headers["Subject"], "=?UTF-8?B?5L2g5aW9?=");
  m.subject = "工单 HT-7 已超时：请尽快处理";
  EXPECT_EQ(DecodeWords(Built(m).headers["Subject"]), m.subject);
  m.from_name = "售后服务中心";
  EXPECT_EQ(Built(m).headers["From"],
            "=?UTF-8?B?5ZSu5ZCO5pyN5Yqh5Lit5b+D?= <noreply@aftercare.example>");
  m.from_name = "Aftercare \"Desk\"";
  EXPECT_EQ(Built(m).headers["From"], "\"Aftercare \\\"Desk\\\"\" <noreply@aftercare.example>");
}

// Long subjects and those that look encoded: words of at most 75 characters, lines
// of at most 76, each word whole characters, together the subject.
TEST(MimeSubject, LongSubjectsSplitBetweenCharacters) {
  std::string chinese, mixed, ascii;
  for (int i = 0; i < 60; ++i) chinese += "超时工单";
  for (int i = 0; i < 40; ++i) mixed += "a😀é中";
  for (int i = 0; i < 30; ++i) ascii += "word ";
  for (const std::string& subject : {chinese, mixed, ascii, std::string("=?UTF-8?B?5L2g?=")}) {
    MailMessage m = Sample();
    m.subject = subject;
    Parsed p = Built(m);
    std::vector<std::string> words;
    EXPECT_EQ(DecodeWords(p.headers["Subject"], &words), subject);
    for (const std::string& w : words) EXPECT_LE(w.size(), 75u) << w;
    for (const std::string& line : p.lines) EXPECT_LE(line.size(), 76u) << line;
    if (subject.size() > 200) {
      EXPECT_GT(words.size(), 3u);
    }
  }
}

TEST(MimeBody, PartsDecodeBackWithCrlfLineEnds) {
  MailMessage m = Sample();
  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += "第" + std::to_string(i) + "行 line\n";
  m.text = long_text;
  m.html = "<p>您好，</p>\r\n<p>工单已解决。</p>\n";
  std::string expected_text = long_text;
  std::string crlf;
  for (char c : expected_text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  Parsed p = Built(m);
  std::vector<std::string> parts = Split(p.body, "--=_aftercare_alternative");
  ASSERT_EQ(parts.size(), 4u);
  Parsed text = Parse(parts[1].substr(2)), html = Parse(parts[2].substr(2));
  EXPECT_EQ(Decode64(text.body), crlf);
  EXPECT_EQ(Decode64(html.body), "<p>您好，</p>\r\n<p>工单已解决。</p>\r\n");
  std::vector<std::string> lines = Split(text.body, "\r\n");
  ASSERT_GT(lines.size(), 10u);
  EXPECT_EQ(lines.back(), "");  // the base64 ends with its line's CRLF
  lines.pop_back();
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_EQ(lines[i].size(), 76u);
  EXPECT_LE(lines.back().size(), 76u);
}

TEST(MimeMessage, RefusesHeaderInjectionNamingTheField) {
  const struct {
    std::string_view field;
    std::function<void(MailMessage&)> change;
  } kCases[] = {
      {"subject", [](MailMessage& m) { m.subject = "Hi\r\nBcc: victim@example.com"; }},
      {"subject", [](MailMessage& m) { m.subject = "工单\n已解决"; }},
      {"from", [](MailMessage& m) { m.from = "a@example.com\r\nBcc: v@example.com"; }},
      {"from_name", [](MailMessage& m) { m.from_name = "Desk\rX"; }},
      {"to", [](MailMessage& m) { m.to.push_back("b@example.com\nBcc: v@example.com"); }},
      {"message_id", [](MailMessage& m) { m.message_id = "<a@b>\r\nBcc: v@example.com"; }},
      {"in_reply_to", [](MailMessage& m) { m.in_reply_to = "<a@b>\n"; }},
      {"references",
       [](MailMessage& m) {
         m.references = {"<a@b>", "<c@d>\r\nX: y"};
       }},
  };
  for (const auto& c : kCases) {
    MailMessage m = Sample();
    c.change(m);
    Result<std::string> r = BuildMessage(m);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().field, c.field);
    EXPECT_EQ(r.error().message, std::string(c.field) + " must not contain a line break");
  }
}

TEST(MimeMessage, RefusesMalformedAddressesAndIds) {
  const struct {
    std::string_view field;
    std::function<void(MailMessage&)> change;
  } kCases[] = {
      {"to", [](MailMessage& m) { m.to.clear(); }},
      {"to", [](MailMessage& m) { m.to = {"no-at.example.com"}; }},
      {"to", [](MailMessage& m) { m.to = {"two@at@example.com"}; }},
      {"to", [](MailMessage& m) { m.to = {"@example.com"}; }},
      {"to", [](MailMessage& m) { m.to = {"a@"}; }},
      {"to", [](MailMessage& m) { m.to = {"a b@example.com"}; }},
      {"to", [](MailMessage& m) { m.to = {"a@example.com, v@example.com"}; }},
      {"to", [](MailMessage& m) { m.to = {"<a@example.com>"}; }},
      {"to", [](MailMessage& m) { m.to = {"a\t@example.com"}; }},
      {"to", [](MailMessage& m) { m.to = {"张@example.com"}; }},
      {"to", [](MailMessage& m) { m.to = {std::string(243, 'a') + "@example.com"}; }},
      {"from", [](MailMessage& m) { m.from = ""; }},
      {"message_id", [](MailMessage& m) { m.message_id = ""; }},
      {"message_id", [](MailMessage& m) { m.message_id = "delivery-42@aftercare"; }},
      {"message_id", [](MailMessage& m) { m.message_id = "<delivery-42>"; }},
      {"message_id", [](MailMessage& m) { m.message_id = "<a b@aftercare>"; }},
      {"message_id", [](MailMessage& m) { m.message_id = "<a@b@aftercare>"; }},
      {"in_reply_to", [](MailMessage& m) { m.in_reply_to = "<a@b> <c@d>"; }},
      {"subject", [](MailMessage& m) { m.subject = "\xe5\xb7"; }},
      {"text", [](MailMessage& m) { m.text = "\xff"; }},
      {"html", [](MailMessage& m) { m.html = "\xc0\xaf"; }},
  };
  for (const auto& c : kCases) {
    MailMessage m = Sample();
    c.change(m);
    Result<std::string> r = BuildMessage(m);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().field, c.field) << r.error().message;
  }
  // The limits themselves pass.
  EXPECT_TRUE(CheckMailAddress(std::string(242, 'a') + "@example.com", "to").ok());
  EXPECT_TRUE(CheckMailAddress("first.last+tag@sub.example.com", "to").ok());
}

}  // namespace
}  // namespace aftercare::jobs::mail
