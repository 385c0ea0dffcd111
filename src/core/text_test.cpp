#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace aftercare {
namespace {

struct Utf8Case {
  std::string text;
  bool valid;
};

TEST(TextTest, Utf8Validity) {
  const Utf8Case cases[] = {
      {"", true},
      {"plain ascii", true},
      {"工单 TK-000001", true},
      {"\xF0\x9F\x98\x80", true},   // U+1F600
      {"\xF4\x8F\xBF\xBF", true},   // U+10FFFF
      {"\xff", false},              // never in UTF-8
      {"\xC0\xAF", false},          // overlong '/'
      {"\xE0\x80\xAF", false},      // overlong
      {"\xED\xA0\x80", false},      // a surrogate
      {"\xF4\x90\x80\x80", false},  // above U+10FFFF
      {"\xE5\xB7", false},          // truncated
      {"a\x80", false},             // a lone continuation byte
      {"\xE5\xB7\xA5\xE5", false},  // truncated at the end
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidUtf8(c.text), c.valid) << c.text;
}

TEST(TextTest, CodePointsCountsCharactersNotBytes) {
  EXPECT_EQ(CodePoints(""), 0u);
  EXPECT_EQ(CodePoints("abc"), 3u);
  EXPECT_EQ(CodePoints("工单"), 2u);
  EXPECT_EQ(CodePoints("\xF0\x9F\x98\x80x"), 2u);
}

TEST(TextTest, MediaTypeEssenceIsTheTypeAloneInLowerCase) {
  const std::pair<std::string, std::string> cases[] = {
      {"application/json", "application/json"},
      {"Application/JSON; charset=utf-8", "application/json"},
      {" text/html ;x=1", "text/html"},
      {"\ttext/plain\t", "text/plain"},
      {"", ""},
      {"IMAGE/Png", "image/png"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(MediaTypeEssence(in), want) << in;
  EXPECT_EQ(AsciiLower("HTTPS 工单 X"), "https 工单 x");
}

}  // namespace
}  // namespace aftercare
