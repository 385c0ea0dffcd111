// The steps of a ticket's flow (steps.h), case by case: each timeline with the
// steps computed by hand.
#include "service/analytics/steps.h"

#include <gtest/gtest.h>

namespace aftercare::service::links {
namespace {

using sla::EventKind;
using K = EventKind;

struct Case {
  const char* name;
  std::vector<StepEvent> events;
  std::vector<StepTime> steps;
};

const Case kCases[] = {
    {"the whole flow",
     {{K::kReceived, 0},
      {K::kFirstContact, 300},
      {K::kDiagnosed, 1500},
      {K::kOnsiteDecided, 1800},
      {K::kOnsiteArrived, 7200},
      {K::kResolved, 10800},
      {K::kClosed, 97200}},
     {{"received>first_contact", 300},
      {"first_contact>diagnosed", 1200},
      {"diagnosed>onsite_decided", 300},
      {"onsite_decided>onsite_arrived", 5400},
      {"onsite_arrived>resolved", 3600},
      {"resolved>closed", 86400}}},
    {"no on-site visit: one step across it; a first reply is the first contact",
     {{K::kReceived, 0}, {K::kFirstReply, 600}, {K::kDiagnosed, 900}, {K::kResolved, 4500}},
     {{"received>first_contact", 600},
      {"first_contact>diagnosed", 300},
      {"diagnosed>resolved", 3600}}},
    {"repeated milestones count at their first; priority and notes change nothing",
     {{K::kReceived, 0},
      {K::kPriority, 10},
      {K::kFirstContact, 100},
      {K::kFirstReply, 200},
      {K::kDiagnosed, 400},
      {K::kDiagnosed, 900},
      {K::kResolved, 1000}},
     {{"received>first_contact", 100},
      {"first_contact>diagnosed", 300},
      {"diagnosed>resolved", 600}}},
    {"waiting on the customer is taken out of its step and shown apart",
     {{K::kReceived, 0},
      {K::kDiagnosed, 1000},
      {K::kWaitingCustomer, 1500},
      {K::kCustomerReplied, 5500},
      {K::kResolved, 6000}},
     {{"received>diagnosed", 1000}, {"diagnosed>resolved", 1000}, {"waiting_customer", 4000}}},
    {"a wait across a milestone is split between the two steps; a resolution ends it",
     {{K::kReceived, 0},
      {K::kWaitingCustomer, 100},
      {K::kDiagnosed, 300},
      {K::kResolved, 700}},
     {{"received>diagnosed", 100}, {"diagnosed>resolved", 0}, {"waiting_customer", 600}}},
    {"reopened: resolved at the last resolution; the time before the reopen apart",
     {{K::kReceived, 0},
      {K::kDiagnosed, 1000},
      {K::kResolved, 2000},
      {K::kReopened, 12000},
      {K::kOnsiteDecided, 12500},
      {K::kOnsiteArrived, 14000},
      {K::kResolved, 15000},
      {K::kClosed, 16000}},
     {{"received>diagnosed", 1000},
      {"diagnosed>onsite_decided", 1500},
      {"onsite_decided>onsite_arrived", 1500},
      {"onsite_arrived>resolved", 1000},
      {"resolved>closed", 1000},
      {"reopened", 10000}}},
    {"reopened and still open: no resolution yet, the current step not counted",
     {{K::kReceived, 0}, {K::kDiagnosed, 50}, {K::kResolved, 100}, {K::kReopened, 400}},
     {{"received>diagnosed", 50}}},
    {"an open ticket waiting now: only the finished steps",
     {{K::kReceived, 0}, {K::kFirstContact, 60}, {K::kWaitingCustomer, 100}},
     {{"received>first_contact", 60}}},
    {"closed without a resolution; a milestone out of the flow's order in time order",
     {{K::kReceived, 0}, {K::kOnsiteDecided, 100}, {K::kDiagnosed, 300}, {K::kClosed, 1000}},
     {{"received>onsite_decided", 100},
      {"onsite_decided>diagnosed", 200},
      {"diagnosed>closed", 700}}},
    {"only received", {{K::kReceived, 0}}, {}},
};

class StepsTest : public testing::TestWithParam<Case> {};

TEST_P(StepsTest, StepsAsComputedByHand) {
  const Case& c = GetParam();
  EXPECT_EQ(ComputeSteps(c.events), c.steps);
}

INSTANTIATE_TEST_SUITE_P(Cases, StepsTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& info) {
                           std::string n;
                           for (const char* p = info.param.name; *p && n.size() < 40; ++p) {
                             n += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
                           }
                           return n + "_" + std::to_string(info.index);
                         });

TEST(StepBuckets, ExactBelow128SecondsThenWithinOnePercentToTheSecond) {
  for (std::int64_t s : {0, 1, 60, 127}) EXPECT_EQ(BucketValue(Bucket(s)), s);
  for (std::int64_t s = 128; s < 400'000'000; s = s * 101 / 100 + 7) {
    const double v = static_cast<double>(BucketValue(Bucket(s)));
    // 1 %, and the rounding to a whole second.
    EXPECT_NEAR(v, static_cast<double>(s), static_cast<double>(s) * 0.01 + 1) << s;
  }
  EXPECT_LT(Bucket(3600), Bucket(3700));
}

TEST(StepOrder, FlowStepsInOrderThenTheTimeApart) {
  EXPECT_LT(StepRank("received>first_contact"), StepRank("first_contact>diagnosed"));
  EXPECT_LT(StepRank("diagnosed>onsite_decided"), StepRank("diagnosed>resolved"));
  EXPECT_LT(StepRank("onsite_arrived>resolved"), StepRank("resolved>closed"));
  EXPECT_LT(StepRank("resolved>closed"), StepRank("waiting_customer"));
  EXPECT_LT(StepRank("waiting_customer"), StepRank("reopened"));
  EXPECT_EQ(StepEnds("diagnosed>resolved"),
            (std::pair<std::string, std::string>{"diagnosed", "resolved"}));
  EXPECT_EQ(StepEnds("reopened"), (std::pair<std::string, std::string>{}));
}

}  // namespace
}  // namespace aftercare::service::links
