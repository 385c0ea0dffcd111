// SLA-5: response-time analytics per week, by type and by urgency, computed from
// the same clocks as the tickets: counts, late, average, 90th percentile, longest.
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class AnalyticsApi : public ApiTest {};
AFTERCARE_API_BACKENDS(AnalyticsApi);

TEST_P(AnalyticsApi, Sla5_WeeklyResponseTimesByTypeAndPriority) {
  std::int64_t customer = CreateCustomer("Eastern Port");
  std::int64_t other = CreateCustomer("Western Port");
  CreateContract(customer, "HT-PORT-1");
  CreateContract(other, "HT-PORT-2");
  // Monday 2026-11-16 10:00 +08:00; bid-default acknowledges phone calls in 5 min.
  const std::int64_t monday = ParseTime("2026-11-16T10:00:00+08:00");
  const std::int64_t acks[] = {60, 120, 180, 240, 301, 600, 30, 90, 150, 400};
  for (std::int64_t i = 0; i < 10; ++i) {
    json t = CreateTicket({{"customer_id", customer},
                           {"channel", "phone"},
                           {"type", "fault"},
                           {"priority", "P2"},
                           {"title", "ack " + std::to_string(i)},
                           {"received_at", Rfc3339(monday + i * 3600)}});
    AddEvent(t["id"], "first_contact", monday + i * 3600 + acks[i]);
  }
  // Diagnosed in 40 min as P3 (on time), raised to P1 afterwards: its response clock
  // was measured against P3's hour, and counts under P3.
  json raised = CreateTicket({{"customer_id", customer},
                              {"channel", "phone"},
                              {"type", "fault"},
                              {"priority", "P3"},
                              {"title", "raised later"},
                              {"received_at", Rfc3339(monday + 20 * 3600)}});
  AddEvent(raised["id"], "diagnosed", monday + 20 * 3600 + 2400);
  AddEvent(raised["id"], "priority", monday + 21 * 3600, {{"to_priority", "P1"}});
  // A P4 fault, for the rollups.
  json p4 = CreateTicket({{"customer_id", customer},
                          {"channel", "phone"},
                          {"type", "fault"},
                          {"priority", "P4"},
                          {"title", "slow one"},
                          {"received_at", Rfc3339(monday + 30 * 3600)}});
  AddEvent(p4["id"], "first_contact", monday + 30 * 3600 + 500);
  // Another customer's ticket, and one in the week before.
  json o = CreateTicket({{"customer_id", other},
                         {"channel", "phone"},
                         {"title", "other"},
                         {"received_at", Rfc3339(monday + 100)}});
  AddEvent(o["id"], "first_contact", monday + 100 + 1000);

  json stats = Expect(As("manager").Get("/api/v1/analytics/response?from=2026-11-16&to=2026-11-22"
                                        "&customer_id=" +
                                        std::to_string(customer)),
                      200)
                   .Json();
  EXPECT_EQ(stats["from"], "2026-11-16");
  json row;
  for (const auto& r : stats["rows"]) {
    if (r["metric"] == "acknowledge" && r["priority"] == "P2") row = r;
  }
  ASSERT_FALSE(row.is_null()) << stats;
  EXPECT_EQ(row["week"], "2026-11-16");
  EXPECT_EQ(row["kind"], "response");
  EXPECT_EQ(row["type"], "fault");
  EXPECT_EQ(row["priority"], "P2");
  EXPECT_EQ(row["count"], 10);
  EXPECT_EQ(row["late"], 3);     // 301, 400, 600 s
  EXPECT_EQ(row["avg_s"], 217);  // 2171 / 10 = 217.1
  EXPECT_EQ(row["p90_s"], 400);  // 9th of 10 sorted
  EXPECT_EQ(row["max_s"], 600);
  EXPECT_EQ(row["target_s"], 300);
  json p3;
  for (const auto& r : stats["rows"]) {
    if (r["metric"] == "response" && r["priority"] == "P3") p3 = r;
  }
  ASSERT_FALSE(p3.is_null()) << stats;
  EXPECT_EQ(p3["count"], 1);
  EXPECT_EQ(p3["late"], 0);
  EXPECT_EQ(p3["avg_s"], 2400);
  EXPECT_EQ(p3["target_s"], 3600);

  // Rollups combine the clocks themselves: every fault acknowledged that week, of
  // any priority: P2's ten, P4's 500 s, and the raised ticket's, still running late
  // under P1 (793,088 s at the test's clock).
  auto rollup = [&](const json& week, const json& type, const json& priority) {
    for (const auto& r : stats["rollups"]) {
      if (r["metric"] == "acknowledge" && r["week"] == week && r["type"] == type &&
          r["priority"] == priority) {
        return r;
      }
    }
    return json();
  };
  json p1;
  for (const auto& r : stats["rows"]) {
    if (r["metric"] == "acknowledge" && r["priority"] == "P1") p1 = r;
  }
  ASSERT_FALSE(p1.is_null()) << stats;
  const std::int64_t running = p1["max_s"];
  json faults = rollup("2026-11-16", "fault", nullptr);
  ASSERT_FALSE(faults.is_null()) << stats;
  EXPECT_EQ(faults["count"], 12);
  EXPECT_EQ(faults["late"], 5);  // 301, 400, 500, 600 s and the running one
  // 11th of 12 sorted: 600 s, where the parts' largest p90 would say `running`.
  EXPECT_EQ(faults["p90_s"], 600);
  EXPECT_GT(running, 600);
  EXPECT_EQ(faults["max_s"], running);
  EXPECT_EQ(faults["avg_s"], (2671 + running + 6) / 12);
  EXPECT_EQ(faults["target_s"], 300);
  json period = rollup(nullptr, "fault", nullptr);  // one week: the period is the week
  period["week"] = faults["week"];
  EXPECT_EQ(period, faults);
  json p4s = rollup(nullptr, nullptr, "P4");
  ASSERT_FALSE(p4s.is_null()) << stats;
  EXPECT_EQ(p4s["count"], 1);
  EXPECT_EQ(p4s["p90_s"], 500);
  EXPECT_EQ(rollup(nullptr, nullptr, nullptr)["count"], 12);
  // Clocks of one metric with different targets (P2's 30 min, P3's hour) have none.
  for (const auto& r : stats["rollups"]) {
    if (r["metric"] == "response" && r["priority"].is_null()) {
      EXPECT_TRUE(r["target_s"].is_null()) << r;
    }
  }

  // Party A sees their own figures only; another customer's are not found.
  HttpClient& pa = PartyA(other);
  json own = Expect(pa.Get("/api/v1/analytics/response?from=2026-11-16&to=2026-11-22"), 200).Json();
  for (const auto& r : own["rows"]) {
    if (r["metric"] == "acknowledge") {
      EXPECT_EQ(r["count"], 1) << own;
      EXPECT_EQ(r["late"], 1) << own;
    }
  }
  ExpectError(pa.Get("/api/v1/analytics/response?customer_id=" + std::to_string(customer)), 404,
              "not_found");
  ExpectError(As("agent").Get("/api/v1/analytics/response"), 403, "forbidden");
  ExpectError(As("manager").Get("/api/v1/analytics/response?from=2026-11-22&to=2026-11-16"), 422,
              "invalid_input", "to");
  ExpectError(As("manager").Get("/api/v1/analytics/response?from=16.11.2026"), 400, "bad_request",
              "from");
}

}  // namespace
}  // namespace aftercare::apitest
