// The tickets area's rules in process (issue 11 point 6), on a scratch SQLite
// database: no HTTP, so a rule is tested in milliseconds. The black-box API tests
// (tests/api/) stay the proof through the real interface.
#include "service/tickets/tickets.h"

#include <gtest/gtest.h>

#include <string>

#include "service/testing/service_test_fixture.h"

namespace aftercare::service {
namespace {

// A contract of customer A and one of its tickets, received 10 minutes ago.
class TicketServiceRules : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(AddContract(customer_a_, "HT-TEST-1").ok());
    auto ticket = AddTicket(As(Role::kAgent), customer_a_, now_ - 600);
    ASSERT_TRUE(ticket.ok()) << ticket.error().message;
    ticket_ = ticket->id;
  }

  Result<Ticket> Add(Role by, NewEvent e) { return AddTicketEvent(*db_, As(by), ticket_, e); }

  std::int64_t ticket_ = 0;
};

// Issue 10: a new priority or type re-targets the SLA clocks, so only the roles
// that answer for the money make them; the others are refused and nothing moves.
TEST_F(TicketServiceRules, OnlyClockOwnersChangePriorityOrType) {
  struct Case {
    Role by;
    bool allowed;
  };
  const Case cases[] = {{Role::kAgent, false},
                        {Role::kEngineer, false},
                        {Role::kTeamLeader, true},
                        {Role::kManager, true}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(Name(c.by)));
    auto p = Add(c.by, {TicketEventKind::kPriority, std::nullopt, sla::Priority::kP1, "",
                        nlohmann::json::object()});
    auto r = Add(
        c.by,
        {TicketEventKind::kReclassified, std::nullopt, std::nullopt, "", {{"type", "consulting"}}});
    EXPECT_EQ(p.ok(), c.allowed);
    EXPECT_EQ(r.ok(), c.allowed);
    if (!c.allowed) {
      EXPECT_EQ(p.error().code, ErrorCode::kForbidden);
      EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
      EXPECT_EQ(p.error().field, "kind");
    }
  }
  auto t = GetTicket(*db_, As(Role::kManager), ticket_);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->priority, sla::Priority::kP1);
  EXPECT_EQ(t->type, sla::TicketType::kConsulting);
}

// An entry dated more than a day back needs a team leader or manager (TKT-4).
TEST_F(TicketServiceRules, BackDatingBeyondADayNeedsATeamLeader) {
  NewEvent late{TicketEventKind::kNote, now_ - 2 * kSecondsPerDay, std::nullopt, "从现场补录",
                nlohmann::json::object()};
  // The ticket was received 10 minutes ago: an earlier entry is refused anyway.
  auto r = Add(Role::kEngineer, late);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(r.error().field, "at");
  NewEvent recent{TicketEventKind::kNote, now_ - 60, std::nullopt, "刚才联系过客户",
                  nlohmann::json::object()};
  EXPECT_TRUE(Add(Role::kEngineer, recent).ok());
}

}  // namespace
}  // namespace aftercare::service
