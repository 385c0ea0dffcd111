// The audit log's rules in process (issue 11 point 6): administrators read it,
// newest first and filtered; vendor reads are recorded (CON-4), Party A's reads of
// their own data are not; a rejected write leaves no entry (SEC-3).
#include "service/audit/audit.h"

#include <gtest/gtest.h>

#include <string>

#include "service/testing/service_test_fixture.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

class AuditServiceRules : public ServiceTest {
 protected:
  std::vector<AuditEntry> Query(AuditFilter f) {
    auto entries = QueryAudit(*db_, As(Role::kAdmin), f);
    EXPECT_TRUE(entries.ok()) << entries.error().message;
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }
  // Three entries of one entity, written in one transaction each.
  void WriteThree() {
    for (int i = 1; i <= 3; ++i) {
      auto r = InTransaction(*db_, true, [&](store::Transaction& tx) -> Result<bool> {
        AFTERCARE_RETURN_IF_ERROR(Audit(tx, At(As(Role::kManager), now_ + i), "update", "widget",
                                        "7", {{"n", i - 1}}, {{"n", i}}));
        return true;
      });
      ASSERT_TRUE(r.ok());
    }
  }
};

// SEC-1: the log is the administrators'; everyone else is refused.
TEST_F(AuditServiceRules, OnlyAdministratorsReadTheLog) {
  for (Role r : RolesExcept({Role::kAdmin})) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(QueryAudit(*db_, As(r), {})), "forbidden");
  }
  EXPECT_EQ(Outcome(QueryAudit(*db_, Anonymous(), {})), "unauthorized");
  EXPECT_EQ(Outcome(QueryAudit(*db_, As(Role::kAdmin), {})), "ok");
}

// A page holds 1 to 1000 entries.
TEST_F(AuditServiceRules, LimitIsOneToAThousand) {
  struct Case {
    int limit;
    const char* outcome;
  };
  for (Case c : {Case{0, "invalid_input limit"}, Case{-1, "invalid_input limit"},
                 Case{1001, "invalid_input limit"}, Case{1, "ok"}, Case{1000, "ok"}}) {
    SCOPED_TRACE(c.limit);
    AuditFilter f;
    f.limit = c.limit;
    EXPECT_EQ(Outcome(QueryAudit(*db_, As(Role::kAdmin), f)), c.outcome);
  }
}

// Entries come back newest first with who, when, the request and the values
// before and after; the filters combine, and before_id pages back.
TEST_F(AuditServiceRules, EntriesAreFilteredAndPagedNewestFirst) {
  WriteThree();
  AuditFilter widget;
  widget.entity = "widget";
  auto all = Query(widget);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].after, nlohmann::json({{"n", 3}}));
  EXPECT_EQ(all[0].before, nlohmann::json({{"n", 2}}));
  EXPECT_EQ(all[0].at, now_ + 3);
  EXPECT_EQ(all[0].actor_id, UserId(Role::kManager));
  EXPECT_EQ(all[0].actor_login, "manager");
  EXPECT_EQ(all[0].request_id, "test-request");
  EXPECT_EQ(all[0].entity_id, "7");
  EXPECT_GT(all[0].id, all[1].id);
  EXPECT_GT(all[1].id, all[2].id);

  AuditFilter page = widget;
  page.limit = 2;
  auto first = Query(page);
  ASSERT_EQ(first.size(), 2u);
  page.before_id = first.back().id;
  auto second = Query(page);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].id, all[2].id);

  struct Case {
    const char* why;
    AuditFilter f;
    std::size_t count;
  };
  AuditFilter other_id = widget, by_agent = widget, by_manager = widget, other_action = widget;
  other_id.entity_id = "8";
  by_agent.actor_id = UserId(Role::kAgent);
  by_manager.actor_id = UserId(Role::kManager);
  other_action.action = "delete";
  for (const Case& c :
       {Case{"another id", other_id, 0}, Case{"another actor", by_agent, 0},
        Case{"the actor", by_manager, 3}, Case{"another action", other_action, 0}}) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Query(c.f).size(), c.count);
  }
}

// CON-4: a vendor's read is recorded with its actor and request; Party A's read
// of its own data and a read without a login are not.
TEST_F(AuditServiceRules, VendorReadsAreRecorded) {
  for (Role r : {Role::kPartyA, Role::kAgent, Role::kEngineer}) {
    EXPECT_TRUE(
        AuditRead(*db_, As(r), "customer_archive", std::to_string(customer_a_), customer_a_).ok());
  }
  EXPECT_TRUE(
      AuditRead(*db_, Anonymous(), "customer_archive", std::to_string(customer_a_), customer_a_)
          .ok());
  EXPECT_TRUE(AuditRead(*db_, As(Role::kManager), "search", "ticket", "",
                        {{"filter", {{"q", "8800"}}}, {"returned", 2}})
                  .ok());
  auto reads = AuditOf("customer_archive", std::to_string(customer_a_));
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].actor_id, UserId(Role::kEngineer));
  EXPECT_EQ(reads[1].actor_id, UserId(Role::kAgent));
  EXPECT_EQ(reads[0].action, "read");
  EXPECT_EQ(reads[0].request_id, "test-request");
  auto search = AuditOf("ticket", "", "search");
  ASSERT_EQ(search.size(), 1u);
  EXPECT_EQ(search[0].after["returned"], 2);
}

// SEC-3: the entry is written in the change's transaction, so a rejected change
// leaves none, and an accepted one exactly one.
TEST_F(AuditServiceRules, ARejectedChangeLeavesNoEntry) {
  AuditFilter customers;
  customers.entity = "customer";
  const std::size_t before = Query(customers).size();
  EXPECT_EQ(Outcome(CreateCustomer(*db_, As(Role::kAgent), {0, "湖滨医院", "", "", ""})),
            "conflict name");
  EXPECT_EQ(Outcome(CreateCustomer(*db_, As(Role::kEngineer), {0, "新客户", "", "", ""})),
            "forbidden");
  EXPECT_EQ(Query(customers).size(), before);
  // A transaction that writes its entry and then fails leaves nothing either.
  auto failed = InTransaction(*db_, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, As(Role::kAgent), "create", "customer", "99"));
    return Error::Invalid("refused after the entry", 0, "name");
  });
  EXPECT_EQ(Outcome(failed), "invalid_input name");
  EXPECT_EQ(Query(customers).size(), before);
  auto created = CreateCustomer(*db_, As(Role::kAgent), {0, "新客户", "", "", ""});
  ASSERT_TRUE(created.ok());
  auto after = Query(customers);
  ASSERT_EQ(after.size(), before + 1);
  EXPECT_EQ(after[0].entity_id, std::to_string(created->id));
  EXPECT_EQ(after[0].after["name"], "新客户");
}

}  // namespace
}  // namespace aftercare::service
