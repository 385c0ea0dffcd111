#include "ticket_gen.h"

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

namespace aftercare::bench {

using sla::EventKind;

std::vector<sla::Ticket> GenerateTickets(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
  };
  auto chance = [&](int percent) { return uniform(1, 100) <= percent; };
  // AFTERCARE_BENCH_FIRST (RFC 3339): received from then on, not from 2020: every
  // ticket inside one dashboard period, the densest case.
  const char* from = std::getenv("AFTERCARE_BENCH_FIRST");
  const auto first_at = ParseRfc3339(from ? from : "2020-01-01T00:00:00+08:00");
  if (!first_at) {
    std::fprintf(stderr, "AFTERCARE_BENCH_FIRST: not an RFC 3339 time: %s\n", from);
    std::exit(2);
  }
  const std::int64_t first = first_at->unix;
  const std::int64_t last = ParseRfc3339("2026-12-24T00:00:00+08:00")->unix;
  std::vector<sla::Ticket> tickets(count);
  for (std::size_t i = 0; i < count; ++i) {
    sla::Ticket& t = tickets[i];
    t.id = "T" + std::to_string(i + 1);
    t.channel = static_cast<sla::Channel>(uniform(0, sla::kChannelCount - 1));
    int type_roll = static_cast<int>(uniform(0, 99));
    t.type = type_roll < 45   ? sla::TicketType::kFault
             : type_roll < 55 ? sla::TicketType::kComplaint
                              : static_cast<sla::TicketType>(uniform(1, 5));
    t.priority = static_cast<sla::Priority>(uniform(0, 3));
    Instant at{uniform(first, last)};
    auto add = [&](EventKind k, std::int64_t after_lo, std::int64_t after_hi,
                   sla::Priority to = sla::Priority::kP1) {
      at = at + uniform(after_lo, after_hi);
      t.events.push_back({at, k, to});
    };
    t.events.reserve(10);
    t.events.push_back({at, EventKind::kReceived, sla::Priority::kP1});
    if (t.channel == sla::Channel::kPhone || t.channel == sla::Channel::kIm) {
      add(EventKind::kFirstContact, 30, 400);
    }
    if (t.channel == sla::Channel::kEmail || t.type == sla::TicketType::kComplaint) {
      add(EventKind::kFirstReply, 60, 6000);
    }
    if (chance(15)) add(EventKind::kPriority, 0, 1200, static_cast<sla::Priority>(uniform(0, 3)));
    add(EventKind::kDiagnosed, 60, 4000);
    if (chance(30)) {
      add(EventKind::kOnsiteDecided, 60, 1800);
      add(EventKind::kOnsiteArrived, 600, 4500);
    }
    if (chance(30)) {
      add(EventKind::kWaitingCustomer, 60, 3600);
      add(EventKind::kCustomerReplied, 600, 86400);
    }
    if (chance(92)) {
      add(EventKind::kResolved, 600, 90000);
      if (chance(10)) {
        add(EventKind::kReopened, 3600, 200000);
        add(EventKind::kResolved, 600, 20000);
      }
      if (chance(80)) add(EventKind::kClosed, 3600, 400000);
    }
  }
  return tickets;
}

}  // namespace aftercare::bench
