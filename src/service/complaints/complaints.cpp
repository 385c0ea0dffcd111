#include "service/complaints/complaints.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "core/text.h"
#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/deliveries/deliveries.h"
#include "service/notices/notices.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/roles.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, kComplaintStateCount> kStateNames = {
    "received", "investigating", "result_returned", "assigned",
    "proposed", "agreed",        "implemented",     "closed"};
constexpr std::array<std::string_view, kComplaintActionCount> kActionNames = {
    "reply", "find_valid", "find_invalid", "close",  "propose",
    "agree", "refuse",     "implement",    "confirm"};
constexpr std::array<std::string_view, 3> kWaitingNames = {"vendor", "customer", "nobody"};

template <std::size_t N>
std::optional<std::size_t> IndexOf(const std::array<std::string_view, N>& names,
                                   std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return i;
  }
  return std::nullopt;
}

// The state a complaint is in, as the list and the steps read it: the record's
// once it has one after its finding; before it, closed with its ticket, else from
// the ticket's reply.
constexpr const char* kStateSql =
    "CASE WHEN c.state IS NOT NULL THEN c.state WHEN t.status = 'closed' THEN 'closed' "
    "WHEN EXISTS (SELECT 1 FROM ticket_events e "
    "WHERE e.ticket_id = t.id AND e.kind = 'first_reply') THEN 'investigating' ELSE 'received' "
    "END";

std::string ComplaintColumns() {
  return std::string(
             "t.id, t.customer_id, t.title, t.description, t.caller_name, t.channel, "
             "t.priority, t.status, t.received_at, t.updated_at, cu.name AS customer_name, k.tz, "
             "c.state_since, c.outcome, c.finding, c.team_id, tm.name AS team_name, "
             "c.refusals, (SELECT MIN(e.at) FROM ticket_events e WHERE e.ticket_id = "
             "t.id AND e.kind = 'first_reply') AS replied_at, ") +
         kStateSql + " AS state";
}

constexpr const char* kComplaintFrom =
    " FROM tickets t LEFT JOIN complaints c ON c.ticket_id = t.id LEFT JOIN customers cu ON "
    "cu.id = t.customer_id LEFT JOIN contracts k ON k.id = t.contract_id LEFT JOIN teams tm ON "
    "tm.id = c.team_id WHERE t.type = 'complaint'";

Complaint ComplaintFrom(const store::Row& r) {
  Complaint c;
  c.id = r.Int("id");
  c.number = TicketNumber(c.id);
  c.customer_id = r.Int("customer_id");
  c.customer_name = r.Text("customer_name");
  c.title = r.Text("title");
  c.description = r.Text("description");
  c.caller_name = r.Text("caller_name");
  c.channel = sla::ParseChannel(r.Text("channel")).value_or(sla::Channel::kPhone);
  c.priority = sla::ParsePriority(r.Text("priority")).value_or(sla::Priority::kP2);
  c.ticket_status = sla::ParseTicketStatus(r.Text("status")).value_or(sla::TicketStatus::kActive);
  c.state = ParseComplaintState(r.Text("state")).value_or(ComplaintState::kReceived);
  c.received_at = Instant{r.Int("received_at")};
  if (c.state == ComplaintState::kReceived) {
    c.since = c.received_at;
  } else if (c.state == ComplaintState::kInvestigating) {
    c.since = Instant{r.OptInt("replied_at").value_or(c.received_at.unix)};
  } else if (r.IsNull("outcome")) {
    c.since = Instant{r.Int("updated_at")};  // closed with its ticket before its finding
  } else {
    c.since = Instant{r.Int("state_since")};
  }
  c.outcome = r.OptText("outcome");
  c.finding = r.Text("finding");
  c.team_id = r.OptInt("team_id");
  c.team_name = r.Text("team_name");
  c.refusals = r.OptInt("refusals").value_or(0);
  if (auto tz = r.OptText("tz")) c.tz = *tz;
  return c;
}

Result<Complaint> LoadComplaint(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT " + ComplaintColumns() + kComplaintFrom + " AND t.id = $1", {id}));
  if (rows.empty()) return NotFound("complaint");
  return ComplaintFrom(rows[0]);
}

// The timeline: the ticket's receipt and reply, then the complaint's own steps;
// the solutions, each proposal with the customer's answer.
Status LoadTimeline(store::Transaction& tx, Complaint& c) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto ticket_rows,
      tx.Query("SELECT e.kind, e.at, e.actor_id, e.note, u.display_name AS actor_name FROM "
               "ticket_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.ticket_id = $1 "
               "AND e.kind IN ('received', 'first_reply') ORDER BY e.seq",
               {c.id}));
  bool received = false, replied = false;
  for (const auto& r : ticket_rows) {
    const bool reply = r.Text("kind") == "first_reply";
    if ((reply && replied) || (!reply && received)) continue;
    (reply ? replied : received) = true;
    c.timeline.push_back({reply ? "replied" : "received", Instant{r.Int("at")},
                          r.OptInt("actor_id"), r.Text("actor_name"),
                          reply ? r.Text("note") : std::string(), std::nullopt, ""});
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT s.action, s.at, s.actor_id, s.text, s.team_id, u.display_name AS "
               "actor_name, tm.name AS team_name FROM complaint_steps s LEFT JOIN users u ON "
               "u.id = s.actor_id LEFT JOIN teams tm ON tm.id = s.team_id WHERE s.ticket_id = "
               "$1 ORDER BY s.id",
               {c.id}));
  for (const auto& r : rows) {
    ComplaintStepView v{r.Text("action"),     Instant{r.Int("at")}, r.OptInt("actor_id"),
                        r.Text("actor_name"), r.Text("text"),       r.OptInt("team_id"),
                        r.Text("team_name")};
    if (v.step == Name(ComplaintAction::kPropose)) {
      c.solutions.push_back({static_cast<int>(c.solutions.size()) + 1, v.text, v.actor_name, "", "",
                             "", v.at, std::nullopt});
    } else if ((v.step == Name(ComplaintAction::kAgree) ||
                v.step == Name(ComplaintAction::kRefuse)) &&
               !c.solutions.empty()) {
      Solution& s = c.solutions.back();
      s.answer = v.step == Name(ComplaintAction::kAgree) ? "agreed" : "refused";
      s.answered_by = v.actor_name;
      s.reason = v.text;
      s.answered_at = v.at;
    }
    c.timeline.push_back(std::move(v));
  }
  return {};
}

Result<Complaint> LoadFull(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(Complaint c, LoadComplaint(tx, id));
  AFTERCARE_RETURN_IF_ERROR(LoadTimeline(tx, c));
  return c;
}

Status CheckText(const std::string& text, std::string_view field) {
  if (text.empty()) {
    return Error::Invalid(std::string(field) + " is required", 0, std::string(field));
  }
  if (!IsValidUtf8(text) || CodePoints(text) > kMaxComplaintText) {
    return Error::Invalid(
        std::string(field) + " is longer than " + std::to_string(kMaxComplaintText) + " characters",
        0, std::string(field));
  }
  return {};
}

// Whether the actor is a member or the leader of `team_id`.
Result<bool> InDepartment(store::Transaction& tx, const Actor& actor,
                          std::optional<std::int64_t> team_id) {
  if (!team_id || !actor.vendor()) return false;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT 1 AS x FROM users u, teams tm WHERE u.id = $1 AND tm.id = $2 "
                          "AND (u.team_id = tm.id OR tm.leader_id = u.id)",
                          {actor.user_id, *team_id}));
  return !rows.empty();
}

// The record of a complaint that has none yet (made on the ticket API or by mail).
Status EnsureRecord(store::Transaction& tx, const Complaint& c, Instant now) {
  return tx.Exec(
      "INSERT INTO complaints (ticket_id, state, state_since, updated_at) VALUES ($1, NULL, $2, "
      "$3) ON CONFLICT (ticket_id) DO NOTHING",
      {c.id, c.received_at.unix, now.unix});
}

// The ticket follows the complaint: resolved by a finding of invalid or an
// implementation, closed with the complaint (each only when it is not already).
Status MoveTicket(store::Transaction& tx, const Context& ctx, const Complaint& c,
                  ComplaintState to) {
  NewEvent e;
  if (to == ComplaintState::kResultReturned || to == ComplaintState::kImplemented) {
    if (!IsOpen(c.ticket_status)) return {};
    e.kind = TicketEventKind::kResolved;
  } else if (to == ComplaintState::kClosed) {
    if (c.ticket_status != sla::TicketStatus::kResolved) return {};
    e.kind = TicketEventKind::kClosed;
  } else {
    return {};
  }
  e.note = "complaint " + std::string(Name(to));
  return AddTicketEvent(tx, ctx, c.id, e).status();
}

// The leader of the department `team`, when enabled: told of an assignment or a
// refusal.
Result<std::vector<Person>> TeamLeader(store::Transaction& tx, std::int64_t team) {
  return notices::ActiveUsers(tx, "id = (SELECT leader_id FROM teams WHERE id = $1)", {team});
}

// Party A is told of the vendor's steps; the department's leader of an assignment
// or a refusal.
Status Tell(store::Transaction& tx, const Context& ctx, const Complaint& c, ComplaintAction a,
            ComplaintState to, const std::string& key, Instant now) {
  json data = {{"number", c.number}, {"state", Name(to)}, {"step", Name(a)}};
  if (ctx.actor->vendor()) {
    AFTERCARE_ASSIGN_OR_RETURN(auto people, ActivePartyAUsers(tx, c.customer_id));
    Announcement n{NotificationKind::kComplaintProgress,
                   "complaint:" + key,
                   c.id,
                   std::nullopt,
                   std::nullopt,
                   data};
    if (!people.empty()) AFTERCARE_RETURN_IF_ERROR(Announce(tx, n, people, now).status());
  }
  if ((a == ComplaintAction::kFindValid || a == ComplaintAction::kRefuse) && c.team_id) {
    AFTERCARE_ASSIGN_OR_RETURN(auto leader, TeamLeader(tx, *c.team_id));
    std::erase_if(leader, [&](const Person& p) { return p.user_id == ctx.actor->user_id; });
    data["team"] = c.team_name;
    Announcement n{NotificationKind::kComplaintDepartment,
                   "complaint-team:" + key,
                   c.id,
                   std::nullopt,
                   c.team_id,
                   data};
    if (!leader.empty()) AFTERCARE_RETURN_IF_ERROR(Announce(tx, n, leader, now).status());
  }
  return {};
}

// The step's own fields as its action needs them.
Status CheckStepFields(const ComplaintStep& s) {
  // The reply, the finding, a solution, a refusal's reason and the implementation
  // need their text; closing, agreeing and confirming may carry a remark.
  static constexpr bool kTextRequired[kComplaintActionCount] = {true,  true, true, false, true,
                                                                false, true, true, false};
  if (kTextRequired[static_cast<std::size_t>(s.action)] || !s.text.empty()) {
    AFTERCARE_RETURN_IF_ERROR(CheckText(s.text, "content"));
  }
  if (s.at && s.action != ComplaintAction::kReply) {
    return Error::Invalid("at is only for a reply", 0, "at");
  }
  if (s.action == ComplaintAction::kFindValid && !s.team_id) {
    return Error::Invalid("a valid complaint needs its responsible department", 0, "team_id");
  }
  if (s.team_id && s.action != ComplaintAction::kFindValid) {
    return Error::Invalid("team_id is only for a finding of valid", 0, "team_id");
  }
  return {};
}

// The record after `s` took the complaint from `c` to `to`.
Status StoreStep(store::Transaction& tx, const Context& ctx, Complaint& c, const ComplaintStep& s,
                 ComplaintState to, std::string& key) {
  AFTERCARE_RETURN_IF_ERROR(EnsureRecord(tx, c, ctx.now));
  if (s.action == ComplaintAction::kFindValid || s.action == ComplaintAction::kFindInvalid) {
    const bool valid = s.action == ComplaintAction::kFindValid;
    if (valid) {
      AFTERCARE_ASSIGN_OR_RETURN(auto team,
                                 tx.Query("SELECT name FROM teams WHERE id = $1", {*s.team_id}));
      if (team.empty()) return Error::Invalid("team_id: no such team", 0, "team_id");
      c.team_id = s.team_id;
      c.team_name = team[0].Text("name");
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE complaints SET outcome = $1, finding = $2, team_id = $3 WHERE ticket_id = $4",
        {std::string(valid ? "valid" : "invalid"), s.text, store::OrNull(c.team_id), c.id}));
  }
  const std::int64_t refused = s.action == ComplaintAction::kRefuse ? 1 : 0;
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("UPDATE complaints SET state = $1, state_since = $2, refusals = refusals + $3, "
              "updated_at = $2 WHERE ticket_id = $4",
              {std::string(Name(to)), ctx.now.unix, refused, c.id}));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto step,
      tx.Query(
          "INSERT INTO complaint_steps (ticket_id, action, at, actor_id, text, team_id) "
          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {c.id, std::string(Name(s.action)), ctx.now.unix, ctx.actor->user_id, s.text,
           store::OrNull(s.action == ComplaintAction::kFindValid ? c.team_id : std::nullopt)}));
  key = std::to_string(step.at(0).Int("id"));
  return {};
}

Result<Complaint> TakeStep(store::Transaction& tx, const Context& ctx, std::int64_t id,
                           const ComplaintStep& s) {
  AFTERCARE_ASSIGN_OR_RETURN(Complaint c, LoadComplaint(tx, id));
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, c.customer_id, "complaint"));
  AFTERCARE_ASSIGN_OR_RETURN(ComplaintRule rule, ComplaintRuleFor(c.state, s.action));
  AFTERCARE_ASSIGN_OR_RETURN(bool in_department, InDepartment(tx, *ctx.actor, c.team_id));
  AFTERCARE_RETURN_IF_ERROR(
      CheckComplaintParty(*ctx.actor, rule.who, c.customer_id, in_department));
  const ComplaintState from = c.state;
  std::string key = "reply:" + std::to_string(c.id);
  if (s.action == ComplaintAction::kReply) {
    // The reply is the ticket's: it stops complaint_reply.
    NewEvent e;
    e.kind = TicketEventKind::kFirstReply;
    e.at = s.at;
    e.note = s.text;
    AFTERCARE_RETURN_IF_ERROR(AddTicketEvent(tx, ctx, c.id, e).status());
    AFTERCARE_RETURN_IF_ERROR(EnsureRecord(tx, c, ctx.now));
  } else {
    AFTERCARE_RETURN_IF_ERROR(StoreStep(tx, ctx, c, s, rule.to, key));
    AFTERCARE_RETURN_IF_ERROR(MoveTicket(tx, ctx, c, rule.to));
  }
  AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, Name(s.action), "complaint", std::to_string(c.id),
                                  {{"state", Name(from)}},
                                  {{"state", Name(rule.to)}, {"text", s.text}}, c.customer_id));
  AFTERCARE_RETURN_IF_ERROR(Tell(tx, ctx, c, s.action, rule.to, key, ctx.now));
  return LoadFull(tx, id);
}

void AppendConditions(const Context& ctx, const ComplaintFilter& f, std::string& sql,
                      store::ParamList& params) {
  const std::string state = std::string("(") + kStateSql + ")";
  if (!ctx.actor->vendor()) {
    sql += " AND t.customer_id = " + params.Add(ctx.actor->customer_id.value_or(0));
  }
  if (f.customer_id) sql += " AND t.customer_id = " + params.Add(*f.customer_id);
  if (f.team_id) sql += " AND c.team_id = " + params.Add(*f.team_id);
  if (f.state) sql += " AND " + state + " = " + params.Add(std::string(Name(*f.state)));
  if (f.open) sql += " AND " + state + " <> 'closed'";
  if (f.waiting_on) {
    std::string names;
    for (int i = 0; i < kComplaintStateCount; ++i) {
      auto s = static_cast<ComplaintState>(i);
      if (WaitingOnIn(s) != *f.waiting_on) continue;
      names += std::string(names.empty() ? "'" : ", '") + std::string(Name(s)) + "'";
    }
    sql += " AND " + state + " IN (" + names + ")";
  }
  if (f.q && !f.q->empty()) {
    std::int64_t by_number = -1;  // "TK-000042" or "42" names complaint 42
    std::string digits =
        f.q->rfind("TK-", 0) == 0 || f.q->rfind("tk-", 0) == 0 ? f.q->substr(3) : *f.q;
    if (!digits.empty() && digits.size() <= 18 &&
        digits.find_first_not_of("0123456789") == std::string::npos) {
      by_number = std::stoll(digits);
    }
    const std::string like = params.Add(LikePattern(*f.q));
    sql += " AND (t.id = " + params.Add(by_number) + " OR LOWER(t.title) LIKE " + like +
           " ESCAPE '!' OR LOWER(t.description) LIKE " + like + " ESCAPE '!')";
  }
}

}  // namespace

std::optional<ComplaintState> ParseComplaintState(std::string_view s) {
  auto i = IndexOf(kStateNames, s);
  if (!i) return std::nullopt;
  return static_cast<ComplaintState>(*i);
}
std::string_view Name(ComplaintState s) { return kStateNames.at(static_cast<std::size_t>(s)); }
std::string_view Name(ComplaintAction a) { return kActionNames.at(static_cast<std::size_t>(a)); }
std::optional<WaitingOn> ParseWaitingOn(std::string_view s) {
  auto i = IndexOf(kWaitingNames, s);
  if (!i) return std::nullopt;
  return static_cast<WaitingOn>(*i);
}
std::string_view Name(WaitingOn w) { return kWaitingNames.at(static_cast<std::size_t>(w)); }

WaitingOn WaitingOnIn(ComplaintState s) {
  switch (s) {
    case ComplaintState::kResultReturned:
    case ComplaintState::kProposed:
    case ComplaintState::kImplemented:
      return WaitingOn::kCustomer;
    case ComplaintState::kClosed:
      return WaitingOn::kNobody;
    default:
      return WaitingOn::kVendor;
  }
}

Error UnknownComplaintState() {
  return Error::Invalid(
      "state must be received, investigating, result_returned, assigned, proposed, agreed, "
      "implemented or closed",
      0, "state");
}
Error UnknownWaitingOn() {
  return Error::Invalid("waiting_on must be vendor, customer or nobody", 0, "waiting_on");
}

Result<ComplaintRule> ComplaintRuleFor(ComplaintState from, ComplaintAction action) {
  for (const ComplaintRule& r : kComplaintRules) {
    if (r.from == from && r.action == action) return r;
  }
  switch (from) {
    case ComplaintState::kReceived:
      return Error{ErrorCode::kConflict, "the complaint waits for its reply", "", 0, {}};
    case ComplaintState::kInvestigating:
      return Error{ErrorCode::kConflict, "the complaint is under investigation", "", 0, {}};
    case ComplaintState::kResultReturned:
      return Error{ErrorCode::kConflict,
                   "the complaint was found invalid and its finding returned to the customer",
                   "",
                   0,
                   {}};
    case ComplaintState::kAssigned:
      return Error{
          ErrorCode::kConflict, "the complaint waits for the department's solution", "", 0, {}};
    case ComplaintState::kProposed:
      return Error{ErrorCode::kConflict,
                   "the complaint waits for the customer's answer to a solution",
                   "",
                   0,
                   {}};
    case ComplaintState::kAgreed:
      return Error{
          ErrorCode::kConflict, "the complaint's solution waits to be implemented", "", 0, {}};
    case ComplaintState::kImplemented:
      return Error{ErrorCode::kConflict,
                   "the complaint waits for the customer to confirm the implementation",
                   "",
                   0,
                   {}};
    case ComplaintState::kClosed:
      break;
  }
  return Error{ErrorCode::kConflict, "the complaint is closed", "", 0, {}};
}

Status CheckComplaintParty(const Actor& actor, ComplaintParty who, std::int64_t customer_id,
                           bool in_department) {
  const bool own_customer = !actor.vendor() && actor.customer_id == customer_id;
  switch (who) {
    case ComplaintParty::kHandlers:
      if (roles::kComplaintHandlers.Has(actor.role)) return {};
      return Error{ErrorCode::kForbidden,
                   "agents, team leaders and managers reply to a complaint",
                   "",
                   0,
                   {}};
    case ComplaintParty::kInvestigators:
      if (roles::kComplaintInvestigators.Has(actor.role)) return {};
      return Error{
          ErrorCode::kForbidden, "team leaders and managers investigate a complaint", "", 0, {}};
    case ComplaintParty::kDepartment:
      if (actor.role == Role::kManager || (in_department && actor.vendor())) return {};
      return Error{ErrorCode::kForbidden,
                   "the responsible department or a manager works on the solution",
                   "",
                   0,
                   {}};
    case ComplaintParty::kCustomer:
      if (own_customer) return {};
      return Error{ErrorCode::kForbidden, "the customer answers for this step", "", 0, {}};
    case ComplaintParty::kCloser:
      if (own_customer || actor.role == Role::kTeamLeader || actor.role == Role::kManager) {
        return {};
      }
      return Error{ErrorCode::kForbidden,
                   "the customer, a team leader or a manager closes the complaint",
                   "",
                   0,
                   {}};
  }
  return Error{ErrorCode::kForbidden, "the customer answers for this step", "", 0, {}};
}

Result<Complaint> RecordComplaint(store::Database& db, const Context& ctx, NewComplaint in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kComplaintRecorders));
  NewTicket t;
  t.customer_id = in.customer_id;
  t.contract_id = in.contract_id;
  t.system_id = in.system_id;
  t.channel = in.channel;
  t.type = sla::TicketType::kComplaint;
  t.priority = in.priority;
  t.title = std::move(in.title);
  t.description = std::move(in.description);
  t.caller_name = std::move(in.caller_name);
  t.caller_phone = std::move(in.caller_phone);
  t.received_at = in.received_at;
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Complaint> {
    AFTERCARE_ASSIGN_OR_RETURN(Ticket ticket, CreateTicket(tx, ctx, t));
    AFTERCARE_ASSIGN_OR_RETURN(Complaint c, LoadComplaint(tx, ticket.id));
    AFTERCARE_RETURN_IF_ERROR(EnsureRecord(tx, c, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "complaint", std::to_string(c.id), nullptr,
                                    {{"title", c.title}, {"channel", sla::Name(c.channel)}},
                                    c.customer_id));
    AFTERCARE_RETURN_IF_ERROR(LoadTimeline(tx, c));
    return c;
  });
}

Result<Complaint> GetComplaint(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, ctx.actor->vendor(), [&](store::Transaction& tx) -> Result<Complaint> {
    AFTERCARE_ASSIGN_OR_RETURN(Complaint c, LoadFull(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, c.customer_id, "complaint"));
    if (ctx.actor->vendor()) {
      AFTERCARE_RETURN_IF_ERROR(
          Audit(tx, ctx, "read", "complaint", std::to_string(id), nullptr, nullptr, c.customer_id));
    }
    return c;
  });
}

Result<Complaint> TakeComplaintStep(store::Database& db, const Context& ctx, std::int64_t id,
                                    const ComplaintStep& step) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  AFTERCARE_RETURN_IF_ERROR(CheckStepFields(step));
  return InTransaction(db, true,
                       [&](store::Transaction& tx) { return TakeStep(tx, ctx, id, step); });
}

Result<ComplaintPage> ListComplaints(store::Database& db, const Context& ctx,
                                     const ComplaintFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  std::string sql = "SELECT " + ComplaintColumns() + kComplaintFrom;
  store::ParamList params;
  AppendConditions(ctx, f, sql, params);
  long long at = 0, last = 0;
  if (!f.cursor.empty()) {
    if (std::sscanf(f.cursor.c_str(), "r%lld.%lld", &at, &last) != 2) {
      return Error::Invalid("cursor is not one this server issued", 0, "cursor");
    }
    sql += " AND (t.received_at < " + params.Add(std::int64_t{at}) +
           " OR (t.received_at = " + params.Add(std::int64_t{at}) + " AND t.id < " +
           params.Add(std::int64_t{last}) + "))";
  }
  sql += " ORDER BY t.received_at DESC, t.id DESC LIMIT " + std::to_string(f.limit + 1);
  AFTERCARE_ASSIGN_OR_RETURN(
      ComplaintPage page,
      InTransaction(db, false, [&](store::Transaction& tx) -> Result<ComplaintPage> {
        AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
        ComplaintPage p;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(f.limit); ++i) {
          p.items.push_back(ComplaintFrom(rows[i]));
        }
        if (rows.size() > static_cast<std::size_t>(f.limit)) {
          const Complaint& c = p.items.back();
          p.next_cursor = "r" + std::to_string(c.received_at.unix) + "." + std::to_string(c.id);
        }
        return p;
      }));
  if (!ctx.actor->vendor()) return page;
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const Complaint& c : page.items) ++by_customer[c.customer_id];
  json filter = json::object();
  if (f.state) filter["state"] = Name(*f.state);
  if (f.customer_id) filter["customer_id"] = *f.customer_id;
  if (f.team_id) filter["team_id"] = *f.team_id;
  if (f.waiting_on) filter["waiting_on"] = Name(*f.waiting_on);
  if (f.open) filter["open"] = true;
  if (f.q) filter["q"] = *f.q;
  AFTERCARE_RETURN_IF_ERROR(
      AuditReadsByCustomer(db, ctx, f.q ? "search" : "list", "complaint", "",
                           {{"filter", filter}, {"returned", page.items.size()}}, by_customer));
  return page;
}

}  // namespace aftercare::service
