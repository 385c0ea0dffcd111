#include "service/analytics/steps.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace aftercare::service::links {
namespace {

using sla::EventKind;

// The milestones in the flow's order, by their names.
constexpr std::string_view kMilestones[] = {"received",       "first_contact",  "diagnosed",
                                            "onsite_decided", "onsite_arrived", "resolved",
                                            "closed"};
constexpr int kMilestoneCount = 7;

std::optional<int> MilestoneOf(EventKind k) {
  switch (k) {
    case EventKind::kReceived: return 0;
    case EventKind::kFirstContact:
    case EventKind::kFirstReply: return 1;
    case EventKind::kDiagnosed: return 2;
    case EventKind::kOnsiteDecided: return 3;
    case EventKind::kOnsiteArrived: return 4;
    case EventKind::kResolved: return 5;
    case EventKind::kClosed: return 6;
    default: return std::nullopt;
  }
}

struct Span {
  std::int64_t from, to;  // [from, to); to may be open (INT64_MAX)
  bool waiting;           // else reopened
};

constexpr std::int64_t kOpen = INT64_MAX;

std::int64_t Overlap(const Span& s, std::int64_t from, std::int64_t to) {
  return std::max<std::int64_t>(0, std::min(s.to, to) - std::max(s.from, from));
}

}  // namespace

std::vector<StepTime> ComputeSteps(std::span<const StepEvent> events) {
  std::optional<std::int64_t> at[kMilestoneCount];
  std::vector<Span> apart;
  // kNone: not waiting, not resolved (plain integers: GCC 12 sees optionals here
  // as maybe uninitialized).
  constexpr std::int64_t kNone = INT64_MIN;
  std::int64_t waiting_since = kNone, resolved_at = kNone;
  auto end_wait = [&](std::int64_t t) {
    if (waiting_since != kNone) apart.push_back({waiting_since, t, true});
    waiting_since = kNone;
  };
  for (const StepEvent& e : events) {
    switch (e.kind) {
      case EventKind::kWaitingCustomer:
        if (waiting_since == kNone) waiting_since = e.at;
        break;
      case EventKind::kCustomerReplied: end_wait(e.at); break;
      case EventKind::kResolved:
        end_wait(e.at);
        resolved_at = e.at;
        break;
      case EventKind::kReopened:
        if (resolved_at != kNone) apart.push_back({resolved_at, e.at, false});
        resolved_at = kNone;
        break;
      case EventKind::kClosed: end_wait(e.at); break;
      default: break;
    }
    auto m = MilestoneOf(e.kind);
    if (m && *m != 5 && !at[*m]) at[*m] = e.at;
  }
  if (waiting_since != kNone) apart.push_back({waiting_since, kOpen, true});
  if (resolved_at != kNone) at[5] = resolved_at;
  // The milestones reached, in time order (the flow's order at the same second).
  std::vector<std::pair<std::int64_t, int>> reached;
  for (int m = 0; m < kMilestoneCount; ++m) {
    if (at[m]) reached.push_back({*at[m], m});
  }
  std::sort(reached.begin(), reached.end());
  std::vector<StepTime> out;
  std::int64_t waited = 0, reopened = 0;
  for (std::size_t i = 1; i < reached.size(); ++i) {
    const auto [from, a] = reached[i - 1];
    const auto [to, b] = reached[i];
    std::int64_t w = 0, r = 0;
    for (const Span& s : apart) (s.waiting ? w : r) += Overlap(s, from, to);
    waited += w;
    reopened += r;
    out.push_back({std::string(kMilestones[a]) + ">" + std::string(kMilestones[b]),
                   to - from - w - r});
  }
  if (waited > 0) out.push_back({std::string(kWaitingStep), waited});
  if (reopened > 0) out.push_back({std::string(kReopenedStep), reopened});
  return out;
}

namespace {
constexpr std::int64_t kExactBelow = 128;
const double kRatio = std::log(1.02);
}  // namespace

std::int64_t Bucket(std::int64_t seconds) {
  if (seconds < kExactBelow) return std::max<std::int64_t>(seconds, 0);
  return kExactBelow +
         static_cast<std::int64_t>(std::floor(std::log(static_cast<double>(seconds) / kExactBelow) /
                                              kRatio));
}

std::int64_t BucketValue(std::int64_t bucket) {
  if (bucket < kExactBelow) return bucket;
  const double low = kExactBelow * std::exp(static_cast<double>(bucket - kExactBelow) * kRatio);
  return static_cast<std::int64_t>(std::llround(low * std::sqrt(1.02)));
}

int StepRank(std::string_view step) {
  auto [from, to] = StepEnds(step);
  if (from.empty()) return step == kWaitingStep ? 100 : 101;
  auto index = [](std::string_view m) {
    return static_cast<int>(std::find(std::begin(kMilestones), std::end(kMilestones), m) -
                            std::begin(kMilestones));
  };
  return index(to) * 8 + index(from);
}

std::pair<std::string, std::string> StepEnds(std::string_view step) {
  const auto gt = step.find('>');
  if (gt == std::string_view::npos) return {};
  return {std::string(step.substr(0, gt)), std::string(step.substr(gt + 1))};
}

}  // namespace aftercare::service::links
