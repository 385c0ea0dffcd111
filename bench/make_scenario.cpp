// Writes a scenario file of N generated tickets (default 100,000) under bid-default
// to stdout, for timing `aftercare sla replay` end to end (bench/run.sh).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ticket_gen.h"

int main(int argc, char** argv) {
  using namespace aftercare;
  std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000;
  auto tz = *TimeZone::Locate("Asia/Shanghai");
  std::printf("name: %zu generated tickets (bench/make_scenario)\n", n);
  std::printf("as_of: 2027-01-01T00:00:00+08:00\n");
  std::printf("contract: {value: \"1000000.00\", policy: bid-default}\n");
  std::printf("tickets:\n");
  for (const sla::Ticket& t : bench::GenerateTickets(n, 20261125)) {
    std::printf("  - id: %s\n    channel: %s\n    type: %s\n    priority: %s\n    events:\n",
                t.id.c_str(), std::string(sla::Name(t.channel)).c_str(),
                std::string(sla::Name(t.type)).c_str(), std::string(sla::Name(t.priority)).c_str());
    for (const sla::Event& e : t.events) {
      std::printf("      - {at: %s, event: %s", FormatRfc3339(e.at, tz).c_str(),
                  std::string(sla::Name(e.kind)).c_str());
      if (e.kind == sla::EventKind::kPriority) {
        std::printf(", to: %s", std::string(sla::Name(e.to)).c_str());
      }
      std::printf("}\n");
    }
  }
  return 0;
}
