// A policy metric's alerts (SLA-4, issue 12): `warn_at` and `escalate_every`,
// their defaults, and the errors for bad values (at their line).
#include <gtest/gtest.h>

#include "sla/scenario_reader.h"
#include "sla/shipped.h"

namespace aftercare::sla {
namespace {

std::string PolicyWith(const std::string& extra) {
  return "policy:\n"
         "  name: night\n"
         "  metrics:\n"
         "    - name: fix\n"
         "      kind: handling\n"
         "      start: received\n"
         "      stop: resolved\n"
         "      target: {default: 4h}\n" +
         extra;
}

TEST(PolicyAlerts, DefaultsAndValues) {
  auto plain = ReadPolicyDocument(PolicyWith(""), DefaultZone(), DefaultShipped());
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(plain->policy.metrics[0].warn_percent, 80);
  EXPECT_EQ(plain->policy.metrics[0].escalate_every, 1800);
  auto set = ReadPolicyDocument(PolicyWith("      warn_at: 50%\n      escalate_every: 10s\n"),
                                DefaultZone(), DefaultShipped());
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->policy.metrics[0].warn_percent, 50);
  EXPECT_EQ(set->policy.metrics[0].escalate_every, 10);
  // The shipped bid policy keeps the defaults.
  auto bid = BuiltinPolicy("bid-default", DefaultZone(), DefaultShipped());
  ASSERT_TRUE(bid.ok());
  for (const Metric& m : bid->policy.metrics) {
    EXPECT_EQ(m.warn_percent, kDefaultWarnPercent) << m.name;
    EXPECT_EQ(m.escalate_every, kDefaultEscalateEvery) << m.name;
  }
}

TEST(PolicyAlerts, BadValuesNameTheirLine) {
  struct Case {
    std::string extra, message;
  };
  const Case cases[] = {
      {"      warn_at: 80\n",
       "warn_at \"80\" is not a share of the target from 1% to 99% (e.g. 80%)"},
      {"      warn_at: 0%\n",
       "warn_at \"0%\" is not a share of the target from 1% to 99% (e.g. 80%)"},
      {"      warn_at: 100%\n",
       "warn_at \"100%\" is not a share of the target from 1% to 99% (e.g. 80%)"},
      {"      warn_at: -5%\n",
       "warn_at \"-5%\" is not a share of the target from 1% to 99% (e.g. 80%)"},
      {"      escalate_every: 0m\n",
       "escalate_every \"0m\" is not a positive whole number with a unit s, m, h or d (e.g. "
       "90m)"},
      {"      escalate_every: soon\n",
       "escalate_every \"soon\" is not a positive whole number with a unit s, m, h or d (e.g. "
       "90m)"},
      {"      escalate_every: [1m]\n", "escalate_every must be a single value"},
  };
  for (const Case& c : cases) {
    auto r = ReadPolicyDocument(PolicyWith(c.extra), DefaultZone(), DefaultShipped());
    ASSERT_FALSE(r.ok()) << c.extra;
    EXPECT_EQ(r.error().message, c.message);
    EXPECT_EQ(r.error().line, 9) << c.extra;
  }
}

}  // namespace
}  // namespace aftercare::sla
