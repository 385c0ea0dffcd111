// Inspection visits: the checklist filled on site, submitted, confirmed by Party A
// in the portal or signed on the engineer's screen; failed items become tickets;
// overdue visits are told once (inspections.h).
#include <map>

#include "service/audit/audit.h"
#include "service/blob_store.h"
#include "service/calendar/calendar.h"
#include "service/contracts/contracts.h"
#include "service/deliveries/deliveries.h"
#include "service/inspections/inspection_rows.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/tickets/tickets.h"
#include "service/tx.h"

namespace aftercare::service::inspections {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSignerChars = 50;

constexpr const char* kVisitSelect =
    "SELECT v.id, v.plan_id, v.seq, v.customer_id, v.contract_id, v.system_id, v.engineer_id, "
    "v.team_id, v.due_on, v.planned_on, v.moved_reason, v.overdue_at, v.state, v.template_name, "
    "v.template_version, v.submitted_at, v.confirmed_at, v.confirm_kind, v.signer_name, "
    "v.signature_sha256, v.signature_size, cu.name AS customer_name, c.number AS "
    "contract_number, c.tz, s.name AS system_name, COALESCE(u.display_name, '') AS "
    "engineer_name, COALESCE(t.name, '') AS team_name, COALESCE(cb.display_name, '') AS "
    "confirmed_by_name, (SELECT COUNT(*) FROM inspection_items i WHERE i.visit_id = v.id AND "
    "i.outcome = 'fail') AS failed, (SELECT COUNT(*) FROM inspection_items i WHERE i.visit_id = "
    "v.id AND i.outcome = 'flag') AS flagged FROM inspection_visits v JOIN customers cu ON cu.id "
    "= v.customer_id JOIN contracts c ON c.id = v.contract_id JOIN systems s ON s.id = "
    "v.system_id LEFT JOIN users u ON u.id = v.engineer_id LEFT JOIN teams t ON t.id = v.team_id "
    "LEFT JOIN users cb ON cb.id = v.confirmed_by";

struct VisitRow {
  Visit visit;
  std::string tz, signature_sha;
  std::int64_t signature_size = 0;
};

VisitRow VisitFrom(const store::Row& r, Instant now) {
  VisitRow vr;
  Visit& v = vr.visit;
  v.id = r.Int("id");
  v.plan_id = r.Int("plan_id");
  v.seq = r.Int("seq");
  v.customer_id = r.Int("customer_id");
  v.contract_id = r.Int("contract_id");
  v.system_id = r.Int("system_id");
  v.engineer_id = r.OptInt("engineer_id");
  v.team_id = r.OptInt("team_id");
  v.due_on = StoredDate(r.Text("due_on"));
  v.planned_on = StoredDate(r.Text("planned_on"));
  v.moved_reason = r.Text("moved_reason");
  v.state = ParseVisitState(r.Text("state")).value_or(VisitState::kPlanned);
  v.overdue = v.state != VisitState::kConfirmed && r.Int("overdue_at") <= now.unix;
  v.template_name = r.Text("template_name");
  v.template_version = r.Int("template_version");
  if (auto t = r.OptInt("submitted_at")) v.submitted_at = Instant{*t};
  if (auto t = r.OptInt("confirmed_at")) v.confirmed_at = Instant{*t};
  v.confirm_kind = r.OptText("confirm_kind").value_or("");
  v.signer_name = r.Text("signer_name");
  v.customer_name = r.Text("customer_name");
  v.contract_number = r.Text("contract_number");
  v.system_name = r.Text("system_name");
  v.engineer_name = r.Text("engineer_name");
  v.team_name = r.Text("team_name");
  v.confirmed_by_name = r.Text("confirmed_by_name");
  v.failed = static_cast<int>(r.Int("failed"));
  v.flagged = static_cast<int>(r.Int("flagged"));
  vr.tz = r.Text("tz");
  vr.signature_sha = r.OptText("signature_sha256").value_or("");
  vr.signature_size = r.OptInt("signature_size").value_or(0);
  v.signed_ = !vr.signature_sha.empty();
  return vr;
}

// Party A reaches only its own customer's visits; another's is not found.
std::string TenantCondition(const Context& ctx, store::ParamList& p) {
  if (ctx.actor->vendor()) return "";
  return " AND v.customer_id = " + p.Add(ctx.actor->customer_id.value_or(-1));
}

Result<VisitRow> LoadVisit(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  store::ParamList p;
  std::string sql = std::string(kVisitSelect) + " WHERE v.id = " + p.Add(id) +
                    TenantCondition(ctx, p);
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
  if (rows.empty()) return NotFound("inspection visit");
  return VisitFrom(rows[0], ctx.now);
}

// A linked ticket's id, number and status from a row's ticket_id, ticket_status.
void TicketOf(const store::Row& r, std::optional<std::int64_t>& id, std::string& number,
              std::string& status) {
  id = r.OptInt("ticket_id");
  if (!id) return;
  number = TicketNumber(*id);
  status = r.OptText("ticket_status").value_or("");
}

VisitItem ItemFrom(const store::Row& r) {
  VisitItem it;
  it.id = r.Int("id");
  it.position = static_cast<int>(r.Int("position"));
  it.spec.section = r.Text("section");
  it.spec.label = r.Text("label");
  it.spec.kind = ParseItemKind(r.Text("kind")).value_or(ItemKind::kCheck);
  it.spec.unit = r.Text("unit");
  it.spec.threshold = r.OptInt("threshold");
  it.spec.direction =
      ParseDirection(r.OptText("direction").value_or("above")).value_or(Direction::kAbove);
  if (auto o = r.OptText("outcome")) it.outcome = ParseOutcome(*o);
  it.number = r.OptInt("number");
  it.text = r.Text("text");
  TicketOf(r, it.ticket_id, it.ticket_number, it.ticket_status);
  return it;
}

Status LoadItems(store::Transaction& tx, Visit& v) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT i.id, i.position, i.section, i.label, i.kind, i.unit, i.threshold, "
               "i.direction, i.outcome, i.number, i.text, i.ticket_id, tk.status AS "
               "ticket_status FROM inspection_items i LEFT JOIN tickets tk ON tk.id = i.ticket_id "
               "WHERE i.visit_id = $1 ORDER BY i.position",
               {v.id}));
  std::map<std::int64_t, std::size_t> index;
  for (const auto& r : rows) {
    index[r.Int("id")] = v.items.size();
    v.items.push_back(ItemFrom(r));
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto photos, tx.Query("SELECT id, item_id, sha256, size, content_type FROM inspection_photos "
                            "WHERE visit_id = $1 ORDER BY id",
                            {v.id}));
  for (const auto& r : photos) {
    auto at = index.find(r.Int("item_id"));
    if (at == index.end()) continue;
    v.items[at->second].photos.push_back(
        {r.Int("id"), r.Text("content_type"), r.Text("sha256"), r.Int("size")});
  }
  return {};
}

Result<Visit> Reload(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(VisitRow vr, LoadVisit(tx, ctx, id));
  AFTERCARE_RETURN_IF_ERROR(LoadItems(tx, vr.visit));
  return vr.visit;
}

enum class Step : std::uint8_t { kFill, kSubmit, kConfirm, kSign };

// A step the visit's state does not allow: kConflict naming `state`.
Error WrongState(VisitState s, Step step) {
  const std::string now(Name(s));
  switch (step) {
    case Step::kFill:
      return Error{ErrorCode::kConflict,
                   "the visit is " + now + ": its checklist can no longer be changed", "state", 0,
                   {}};
    case Step::kSubmit:
      return Error{ErrorCode::kConflict,
                   "the visit is " + now + ": only a visit being filled can be submitted", "state",
                   0, {}};
    case Step::kConfirm:
      return Error{ErrorCode::kConflict,
                   "the visit is " + now + ": only a submitted visit can be confirmed", "state", 0,
                   {}};
    case Step::kSign:
      break;
  }
  return Error{ErrorCode::kConflict, "the visit is " + now + ": only a submitted visit can be signed",
               "state", 0, {}};
}

// The visit's engineer, an engineer or team leader of its team, or a manager.
Status RequireFiller(store::Transaction& tx, const Context& ctx, const Visit& v) {
  if (ctx.actor->role == Role::kManager || v.engineer_id == ctx.actor->user_id) return {};
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT team_id FROM users WHERE id = $1", {ctx.actor->user_id}));
  std::optional<std::int64_t> team = v.team_id;
  if (!team && v.engineer_id) {
    AFTERCARE_ASSIGN_OR_RETURN(auto e,
                               tx.Query("SELECT team_id FROM users WHERE id = $1", {*v.engineer_id}));
    if (!e.empty()) team = e[0].OptInt("team_id");
  }
  if (!rows.empty() && team && rows[0].OptInt("team_id") == team) return {};
  return Error{ErrorCode::kForbidden, "only the visit's engineer or team fills its checklist",
               {}, 0, {}};
}

Result<VisitRow> ForFilling(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(VisitRow vr, LoadVisit(tx, ctx, id));
  AFTERCARE_RETURN_IF_ERROR(RequireFiller(tx, ctx, vr.visit));
  const VisitState s = vr.visit.state;
  if (s != VisitState::kPlanned && s != VisitState::kInProgress) {
    return WrongState(s, Step::kFill);
  }
  return vr;
}

Result<store::Row> LoadItemRow(store::Transaction& tx, std::int64_t visit_id,
                               std::int64_t item_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id, kind, threshold, direction, label, section FROM "
                          "inspection_items WHERE id = $1 AND visit_id = $2",
                          {item_id, visit_id}));
  if (rows.empty()) return Error::Invalid("item_id: no such item on this visit", 0, "item_id");
  return rows[0];
}

Status Touch(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  return tx.Exec(
      "UPDATE inspection_visits SET state = CASE WHEN state = 'planned' THEN 'in_progress' ELSE "
      "state END, updated_at = $1 WHERE id = $2",
      {ctx.now.unix, id});
}

std::optional<Outcome> NumberOutcome(const store::Row& item, std::optional<std::int64_t> n) {
  if (!n) return std::nullopt;
  const std::int64_t limit = item.OptInt("threshold").value_or(0);
  const bool below = item.OptText("direction").value_or("above") == "below";
  return (below ? *n < limit : *n > limit) ? Outcome::kFail : Outcome::kPass;
}

Status CheckFill(const store::Row& item, const ItemFill& f) {
  const std::string kind = item.Text("kind");
  if (f.outcome && kind != "check") {
    return Error::Invalid("outcome is only for pass/flag/fail items", 0, "outcome");
  }
  if (f.number && kind != "number") {
    return Error::Invalid("number is only for number items", 0, "number");
  }
  if (f.number && *f.number && (**f.number < -kMaxNumber || **f.number > kMaxNumber)) {
    return Error::Invalid("number must be between -1000000000 and 1000000000", 0, "number");
  }
  if (f.text) AFTERCARE_RETURN_IF_ERROR(CheckLength(*f.text, kMaxTextChars, "text"));
  return {};
}

bool IsImage(const std::string& b, std::string& type) {
  if (b.size() >= 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) {
    type = "image/png";
  } else if (b.size() >= 3 && b.compare(0, 3, "\xff\xd8\xff") == 0) {
    type = "image/jpeg";
  } else if (b.size() >= 12 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0) {
    type = "image/webp";
  } else {
    return false;
  }
  return true;
}

// The visit's calendar entry, as planned or done.
Status PutEntry(store::Transaction& tx, const VisitRow& vr, calendar::State state) {
  AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Locate(vr.tz));
  return PutVisitEntry(tx, vr.visit, tz, state);
}

// A failed item's ticket: the finding as its description (OPS-1).
Result<std::int64_t> OpenTicket(store::Transaction& tx, const Context& ctx, const Visit& v,
                                const VisitItem& it) {
  NewTicket t;
  t.customer_id = v.customer_id;
  t.contract_id = v.contract_id;
  t.system_id = v.system_id;
  t.channel = sla::Channel::kOnsite;
  t.type = sla::TicketType::kHealthCheck;
  t.priority = sla::Priority::kP3;
  t.title = "巡检发现：" + it.spec.section + " / " + it.spec.label;
  std::string finding = it.text;
  if (it.number) {
    finding = std::to_string(*it.number) + " " + it.spec.unit + " (" +
              (it.spec.direction == Direction::kBelow ? "< " : "> ") +
              std::to_string(it.spec.threshold.value_or(0)) + " " + it.spec.unit + ")" +
              (finding.empty() ? "" : "\n" + finding);
  }
  t.description = "巡检 " + FormatDate(v.planned_on) + "（" + v.system_name + "）\n" +
                  it.spec.section + " / " + it.spec.label + "\n" + finding;
  AFTERCARE_ASSIGN_OR_RETURN(Ticket made, CreateTicket(tx, ctx, std::move(t)));
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("UPDATE inspection_items SET ticket_id = $1 WHERE id = $2", {made.id, it.id}));
  return made.id;
}

Status CheckComplete(const Visit& v) {
  for (const auto& it : v.items) {
    const bool missing = (it.spec.kind == ItemKind::kCheck && !it.outcome) ||
                         (it.spec.kind == ItemKind::kNumber && !it.number);
    if (missing) {
      return Error::Invalid("every pass/flag/fail item needs an outcome and every number item a "
                            "number: " + it.spec.label + " is missing",
                            0, "items");
    }
  }
  return {};
}

Result<Visit> Finish(store::Transaction& tx, const Context& ctx, const VisitRow& vr,
                     const std::string& kind) {
  AFTERCARE_RETURN_IF_ERROR(PutEntry(tx, vr, calendar::State::kDone));
  AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "confirm", "inspection_visit",
                                  std::to_string(vr.visit.id), nullptr,
                                  {{"kind", kind}, {"signer_name", vr.visit.signer_name}},
                                  vr.visit.customer_id));
  return Reload(tx, ctx, vr.visit.id);
}

}  // namespace

Result<VisitPage> ListVisits(store::Database& db, const Context& ctx, const VisitFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  store::ParamList p;
  std::string where = " WHERE 1 = 1" + TenantCondition(ctx, p);
  if (f.contract_id) where += " AND v.contract_id = " + p.Add(*f.contract_id);
  if (f.customer_id) where += " AND v.customer_id = " + p.Add(*f.customer_id);
  if (f.engineer_id) where += " AND v.engineer_id = " + p.Add(*f.engineer_id);
  if (f.team_id || f.my_team) {
    const std::string team =
        f.my_team ? "(SELECT team_id FROM users WHERE id = " + p.Add(ctx.actor->user_id) + ")"
                  : p.Add(*f.team_id);
    where += " AND (v.team_id = " + team +
             " OR v.engineer_id IN (SELECT id FROM users WHERE team_id = " + team + "))";
  }
  const std::string overdue =
      " AND v.state <> 'confirmed' AND v.overdue_at <= " + p.Add(ctx.now.unix);
  std::string sql = std::string(kVisitSelect) + where;
  const std::string count_sql =
      "SELECT COUNT(*) AS n FROM inspection_visits v" + where + overdue;
  if (f.state) sql += " AND v.state = " + p.Add(std::string(Name(*f.state)));
  if (f.overdue) sql += overdue;
  AFTERCARE_ASSIGN_OR_RETURN(auto after, ReadIdCursor(f.cursor));
  if (after) sql += " AND v.id < " + p.Add(*after);
  sql += " ORDER BY v.id DESC LIMIT " + std::to_string(f.limit + 1);
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<VisitPage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    VisitPage page;
    page.next_cursor = TakePage(
        rows, f.limit, [&](const store::Row& r) { return VisitFrom(r, ctx.now).visit; },
        page.items);
    AFTERCARE_ASSIGN_OR_RETURN(auto n, tx.Query(count_sql, p.values()));
    page.overdue = n.empty() ? 0 : n[0].Int("n");
    return page;
  });
}

Result<Visit> GetVisit(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto v = InTransaction(db, false,
                         [&](store::Transaction& tx) { return Reload(tx, ctx, id); });
  if (!v.ok() || !ctx.actor->vendor()) return v;
  AFTERCARE_RETURN_IF_ERROR(
      AuditRead(db, ctx, "inspection_visit", std::to_string(id), v->customer_id));
  return v;
}

Result<Visit> FillItem(store::Database& db, const Context& ctx, std::int64_t visit_id,
                       std::int64_t item_id, const ItemFill& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kInspectionFillers));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Visit> {
    AFTERCARE_ASSIGN_OR_RETURN(VisitRow vr, ForFilling(tx, ctx, visit_id));
    AFTERCARE_ASSIGN_OR_RETURN(store::Row item, LoadItemRow(tx, visit_id, item_id));
    AFTERCARE_RETURN_IF_ERROR(CheckFill(item, f));
    if (f.outcome) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec("UPDATE inspection_items SET outcome = $1 WHERE id = $2",
                                        {std::string(Name(*f.outcome)), item_id}));
    }
    if (f.number) {
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("UPDATE inspection_items SET number = $1, outcome = $2 WHERE id = $3",
                  {OrNull(*f.number), NameOrNull(NumberOutcome(item, *f.number)), item_id}));
    }
    if (f.text) {
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("UPDATE inspection_items SET text = $1 WHERE id = $2", {*f.text, item_id}));
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE inspection_items SET updated_at = $1, updated_by = $2 WHERE id = $3",
                {ctx.now.unix, ctx.actor->user_id, item_id}));
    AFTERCARE_RETURN_IF_ERROR(Touch(tx, ctx, visit_id));
    return Reload(tx, ctx, vr.visit.id);
  });
}

Result<Visit> AddPhoto(store::Database& db, const Context& ctx, const std::string& blob_dir,
                       std::int64_t visit_id, std::int64_t item_id, const std::string&,
                       const std::string& bytes) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kInspectionFillers));
  std::string type;
  if (bytes.empty() || bytes.size() > kMaxPhotoBytes) {
    return Error::Invalid("a photo must be 1 byte to 5 MB", 0, "photo");
  }
  if (!IsImage(bytes, type)) {
    return Error::Invalid("a photo must be a PNG, JPEG or WebP image", 0, "photo");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Visit> {
    AFTERCARE_ASSIGN_OR_RETURN(VisitRow vr, ForFilling(tx, ctx, visit_id));
    AFTERCARE_ASSIGN_OR_RETURN(store::Row item, LoadItemRow(tx, visit_id, item_id));
    if (item.Text("kind") != "photos") {
      return Error::Invalid("photos go to a photos item", 0, "item_id");
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto n, tx.Query("SELECT COUNT(*) AS n FROM inspection_photos WHERE item_id = $1",
                         {item_id}));
    if (static_cast<std::size_t>(n.at(0).Int("n")) >= kMaxPhotos) {
      return Error::Invalid("an item holds at most 6 photos", 0, "photos");
    }
    AFTERCARE_ASSIGN_OR_RETURN(std::string sha, StoreBlob(blob_dir, bytes));
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO inspection_photos (item_id, visit_id, sha256, size, content_type, "
        "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {item_id, visit_id, sha, static_cast<std::int64_t>(bytes.size()), type,
         ctx.actor->user_id, ctx.now.unix}));
    AFTERCARE_RETURN_IF_ERROR(Touch(tx, ctx, visit_id));
    return Reload(tx, ctx, vr.visit.id);
  });
}

Result<std::pair<std::string, std::string>> ReadPhoto(store::Database& db, const Context& ctx,
                                                      const std::string& blob_dir,
                                                      std::int64_t visit_id,
                                                      std::int64_t photo_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<store::Row>> {
        AFTERCARE_RETURN_IF_ERROR(LoadVisit(tx, ctx, visit_id).status());
        return tx.Query("SELECT sha256, size, content_type FROM inspection_photos WHERE id = $1 "
                        "AND visit_id = $2",
                        {photo_id, visit_id});
      }));
  if (rows.empty()) return NotFound("photo");
  AFTERCARE_ASSIGN_OR_RETURN(std::string bytes,
                             ReadBlob(blob_dir, rows[0].Text("sha256"), rows[0].Int("size")));
  return std::make_pair(std::move(bytes), rows[0].Text("content_type"));
}

Result<std::pair<std::string, std::string>> ReadSignature(store::Database& db,
                                                          const Context& ctx,
                                                          const std::string& blob_dir,
                                                          std::int64_t visit_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  AFTERCARE_ASSIGN_OR_RETURN(VisitRow vr, InTransaction(db, false, [&](store::Transaction& tx) {
                               return LoadVisit(tx, ctx, visit_id);
                             }));
  if (vr.signature_sha.empty()) return NotFound("signature");
  AFTERCARE_ASSIGN_OR_RETURN(std::string bytes,
                             ReadBlob(blob_dir, vr.signature_sha, vr.signature_size));
  return std::make_pair(std::move(bytes), std::string("image/png"));
}

Result<Visit> Submit(store::Database& db, const Context& ctx, std::int64_t visit_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kInspectionFillers));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Visit> {
    AFTERCARE_ASSIGN_OR_RETURN(VisitRow vr, LoadVisit(tx, ctx, visit_id));
    AFTERCARE_RETURN_IF_ERROR(RequireFiller(tx, ctx, vr.visit));
    if (vr.visit.state != VisitState::kPlanned && vr.visit.state != VisitState::kInProgress) {
      return WrongState(vr.visit.state, Step::kSubmit);
    }
    AFTERCARE_RETURN_IF_ERROR(LoadItems(tx, vr.visit));
    AFTERCARE_RETURN_IF_ERROR(CheckComplete(vr.visit));
    json tickets = json::array();
    for (const auto& it : vr.visit.items) {
      if (it.outcome != Outcome::kFail || it.ticket_id) continue;
      AFTERCARE_ASSIGN_OR_RETURN(std::int64_t t, OpenTicket(tx, ctx, vr.visit, it));
      tickets.push_back(t);
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE inspection_visits SET state = 'submitted', submitted_at = $1, submitted_by = $2, "
        "updated_at = $1 WHERE id = $3",
        {ctx.now.unix, ctx.actor->user_id, visit_id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "submit", "inspection_visit",
                                    std::to_string(visit_id), nullptr, {{"tickets", tickets}},
                                    vr.visit.customer_id));
    return Reload(tx, ctx, visit_id);
  });
}

Result<Visit> Confirm(store::Database& db, const Context& ctx, std::int64_t visit_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kInspectionConfirmers));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Visit> {
    AFTERCARE_ASSIGN_OR_RETURN(VisitRow vr, LoadVisit(tx, ctx, visit_id));
    if (vr.visit.state != VisitState::kSubmitted) {
      return WrongState(vr.visit.state, Step::kConfirm);
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE inspection_visits SET state = 'confirmed', confirmed_at = $1, "
                "confirmed_by = $2, confirm_kind = 'portal', updated_at = $1 WHERE id = $3",
                {ctx.now.unix, ctx.actor->user_id, visit_id}));
    return Finish(tx, ctx, vr, "portal");
  });
}

Result<Visit> Sign(store::Database& db, const Context& ctx, const std::string& blob_dir,
                   std::int64_t visit_id, const std::string& signer_name,
                   const std::string& png) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kInspectionFillers));
  AFTERCARE_RETURN_IF_ERROR(RequireText(signer_name, "name"));
  AFTERCARE_RETURN_IF_ERROR(CheckLength(signer_name, kMaxSignerChars, "name"));
  std::string type;
  if (png.empty() || png.size() > kMaxSignatureBytes || !IsImage(png, type) ||
      type != "image/png") {
    return Error::Invalid("a signature must be a PNG image of at most 200 KB", 0, "signature");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Visit> {
    AFTERCARE_ASSIGN_OR_RETURN(VisitRow vr, LoadVisit(tx, ctx, visit_id));
    AFTERCARE_RETURN_IF_ERROR(RequireFiller(tx, ctx, vr.visit));
    if (vr.visit.state != VisitState::kSubmitted) {
      return WrongState(vr.visit.state, Step::kSign);
    }
    AFTERCARE_ASSIGN_OR_RETURN(std::string sha, StoreBlob(blob_dir, png));
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE inspection_visits SET state = 'confirmed', confirmed_at = $1, confirm_kind = "
        "'signature', signer_name = $2, signature_sha256 = $3, signature_size = $4, updated_at "
        "= $1 WHERE id = $5",
        {ctx.now.unix, signer_name, sha, static_cast<std::int64_t>(png.size()), visit_id}));
    vr.visit.signer_name = signer_name;
    return Finish(tx, ctx, vr, "signature");
  });
}

Status RunOverdue(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const std::int64_t id = job.payload.value("visit_id", std::int64_t{0});
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(std::string(kVisitSelect) + " WHERE v.id = $1", {id}));
  if (rows.empty()) return {};
  const Visit v = VisitFrom(rows[0], now).visit;
  if (!v.overdue) return {};
  std::vector<Person> people;
  if (v.engineer_id) people.push_back({*v.engineer_id, v.engineer_name});
  AFTERCARE_ASSIGN_OR_RETURN(
      auto leaders,
      tx.Query("SELECT u.id, u.display_name FROM teams t JOIN users u ON u.id = t.leader_id WHERE "
               "u.disabled = 0 AND t.id = COALESCE($1, (SELECT team_id FROM users WHERE id = $2))",
               {OrNull(v.team_id), OrNull(v.engineer_id)}));
  for (const auto& r : leaders) {
    if (r.Int("id") != v.engineer_id) people.push_back({r.Int("id"), r.Text("display_name")});
  }
  if (people.empty()) return {};
  Announcement a;
  a.kind = NotificationKind::kInspectionOverdue;
  a.event_key = "inspection_overdue:" + std::to_string(v.id);
  a.contract_id = v.contract_id;
  a.team_id = v.team_id;
  a.data = {{"visit_id", v.id},
            {"customer", v.customer_name},
            {"system", v.system_name},
            {"planned_on", FormatDate(v.planned_on)}};
  return Announce(tx, a, people, now).status();
}

Result<std::vector<InspectionFinding>> ListFindings(store::Transaction& tx,
                                                    std::int64_t contract_id, Instant from,
                                                    Instant to) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT v.id AS visit_id, v.planned_on, s.name AS system_name, i.section, i.label, "
               "i.outcome, i.text, i.number, i.unit, i.ticket_id, tk.status AS ticket_status FROM "
               "inspection_items i JOIN inspection_visits v ON v.id = i.visit_id JOIN systems s "
               "ON s.id = v.system_id LEFT JOIN tickets tk ON tk.id = i.ticket_id WHERE "
               "v.contract_id = $1 AND v.state = 'confirmed' AND v.confirmed_at >= $2 AND "
               "v.confirmed_at < $3 AND i.outcome IN ('fail', 'flag') ORDER BY v.planned_on, "
               "v.id, i.position",
               {contract_id, from.unix, to.unix}));
  std::vector<InspectionFinding> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    InspectionFinding f;
    f.visit_id = r.Int("visit_id");
    f.visit_date = StoredDate(r.Text("planned_on"));
    f.system_name = r.Text("system_name");
    f.section = r.Text("section");
    f.label = r.Text("label");
    f.outcome = ParseOutcome(r.Text("outcome")).value_or(Outcome::kFail);
    f.text = r.Text("text");
    f.number = r.OptInt("number");
    f.unit = r.Text("unit");
    TicketOf(r, f.ticket_id, f.ticket_number, f.ticket_status);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace aftercare::service::inspections
