// OPS-4: release versions, data-driven: what is a version, and their order
// (numeric part by part, a missing part as 0: 3.10 > 3.9, 3.2 = 3.2.0).
#include "service/releases/releases.h"

#include <gtest/gtest.h>

namespace aftercare::service {
namespace {

struct Order {
  const char* a;
  const char* b;
  int sign;  // of Compare(a, b)
};

constexpr Order kOrders[] = {
    {"3.10", "3.9", 1},   {"3.9", "3.10", -1}, {"3.2", "3.2.0", 0},      {"V3.2.1", "3.2.1", 0},
    {"v1", "1.0.0.0", 0}, {"1.0.0.1", "1", 1}, {"2", "1.99.99.99", 1},   {"0.9", "0.10", -1},
    {"10.0", "9.99", 1},  {"3.02", "3.2", 0},  {"999999999", "1000", 1}, {"1.2.3", "1.2.10", -1},
};

class VersionOrder : public ::testing::TestWithParam<Order> {};

TEST_P(VersionOrder, ComparesNumericallyPartByPart) {
  const Order& o = GetParam();
  auto a = ParseReleaseVersion(o.a);
  auto b = ParseReleaseVersion(o.b);
  ASSERT_TRUE(a && b) << o.a << " " << o.b;
  const int got = CompareReleaseVersions(*a, *b);
  EXPECT_EQ((got > 0) - (got < 0), o.sign) << o.a << " vs " << o.b;
  EXPECT_EQ(ReleaseVersionKey(*a) == ReleaseVersionKey(*b), o.sign == 0) << o.a << " " << o.b;
}

INSTANTIATE_TEST_SUITE_P(Table, VersionOrder, ::testing::ValuesIn(kOrders));

TEST(ReleaseVersion, RefusesWhatIsNotAVersion) {
  for (const char* bad : {"", "V", "3.", ".3", "3..2", "3.x", "1.2.3.4.5", "1234567890", "3 .2",
                          "-1", "3.2-beta", "VV3", "٣.٢"}) {
    EXPECT_FALSE(ParseReleaseVersion(bad)) << bad;
  }
  auto v = ParseReleaseVersion("V3.10.2");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->count, 3);
  EXPECT_EQ(ReleaseVersionKey(*v), "3.10.2.0");
}

}  // namespace
}  // namespace aftercare::service
