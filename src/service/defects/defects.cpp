#include "service/defects/defects.h"

#include <array>
#include <cstdio>
#include <map>

#include "service/audit/audit.h"
#include "service/closed_sets.h"
#include "service/deliveries/deliveries.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, kDefectSeverityCount> kSeverityNames = {"critical", "major",
                                                                               "minor", "trivial"};
constexpr std::array<std::string_view, kDefectStateCount> kStateNames = {
    "identified", "analysed", "fixed", "reviewed", "verified", "closed"};

struct Step {
  DefectState from, to;
};
// The state table (defects.h): forward one step; a failed review or verification
// (or a fix found wanting) goes back to analysis; closed is final.
constexpr Step kDefectTransitions[] = {
    {DefectState::kIdentified, DefectState::kAnalysed},
    {DefectState::kAnalysed, DefectState::kFixed},
    {DefectState::kFixed, DefectState::kReviewed},
    {DefectState::kReviewed, DefectState::kVerified},
    {DefectState::kVerified, DefectState::kClosed},
    {DefectState::kFixed, DefectState::kAnalysed},
    {DefectState::kReviewed, DefectState::kAnalysed},
    {DefectState::kVerified, DefectState::kAnalysed},
};

constexpr const char* kDefectSelect =
    "SELECT d.id, d.title, d.description, d.severity, d.module, d.system_id, "
    "COALESCE(s.name, '') AS system_name, d.fix_version, d.state, d.owner_id, "
    "u.display_name AS owner_name, d.created_at, d.updated_at, d.closed_at FROM defects d "
    "JOIN users u ON u.id = d.owner_id LEFT JOIN systems s ON s.id = d.system_id";

Defect DefectFrom(const store::Row& r) {
  Defect d;
  d.id = r.Int("id");
  d.title = r.Text("title");
  d.description = r.Text("description");
  d.severity = ParseDefectSeverity(r.Text("severity")).value_or(DefectSeverity::kMinor);
  d.module = r.Text("module");
  d.system_id = r.OptInt("system_id");
  d.system_name = r.Text("system_name");
  d.fix_version = r.Text("fix_version");
  d.state = ParseDefectState(r.Text("state")).value_or(DefectState::kIdentified);
  d.owner_id = r.Int("owner_id");
  d.owner_name = r.Text("owner_name");
  d.created_at = Instant{r.Int("created_at")};
  d.updated_at = Instant{r.Int("updated_at")};
  if (auto c = r.OptInt("closed_at")) d.closed_at = Instant{*c};
  return d;
}

// Party A sees a defect only through its own customer's tickets.
std::string PartyACondition(const Context& ctx, store::ParamList& params) {
  if (ctx.actor->vendor()) return "";
  return " AND EXISTS (SELECT 1 FROM defect_tickets dt JOIN tickets t ON t.id = dt.ticket_id "
         "WHERE dt.defect_id = d.id AND t.customer_id = " +
         params.Add(ctx.actor->customer_id.value_or(0)) + ")";
}

Result<Defect> LoadDefect(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  store::ParamList params;
  std::string sql = std::string(kDefectSelect) + " WHERE d.id = " + params.Add(id);
  sql += PartyACondition(ctx, params);
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
  if (rows.empty()) return NotFound("defect");
  return DefectFrom(rows[0]);
}

Status LoadDetails(store::Transaction& tx, const Context& ctx, Defect& d) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto tickets,
      tx.Query("SELECT t.id, t.customer_id, t.title, t.status FROM defect_tickets dt JOIN tickets "
               "t ON t.id = dt.ticket_id WHERE dt.defect_id = $1 ORDER BY t.id",
               {d.id}));
  for (const auto& r : tickets) {
    if (!ctx.actor->vendor() && r.Int("customer_id") != ctx.actor->customer_id) continue;
    d.tickets.push_back({r.Int("id"), r.Int("customer_id"), r.Text("title"), r.Text("status")});
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT at, actor_id, actor_name, action, from_state, to_state, "
                          "owner_id, ticket_id, note FROM defect_history WHERE defect_id = $1 "
                          "ORDER BY id",
                          {d.id}));
  for (const auto& r : rows) {
    DefectHistoryEntry e{Instant{r.Int("at")}, r.OptInt("actor_id"),  r.Text("actor_name"),
                         r.Text("action"),     std::nullopt,          std::nullopt,
                         r.OptInt("owner_id"), r.OptInt("ticket_id"), r.Text("note")};
    if (auto s = r.OptText("from_state")) e.from_state = ParseDefectState(*s);
    if (auto s = r.OptText("to_state")) e.to_state = ParseDefectState(*s);
    if (!ctx.actor->vendor()) {
      // Party A reads the steps, not the vendor's notes nor other customers' tickets.
      e.note.clear();
      if (e.ticket_id &&
          std::none_of(d.tickets.begin(), d.tickets.end(),
                       [&](const DefectTicket& t) { return t.ticket_id == *e.ticket_id; })) {
        continue;
      }
    }
    d.history.push_back(std::move(e));
  }
  return {};
}

// Who owns a defect: an active vendor user, always (QA-1).
Status CheckOwner(store::Transaction& tx, std::optional<std::int64_t> owner_id) {
  if (!owner_id)
    return Error::Invalid("owner_id is required: a defect always has an owner", 0, "owner_id");
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT role, disabled FROM users WHERE id = $1", {*owner_id}));
  if (rows.empty() || rows[0].Text("role") == "party_a" || rows[0].Int("disabled") != 0) {
    return Error::Invalid("owner_id must be an active vendor user", 0, "owner_id");
  }
  return {};
}

Status CheckTicket(store::Transaction& tx, std::int64_t ticket_id, const char* field) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT 1 FROM tickets WHERE id = $1", {ticket_id}));
  if (rows.empty()) return Error::Invalid(std::string(field) + ": no such ticket", 0, field);
  return {};
}

struct HistoryRow {
  std::string action;
  std::optional<DefectState> from, to;
  std::optional<std::int64_t> owner_id, ticket_id;
  std::string note;
};

Status Record(store::Transaction& tx, const Context& ctx, std::int64_t id, const HistoryRow& h) {
  AFTERCARE_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO defect_history (defect_id, at, actor_id, actor_name, action, from_state, "
      "to_state, owner_id, ticket_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {id, ctx.now.unix, ctx.actor->user_id, ctx.actor->display_name, h.action, NameOrNull(h.from),
       NameOrNull(h.to), OrNull(h.owner_id), OrNull(h.ticket_id), h.note}));
  json after = {{"note", h.note}};
  if (h.from) after["from"] = Name(*h.from);
  if (h.to) after["to"] = Name(*h.to);
  if (h.owner_id) after["owner_id"] = *h.owner_id;
  if (h.ticket_id) after["ticket_id"] = *h.ticket_id;
  return Audit(tx, ctx, h.action, "defect", std::to_string(id), nullptr, after);
}

Status Touch(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  return tx.Exec("UPDATE defects SET updated_at = $1 WHERE id = $2", {ctx.now.unix, id});
}

// QA-1: the linked tickets' customers are told that the defect is closed, with
// the version the fix ships in: each customer's Party A users, once.
Status AnnounceClosed(store::Transaction& tx, const Defect& d, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto tickets,
      tx.Query("SELECT t.customer_id, MIN(t.id) AS ticket_id FROM defect_tickets dt JOIN tickets "
               "t ON t.id = dt.ticket_id WHERE dt.defect_id = $1 GROUP BY t.customer_id "
               "ORDER BY t.customer_id",
               {d.id}));
  for (const auto& t : tickets) {
    AFTERCARE_ASSIGN_OR_RETURN(auto people, ActivePartyAUsers(tx, t.Int("customer_id")));
    if (people.empty()) continue;
    Announcement a;
    a.kind = NotificationKind::kDefectClosed;
    a.event_key =
        "defect_closed:" + std::to_string(d.id) + ":" + std::to_string(t.Int("customer_id"));
    a.ticket_id = t.Int("ticket_id");
    a.data = {{"defect_id", d.id}, {"title", d.title}, {"fix_version", d.fix_version}};
    AFTERCARE_RETURN_IF_ERROR(Announce(tx, a, people, now).status());
  }
  return {};
}

// Loads the defect for a change by vendor staff, refusing a closed one.
Result<Defect> ForChange(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(Defect d, LoadDefect(tx, ctx, id));
  if (d.state == DefectState::kClosed) {
    return Error{
        ErrorCode::kConflict, "the defect is closed and no longer changes", "state", 0, {}};
  }
  return d;
}

Result<Defect> Reload(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(Defect d, LoadDefect(tx, ctx, id));
  AFTERCARE_RETURN_IF_ERROR(LoadDetails(tx, ctx, d));
  return d;
}

}  // namespace

std::optional<DefectSeverity> ParseDefectSeverity(std::string_view s) {
  return ParseIn<DefectSeverity>(kSeverityNames, s);
}
std::string_view Name(DefectSeverity s) { return NameIn(kSeverityNames, s); }
std::optional<DefectState> ParseDefectState(std::string_view s) {
  return ParseIn<DefectState>(kStateNames, s);
}
std::string_view Name(DefectState s) { return NameIn(kStateNames, s); }

bool DefectTransitionAllowed(DefectState from, DefectState to) {
  return std::any_of(std::begin(kDefectTransitions), std::end(kDefectTransitions),
                     [&](const Step& s) { return s.from == from && s.to == to; });
}

Error UnknownDefectSeverity() {
  return Error::Invalid("severity must be critical, major, minor or trivial", 0, "severity");
}
Error UnknownDefectState() {
  return Error::Invalid("state must be identified, analysed, fixed, reviewed, verified or closed",
                        0, "state");
}

Result<Defect> CreateDefect(store::Database& db, const Context& ctx, const NewDefect& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  AFTERCARE_RETURN_IF_ERROR(RequireText(in.title, "title"));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Defect> {
    AFTERCARE_RETURN_IF_ERROR(CheckOwner(tx, in.owner_id));
    store::Value system = store::Null{};
    if (in.system_id) {
      AFTERCARE_ASSIGN_OR_RETURN(auto s,
                                 tx.Query("SELECT 1 FROM systems WHERE id = $1", {*in.system_id}));
      if (s.empty()) return Error::Invalid("system_id: no such system", 0, "system_id");
      system = *in.system_id;
    }
    for (std::int64_t t : in.ticket_ids)
      AFTERCARE_RETURN_IF_ERROR(CheckTicket(tx, t, "ticket_ids"));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO defects (title, description, severity, module, system_id, "
                 "fix_version, state, owner_id, created_by, created_at, updated_at) VALUES ($1, "
                 "$2, $3, $4, $5, $6, 'identified', $7, $8, $9, $9) RETURNING id",
                 {in.title, in.description, std::string(Name(in.severity)), in.module, system,
                  in.fix_version, *in.owner_id, ctx.actor->user_id, ctx.now.unix}));
    const std::int64_t id = rows.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(Record(
        tx, ctx, id,
        {"create", std::nullopt, DefectState::kIdentified, in.owner_id, std::nullopt, in.note}));
    for (std::int64_t t : in.ticket_ids) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO defect_tickets (defect_id, ticket_id, linked_at) VALUES ($1, $2, $3) "
          "ON CONFLICT DO NOTHING",
          {id, t, ctx.now.unix}));
      AFTERCARE_RETURN_IF_ERROR(
          Record(tx, ctx, id, {"link", std::nullopt, std::nullopt, std::nullopt, t, ""}));
    }
    return Reload(tx, ctx, id);
  });
}

Result<DefectPage> ListDefects(store::Database& db, const Context& ctx, const DefectFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 500) return Error::Invalid("limit must be 1 to 500", 0, "limit");
  store::ParamList params;
  std::string sql = std::string(kDefectSelect) + " WHERE 1 = 1" + PartyACondition(ctx, params);
  if (f.state) sql += " AND d.state = " + params.Add(std::string(Name(*f.state)));
  if (f.severity) sql += " AND d.severity = " + params.Add(std::string(Name(*f.severity)));
  if (f.module) sql += " AND d.module = " + params.Add(*f.module);
  if (f.owner_id) sql += " AND d.owner_id = " + params.Add(*f.owner_id);
  if (f.system_id) sql += " AND d.system_id = " + params.Add(*f.system_id);
  if (f.ticket_id) {
    sql +=
        " AND EXISTS (SELECT 1 FROM defect_tickets x WHERE x.defect_id = d.id AND "
        "x.ticket_id = " +
        params.Add(*f.ticket_id) + ")";
  }
  if (f.q && !f.q->empty()) {
    const std::string like = params.Add(LikePattern(*f.q));
    sql += " AND (LOWER(d.title) LIKE " + like + " ESCAPE '!' OR LOWER(d.description) LIKE " +
           like + " ESCAPE '!' OR LOWER(d.module) LIKE " + like + " ESCAPE '!')";
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto after, ReadIdCursor(f.cursor));
  if (after) sql += " AND d.id < " + params.Add(*after);
  sql += " ORDER BY d.id DESC LIMIT " + std::to_string(f.limit + 1);
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<DefectPage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
    DefectPage page;
    page.next_cursor = TakePage(rows, f.limit, DefectFrom, page.items);
    return page;
  });
}

Result<Defect> GetDefect(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto d = InTransaction(
      db, false, [&](store::Transaction& tx) -> Result<Defect> { return Reload(tx, ctx, id); });
  if (!d.ok()) return d;
  // CON-4: a vendor's read of the linked tickets' customers' data, one entry each.
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const DefectTicket& t : d->tickets) ++by_customer[t.customer_id];
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(db, ctx, "read", "defect", std::to_string(id),
                                                 {{"tickets", d->tickets.size()}}, by_customer));
  return d;
}

Result<Defect> TransitionDefect(store::Database& db, const Context& ctx, std::int64_t id,
                                const DefectTransition& t) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Defect> {
    AFTERCARE_ASSIGN_OR_RETURN(Defect d, ForChange(tx, ctx, id));
    if (!DefectTransitionAllowed(d.state, t.to)) {
      return Error{ErrorCode::kConflict,
                   "a defect cannot go from " + std::string(Name(d.state)) + " to " +
                       std::string(Name(t.to)),
                   "state",
                   0,
                   {}};
    }
    if (t.owner_id) AFTERCARE_RETURN_IF_ERROR(CheckOwner(tx, t.owner_id));
    const std::string version = t.fix_version.value_or(d.fix_version);
    if (t.to == DefectState::kClosed && version.find_first_not_of(" \t") == std::string::npos) {
      return Error::Invalid("fix_version is required to close a defect", 0, "fix_version");
    }
    const std::int64_t owner = t.owner_id.value_or(d.owner_id);
    store::Value closed = store::Null{};
    if (t.to == DefectState::kClosed) closed = ctx.now.unix;
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE defects SET state = $1, fix_version = $2, owner_id = $3, closed_at = $4, "
                "updated_at = $5 WHERE id = $6",
                {std::string(Name(t.to)), version, owner, closed, ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(
        Record(tx, ctx, id, {"transition", d.state, t.to, owner, std::nullopt, t.note}));
    if (t.to == DefectState::kClosed) {
      d.fix_version = version;
      AFTERCARE_RETURN_IF_ERROR(AnnounceClosed(tx, d, ctx.now));
    }
    return Reload(tx, ctx, id);
  });
}

Result<Defect> ReassignDefect(store::Database& db, const Context& ctx, std::int64_t id,
                              std::optional<std::int64_t> owner_id, const std::string& note) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Defect> {
    AFTERCARE_ASSIGN_OR_RETURN(Defect d, ForChange(tx, ctx, id));
    AFTERCARE_RETURN_IF_ERROR(CheckOwner(tx, owner_id));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE defects SET owner_id = $1, updated_at = $2 WHERE id = $3",
                {*owner_id, ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(Record(
        tx, ctx, id, {"reassign", std::nullopt, std::nullopt, owner_id, std::nullopt, note}));
    return Reload(tx, ctx, d.id);
  });
}

Result<Defect> LinkDefectTicket(store::Database& db, const Context& ctx, std::int64_t id,
                                std::int64_t ticket_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Defect> {
    AFTERCARE_ASSIGN_OR_RETURN(Defect d, LoadDefect(tx, ctx, id));
    AFTERCARE_RETURN_IF_ERROR(CheckTicket(tx, ticket_id, "ticket_id"));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto linked,
        tx.Query("SELECT 1 FROM defect_tickets WHERE defect_id = $1 AND ticket_id = $2",
                 {id, ticket_id}));
    if (!linked.empty()) {
      return Error{
          ErrorCode::kConflict, "the ticket is already linked to the defect", "ticket_id", 0, {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO defect_tickets (defect_id, ticket_id, linked_at) VALUES ($1, $2, $3)",
                {id, ticket_id, ctx.now.unix}));
    AFTERCARE_RETURN_IF_ERROR(Touch(tx, ctx, id));
    AFTERCARE_RETURN_IF_ERROR(
        Record(tx, ctx, id, {"link", std::nullopt, std::nullopt, std::nullopt, ticket_id, ""}));
    return Reload(tx, ctx, d.id);
  });
}

Result<Defect> UnlinkDefectTicket(store::Database& db, const Context& ctx, std::int64_t id,
                                  std::int64_t ticket_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Defect> {
    AFTERCARE_ASSIGN_OR_RETURN(Defect d, LoadDefect(tx, ctx, id));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto linked,
        tx.Query("SELECT 1 FROM defect_tickets WHERE defect_id = $1 AND ticket_id = $2",
                 {id, ticket_id}));
    if (linked.empty()) return NotFound("linked ticket");
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "DELETE FROM defect_tickets WHERE defect_id = $1 AND ticket_id = $2", {id, ticket_id}));
    AFTERCARE_RETURN_IF_ERROR(Touch(tx, ctx, id));
    AFTERCARE_RETURN_IF_ERROR(
        Record(tx, ctx, id, {"unlink", std::nullopt, std::nullopt, std::nullopt, ticket_id, ""}));
    return Reload(tx, ctx, d.id);
  });
}

}  // namespace aftercare::service
