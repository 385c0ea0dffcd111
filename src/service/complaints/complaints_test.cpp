// QA-2: the complaint procedure's rules as tables: which step each state takes and
// where it leads (every other pair is a conflict naming the state), who may take
// it, and whose move each state waits for.
#include "service/complaints/complaints.h"

#include <gtest/gtest.h>

namespace aftercare::service {
namespace {

using A = ComplaintAction;
using S = ComplaintState;

struct Move {
  S from;
  A action;
  std::optional<S> to;  // nullopt: refused (kConflict)
};

// Every allowed move; the test walks all states × actions, so any pair not
// listed here must be refused.
const Move kAllowed[] = {
    {S::kReceived, A::kReply, S::kInvestigating},
    {S::kInvestigating, A::kFindValid, S::kAssigned},
    {S::kInvestigating, A::kFindInvalid, S::kResultReturned},
    {S::kResultReturned, A::kClose, S::kClosed},
    {S::kAssigned, A::kPropose, S::kProposed},
    {S::kProposed, A::kRefuse, S::kAssigned},  // back to the department, any number of times
    {S::kProposed, A::kAgree, S::kAgreed},
    {S::kAgreed, A::kImplement, S::kImplemented},
    {S::kImplemented, A::kConfirm, S::kClosed},
};

TEST(ComplaintRules, EveryStateTakesOnlyItsSteps) {
  for (int s = 0; s < kComplaintStateCount; ++s) {
    for (int a = 0; a < kComplaintActionCount; ++a) {
      const auto from = static_cast<S>(s);
      const auto action = static_cast<A>(a);
      std::optional<S> want;
      for (const Move& m : kAllowed) {
        if (m.from == from && m.action == action) want = m.to;
      }
      auto rule = ComplaintRuleFor(from, action);
      SCOPED_TRACE(std::string(Name(from)) + " " + std::string(Name(action)));
      if (want) {
        ASSERT_TRUE(rule.ok()) << rule.error().message;
        EXPECT_EQ(rule->to, *want);
      } else {
        ASSERT_FALSE(rule.ok());
        EXPECT_EQ(rule.error().code, ErrorCode::kConflict);
        EXPECT_FALSE(rule.error().message.empty());
      }
    }
  }
}

TEST(ComplaintRules, WrongStateMessagesNameTheState) {
  EXPECT_EQ(ComplaintRuleFor(S::kClosed, A::kReply).error().message, "the complaint is closed");
  EXPECT_EQ(ComplaintRuleFor(S::kReceived, A::kFindValid).error().message,
            "the complaint waits for its reply");
  EXPECT_EQ(ComplaintRuleFor(S::kProposed, A::kPropose).error().message,
            "the complaint waits for the customer's answer to a solution");
}

TEST(ComplaintRules, WhoWaits) {
  const std::pair<S, WaitingOn> kWaits[] = {
      {S::kReceived, WaitingOn::kVendor},         {S::kInvestigating, WaitingOn::kVendor},
      {S::kResultReturned, WaitingOn::kCustomer}, {S::kAssigned, WaitingOn::kVendor},
      {S::kProposed, WaitingOn::kCustomer},       {S::kAgreed, WaitingOn::kVendor},
      {S::kImplemented, WaitingOn::kCustomer},    {S::kClosed, WaitingOn::kNobody}};
  for (const auto& [s, w] : kWaits) EXPECT_EQ(WaitingOnIn(s), w) << Name(s);
  for (int s = 0; s < kComplaintStateCount; ++s) {
    EXPECT_EQ(ParseComplaintState(Name(static_cast<S>(s))), static_cast<S>(s));
  }
}

struct Who {
  ComplaintParty party;
  Role role;
  bool own_customer, in_department, allowed;
};

const Who kWho[] = {
    {ComplaintParty::kHandlers, Role::kAgent, false, false, true},
    {ComplaintParty::kHandlers, Role::kTeamLeader, false, false, true},
    {ComplaintParty::kHandlers, Role::kManager, false, false, true},
    {ComplaintParty::kHandlers, Role::kEngineer, false, false, false},
    {ComplaintParty::kHandlers, Role::kPartyA, true, false, false},
    {ComplaintParty::kInvestigators, Role::kAgent, false, false, false},
    {ComplaintParty::kInvestigators, Role::kTeamLeader, false, false, true},
    {ComplaintParty::kInvestigators, Role::kManager, false, false, true},
    {ComplaintParty::kDepartment, Role::kEngineer, false, true, true},
    {ComplaintParty::kDepartment, Role::kEngineer, false, false, false},
    {ComplaintParty::kDepartment, Role::kTeamLeader, false, false, false},
    {ComplaintParty::kDepartment, Role::kManager, false, false, true},
    {ComplaintParty::kDepartment, Role::kAdmin, false, false, false},
    {ComplaintParty::kCustomer, Role::kPartyA, true, false, true},
    {ComplaintParty::kCustomer, Role::kPartyA, false, false, false},
    {ComplaintParty::kCustomer, Role::kManager, false, false, false},
    {ComplaintParty::kCloser, Role::kPartyA, true, false, true},
    {ComplaintParty::kCloser, Role::kPartyA, false, false, false},
    {ComplaintParty::kCloser, Role::kTeamLeader, false, false, true},
    {ComplaintParty::kCloser, Role::kAgent, false, false, false},
};

TEST(ComplaintRules, WhoTakesEachStep) {
  constexpr std::int64_t kCustomer = 7;
  for (const Who& w : kWho) {
    Actor a{1, "u", w.role, std::nullopt, "u"};
    if (w.role == Role::kPartyA) a.customer_id = w.own_customer ? kCustomer : kCustomer + 1;
    Status s = CheckComplaintParty(a, w.party, kCustomer, w.in_department);
    SCOPED_TRACE(std::string(Name(w.role)) + " party " + std::to_string(static_cast<int>(w.party)));
    EXPECT_EQ(s.ok(), w.allowed);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, ErrorCode::kForbidden);
    }
  }
}

}  // namespace
}  // namespace aftercare::service
