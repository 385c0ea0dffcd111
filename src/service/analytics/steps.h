// The steps of a ticket's flow (SLA-5's slowest links, 7.8.6.2.2 "找出响应迟缓的环节与
// 原因"): pure, no I/O. The milestones, in the flow's order:
//   received -> first_contact -> diagnosed -> onsite_decided -> onsite_arrived ->
//   resolved -> closed
// `first_contact` is the first `first_contact` or `first_reply` (a call back or a
// written reply: the first time the customer heard from us); every other milestone
// is its event's first occurrence, but `resolved` is the final resolution: the last
// `resolved` that no `reopened` follows. A step runs from one milestone the ticket
// reached to the next one it reached, in time order: a ticket that skips a
// milestone (no on-site visit) has a step of its own across it
// ("diagnosed>resolved"), so the skipped steps get no sample from it and its time
// is counted where it was spent. Steps are wall seconds, with two kinds of time
// taken out and shown apart, as steps of their own:
//   "waiting_customer"  waiting on the customer (waiting_customer until
//                       customer_replied, resolved or closed);
//   "reopened"          resolved but reopened later (a resolved until the
//                       reopened that follows it).
// Only finished steps count: the time since the ticket's last milestone (an open
// ticket's current step) is in no step yet. The steps of a ticket add up to the
// time from received to its last milestone.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sla/model.h"

namespace aftercare::service::links {

inline constexpr std::string_view kWaitingStep = "waiting_customer";
inline constexpr std::string_view kReopenedStep = "reopened";

struct StepEvent {
  sla::EventKind kind;
  std::int64_t at = 0;  // unix seconds
};

struct StepTime {
  std::string step;  // "from>to" (milestone names), kWaitingStep or kReopenedStep
  std::int64_t seconds = 0;
  bool operator==(const StepTime&) const = default;
};

// A ticket's steps from its SLA events in timeline order: the flow's steps in
// order, then the time apart (each only when not zero).
std::vector<StepTime> ComputeSteps(std::span<const StepEvent> events);

// Histogram buckets of step times: exact below 128 s, then 2 % wide (Value, the
// bucket's geometric middle, is within 1 % of every time in it, to the second).
std::int64_t Bucket(std::int64_t seconds);
std::int64_t BucketValue(std::int64_t bucket);

// The order steps are listed in: the flow's, then the time apart.
int StepRank(std::string_view step);

// "from" and "to" of a flow step's key; both empty for the time apart.
std::pair<std::string, std::string> StepEnds(std::string_view step);

}  // namespace aftercare::service::links
