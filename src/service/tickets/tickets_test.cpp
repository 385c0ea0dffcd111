// The tickets area's rules in process (issue 11 point 6), on a scratch SQLite
// database: no HTTP, so a rule is tested in milliseconds. The black-box API tests
// (tests/api/) stay the proof through the real interface.
#include "service/tickets/tickets.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "service/accounts/accounts.h"
#include "service/contracts/contracts.h"
#include "service/customers/customers.h"
#include "store/migrations.h"

namespace aftercare::service {
namespace {

class TicketServiceRules : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    dir_ = std::filesystem::temp_directory_path() /
           ("aftercare-tickets-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = store::OpenDatabase((dir_ / "aftercare.db").string());
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_).ok());
    Context root{Actor{0, "test", Role::kAdmin, std::nullopt, "test"}, "test", now_};
    for (Role role : {Role::kAgent, Role::kEngineer, Role::kTeamLeader, Role::kManager}) {
      std::string login(Name(role));
      auto u = CreateUser(*db_, root, {login, login, role, "password-1", std::nullopt, ""});
      ASSERT_TRUE(u.ok()) << u.error().message;
      as_[static_cast<int>(role)] =
          Context{Actor{u->id, login, role, std::nullopt, login}, "test", now_};
    }
    auto customer = CreateCustomer(*db_, As(Role::kAgent), {0, "湖滨医院", "", "", ""});
    ASSERT_TRUE(customer.ok());
    NewContract contract;
    contract.fields.customer_id = customer->id;
    contract.fields.number = "HT-TEST-1";
    contract.value_text = "1000000.00";
    contract.fields.signed_on = "2026-01-01";
    ASSERT_TRUE(CreateContract(*db_, As(Role::kManager), contract).ok());
    NewTicket t;
    t.customer_id = customer->id;
    t.title = "系统无法登录";
    t.received_at = now_ - 600;
    auto ticket = CreateTicket(*db_, As(Role::kAgent), t);
    ASSERT_TRUE(ticket.ok()) << ticket.error().message;
    ticket_ = ticket->id;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  const Context& As(Role r) const { return as_[static_cast<int>(r)]; }
  Result<Ticket> Add(Role by, NewEvent e) { return AddTicketEvent(*db_, As(by), ticket_, e); }

  const Instant now_ = Now();
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  Context as_[6];
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
    auto p = Add(c.by, {"priority", std::nullopt, "P1", "", nlohmann::json::object()});
    auto r = Add(c.by, {"reclassified", std::nullopt, std::nullopt, "", {{"type", "consulting"}}});
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
  EXPECT_EQ(t->priority, "P1");
  EXPECT_EQ(t->type, "consulting");
}

// An entry dated more than a day back needs a team leader or manager (TKT-4).
TEST_F(TicketServiceRules, BackDatingBeyondADayNeedsATeamLeader) {
  NewEvent late{"note", now_ - 2 * kSecondsPerDay, std::nullopt, "从现场补录",
                nlohmann::json::object()};
  // The ticket was received 10 minutes ago: an earlier entry is refused anyway.
  auto r = Add(Role::kEngineer, late);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(r.error().field, "at");
  NewEvent recent{"note", now_ - 60, std::nullopt, "刚才联系过客户", nlohmann::json::object()};
  EXPECT_TRUE(Add(Role::kEngineer, recent).ok());
}

}  // namespace
}  // namespace aftercare::service
