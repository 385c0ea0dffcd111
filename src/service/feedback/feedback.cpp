#include "service/feedback/feedback.h"

#include <algorithm>
#include <array>
#include <map>

#include "service/audit/audit.h"
#include "service/closed_sets.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, kFeedbackTypeCount> kTypeNames = {"suggestion", "problem"};
constexpr std::array<std::string_view, kFeedbackUrgencyCount> kUrgencyNames = {"high", "medium",
                                                                               "low"};
constexpr std::array<std::string_view, kFeedbackImpactCount> kImpactNames = {"wide", "partial",
                                                                             "single"};
constexpr std::array<std::string_view, kFeedbackStateCount> kStateNames = {
    "new", "accepted", "evaluating", "planned", "done", "declined"};

struct FeedbackStep {
  FeedbackState from, to;
};
// The progress table (feedback.h).
constexpr FeedbackStep kFeedbackSteps[] = {
    {FeedbackState::kNew, FeedbackState::kAccepted},
    {FeedbackState::kNew, FeedbackState::kDeclined},
    {FeedbackState::kAccepted, FeedbackState::kEvaluating},
    {FeedbackState::kAccepted, FeedbackState::kDeclined},
    {FeedbackState::kEvaluating, FeedbackState::kPlanned},
    {FeedbackState::kEvaluating, FeedbackState::kDone},
    {FeedbackState::kEvaluating, FeedbackState::kDeclined},
    {FeedbackState::kPlanned, FeedbackState::kDone},
    {FeedbackState::kPlanned, FeedbackState::kEvaluating},
};

constexpr const char* kFeedbackSelect =
    "SELECT f.id, f.type, f.urgency, f.impact, f.title, f.description, f.state, f.team_id, "
    "COALESCE(t.name, '') AS team_name, f.merged_into, f.created_at, f.updated_at "
    "FROM feedback f LEFT JOIN teams t ON t.id = f.team_id";

Feedback FeedbackFrom(const store::Row& r) {
  Feedback f;
  f.id = r.Int("id");
  f.type = ParseFeedbackType(r.Text("type")).value_or(FeedbackType::kSuggestion);
  f.urgency = ParseFeedbackUrgency(r.Text("urgency")).value_or(FeedbackUrgency::kMedium);
  f.impact = ParseFeedbackImpact(r.Text("impact")).value_or(FeedbackImpact::kPartial);
  f.title = r.Text("title");
  f.description = r.Text("description");
  f.state = ParseFeedbackState(r.Text("state")).value_or(FeedbackState::kNew);
  f.team_id = r.OptInt("team_id");
  f.team_name = r.Text("team_name");
  f.merged_into = r.OptInt("merged_into");
  f.created_at = Instant{r.Int("created_at")};
  f.updated_at = Instant{r.Int("updated_at")};
  return f;
}

// Party A sees what its customer raised (a survivor keeps every raiser).
std::string RaiserCondition(std::int64_t customer_id, store::ParamList& params) {
  return " AND EXISTS (SELECT 1 FROM feedback_raisers r WHERE r.feedback_id = f.id AND "
         "r.customer_id = " +
         params.Add(customer_id) + ")";
}

Status LoadRaisers(store::Transaction& tx, std::vector<Feedback>& items) {
  for (Feedback& f : items) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT r.customer_id, c.name FROM feedback_raisers r JOIN customers "
                            "c ON c.id = r.customer_id WHERE r.feedback_id = $1 ORDER BY "
                            "r.customer_id",
                            {f.id}));
    for (const auto& r : rows) f.raisers.push_back({r.Int("customer_id"), r.Text("name")});
  }
  return {};
}

Result<Feedback> LoadFeedback(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  store::ParamList params;
  std::string sql = std::string(kFeedbackSelect) + " WHERE f.id = " + params.Add(id);
  if (!ctx.actor->vendor()) sql += RaiserCondition(ctx.actor->customer_id.value_or(0), params);
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
  if (rows.empty()) return NotFound("feedback");
  std::vector<Feedback> one = {FeedbackFrom(rows[0])};
  AFTERCARE_RETURN_IF_ERROR(LoadRaisers(tx, one));
  return one[0];
}

Result<Feedback> Reload(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(Feedback f, LoadFeedback(tx, ctx, id));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT at, actor_name, action, from_state, to_state, team_id, "
                          "other_id, note FROM feedback_history WHERE feedback_id = $1 ORDER BY id",
                          {id}));
  for (const auto& r : rows) {
    FeedbackHistoryEntry e{Instant{r.Int("at")}, r.Text("actor_name"), r.Text("action"),
                           std::nullopt,         std::nullopt,         r.OptInt("team_id"),
                           r.OptInt("other_id"), r.Text("note")};
    if (auto s = r.OptText("from_state")) e.from_state = ParseFeedbackState(*s);
    if (auto s = r.OptText("to_state")) e.to_state = ParseFeedbackState(*s);
    f.history.push_back(std::move(e));
  }
  return f;
}

struct Change {
  std::string action;
  std::optional<FeedbackState> from, to;
  std::optional<std::int64_t> team_id, other_id;
  std::string note;
};

Status Record(store::Transaction& tx, const Context& ctx, std::int64_t id, const Change& c) {
  AFTERCARE_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO feedback_history (feedback_id, at, actor_id, actor_name, action, from_state, "
      "to_state, team_id, other_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {id, ctx.now.unix, ctx.actor->user_id, ctx.actor->display_name, c.action, NameOrNull(c.from),
       NameOrNull(c.to), OrNull(c.team_id), OrNull(c.other_id), c.note}));
  json after = {{"note", c.note}};
  if (c.from) after["from"] = Name(*c.from);
  if (c.to) after["to"] = Name(*c.to);
  if (c.team_id) after["team_id"] = *c.team_id;
  if (c.other_id) after["other_id"] = *c.other_id;
  return Audit(tx, ctx, c.action, "feedback", std::to_string(id), nullptr, after);
}

// An item that still changes: not merged into another, not final.
Result<Feedback> ForChange(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(Feedback f, LoadFeedback(tx, ctx, id));
  if (f.merged_into) {
    return Error{
        ErrorCode::kConflict,
        "the feedback was merged into FB-" + std::to_string(*f.merged_into) + ": change that one",
        "id",
        0,
        {}};
  }
  return f;
}

Status CheckTeam(store::Transaction& tx, std::int64_t team_id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT 1 FROM teams WHERE id = $1", {team_id}));
  if (rows.empty()) return Error::Invalid("team_id: no such team", 0, "team_id");
  return {};
}

bool Final(FeedbackState s) { return s == FeedbackState::kDone || s == FeedbackState::kDeclined; }

}  // namespace

std::optional<FeedbackType> ParseFeedbackType(std::string_view s) {
  return ParseIn<FeedbackType>(kTypeNames, s);
}
std::string_view Name(FeedbackType t) { return NameIn(kTypeNames, t); }
std::optional<FeedbackUrgency> ParseFeedbackUrgency(std::string_view s) {
  return ParseIn<FeedbackUrgency>(kUrgencyNames, s);
}
std::string_view Name(FeedbackUrgency u) { return NameIn(kUrgencyNames, u); }
std::optional<FeedbackImpact> ParseFeedbackImpact(std::string_view s) {
  return ParseIn<FeedbackImpact>(kImpactNames, s);
}
std::string_view Name(FeedbackImpact i) { return NameIn(kImpactNames, i); }
std::optional<FeedbackState> ParseFeedbackState(std::string_view s) {
  return ParseIn<FeedbackState>(kStateNames, s);
}
std::string_view Name(FeedbackState s) { return NameIn(kStateNames, s); }

bool FeedbackStepAllowed(FeedbackState from, FeedbackState to) {
  return std::any_of(std::begin(kFeedbackSteps), std::end(kFeedbackSteps),
                     [&](const FeedbackStep& s) { return s.from == from && s.to == to; });
}

bool FeedbackStepNeedsTeam(FeedbackState to) {
  return to == FeedbackState::kEvaluating || to == FeedbackState::kPlanned ||
         to == FeedbackState::kDone;
}

Error UnknownFeedbackType() {
  return Error::Invalid("type must be suggestion or problem", 0, "type");
}
Error UnknownFeedbackUrgency() {
  return Error::Invalid("urgency must be high, medium or low", 0, "urgency");
}
Error UnknownFeedbackImpact() {
  return Error::Invalid("impact must be wide, partial or single", 0, "impact");
}
Error UnknownFeedbackState() {
  return Error::Invalid("state must be new, accepted, evaluating, planned, done or declined", 0,
                        "state");
}

Result<Feedback> CreateFeedback(store::Database& db, const Context& ctx, const NewFeedback& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  std::optional<std::int64_t> customer = in.customer_id;
  if (!ctx.actor->vendor()) {
    if (customer && customer != ctx.actor->customer_id) return NotFound("customer");
    customer = ctx.actor->customer_id;
  }
  if (!customer) return Error::Invalid("customer_id is required", 0, "customer_id");
  AFTERCARE_RETURN_IF_ERROR(RequireText(in.title, "title"));
  if (in.team_id && !ctx.actor->vendor()) {
    return Error{ErrorCode::kForbidden, "the vendor routes feedback to a team", "team_id", 0, {}};
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Feedback> {
    AFTERCARE_ASSIGN_OR_RETURN(auto c,
                               tx.Query("SELECT 1 FROM customers WHERE id = $1", {*customer}));
    if (c.empty()) return Error::Invalid("customer_id: no such customer", 0, "customer_id");
    store::Value team = store::Null{};
    if (in.team_id) {
      AFTERCARE_RETURN_IF_ERROR(CheckTeam(tx, *in.team_id));
      team = *in.team_id;
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO feedback (type, urgency, impact, title, description, state, "
                 "team_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'new', "
                 "$6, $7, $8, $8) RETURNING id",
                 {std::string(Name(in.type)), std::string(Name(in.urgency)),
                  std::string(Name(in.impact)), in.title, in.description, team, ctx.actor->user_id,
                  ctx.now.unix}));
    const std::int64_t id = rows.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO feedback_raisers (feedback_id, customer_id, raised_at) VALUES ($1, $2, $3)",
        {id, *customer, ctx.now.unix}));
    AFTERCARE_RETURN_IF_ERROR(Record(
        tx, ctx, id, {"create", std::nullopt, FeedbackState::kNew, in.team_id, std::nullopt, ""}));
    return Reload(tx, ctx, id);
  });
}

Result<FeedbackPage> ListFeedback(store::Database& db, const Context& ctx,
                                  const FeedbackFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 500) return Error::Invalid("limit must be 1 to 500", 0, "limit");
  store::ParamList params;
  std::string sql = std::string(kFeedbackSelect) + " WHERE 1 = 1";
  if (!ctx.actor->vendor()) sql += RaiserCondition(ctx.actor->customer_id.value_or(0), params);
  if (f.customer_id) sql += RaiserCondition(*f.customer_id, params);
  if (!f.include_merged) sql += " AND f.merged_into IS NULL";
  if (f.type) sql += " AND f.type = " + params.Add(std::string(Name(*f.type)));
  if (f.state) sql += " AND f.state = " + params.Add(std::string(Name(*f.state)));
  if (f.urgency) sql += " AND f.urgency = " + params.Add(std::string(Name(*f.urgency)));
  if (f.team_id) sql += " AND f.team_id = " + params.Add(*f.team_id);
  if (f.q && !f.q->empty()) {
    const std::string like = params.Add(LikePattern(*f.q));
    sql += " AND (LOWER(f.title) LIKE " + like + " ESCAPE '!' OR LOWER(f.description) LIKE " +
           like + " ESCAPE '!')";
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto after, ReadIdCursor(f.cursor));
  if (after) sql += " AND f.id < " + params.Add(*after);
  sql += " ORDER BY f.id DESC LIMIT " + std::to_string(f.limit + 1);
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<FeedbackPage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
    FeedbackPage page;
    page.next_cursor = TakePage(rows, f.limit, FeedbackFrom, page.items);
    AFTERCARE_RETURN_IF_ERROR(LoadRaisers(tx, page.items));
    return page;
  });
}

Result<Feedback> GetFeedback(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto f = InTransaction(
      db, false, [&](store::Transaction& tx) -> Result<Feedback> { return Reload(tx, ctx, id); });
  if (!f.ok()) return f;
  // CON-4: a vendor's read of what its raisers said, one entry per raiser.
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const FeedbackRaiser& r : f->raisers) by_customer[r.customer_id] = 1;
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(db, ctx, "read", "feedback", std::to_string(id),
                                                 nlohmann::json::object(), by_customer));
  return f;
}

Result<Feedback> RouteFeedback(store::Database& db, const Context& ctx, std::int64_t id,
                               std::int64_t team_id, const std::string& note) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Feedback> {
    AFTERCARE_ASSIGN_OR_RETURN(Feedback f, ForChange(tx, ctx, id));
    if (Final(f.state)) {
      return Error{ErrorCode::kConflict,
                   "the feedback is done or declined and is not routed",
                   "team_id",
                   0,
                   {}};
    }
    AFTERCARE_RETURN_IF_ERROR(CheckTeam(tx, team_id));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE feedback SET team_id = $1, updated_at = $2 WHERE id = $3",
                {team_id, ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(
        Record(tx, ctx, id, {"route", std::nullopt, std::nullopt, team_id, std::nullopt, note}));
    return Reload(tx, ctx, id);
  });
}

Result<Feedback> ProgressFeedback(store::Database& db, const Context& ctx, std::int64_t id,
                                  FeedbackState to, const std::string& note) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Feedback> {
    AFTERCARE_ASSIGN_OR_RETURN(Feedback f, ForChange(tx, ctx, id));
    if (!FeedbackStepAllowed(f.state, to)) {
      return Error{
          ErrorCode::kConflict,
          "feedback cannot go from " + std::string(Name(f.state)) + " to " + std::string(Name(to)),
          "state",
          0,
          {}};
    }
    if (FeedbackStepNeedsTeam(to) && !f.team_id) {
      return Error::Invalid("route the feedback to a team first", 0, "team_id");
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE feedback SET state = $1, updated_at = $2 WHERE id = $3",
                {std::string(Name(to)), ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(
        Record(tx, ctx, id, {"progress", f.state, to, std::nullopt, std::nullopt, note}));
    return Reload(tx, ctx, id);
  });
}

Result<Feedback> MergeFeedback(store::Database& db, const Context& ctx, std::int64_t id,
                               std::int64_t into_id, const std::string& note) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  if (into_id == id) {
    return Error::Invalid("a feedback item cannot be merged into itself", 0, "into_id");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Feedback> {
    AFTERCARE_ASSIGN_OR_RETURN(Feedback dup, ForChange(tx, ctx, id));
    auto survivor = LoadFeedback(tx, ctx, into_id);
    if (!survivor.ok()) {
      if (survivor.error().code != ErrorCode::kNotFound) return survivor.error();
      return Error::Invalid("into_id: no such feedback", 0, "into_id");
    }
    if (survivor->merged_into) {
      return Error{ErrorCode::kConflict,
                   "merge into the surviving item FB-" + std::to_string(*survivor->merged_into) +
                       ", not into a merged one",
                   "into_id",
                   0,
                   {}};
    }
    for (const FeedbackRaiser& r : dup.raisers) {
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO feedback_raisers (feedback_id, customer_id, raised_at) VALUES ($1, "
                  "$2, $3) ON CONFLICT DO NOTHING",
                  {into_id, r.customer_id, ctx.now.unix}));
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE feedback SET merged_into = $1, updated_at = $2 WHERE id = $3",
                {into_id, ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE feedback SET updated_at = $1 WHERE id = $2", {ctx.now.unix, into_id}));
    AFTERCARE_RETURN_IF_ERROR(
        Record(tx, ctx, id, {"merge", std::nullopt, std::nullopt, std::nullopt, into_id, note}));
    AFTERCARE_RETURN_IF_ERROR(
        Record(tx, ctx, into_id, {"absorb", std::nullopt, std::nullopt, std::nullopt, id, note}));
    return Reload(tx, ctx, into_id);
  });
}

}  // namespace aftercare::service
