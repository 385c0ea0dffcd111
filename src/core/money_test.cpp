// CON-2: money is integer fen, rates exact, penalties rounded half up per event.
#include "core/money.h"

#include <gtest/gtest.h>

namespace aftercare {
namespace {

TEST(Money, ParsesYuanToFen) {
  EXPECT_EQ(*ParseYuan("1000000.00"), 100'000'000);
  EXPECT_EQ(*ParseYuan("1234567.89"), 123'456'789);
  EXPECT_EQ(*ParseYuan("0.5"), 50);
  EXPECT_EQ(*ParseYuan("7"), 700);
  EXPECT_EQ(*ParseYuan("9999999999999.99"), 999'999'999'999'999);
}

TEST(Money, RejectsMalformedAmounts) {
  for (const char* bad :
       {"", "-1.00", "1,000.00", "1e6", "1.001", "12345678901234", ".5", "1.", " 1", "abc", "+1"}) {
    auto r = ParseYuan(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
  EXPECT_NE(ParseYuan("-5").error().message.find("negative"), std::string::npos);
}

TEST(Money, ParsesRates) {
  EXPECT_EQ(ParseRate("0.0003")->micro_micro, 300'000'000);
  EXPECT_EQ(ParseRate("1")->micro_micro, Rate::kScale);
  EXPECT_EQ(ParseRate("1.000000000000")->micro_micro, Rate::kScale);
  EXPECT_EQ(ParseRate("0000.5")->micro_micro, Rate::kScale / 2);
  EXPECT_EQ(ParseRate("0.000000000001")->micro_micro, 1);
  for (const char* bad : {"1.000000000001", "2", "0.0000000000001", "-0.1", "x", "10"}) {
    EXPECT_FALSE(ParseRate(bad).ok()) << bad;
  }
}

TEST(Money, RoundsHalfUpPerEvent) {
  EXPECT_EQ(ApplyRate(100'000'000, *ParseRate("0.0003")), 30'000);  // 万分之三 of 1,000,000.00
  EXPECT_EQ(ApplyRate(500, *ParseRate("0.001")), 1);                // 0.5 fen -> 1
  EXPECT_EQ(ApplyRate(499, *ParseRate("0.001")), 0);                // 0.499 fen -> 0
  EXPECT_EQ(ApplyRate(166'667, *ParseRate("0.0003")), 50);          // 50.0001 fen -> 50
  EXPECT_EQ(ApplyRate(150, *ParseRate("0.01")), 2);                 // 1.5 -> 2
  EXPECT_EQ(ApplyRate(250, *ParseRate("0.01")), 3);                 // 2.5 -> 3 (not banker's)
}

TEST(Money, ExactAtTheLargestValues) {
  // 9,999,999,999,999.99 yuan at rate 1 and at the finest rate: no overflow, no float.
  EXPECT_EQ(ApplyRate(999'999'999'999'999, *ParseRate("1")), 999'999'999'999'999);
  EXPECT_EQ(ApplyRate(999'999'999'999'999, *ParseRate("0.000000000001")), 1000);
  EXPECT_EQ(ApplyRate(999'999'999'999'999, *ParseRate("0.999999999999")), 999'999'999'998'999);
}

TEST(Money, FormatsYuan) {
  EXPECT_EQ(FormatYuan(30'000), "300.00");
  EXPECT_EQ(FormatYuan(5), "0.05");
  EXPECT_EQ(FormatYuan(-150), "-1.50");
}

}  // namespace
}  // namespace aftercare
