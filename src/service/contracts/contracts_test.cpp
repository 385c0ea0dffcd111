// The contracts area's rules in process (issue 11 point 6): who enters and changes
// contracts, their terms and CON-1 defaults, Party A's written notices (CON-3),
// waivers (CON-2), tenant isolation and the audited vendor reads (CON-4).
#include "service/contracts/contracts.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "service/testing/service_test_fixture.h"

namespace aftercare::service {
namespace {

class ContractServiceRules : public ServiceTest {
 protected:
  NewContract Terms(const std::string& number = "HT-2026-001") const {
    NewContract c;
    c.fields.customer_id = customer_a_;
    c.fields.number = number;
    c.value_text = "1000000.00";
    c.fields.signed_on = "2026-01-01";
    return c;
  }
  Instant Day(int year, unsigned month, unsigned day, Seconds second_of_day = 0) const {
    return DefaultZone().ToInstant(MakeDate(year, month, day), second_of_day);
  }
};

// Contracts are the managers' and administrators'.
TEST_F(ContractServiceRules, ManagersAndAdministratorsEnterContracts) {
  for (Role r : RolesExcept({Role::kManager, Role::kAdmin})) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(CreateContract(*db_, As(r), Terms("HT-" + std::string(Name(r))))),
              "forbidden");
    EXPECT_EQ(Outcome(UpdateContract(*db_, As(r), 1, ContractChange{})), "forbidden");
  }
  EXPECT_EQ(Outcome(CreateContract(*db_, Anonymous(), Terms())), "unauthorized");
  EXPECT_EQ(Outcome(CreateContract(*db_, As(Role::kManager), Terms("HT-M"))), "ok");
  EXPECT_EQ(Outcome(CreateContract(*db_, As(Role::kAdmin), Terms("HT-A"))), "ok");
  auto list = ListContracts(*db_, As(Role::kAgent));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

// Each bad term is refused naming its field; dates out of order or outside the
// service years are refused too. Nothing is created.
TEST_F(ContractServiceRules, BadTermsAreRefusedNamingTheField) {
  auto other_system = CreateSystem(*db_, As(Role::kAgent), {0, customer_b_, "HIS"});
  ASSERT_TRUE(other_system.ok());
  ASSERT_TRUE(CreateContract(*db_, As(Role::kManager), Terms("HT-TAKEN")).ok());
  struct Case {
    const char* why;
    std::function<void(NewContract&)> edit;
    const char* outcome;
  };
  const Case cases[] = {
      {"no number", [](NewContract& c) { c.fields.number = ""; }, "invalid_input number"},
      {"a taken number", [](NewContract& c) { c.fields.number = "HT-TAKEN"; }, "conflict number"},
      {"value in words", [](NewContract& c) { c.value_text = "一百万"; }, "invalid_input value"},
      {"value below the fen", [](NewContract& c) { c.value_text = "1.001"; },
       "invalid_input value"},
      {"a rate above 1", [](NewContract& c) { c.fields.penalty_rate = "1.5"; },
       "invalid_input penalty_rate"},
      {"an unknown zone", [](NewContract& c) { c.fields.tz = "Mars/Olympus"; }, "invalid_input tz"},
      {"cure_days 0",
       [](NewContract& c) {
         c.has_cure_days = true;
         c.fields.cure_days = 0;
       },
       "invalid_input cure_days"},
      {"cure_days 366",
       [](NewContract& c) {
         c.has_cure_days = true;
         c.fields.cure_days = kMaxCureDays + 1;
       },
       "invalid_input cure_days"},
      {"negative warranty", [](NewContract& c) { c.fields.warranty_months = -1; },
       "invalid_input warranty_months"},
      {"a warranty of 101 years", [](NewContract& c) { c.fields.warranty_months = 1201; },
       "invalid_input warranty_months"},
      {"negative engineers", [](NewContract& c) { c.fields.free_resident_engineers = -1; },
       "invalid_input free_resident_engineers"},
      {"no signing date", [](NewContract& c) { c.fields.signed_on = ""; },
       "invalid_input signed_on"},
      {"30 February", [](NewContract& c) { c.fields.signed_on = "2026-02-30"; },
       "invalid_input signed_on"},
      {"signed in 1999", [](NewContract& c) { c.fields.signed_on = "1999-12-31"; },
       "invalid_input signed_on"},
      {"a default deadline past 2100", [](NewContract& c) { c.fields.signed_on = "2100-12-01"; },
       "invalid_input construction_deadline"},
      {"a deadline that is no date",
       [](NewContract& c) {
         c.has_construction_deadline = true;
         c.fields.construction_deadline = "2026-13-01";
       },
       "invalid_input construction_deadline"},
      {"accepted before signing", [](NewContract& c) { c.fields.accepted_on = "2025-12-31"; },
       "invalid_input accepted_on"},
      {"coverage ending before it starts",
       [](NewContract& c) {
         c.has_coverage = true;
         c.fields.coverage_from = "2026-06-01";
         c.fields.coverage_to = "2026-05-31";
       },
       "invalid_input coverage_to"},
      {"a default coverage past 2100",
       [](NewContract& c) {
         c.fields.signed_on = "2098-01-01";
         c.fields.warranty_months = 60;
       },
       "invalid_input coverage_to"},
      {"a missing customer", [](NewContract& c) { c.fields.customer_id = 999; },
       "invalid_input customer_id"},
      {"an unknown policy", [](NewContract& c) { c.fields.policy = "gold"; },
       "invalid_input policy"},
      {"another customer's system",
       [&](NewContract& c) { c.fields.system_ids = {other_system->id}; },
       "invalid_input system_ids"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    NewContract in = Terms("HT-CASE");
    c.edit(in);
    EXPECT_EQ(Outcome(CreateContract(*db_, As(Role::kManager), in)), c.outcome);
  }
  auto list = ListContracts(*db_, As(Role::kManager));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

// CON-1 defaults: construction deadline signing + 2 months (the month's last day
// when shorter), warranty 24 months from acceptance (else from the deadline), the
// service period from signing to the warranty's last day.
TEST_F(ContractServiceRules, DefaultTermsFollowCon1) {
  struct Case {
    const char* signed_on;
    std::optional<std::string> accepted_on;
    int warranty_months;
    const char *deadline, *coverage_to;
  };
  const Case cases[] = {
      {"2026-01-01", std::nullopt, 24, "2026-03-01", "2028-02-29"},
      {"2026-01-31", std::nullopt, 24, "2026-03-31", "2028-03-30"},
      {"2025-12-31", std::nullopt, 24, "2026-02-28", "2028-02-27"},
      {"2026-01-01", "2026-05-10", 12, "2026-03-01", "2027-05-09"},
      {"2026-01-01", std::nullopt, 6, "2026-03-01", "2026-08-31"},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.signed_on);
    NewContract in = Terms("HT-DEFAULT-" + std::to_string(++n));
    in.fields.signed_on = c.signed_on;
    in.fields.accepted_on = c.accepted_on;
    in.fields.warranty_months = c.warranty_months;
    auto created = CreateContract(*db_, As(Role::kManager), in);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->construction_deadline, c.deadline);
    EXPECT_EQ(created->coverage_from, c.signed_on);
    EXPECT_EQ(created->coverage_to, c.coverage_to);
    EXPECT_EQ(created->cure_days, 30);
    EXPECT_EQ(created->penalty_rate, "0.0003");
    EXPECT_EQ(created->policy, "bid-default");
    EXPECT_EQ(created->free_resident_engineers, 1);
    EXPECT_EQ(created->value_fen, 100'000'000);
  }
}

// A contract's systems are kept once each, in order; they must be its customer's.
TEST_F(ContractServiceRules, SystemsAreTheCustomersOnceEach) {
  auto his = CreateSystem(*db_, As(Role::kAgent), {0, customer_a_, "HIS"});
  auto pacs = CreateSystem(*db_, As(Role::kAgent), {0, customer_a_, "PACS"});
  ASSERT_TRUE(his.ok() && pacs.ok());
  NewContract in = Terms();
  in.fields.system_ids = {pacs->id, his->id, pacs->id};
  auto created = CreateContract(*db_, As(Role::kManager), in);
  ASSERT_TRUE(created.ok()) << created.error().message;
  const std::vector<std::int64_t> both = {his->id, pacs->id};
  EXPECT_EQ(created->system_ids, both);
  auto read = GetContract(*db_, As(Role::kPartyA), created->id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->system_ids, both);
}

// CON-1: the acceptance recorded later moves a default service period, not one
// typed in; the audit entry names only the terms that changed.
TEST_F(ContractServiceRules, AcceptanceMovesOnlyADefaultServicePeriod) {
  auto by_default = CreateContract(*db_, As(Role::kManager), Terms("HT-D"));
  NewContract typed = Terms("HT-T");
  typed.has_coverage = true;
  typed.fields.coverage_from = "2026-01-01";
  typed.fields.coverage_to = "2026-12-31";
  auto explicit_period = CreateContract(*db_, As(Role::kManager), typed);
  ASSERT_TRUE(by_default.ok() && explicit_period.ok());
  ContractChange accept;
  accept.accepted_on.emplace("2026-04-15");

  auto moved = UpdateContract(*db_, As(Role::kManager), by_default->id, accept);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->accepted_on, "2026-04-15");
  EXPECT_EQ(moved->coverage_to, "2028-04-14");
  auto audit = AuditOf("contract", std::to_string(by_default->id));
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "update");
  EXPECT_EQ(audit[0].before,
            nlohmann::json({{"accepted_on", nullptr}, {"coverage_to", "2028-02-29"}}));
  EXPECT_EQ(audit[0].after,
            nlohmann::json({{"accepted_on", "2026-04-15"}, {"coverage_to", "2028-04-14"}}));

  auto kept = UpdateContract(*db_, As(Role::kAdmin), explicit_period->id, accept);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(kept->coverage_to, "2026-12-31");

  // Cleared again: the period follows the construction deadline.
  ContractChange clear;
  clear.accepted_on.emplace();
  auto cleared = UpdateContract(*db_, As(Role::kManager), by_default->id, clear);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->accepted_on, std::nullopt);
  EXPECT_EQ(cleared->coverage_to, "2028-02-29");
}

// A change is checked as at creation; a refused one changes nothing.
TEST_F(ContractServiceRules, RefusedChangesChangeNothing) {
  auto created = CreateContract(*db_, As(Role::kManager), Terms());
  ASSERT_TRUE(created.ok());
  struct Case {
    const char* why;
    ContractChange change;
    const char* outcome;
  };
  ContractChange early, rate, cure, policy;
  early.accepted_on.emplace("2025-06-01");
  rate.penalty_rate = "0.0003x";
  cure.cure_days = 0;
  policy.policy = "gold";
  const Case cases[] = {
      {"accepted before signing", early, "invalid_input accepted_on"},
      {"a bad rate", rate, "invalid_input penalty_rate"},
      {"cure_days 0", cure, "invalid_input cure_days"},
      {"an unknown policy", policy, "invalid_input policy"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(UpdateContract(*db_, As(Role::kManager), created->id, c.change)), c.outcome);
  }
  EXPECT_EQ(Outcome(UpdateContract(*db_, As(Role::kManager), 999, ContractChange{})), "not_found");
  auto after = GetContract(*db_, As(Role::kManager), created->id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->accepted_on, std::nullopt);
  EXPECT_EQ(after->penalty_rate, "0.0003");
  EXPECT_EQ(after->cure_days, 30);
  EXPECT_EQ(AuditOf("contract", std::to_string(created->id)).size(), 1u);
}

// CON-4: Party A reaches its own contracts only; another customer's answer exactly
// like missing ones, for every read.
TEST_F(ContractServiceRules, PartyASeesItsOwnContractsOnly) {
  auto mine = AddContract(customer_a_, "HT-A");
  auto theirs = AddContract(customer_b_, "HT-B");
  ASSERT_TRUE(mine.ok() && theirs.ok());
  const Context& party_a = As(Role::kPartyA);
  auto list = ListContracts(*db_, party_a);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, mine->id);
  auto compliance = ListCompliance(*db_, party_a);
  ASSERT_TRUE(compliance.ok());
  ASSERT_EQ(compliance->size(), 1u);
  EXPECT_EQ((*compliance)[0].first, mine->id);
  EXPECT_TRUE(GetContract(*db_, party_a, mine->id).ok());
  EXPECT_TRUE(GetCompliance(*db_, party_a, mine->id).ok());
  for (std::int64_t id : {theirs->id, std::int64_t{999}}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(Outcome(GetContract(*db_, party_a, id)), "not_found");
    EXPECT_EQ(Outcome(GetCompliance(*db_, party_a, id)), "not_found");
    EXPECT_EQ(Outcome(ExportScenario(*db_, party_a, id, std::nullopt)), "not_found");
    EXPECT_EQ(Outcome(RecordNotice(*db_, party_a, id, std::nullopt, std::nullopt, "")),
              "not_found");
  }
  auto vendor = ListContracts(*db_, As(Role::kEngineer));
  ASSERT_TRUE(vendor.ok());
  EXPECT_EQ(vendor->size(), 2u);
}

// CON-4: a vendor's look at a ledger and an export are audited; Party A's look at
// its own ledger is not.
TEST_F(ContractServiceRules, VendorReadsOfTheLedgerAreAudited) {
  auto c = AddContract(customer_a_, "HT-A");
  ASSERT_TRUE(c.ok());
  const std::string id = std::to_string(c->id);
  ASSERT_TRUE(GetCompliance(*db_, As(Role::kPartyA), c->id).ok());
  EXPECT_TRUE(AuditOf("compliance", id).empty());
  ASSERT_TRUE(GetCompliance(*db_, As(Role::kEngineer), c->id).ok());
  auto read = AuditOf("compliance", id);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].action, "read");
  EXPECT_EQ(read[0].actor_id, UserId(Role::kEngineer));
  EXPECT_EQ(read[0].request_id, "test-request");

  ASSERT_TRUE(ListCompliance(*db_, As(Role::kAgent)).ok());
  auto all = AuditOf("compliance", "all");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].after["contract_ids"], nlohmann::json::array({c->id}));

  auto scenario = ExportScenario(*db_, As(Role::kManager), c->id, std::nullopt);
  ASSERT_TRUE(scenario.ok());
  EXPECT_NE(scenario->find("policy: bid-default"), std::string::npos);
  auto exported = AuditOf("contract", id);
  ASSERT_FALSE(exported.empty());
  EXPECT_EQ(exported[0].action, "export");
}

// CON-3: who records a written notice, and when it may be dated.
TEST_F(ContractServiceRules, WrittenNoticesAreDatedInOrder) {
  auto c = AddContract(customer_a_, "HT-A");
  ASSERT_TRUE(c.ok());
  for (Role r : {Role::kAgent, Role::kEngineer, Role::kTeamLeader}) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(RecordNotice(*db_, As(r), c->id, std::nullopt, std::nullopt, "")),
              "forbidden");
  }
  struct Case {
    const char* why;
    Role by;
    std::optional<Instant> at;
    std::optional<int> cure_days;
    const char* outcome;
  };
  const Case cases[] = {
      {"Party A dating its notice", Role::kPartyA, now_ - 3600, std::nullopt, "invalid_input at"},
      {"in the future", Role::kManager, now_ + 1, std::nullopt, "invalid_input at"},
      {"before signing", Role::kManager, Day(2025, 12, 31, 23 * 3600), std::nullopt,
       "invalid_input at"},
      {"cure_days 0", Role::kManager, std::nullopt, 0, "invalid_input cure_days"},
      {"cure_days 366", Role::kManager, std::nullopt, 366, "invalid_input cure_days"},
      {"a paper notice", Role::kManager, now_ - 2 * kSecondsPerDay, 15, "ok"},
      {"before the last one", Role::kAdmin, now_ - 3 * kSecondsPerDay, std::nullopt,
       "invalid_input at"},
      {"Party A's own", Role::kPartyA, std::nullopt, std::nullopt, "ok"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.why);
    EXPECT_EQ(Outcome(RecordNotice(*db_, As(k.by), c->id, k.at, k.cure_days, "书面通知")),
              k.outcome);
  }
  auto compliance = GetCompliance(*db_, As(Role::kPartyA), c->id);
  ASSERT_TRUE(compliance.ok());
  ASSERT_EQ(compliance->notices.size(), 2u);
  EXPECT_EQ(compliance->notices[0].at, now_ - 2 * kSecondsPerDay);
  EXPECT_EQ(compliance->notices[0].cure_days, 15);
  EXPECT_EQ(compliance->notices[0].recorded_by_role, "manager");
  EXPECT_EQ(compliance->notices[1].at, now_);
  EXPECT_EQ(compliance->notices[1].cure_days, 30);
  EXPECT_EQ(compliance->notices[1].recorded_by_role, "party_a");
}

// CON-2: a named manager waives one late event with a reason; the amount is
// cancelled, the late event still counts, and it is waived once.
TEST_F(ContractServiceRules, AManagerWaivesALateEventOnce) {
  auto c = AddContract(customer_a_, "HT-A");
  ASSERT_TRUE(c.ok());
  // Received 2 h ago and not answered: acknowledge (5 min) and response (P3: 60
  // min) are late, 300.00 CNY each; repair (24 h) is not.
  auto t = AddTicket(As(Role::kAgent), customer_a_, now_ - 2 * 3600);
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto before = GetCompliance(*db_, As(Role::kManager), c->id);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->ledger.size(), 2u);
  EXPECT_EQ(before->penalty_total_fen, 2 * 30'000);
  EXPECT_EQ(before->late_responses, 2);

  for (Role r : RolesExcept({Role::kManager})) {
    SCOPED_TRACE(std::string(Name(r)));
    EXPECT_EQ(Outcome(Waive(*db_, As(r), c->id, t->id, "acknowledge", "客户原因")), "forbidden");
  }
  EXPECT_EQ(Outcome(Waive(*db_, As(Role::kManager), c->id, t->id, "acknowledge", " \n")),
            "invalid_input reason");
  EXPECT_EQ(Outcome(Waive(*db_, As(Role::kManager), c->id, t->id, "repair", "客户原因")),
            "invalid_input metric");
  auto other = AddContract(customer_a_, "HT-A2");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(Outcome(Waive(*db_, As(Role::kManager), other->id, t->id, "acknowledge", "客户原因")),
            "invalid_input metric");
  EXPECT_EQ(Outcome(Waive(*db_, As(Role::kManager), c->id, t->id, "acknowledge", "客户原因")),
            "ok");
  EXPECT_EQ(Outcome(Waive(*db_, As(Role::kManager), c->id, t->id, "acknowledge", "再次")),
            "conflict metric");

  auto after = GetCompliance(*db_, As(Role::kPartyA), c->id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->penalty_total_fen, 2 * 30'000);
  EXPECT_EQ(after->waived_fen, 30'000);
  EXPECT_EQ(after->payable_fen, 30'000);
  EXPECT_EQ(after->late_responses, 2);
  EXPECT_EQ(after->strikes, before->strikes);
  int waived = 0;
  for (const LedgerEntry& l : after->ledger) {
    if (!l.waived) continue;
    ++waived;
    EXPECT_EQ(l.metric, "acknowledge");
    EXPECT_EQ(l.waived_by, "manager");
    EXPECT_EQ(l.waiver_reason, "客户原因");
  }
  EXPECT_EQ(waived, 1);
  auto audit = AuditOf("penalty_event", std::to_string(t->id) + "/acknowledge");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "waive");
}

}  // namespace
}  // namespace aftercare::service
