// The defect state table (QA-1), data-driven: every pair of states, allowed or
// not, against the table defects.h states; and each name parses back.
#include "service/defects/defects.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace aftercare::service {
namespace {

using S = DefectState;

TEST(DefectStates, TheTableAllowsExactlyTheStatedSteps) {
  const std::set<std::pair<S, S>> allowed = {
      {S::kIdentified, S::kAnalysed}, {S::kAnalysed, S::kFixed},   {S::kFixed, S::kReviewed},
      {S::kReviewed, S::kVerified},   {S::kVerified, S::kClosed},  {S::kFixed, S::kAnalysed},
      {S::kReviewed, S::kAnalysed},   {S::kVerified, S::kAnalysed}};
  for (int from = 0; from < kDefectStateCount; ++from) {
    for (int to = 0; to < kDefectStateCount; ++to) {
      const auto f = static_cast<S>(from), t = static_cast<S>(to);
      SCOPED_TRACE(std::string(Name(f)) + " -> " + std::string(Name(t)));
      EXPECT_EQ(DefectTransitionAllowed(f, t), allowed.count({f, t}) == 1);
    }
  }
}

TEST(DefectStates, ClosedIsFinalAndEveryStateLeadsToIt) {
  for (int to = 0; to < kDefectStateCount; ++to) {
    EXPECT_FALSE(DefectTransitionAllowed(S::kClosed, static_cast<S>(to)));
  }
  // From every state a path of allowed steps reaches closed (no defect is stuck).
  for (int from = 0; from < kDefectStateCount; ++from) {
    std::set<int> reached = {from};
    for (bool grew = true; grew;) {
      grew = false;
      for (int a : std::set<int>(reached)) {
        for (int b = 0; b < kDefectStateCount; ++b) {
          if (DefectTransitionAllowed(static_cast<S>(a), static_cast<S>(b))) {
            grew = reached.insert(b).second || grew;
          }
        }
      }
    }
    EXPECT_TRUE(reached.count(static_cast<int>(S::kClosed))) << Name(static_cast<S>(from));
  }
}

TEST(DefectStates, NamesParseBack) {
  for (int i = 0; i < kDefectStateCount; ++i) {
    EXPECT_EQ(ParseDefectState(Name(static_cast<S>(i))), static_cast<S>(i));
  }
  for (int i = 0; i < kDefectSeverityCount; ++i) {
    const auto s = static_cast<DefectSeverity>(i);
    EXPECT_EQ(ParseDefectSeverity(Name(s)), s);
  }
  EXPECT_FALSE(ParseDefectState("open"));
  EXPECT_FALSE(ParseDefectSeverity("Critical"));
}

}  // namespace
}  // namespace aftercare::service
