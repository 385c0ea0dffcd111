// Reading incoming mail (issue 12 point 5): messages shaped like the ones Chinese
// customers' mailers send (Outlook and Foxmail in GBK, QP bodies, Big5, RFC 2231
// file names, replies), the limits, garbage that must never crash or yield
// invalid UTF-8, and a round trip through the sender's BuildMessage.
#include "jobs/mail/mail_parse.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "core/text.h"
#include "jobs/mail/mime.h"

namespace aftercare::jobs::mail {
namespace {

// The test messages are written with "\n"; mail on the wire has CRLF.
std::string Crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

ParsedMail Parse(std::string_view bytes) {
  Result<ParsedMail> r = ParseMail(bytes);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? std::move(r).value() : ParsedMail{};
}

// Foxmail/Outlook from a Chinese customer: GBK subject and display name, a
// multipart/alternative (GB2312 base64 text, GB2312 QP HTML) inside a
// multipart/mixed with a PDF named both by RFC 2231 and by RFC 2047.
constexpr std::string_view kOutlook = R"(Received: from mx.example.com by mail.aftercare
Date: Tue, 3 Mar 2026 09:15:27 +0800
From: "=?GBK?B?wO7LxA==?=" <li.si@customer.example.cn>
To: =?utf-8?B?5ZSu5ZCO?= <support@aftercare.example>, ops@aftercare.example
Cc: wang.wu@customer.example.cn
Subject: =?GBK?B?udjT2rrPzaxIVC03tcSxqNDeo7q/1bX3srvWxsDk?=
Message-ID: <000b01dcaa12$3f1e2c40$bd5a84c0$@customer.example.cn>
MIME-Version: 1.0
Content-Type: multipart/mixed;
	boundary="----=_NextPart_000_000C_01DCAA55.4D4228A0"
X-Mailer: Microsoft Outlook 16.0

This is a multipart message in MIME format.

------=_NextPart_000_000C_01DCAA55.4D4228A0
Content-Type: multipart/alternative;
	boundary="----=_NextPart_001_000D_01DCAA55.4D4228A0"


------=_NextPart_001_000D_01DCAA55.4D4228A0
Content-Type: text/plain;
	charset="gb2312"
Content-Transfer-Encoding: base64

xPq6w6O6DQoNCrv6t7+/1bX3srvWxsDko6zH676hv+zFycjLtKbA7aGjDQoNCsDuy8QNCg==

------=_NextPart_001_000D_01DCAA55.4D4228A0
Content-Type: text/html;
	charset="gb2312"
Content-Transfer-Encoding: quoted-printable

<html><body><p>=C4=FA=BA=C3=A3=BA</p><p>=BB=FA=B7=BF=BF=D5=B5=F7=B2=BB=D6=
=C6=C0=E4&nbsp;&amp;=C7=EB=BE=A1=BF=EC=C5=C9=C8=CB=B4=A6=C0=ED=A1=A3</p></b=
ody></html>

------=_NextPart_001_000D_01DCAA55.4D4228A0--

------=_NextPart_000_000C_01DCAA55.4D4228A0
Content-Type: application/pdf;
	name="=?gb2312?B?zqzQ3rGouOYucGRm?="
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
	filename*=UTF-8''%E7%BB%B4%E4%BF%AE%E6%8A%A5%E5%91%8A.pdf

JVBERi0xLjQKJcOkw7zDtsOfCg==

------=_NextPart_000_000C_01DCAA55.4D4228A0--
)";

TEST(MailParse, OutlookMixedWithAlternativeAndChineseAttachment) {
  ParsedMail m = Parse(Crlf(kOutlook));
  EXPECT_EQ(m.from, (MailAddress{"li.si@customer.example.cn", "李四"}));
  ASSERT_EQ(m.to.size(), 2u);
  EXPECT_EQ(m.to[0], (MailAddress{"support@aftercare.example", "售后"}));
  EXPECT_EQ(m.to[1], (MailAddress{"ops@aftercare.example", ""}));
  ASSERT_EQ(m.cc.size(), 1u);
  EXPECT_EQ(m.cc[0].address, "wang.wu@customer.example.cn");
  EXPECT_EQ(m.subject, "关于合同HT-7的报修：空调不制冷");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->unix, 1'772'500'527);  // 2026-03-03T01:15:27Z
  EXPECT_EQ(m.message_id, "<000b01dcaa12$3f1e2c40$bd5a84c0$@customer.example.cn>");
  EXPECT_EQ(m.in_reply_to, "");
  EXPECT_TRUE(m.references.empty());
  EXPECT_EQ(m.text, "您好：\n\n机房空调不制冷，请尽快派人处理。\n\n李四\n");
  EXPECT_FALSE(m.text_from_html);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "维修报告.pdf");
  EXPECT_EQ(m.attachments[0].content_type, "application/pdf");
  EXPECT_FALSE(m.attachments[0].inline_part);
  EXPECT_EQ(m.attachments[0].bytes, "%PDF-1.4\n%\xC3\xA4\xC3\xBC\xC3\xB6\xC3\x9F\n");
  EXPECT_FALSE(m.truncated);
}

TEST(MailParse, HtmlOnlyBecomesText) {
  std::string mail = R"(From: li.si@customer.example.cn
Subject: html
Content-Type: text/html; charset=gb2312
Content-Transfer-Encoding: quoted-printable

<html><head><style>p {color: red}</style></head><body><p>=C4=FA=BA=C3=A3=BA</p><p>=BB=FA=B7=BF=BF=D5=B5=F7=B2=BB=D6=
=C6=C0=E4&nbsp;&amp;=C7=EB=BE=A1=BF=EC=C5=C9=C8=CB=B4=A6=C0=ED=A1=A3</p><script>alert(1)</script></b=
ody></html>
)";
  ParsedMail m = Parse(Crlf(mail));
  EXPECT_TRUE(m.text_from_html);
  EXPECT_EQ(m.text, "您好：\n机房空调不制冷 &请尽快派人处理。");
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MailParse, QuotedPrintableUtf8BodyWithSoftBreaks) {
  std::string mail = R"(From: Zhang San <zhang.san@example.com>
To: support@aftercare.example
Subject: =?UTF-8?Q?=E6=8A=A5=E4=BF=AE_HT-7?=
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

=E8=BF=99=E6=98=AF=E4=B8=80=E6=AE=B5=E5=BE=88=E9=95=BF=E7=9A=84=E4=B8=AD=E6=
=96=87=E6=AD=A3=E6=96=87=EF=BC=8C=E7=94=A8=E6=9D=A5=E6=B5=8B=E8=AF=95 quote=
d-printable =E7=9A=84=E8=BD=AF=E6=8D=A2=E8=A1=8C=E6=98=AF=E5=90=A6=E8=A2=AB=
=E6=AD=A3=E7=A1=AE=E5=9C=B0=E8=BF=9E=E6=8E=A5=E8=B5=B7=E6=9D=A5=E3=80=82
a=3Db is 100% =not an escape
)";
  ParsedMail m = Parse(Crlf(mail));
  EXPECT_EQ(m.from, (MailAddress{"zhang.san@example.com", "Zhang San"}));
  EXPECT_EQ(m.subject, "报修 HT-7");
  EXPECT_EQ(m.text,
            "这是一段很长的中文正文，用来测试 quoted-printable "
            "的软换行是否被正确地连接起来。\na=b is 100% =not an escape\n");
  EXPECT_FALSE(m.date.has_value());
  EXPECT_EQ(m.message_id, "");  // missing: left empty, not made up
}

TEST(MailParse, ReplyWithFoldedReferences) {
  std::string mail = R"(From: "Li, Si" <li.si@customer.example.cn>
To: "Aftercare Support" <support@aftercare.example>
Subject: Re: =?UTF-8?B?5bel5Y2VIEhULTcg5bey6LaF5pe2?=
Date: Wed, 04 Mar 2026 10:00:00 -0000 (UTC)
Message-ID: <reply-1@customer.example.cn>
In-Reply-To: <delivery-42.host@aftercare>
References: <ticket-7.host@aftercare>
 <delivery-41.host@aftercare>
	<delivery-42.host@aftercare>
Content-Type: text/plain

Thanks, done.
)";
  ParsedMail m = Parse(mail);  // LF line ends, as some tools store them
  EXPECT_EQ(m.from, (MailAddress{"li.si@customer.example.cn", "Li, Si"}));
  EXPECT_EQ(m.subject, "Re: 工单 HT-7 已超时");
  EXPECT_EQ(m.in_reply_to, "<delivery-42.host@aftercare>");
  EXPECT_EQ(m.references,
            (std::vector<std::string>{"<ticket-7.host@aftercare>", "<delivery-41.host@aftercare>",
                                      "<delivery-42.host@aftercare>"}));
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->unix, 1'772'618'400);
  EXPECT_EQ(m.text, "Thanks, done.\n");
}

struct HeaderCase {
  std::string_view encoded;
  std::string_view decoded;
};

TEST(MailParse, EncodedWords) {
  const HeaderCase kCases[] = {
      {"=?GBK?B?udjT2rrPzaxIVC03tcSxqNDeo7q/1bX3srvWxsDk?=", "关于合同HT-7的报修：空调不制冷"},
      {"=?gb2312?B?zqzQ3rGouOYucGRm?=", "维修报告.pdf"},
      {"=?GB18030?B?udjT2g==?=", "关于"},
      {"=?big5?B?uvut16XTvdA=?=", "維修申請"},
      {"=?ISO-8859-1?Q?Caf=E9_cr=E8me?=", "Café crème"},
      {"=?iso-8859-1?q?=A3100?=", "£100"},
      // A character split between two words, with folding white space between.
      {"=?UTF-8?B?5bel5Q==?=\r\n =?UTF-8?B?jZXlt7LlpITnkIY=?=", "工单已处理"},
      {"=?utf-8?b?5bel?= =?utf-8?q?=E5=8D=95?= done", "工单 done"},
      {"Re: =?UTF-8?B?5bel5Y2V?= (2)", "Re: 工单 (2)"},
      {"=?UTF-8*zh-CN?B?5bel5Y2V?=", "工单"},  // RFC 2231 language
      {"plain =?broken", "plain =?broken"},
      {"=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="},
      {"=?no-such-charset?Q?abc?=", "abc"},
      {"=?UTF-8?B?/w==?=", "\xEF\xBF\xBD"},  // not UTF-8: a replacement character
      {"\xB9\xD8\xD3\xDA", "关于"},          // raw GBK in a header
  };
  for (const HeaderCase& c : kCases) {
    EXPECT_EQ(DecodeHeaderText(c.encoded), c.decoded) << c.encoded;
  }
}

TEST(MailParse, Dates) {
  struct Case {
    std::string_view text;
    std::optional<std::int64_t> unix;
  };
  const Case kCases[] = {
      {"Mon, 02 Mar 2026 09:05:00 +0800", 1'772'413'500},
      {"2 Mar 2026 09:05 +0800", 1'772'413'500},
      {"Mon, 2 Mar 2026 01:05:00 GMT", 1'772'413'500},
      {"Sun, 1 Mar 2026 20:05:00 EST", 1'772'413'500},
      {"Mon, 02 Mar 26 09:05:00 +0800 (CST)", 1'772'413'500},
      {"Mon, 2 Mar 2026 01:05:60 +0000", 1'772'413'559},
      {"Mon, 30 Feb 2026 09:05:00 +0800", std::nullopt},
      {"Mon, 02 Mar 2026 25:05:00 +0800", std::nullopt},
      {"2026-03-02T09:05:00+08:00", std::nullopt},
      {"", std::nullopt},
      {"Mon, 02 Foo 2026 09:05:00 +0800", std::nullopt},
  };
  for (const Case& c : kCases) {
    std::optional<Instant> t = ParseMailDate(c.text);
    ASSERT_EQ(t.has_value(), c.unix.has_value()) << c.text;
    if (t) {
      EXPECT_EQ(t->unix, *c.unix) << c.text;
    }
  }
  EXPECT_EQ(FormatMailDate(*ParseMailDate("Mon, 02 Mar 2026 09:05:00 +0800"), 8 * 3600),
            "Mon, 02 Mar 2026 09:05:00 +0800");
}

TEST(MailParse, Addresses) {
  ParsedMail m = Parse(
      "From: li.si@customer.example.cn (=?GBK?B?wO7LxA==?=)\r\n"
      "To: undisclosed-recipients:;\r\n"
      "To: Team: a@example.com, \"B \\\"Boss\\\"\" <b@example.com>;, <c@example.com>\r\n"
      "Cc: =?big5?B?uvut16XTvdA=?= <d@example.com>\r\n"
      "\r\nbody\r\n");
  EXPECT_EQ(m.from, (MailAddress{"li.si@customer.example.cn", "李四"}));
  EXPECT_EQ(m.to,
            (std::vector<MailAddress>{
                {"a@example.com", ""}, {"b@example.com", "B \"Boss\""}, {"c@example.com", ""}}));
  EXPECT_EQ(m.cc, (std::vector<MailAddress>{{"d@example.com", "維修申請"}}));
  EXPECT_EQ(m.text, "body\n");
}

TEST(MailParse, AttachmentNames) {
  std::string mail = R"(From: a@example.com
Content-Type: multipart/mixed; boundary=b1

--b1
Content-Type: text/plain; charset=utf-8

see attached
--b1
Content-Type: application/octet-stream
Content-Disposition: attachment;
 filename*0*=UTF-8''%E7%BB%B4%E4%BF%AE;
 filename*1*=%E6%8A%A5%E5%91%8A;
 filename*2=".docx"

AAA
--b1
Content-Type: image/png; name="C:\Users\li\Desktop\photo.png"
Content-Transfer-Encoding: base64
Content-ID: <image001.png@01DCAA55>

iVBORw0KGgo=
--b1
Content-Type: text/csv; charset=gbk
Content-Disposition: inline; filename="=?GBK?B?wO7LxA==?=.csv"

a,b
--b1
Content-Type: message/rfc822

From: x@example.com
Subject: forwarded

inner
--b1--
epilogue
)";
  ParsedMail m = Parse(Crlf(mail));
  EXPECT_EQ(m.text, "see attached");
  ASSERT_EQ(m.attachments.size(), 4u);
  EXPECT_EQ(m.attachments[0].filename, "维修报告.docx");
  EXPECT_EQ(m.attachments[0].bytes, "AAA");
  EXPECT_EQ(m.attachments[1].filename, "photo.png");
  EXPECT_EQ(m.attachments[1].content_type, "image/png");
  EXPECT_EQ(m.attachments[1].content_id, "<image001.png@01DCAA55>");
  EXPECT_TRUE(m.attachments[1].inline_part);
  EXPECT_EQ(m.attachments[1].bytes, "\x89PNG\r\n\x1A\n");
  EXPECT_EQ(m.attachments[2].filename, "李四.csv");
  EXPECT_EQ(m.attachments[2].bytes, "a,b");
  EXPECT_EQ(m.attachments[3].filename, "message.eml");
  EXPECT_EQ(m.attachments[3].content_type, "message/rfc822");
}

TEST(MailParse, RoundTripThroughBuildMessage) {
  MailMessage out;
  out.from = "noreply@aftercare.example";
  out.from_name = "售后服务中心";
  out.to = {"zhang.san@example.com", "li.si@example.com"};
  out.subject = "工单 HT-7 已超时：请尽快处理（第二次提醒），这是一个足够长需要折行的主题";
  out.text = "张三，您好：\n\n工单 HT-7 已超过响应时限。\n.\n一行只有一个点。\n";
  out.html = "<p>张三，您好：</p>";
  out.message_id = "<delivery-42.SOMEHOST@aftercare>";
  out.in_reply_to = "<delivery-41.SOMEHOST@aftercare>";
  out.references = {"<ticket-7.SOMEHOST@aftercare>", "<delivery-41.SOMEHOST@aftercare>"};
  out.date = Instant{1'772'413'500};
  out.date_offset = 8 * 3600;
  Result<std::string> bytes = BuildMessage(out);
  ASSERT_TRUE(bytes.ok());
  ParsedMail m = Parse(*bytes);
  EXPECT_EQ(m.from, (MailAddress{out.from, out.from_name}));
  EXPECT_EQ(m.to, (std::vector<MailAddress>{{out.to[0], ""}, {out.to[1], ""}}));
  EXPECT_EQ(m.subject, out.subject);
  EXPECT_EQ(m.text, out.text);
  EXPECT_EQ(m.message_id, out.message_id);
  EXPECT_EQ(m.in_reply_to, out.in_reply_to);
  EXPECT_EQ(m.references, out.references);
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(*m.date, out.date);
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MailParse, Limits) {
  Result<ParsedMail> big = ParseMail(std::string(kMaxMailBytes + 1, 'a'));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(big.error().message, "the mail is too large to read");

  for (std::string_view junk :
       {std::string_view(""), std::string_view("\r\n\r\nbody"),
        std::string_view("no header here\r\n"), std::string_view("\x00\x01", 2)}) {
    Result<ParsedMail> r = ParseMail(junk);
    ASSERT_FALSE(r.ok()) << junk;
    EXPECT_EQ(r.error().message, "the mail has no header");
  }

  // 150 attachments: the first ones are read, the rest left out and said so.
  std::string many = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n";
  for (int i = 0; i < 150; ++i) {
    many += "--x\r\nContent-Type: application/octet-stream\r\n\r\n" + std::to_string(i) + "\r\n";
  }
  many += "--x--\r\n";
  ParsedMail m = Parse(many);
  EXPECT_TRUE(m.truncated);
  EXPECT_EQ(m.attachments.size(), static_cast<std::size_t>(kMaxMailParts - 1));

  // Nested 50 deep: the text at the bottom is below kMaxMailDepth.
  std::string deep = "From: a@example.com\r\n";
  for (int i = 0; i < 50; ++i) {
    deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
            std::to_string(i) + "\r\n";
  }
  deep += "Content-Type: text/plain\r\n\r\nbottom\r\n";
  m = Parse(deep);
  EXPECT_TRUE(m.truncated);
  EXPECT_EQ(m.text, "");

  // A header field longer than the limit is cut, not refused.
  std::string long_subject = "From: a@example.com\r\nSubject: " + std::string(100'000, 'x') +
                             "\r\n " + std::string(100'000, 'y') + "\r\n\r\nbody";
  m = Parse(long_subject);
  EXPECT_LE(m.subject.size(), kMaxHeaderField);
  EXPECT_TRUE(m.truncated);
}

TEST(MailParse, NoClosingBoundaryAndNoBoundary) {
  ParsedMail m = Parse(
      "From: a@example.com\r\nContent-Type: multipart/alternative; boundary=\"q\"\r\n\r\n"
      "--q\r\nContent-Type: text/plain\r\n\r\ncut short");
  EXPECT_EQ(m.text, "cut short");
  m = Parse("From: a@example.com\r\nContent-Type: multipart/mixed\r\n\r\njust text\r\n");
  EXPECT_EQ(m.text, "just text\n");
}

TEST(MailParse, HtmlToText) {
  EXPECT_EQ(HtmlToText("<div>a<br>b</div><div>c &lt;d&gt; &#20320;&#x597D; &bogus; a < b</div>"),
            "a\nb\nc <d> 你好 &bogus; a < b");
  EXPECT_EQ(HtmlToText("<p>one</p>\n\n\n<p>two</p><!-- <p>hidden</p> --><td>x</td><td>y</td>"),
            "one\ntwo\nx y");
  EXPECT_EQ(HtmlToText("<a href='x>y'>link</a>"), "link");
}

// Inputs built to make a careless parser quadratic finish at once (a fuzzer's
// timeouts would find them otherwise).
TEST(MailParse, AdversarialInputsStayLinear) {
  std::string words;
  while (words.size() < kMaxHeaderField - 16) words += "=?a?q?x";
  std::string html = "<html>";
  while (html.size() < 4'000'000) html += "<ScRiPt>x</script><b>";
  std::string mail = "From: a@example.com\r\nSubject: " + words + "\r\nTo: " + words +
                     "\r\nContent-Type: text/html\r\n\r\n" + html;
  auto start = std::chrono::steady_clock::now();
  ParsedMail m = Parse(mail);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(m.subject, words);
  EXPECT_TRUE(m.text_from_html);
}

// Mutations of the samples: never a crash, and all text valid UTF-8. (The fuzz
// flavour can take ParseMail as it is; this keeps a cheap version in every run.)
TEST(MailParse, MutatedInputStaysSafe) {
  std::mt19937 random(12);
  std::string samples[] = {Crlf(kOutlook), Crlf("From: a@b\nSubject: =?UTF-8?B?5bel5Q==?=\n\nx")};
  for (const std::string& sample : samples) {
    for (int round = 0; round < 300; ++round) {
      std::string bytes = sample;
      int edits = 1 + static_cast<int>(random() % 8);
      for (int e = 0; e < edits && !bytes.empty(); ++e) {
        std::size_t at = random() % bytes.size();
        switch (random() % 3) {
          case 0:
            bytes[at] = static_cast<char>(random());
            break;
          case 1:
            bytes.erase(at, random() % 40);
            break;
          default:
            bytes.insert(at, bytes.substr(random() % bytes.size(), random() % 60));
        }
      }
      Result<ParsedMail> r = ParseMail(bytes);
      if (!r.ok()) continue;
      const ParsedMail& m = *r;
      EXPECT_TRUE(IsValidUtf8(m.subject));
      EXPECT_TRUE(IsValidUtf8(m.text));
      EXPECT_TRUE(IsValidUtf8(m.from.name));
      EXPECT_TRUE(IsValidUtf8(m.from.address));
      for (const MailAttachment& a : m.attachments) EXPECT_TRUE(IsValidUtf8(a.filename));
    }
  }
}

}  // namespace
}  // namespace aftercare::jobs::mail
