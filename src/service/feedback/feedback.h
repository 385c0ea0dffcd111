// The feedback library (QA-4; seed 7.8.6.1.4 "用户反馈闭环管理"): suggestions (建议)
// and problems (问题) the customers raise, with their urgency and impact, routed to
// a team (R&D or product: any team; the team's name says which) and followed
// through their progress states, each change on the item's history and audited.
//
// The progress table (kFeedbackSteps):
//   new -> accepted | declined
//   accepted -> evaluating | declined
//   evaluating -> planned | done | declined
//   planned -> done | evaluating
// done and declined are final. Leaving `accepted` forward (evaluating, planned,
// done) needs the item routed to a team first (team_id).
//
// Raised by: Party A in the portal (their own customer), or vendor staff from a
// call (naming the customer). Duplicates are merged into one surviving item: it
// keeps every customer who raised any of them (feedback_raisers, many to many),
// the duplicate points to it (`merged_into`) and changes no more, and each
// raiser's Party A follows the survivor. Merging into itself, an item already
// merged, or into a merged item is refused.
//
// Who: Party A reads the items its customer raised (others are not found), vendor
// staff every item; vendor staff route, progress and merge.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

enum class FeedbackType : std::uint8_t { kSuggestion, kProblem };
inline constexpr int kFeedbackTypeCount = 2;
enum class FeedbackUrgency : std::uint8_t { kHigh, kMedium, kLow };
inline constexpr int kFeedbackUrgencyCount = 3;
// How far it reaches: every user, some users, one user or site.
enum class FeedbackImpact : std::uint8_t { kWide, kPartial, kSingle };
inline constexpr int kFeedbackImpactCount = 3;
enum class FeedbackState : std::uint8_t {
  kNew,
  kAccepted,
  kEvaluating,
  kPlanned,
  kDone,
  kDeclined
};
inline constexpr int kFeedbackStateCount = 6;

std::optional<FeedbackType> ParseFeedbackType(std::string_view s);
std::string_view Name(FeedbackType t);
std::optional<FeedbackUrgency> ParseFeedbackUrgency(std::string_view s);
std::string_view Name(FeedbackUrgency u);
std::optional<FeedbackImpact> ParseFeedbackImpact(std::string_view s);
std::string_view Name(FeedbackImpact i);
std::optional<FeedbackState> ParseFeedbackState(std::string_view s);
std::string_view Name(FeedbackState s);
bool FeedbackStepAllowed(FeedbackState from, FeedbackState to);
// Whether a step to `to` needs the item routed to a team.
bool FeedbackStepNeedsTeam(FeedbackState to);
Error UnknownFeedbackType();     // type
Error UnknownFeedbackUrgency();  // urgency
Error UnknownFeedbackImpact();   // impact
Error UnknownFeedbackState();    // state

struct FeedbackHistoryEntry {
  Instant at;
  std::string actor_name;
  std::string action;  // create, route, progress, merge (into other_id), absorb (other_id)
  std::optional<FeedbackState> from_state, to_state;
  std::optional<std::int64_t> team_id, other_id;
  std::string note;
};

struct FeedbackRaiser {
  std::int64_t customer_id = 0;
  std::string customer_name;
};

struct Feedback {
  std::int64_t id = 0;
  FeedbackType type = FeedbackType::kSuggestion;
  FeedbackUrgency urgency = FeedbackUrgency::kMedium;
  FeedbackImpact impact = FeedbackImpact::kPartial;
  std::string title, description;
  FeedbackState state = FeedbackState::kNew;
  std::optional<std::int64_t> team_id;
  std::string team_name;
  std::optional<std::int64_t> merged_into;
  Instant created_at, updated_at;
  std::vector<FeedbackRaiser> raisers;
  std::vector<FeedbackHistoryEntry> history;  // GetFeedback only, oldest first
};

struct NewFeedback {
  FeedbackType type = FeedbackType::kSuggestion;
  FeedbackUrgency urgency = FeedbackUrgency::kMedium;
  FeedbackImpact impact = FeedbackImpact::kPartial;
  std::string title, description;
  std::optional<std::int64_t> customer_id;  // vendor staff: required; Party A: theirs
  std::optional<std::int64_t> team_id;
};

struct FeedbackFilter {
  std::optional<FeedbackType> type;
  std::optional<FeedbackState> state;
  std::optional<FeedbackUrgency> urgency;
  std::optional<std::int64_t> team_id, customer_id;
  std::optional<std::string> q;
  bool include_merged = false;  // merged duplicates are left out unless asked for
  std::string cursor;
  int limit = 50;  // 1 to 500
};

struct FeedbackPage {
  std::vector<Feedback> items;  // newest first
  std::string next_cursor;
};

Result<Feedback> CreateFeedback(store::Database& db, const Context& ctx, const NewFeedback& f);
Result<FeedbackPage> ListFeedback(store::Database& db, const Context& ctx, const FeedbackFilter& f);
Result<Feedback> GetFeedback(store::Database& db, const Context& ctx, std::int64_t id);
// Routes the item to a team (not a final or merged one).
Result<Feedback> RouteFeedback(store::Database& db, const Context& ctx, std::int64_t id,
                               std::int64_t team_id, const std::string& note);
// A step of the progress table (else a conflict naming `state`).
Result<Feedback> ProgressFeedback(store::Database& db, const Context& ctx, std::int64_t id,
                                  FeedbackState to, const std::string& note);
// Merges the duplicate `id` into `into_id`; returns the survivor.
Result<Feedback> MergeFeedback(store::Database& db, const Context& ctx, std::int64_t id,
                               std::int64_t into_id, const std::string& note);

}  // namespace aftercare::service
