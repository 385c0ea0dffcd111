// CON-3: the contract state machine on its own: strikes, condition (a) and (b),
// notices, cure windows, exercisable, ordering within one second.
#include "sla/compliance.h"

#include <gtest/gtest.h>

namespace aftercare::sla {
namespace {

constexpr Seconds kDay = 86400;
const Instant kT0{1'772'400'000};

LateEvent Response(Seconds at, std::uint32_t ticket = 0) {
  return {kT0 + at, ticket, 0, MetricKind::kResponse, 100};
}
LateEvent Handling(Seconds at, std::uint32_t ticket = 0) {
  return {kT0 + at, ticket, 1, MetricKind::kHandling, 100};
}

TEST(Compliance, TwoStrikesStayNormalThreeMeetTheCondition) {
  std::vector<LateEvent> late = {Response(10), Response(20)};
  auto c = RunCompliance(late, {}, {}, kT0 + 100);
  EXPECT_EQ(c.state, ContractState::kNormal);
  EXPECT_EQ(c.strikes, 2);
  late.push_back(Response(30, 2));
  c = RunCompliance(late, {}, {}, kT0 + 100);
  EXPECT_EQ(c.state, ContractState::kConditionMet);
  ASSERT_EQ(c.history.size(), 1u);
  EXPECT_EQ(c.history[0].at, kT0 + 30);
  EXPECT_EQ(c.history[0].why, Why::kThreeStrikes);
  EXPECT_EQ(c.history[0].evidence.size(), 3u);
}

TEST(Compliance, LateHandlingIsNotAStrike) {
  std::vector<LateEvent> late = {Response(10), Handling(20), Handling(30)};
  auto c = RunCompliance(late, {}, {}, kT0 + 100);
  EXPECT_EQ(c.state, ContractState::kNormal);
  EXPECT_EQ(c.strikes, 1);
  EXPECT_EQ(c.late_handlings, 2);
}

TEST(Compliance, NoticeWhileNormalChangesNothing) {
  std::vector<Notice> notices = {{kT0 + 5, 30}};
  auto c = RunCompliance({}, {}, notices, kT0 + 100);
  EXPECT_EQ(c.state, ContractState::kNormal);
  EXPECT_TRUE(c.history.empty());
}

TEST(Compliance, LateEventInsideTheCureWindowMakesItExercisable) {
  std::vector<LateEvent> late = {Response(1), Response(2), Response(3), Handling(4 + 30 * kDay)};
  std::vector<Notice> notices = {{kT0 + 4, 30}};
  auto c = RunCompliance(late, {}, notices, kT0 + 100 * kDay);
  EXPECT_EQ(c.state, ContractState::kExercisable);
  ASSERT_EQ(c.history.size(), 3u);
  EXPECT_EQ(c.history[1].state, ContractState::kNoticePending);
  EXPECT_EQ(c.history[2].at, kT0 + 4 + 30 * kDay);  // the window's last second is inside
}

TEST(Compliance, CleanWindowCuresAndStrikesCountFromItsEnd) {
  std::vector<LateEvent> late = {Response(1), Response(2), Response(3), Response(5 + 30 * kDay)};
  std::vector<Notice> notices = {{kT0 + 4, 30}};
  auto c = RunCompliance(late, {}, notices, kT0 + 100 * kDay);
  EXPECT_EQ(c.state, ContractState::kNormal);
  EXPECT_EQ(c.strikes, 1);
  EXPECT_EQ(c.late_responses, 4);
  ASSERT_EQ(c.history.size(), 3u);
  EXPECT_EQ(c.history[2].state, ContractState::kNormal);
  EXPECT_EQ(c.history[2].why, Why::kCured);
  EXPECT_EQ(c.history[2].at, kT0 + 4 + 30 * kDay);
  EXPECT_TRUE(c.history[2].evidence[0].is_notice);
}

TEST(Compliance, WindowNotYetOverStaysPending) {
  std::vector<LateEvent> late = {Response(1), Response(2), Response(3)};
  std::vector<Notice> notices = {{kT0 + 4, 30}};
  // as_of exactly at the window's end: not after it, so no cure yet.
  auto c = RunCompliance(late, {}, notices, kT0 + 4 + 30 * kDay);
  EXPECT_EQ(c.state, ContractState::kNoticePending);
}

TEST(Compliance, StrikeAndNoticeOnTheSameSecondStrikeFirst) {
  std::vector<LateEvent> late = {Response(1), Response(2), Response(3)};
  std::vector<Notice> notices = {{kT0 + 3, 30}};
  auto c = RunCompliance(late, {}, notices, kT0 + 10);
  EXPECT_EQ(c.state, ContractState::kNoticePending);
  ASSERT_EQ(c.history.size(), 2u);
  EXPECT_EQ(c.history[0].state, ContractState::kConditionMet);
}

TEST(Compliance, OverrunCrossingMeetsTheConditionOnce) {
  std::vector<OverrunCrossing> x = {{kT0 + 50, 0, 1}, {kT0 + 60, 1, 1}};
  auto c = RunCompliance({}, x, {}, kT0 + 100);
  EXPECT_EQ(c.state, ContractState::kConditionMet);
  ASSERT_EQ(c.history.size(), 1u);
  EXPECT_EQ(c.history[0].why, Why::kOverrun);
  EXPECT_EQ(c.history[0].at, kT0 + 50);
}

TEST(Compliance, ExercisableIsFinal) {
  std::vector<LateEvent> late = {Response(1), Response(2), Response(3), Response(10)};
  std::vector<Notice> notices = {{kT0 + 5, 1}, {kT0 + 20, 1}};
  auto c = RunCompliance(late, {}, notices, kT0 + 400 * kDay);
  EXPECT_EQ(c.state, ContractState::kExercisable);
  EXPECT_EQ(c.history.size(), 3u);
}

}  // namespace
}  // namespace aftercare::sla
