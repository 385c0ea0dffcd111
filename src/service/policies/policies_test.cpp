// The SLA policies' rules in process (issue 11 point 6, SLA-1): administrators
// store a policy as data; its body must compile, and an error names its line; names
// are unique, immutable and not the built-in ones.
//
// Compiled policies are cached per process by name: every policy stored here has a
// name of its own (see service_test_fixture.h).
#include "service/policies/policies.h"

#include <gtest/gtest.h>

#include <string>

#include "service/holidays/holidays.h"
#include "service/testing/service_test_fixture.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

std::string Body(const std::string& name, const std::string& target = "{default: 5h}") {
  return "policy:\n"
         "  name: " +
         name +
         "\n"
         "  metrics:\n"
         "    - {name: first_response, kind: response, start: received, stop: first_contact,\n"
         "       target: " +
         target + "}\n";
}

class PolicyServiceRules : public ServiceTest {
 protected:
  Result<StoredPolicy> Create(Role by, const std::string& name, const std::string& body) {
    return CreatePolicy(*db_, As(by), {name, body, false});
  }
};

// SLA-1: administrators store policies; everyone logged in lists them.
TEST_F(PolicyServiceRules, AdministratorsStorePoliciesEveryoneListsThem) {
  for (Role r : RolesExcept({Role::kAdmin})) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(Create(r, "svc-roles", Body("svc-roles"))), "forbidden");
  }
  EXPECT_EQ(Outcome(CreatePolicy(*db_, Anonymous(), {"svc-roles", Body("svc-roles"), false})),
            "unauthorized");
  EXPECT_EQ(Outcome(ListPolicies(*db_, Anonymous())), "unauthorized");
  auto stored = Create(Role::kAdmin, "svc-roles", Body("svc-roles"));
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_FALSE(stored->builtin);
  auto list = ListPolicies(*db_, As(Role::kPartyA));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "bid-default");
  EXPECT_TRUE((*list)[0].builtin);
  EXPECT_EQ((*list)[1].name, "svc-roles");
  EXPECT_EQ((*list)[1].body, Body("svc-roles"));
  auto audit = AuditOf("sla_policy", "svc-roles");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].after["body"], Body("svc-roles"));
}

// A name of 1-64 characters without spaces or '|', not a built-in one, the same as
// the body's own; a stored policy is never replaced.
TEST_F(PolicyServiceRules, NamesAreUniqueAndImmutable) {
  struct Case {
    const char* why;
    std::string name, body;
    const char* outcome;
  };
  const std::string long_name(65, 'p');
  const Case cases[] = {
      {"no name", "", Body("x"), "invalid_input name"},
      {"65 characters", long_name, Body(long_name), "invalid_input name"},
      {"a space", "svc gold", Body("svc gold"), "invalid_input name"},
      {"a bar", "svc|gold", Body("svc|gold"), "invalid_input name"},
      {"the built-in one", "bid-default", Body("bid-default"), "conflict name"},
      {"another name than the body's", "svc-names", Body("svc-other"), "invalid_input name"},
      {"new", "svc-names", Body("svc-names"), "ok"},
      {"again", "svc-names", Body("svc-names"), "conflict name"},
      {"again with another body", "svc-names", Body("svc-names", "{default: 1h}"), "conflict name"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(Create(Role::kAdmin, c.name, c.body)), c.outcome);
  }
  auto list = ListPolicies(*db_, As(Role::kAgent));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].body, Body("svc-names"));
}

// A body that does not compile is refused on the `body` field, its message naming
// the line of the document where the problem is.
TEST_F(PolicyServiceRules, BodyErrorsNameTheirLine) {
  struct Case {
    const char* why;
    std::string body;
    std::string message;
  };
  const Case cases[] = {
      {"an unknown metric kind",
       "policy:\n"
       "  name: svc-bad\n"
       "  metrics:\n"
       "    - name: fix\n"
       "      kind: quick\n",
       "body: line 5: unknown metric kind `quick` (response or handling)"},
      {"YAML that does not parse", "policy: [1, 2", "body: line "},
      {"a target that is no duration", Body("svc-bad", "{default: soon}"), "body: line 5: "},
      {"an unknown calendar", Body("svc-bad", "{default: 5h}, calendar: office"), "body: line 5: "},
      {"no policy", "calendars: {}\n", "body: "},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    auto r = Create(Role::kAdmin, "svc-bad", c.body);
    ASSERT_EQ(Outcome(r), "invalid_input body");
    EXPECT_EQ(r.error().message.rfind(c.message, 0), 0u) << r.error().message;
  }
  auto list = ListPolicies(*db_, As(Role::kAgent));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

// A contract names a policy that exists: the built-in one or a stored one; the
// stored one is what its clocks then run on.
TEST_F(PolicyServiceRules, ContractsUseStoredPolicies) {
  ASSERT_TRUE(Create(Role::kAdmin, "svc-5h", Body("svc-5h")).ok());
  NewContract c;
  c.fields.customer_id = customer_a_;
  c.fields.number = "HT-5H";
  c.value_text = "1000.00";
  c.fields.signed_on = "2026-01-01";
  c.fields.policy = "svc-unknown";
  EXPECT_EQ(Outcome(CreateContract(*db_, As(Role::kManager), c)), "invalid_input policy");
  c.fields.policy = "svc-5h";
  ASSERT_TRUE(CreateContract(*db_, As(Role::kManager), c).ok());
  auto t = AddTicket(As(Role::kAgent), customer_a_, now_ - 600);
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->metrics.size(), 1u);
  EXPECT_EQ(t->metrics[0].name, "first_response");
  EXPECT_EQ(t->metrics[0].outcome.due, now_ - 600 + 5 * 3600);

  auto loaded = InTransaction(*db_, false, [](store::Transaction& tx) {
    return LoadPolicy(tx, "svc-unknown", DefaultZone());
  });
  EXPECT_EQ(Outcome(loaded), "not_found");
}

// SLA-3: a stored policy whose calendar uses the Chinese schedule counts a holiday
// year as soon as an administrator stores it (its compiled form is not kept past
// the change). Received Thu 2026-12-31 17:00 with 5 office hours: 1 h on Thursday
// and 4 h on Friday 2027-01-01, until that Friday is a day off.
TEST_F(PolicyServiceRules, StoredHolidayYearsReachCompiledPolicies) {
  const std::string body =
      "calendars:\n"
      "  office:\n"
      "    week: {mon: [\"09:00-18:00\"], tue: [\"09:00-18:00\"], wed: [\"09:00-18:00\"],\n"
      "           thu: [\"09:00-18:00\"], fri: [\"09:00-18:00\"]}\n"
      "    builtin_holidays: cn\n" +
      Body("svc-office", "{default: 5h}, calendar: office");
  ASSERT_TRUE(Create(Role::kAdmin, "svc-office", body).ok());
  NewContract c;
  c.fields.customer_id = customer_a_;
  c.fields.number = "HT-OFFICE";
  c.value_text = "1000.00";
  c.fields.signed_on = "2026-01-01";
  c.fields.policy = "svc-office";
  ASSERT_TRUE(CreateContract(*db_, As(Role::kManager), c).ok());
  const TimeZone& tz = DefaultZone();
  const Instant received = tz.ToInstant(MakeDate(2026, 12, 31), 17 * 3600);
  const Context agent = At(As(Role::kAgent), received + 1800);
  auto t = AddTicket(agent, customer_a_, received);
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->metrics.size(), 1u);
  EXPECT_EQ(t->metrics[0].outcome.due, tz.ToInstant(MakeDate(2027, 1, 1), 13 * 3600));

  ASSERT_TRUE(PutHolidayYear(*db_, As(Role::kAdmin), 2027, {MakeDate(2027, 1, 1)}, {}).ok());
  auto after = GetTicket(*db_, agent, t->id);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->metrics.size(), 1u);
  EXPECT_EQ(after->metrics[0].outcome.due, tz.ToInstant(MakeDate(2027, 1, 4), 13 * 3600));
}

}  // namespace
}  // namespace aftercare::service
