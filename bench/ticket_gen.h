// Deterministic synthetic tickets for the benchmarks: a mix of channels, types and
// priorities received over 2020-2026, about 8 events each, with waits, reopens and
// priority changes, always a valid timeline (CheckTimeline passes).
#pragma once

#include <cstdint>
#include <vector>

#include "sla/model.h"

namespace aftercare::bench {

std::vector<sla::Ticket> GenerateTickets(std::size_t count, std::uint64_t seed);

}  // namespace aftercare::bench
