// The customers area's rules in process (issue 11 point 6): who records customers
// and their systems (CON-1, TKT-6), what they must be, and that a Party A user sees
// its own customer only (CON-4).
#include "service/customers/customers.h"

#include <gtest/gtest.h>

#include <string>

#include "service/testing/service_test_fixture.h"

namespace aftercare::service {
namespace {

class CustomerServiceRules : public ServiceTest {};

// Agents take new callers' details; managers and administrators too; no one else.
TEST_F(CustomerServiceRules, CustomerEditorsCreateCustomersAndSystems) {
  struct Case {
    Role by;
    bool allowed;
  };
  const Case cases[] = {{Role::kAgent, true},       {Role::kEngineer, false},
                        {Role::kTeamLeader, false}, {Role::kManager, true},
                        {Role::kPartyA, false},     {Role::kAdmin, true}};
  for (const Case& c : cases) {
    const std::string name(Name(c.by));
    SCOPED_TRACE(name);
    auto customer = CreateCustomer(*db_, As(c.by), {0, "客户-" + name, "", "", ""});
    auto system = CreateSystem(*db_, As(c.by), {0, customer_a_, "系统-" + name});
    EXPECT_EQ(Outcome(customer), c.allowed ? "ok" : "forbidden");
    EXPECT_EQ(Outcome(system), c.allowed ? "ok" : "forbidden");
  }
  EXPECT_EQ(Outcome(CreateCustomer(*db_, Anonymous(), {0, "x", "", "", ""})), "unauthorized");
  auto all = ListCustomers(*db_, As(Role::kManager));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u + 3u);
}

// A customer needs a unique name and a phone that is a phone number.
TEST_F(CustomerServiceRules, CustomerNameIsRequiredAndUnique) {
  struct Case {
    Customer c;
    const char* outcome;
  };
  const Case cases[] = {
      {{0, "", "", "", ""}, "invalid_input name"},
      {{0, "新客户", "", "call me", ""}, "invalid_input phone"},
      {{0, "湖滨医院", "", "", ""}, "conflict name"},
      {{0, "新客户", "李工", "(010)62345678", "北京"}, "ok"},
      {{0, "新客户", "", "", ""}, "conflict name"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.c.name + " / " + c.c.phone);
    EXPECT_EQ(Outcome(CreateCustomer(*db_, As(Role::kAgent), c.c)), c.outcome);
  }
}

// CON-4: Party A lists and reads its own customer only; another customer answers
// exactly like a missing one.
TEST_F(CustomerServiceRules, PartyASeesItsOwnCustomerOnly) {
  ASSERT_TRUE(CreateSystem(*db_, As(Role::kAgent), {0, customer_b_, "HIS"}).ok());
  auto list = ListCustomers(*db_, As(Role::kPartyA));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, customer_a_);
  EXPECT_TRUE(GetCustomer(*db_, As(Role::kPartyA), customer_a_).ok());
  auto foreign = GetCustomer(*db_, As(Role::kPartyA), customer_b_);
  auto missing = GetCustomer(*db_, As(Role::kPartyA), 999);
  EXPECT_EQ(Outcome(foreign), "not_found");
  EXPECT_EQ(Outcome(missing), "not_found");
  EXPECT_EQ(foreign.error().message, missing.error().message);
  EXPECT_EQ(Outcome(ListSystems(*db_, As(Role::kPartyA), customer_b_)), "not_found");
  EXPECT_TRUE(ListSystems(*db_, As(Role::kPartyA), customer_a_).ok());
  // The vendor sees both.
  EXPECT_TRUE(GetCustomer(*db_, As(Role::kEngineer), customer_b_).ok());
  EXPECT_EQ(Outcome(GetCustomer(*db_, As(Role::kEngineer), 999)), "not_found");
  EXPECT_EQ(Outcome(GetCustomer(*db_, Anonymous(), customer_a_)), "unauthorized");
}

// System names are unique within their customer, not across customers.
TEST_F(CustomerServiceRules, SystemNamesAreUniquePerCustomer) {
  EXPECT_EQ(Outcome(CreateSystem(*db_, As(Role::kAgent), {0, customer_a_, "HIS"})), "ok");
  EXPECT_EQ(Outcome(CreateSystem(*db_, As(Role::kAgent), {0, customer_a_, "HIS"})),
            "conflict name");
  EXPECT_EQ(Outcome(CreateSystem(*db_, As(Role::kAgent), {0, customer_b_, "HIS"})), "ok");
  EXPECT_EQ(Outcome(CreateSystem(*db_, As(Role::kAgent), {0, customer_a_, ""})),
            "invalid_input name");
  EXPECT_EQ(Outcome(CreateSystem(*db_, As(Role::kAgent), {0, 999, "PACS"})), "not_found");
  auto systems = ListSystems(*db_, As(Role::kAgent), customer_a_);
  ASSERT_TRUE(systems.ok());
  ASSERT_EQ(systems->size(), 1u);
  EXPECT_EQ((*systems)[0].name, "HIS");
  EXPECT_EQ(Outcome(ListSystems(*db_, As(Role::kAgent), 999)), "not_found");
}

// Corrections: the same checks as at creation (and no blank name), audited with the
// fields before and after; an unknown customer is not found.
TEST_F(CustomerServiceRules, UpdateCustomerChecksAndAudits) {
  struct Case {
    const char* why;
    std::int64_t id;
    CustomerChange change;
    const char* outcome;
  };
  CustomerChange blank, taken, bad_phone, fine;
  blank.name = " \t";
  taken.name = "江北医院";
  bad_phone.phone = "x1";
  fine.contact = "赵主任";
  fine.phone = "400-800-1234";
  const Case cases[] = {
      {"a blank name", customer_a_, blank, "invalid_input name"},
      {"another customer's name", customer_a_, taken, "conflict name"},
      {"a bad phone", customer_a_, bad_phone, "invalid_input phone"},
      {"no such customer", 999, fine, "not_found"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(UpdateCustomer(*db_, As(Role::kManager), c.id, c.change)), c.outcome);
  }
  EXPECT_EQ(Outcome(UpdateCustomer(*db_, As(Role::kEngineer), customer_a_, fine)), "forbidden");
  EXPECT_EQ(Outcome(UpdateCustomer(*db_, As(Role::kPartyA), customer_a_, fine)), "forbidden");

  auto updated = UpdateCustomer(*db_, As(Role::kAgent), customer_a_, fine);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->name, "湖滨医院");
  EXPECT_EQ(updated->contact, "赵主任");
  EXPECT_EQ(updated->address, "湖滨路 1 号");
  auto audit = AuditOf("customer", std::to_string(customer_a_));
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "update");
  EXPECT_EQ(audit[0].actor_id, UserId(Role::kAgent));
  EXPECT_EQ(audit[0].before["contact"], "王主任");
  EXPECT_EQ(audit[0].after["contact"], "赵主任");
  EXPECT_EQ(audit[0].after["phone"], "400-800-1234");
}

// A system is renamed through its own customer: another customer's is not found.
TEST_F(CustomerServiceRules, RenameSystemStaysWithinItsCustomer) {
  auto his = CreateSystem(*db_, As(Role::kAgent), {0, customer_a_, "HIS"});
  auto pacs = CreateSystem(*db_, As(Role::kAgent), {0, customer_a_, "PACS"});
  ASSERT_TRUE(his.ok() && pacs.ok());
  EXPECT_EQ(Outcome(RenameSystem(*db_, As(Role::kAgent), customer_b_, his->id, "HIS 2")),
            "not_found");
  EXPECT_EQ(Outcome(RenameSystem(*db_, As(Role::kAgent), customer_a_, his->id, "PACS")),
            "conflict name");
  EXPECT_EQ(Outcome(RenameSystem(*db_, As(Role::kAgent), customer_a_, his->id, " ")),
            "invalid_input name");
  EXPECT_EQ(Outcome(RenameSystem(*db_, As(Role::kPartyA), customer_a_, his->id, "HIS 2")),
            "forbidden");
  auto renamed = RenameSystem(*db_, As(Role::kAgent), customer_a_, his->id, "HIS 2");
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->name, "HIS 2");
  auto audit = AuditOf("system", std::to_string(his->id));
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].before["name"], "HIS");
  EXPECT_EQ(audit[0].after["name"], "HIS 2");
}

}  // namespace
}  // namespace aftercare::service
