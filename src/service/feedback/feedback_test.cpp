// The feedback progress table (QA-4), data-driven: every pair of states against
// the table feedback.h states, which steps need a team, and the names.
#include "service/feedback/feedback.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace aftercare::service {
namespace {

using S = FeedbackState;

TEST(FeedbackStates, TheTableAllowsExactlyTheStatedSteps) {
  const std::set<std::pair<S, S>> allowed = {
      {S::kNew, S::kAccepted},        {S::kNew, S::kDeclined},       {S::kAccepted, S::kEvaluating},
      {S::kAccepted, S::kDeclined},   {S::kEvaluating, S::kPlanned}, {S::kEvaluating, S::kDone},
      {S::kEvaluating, S::kDeclined}, {S::kPlanned, S::kDone},       {S::kPlanned, S::kEvaluating}};
  for (int from = 0; from < kFeedbackStateCount; ++from) {
    for (int to = 0; to < kFeedbackStateCount; ++to) {
      const auto f = static_cast<S>(from), t = static_cast<S>(to);
      SCOPED_TRACE(std::string(Name(f)) + " -> " + std::string(Name(t)));
      EXPECT_EQ(FeedbackStepAllowed(f, t), allowed.count({f, t}) == 1);
    }
  }
}

TEST(FeedbackStates, TheStepsPastAcceptanceNeedATeam) {
  const struct {
    S to;
    bool team;
  } cases[] = {{S::kNew, false},    {S::kAccepted, false}, {S::kEvaluating, true},
               {S::kPlanned, true}, {S::kDone, true},      {S::kDeclined, false}};
  for (const auto& c : cases) EXPECT_EQ(FeedbackStepNeedsTeam(c.to), c.team) << Name(c.to);
}

TEST(FeedbackStates, NamesParseBack) {
  for (int i = 0; i < kFeedbackStateCount; ++i) {
    EXPECT_EQ(ParseFeedbackState(Name(static_cast<S>(i))), static_cast<S>(i));
  }
  for (int i = 0; i < kFeedbackTypeCount; ++i) {
    EXPECT_EQ(ParseFeedbackType(Name(static_cast<FeedbackType>(i))), static_cast<FeedbackType>(i));
  }
  for (int i = 0; i < kFeedbackUrgencyCount; ++i) {
    const auto u = static_cast<FeedbackUrgency>(i);
    EXPECT_EQ(ParseFeedbackUrgency(Name(u)), u);
  }
  for (int i = 0; i < kFeedbackImpactCount; ++i) {
    const auto m = static_cast<FeedbackImpact>(i);
    EXPECT_EQ(ParseFeedbackImpact(Name(m)), m);
  }
  EXPECT_FALSE(ParseFeedbackType("praise"));
}

}  // namespace
}  // namespace aftercare::service
