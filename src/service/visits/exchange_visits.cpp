// Exchange visits (OPS-5; seed 7.8.2.1.6 定期访问交流): see visits.h.
#include <array>
#include <cstdio>
#include <map>
#include <set>

#include "service/audit/audit.h"
#include "service/calendar/calendar.h"
#include "service/closed_sets.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/roles.h"
#include "service/tx.h"
#include "service/visits/visits.h"
#include "service/visits/visits_common.h"

namespace aftercare::service::visits {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> kPriorityNames = {"high", "medium", "low"};
constexpr std::array<std::string_view, 2> kFindingNames = {"problem", "risk"};
constexpr Seconds kMinDuration = 3600, kMaxDuration = 3 * kSecondsPerDay;

constexpr const char* kExchangeSelect =
    "SELECT x.id, x.contract_id, k.number AS contract_number, k.tz, x.customer_id, cu.name AS "
    "customer_name, x.title, x.state, x.planned_at, x.ends_at, x.held_at, x.participants, "
    "x.system_state, x.findings, x.recommendations, x.internal_notes, x.report_id, "
    "x.cancel_reason, ru.display_name AS recorded_by_name FROM exchange_visits x JOIN contracts k "
    "ON k.id = x.contract_id JOIN customers cu ON cu.id = x.customer_id LEFT JOIN users ru ON "
    "ru.id = x.recorded_by";

json Parse(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_array() ? j : json::array();
}

ExchangeVisit ExchangeFrom(const store::Row& r, Instant now) {
  ExchangeVisit x;
  x.id = r.Int("id");
  x.contract_id = r.Int("contract_id");
  x.contract_number = r.Text("contract_number");
  x.tz = r.Text("tz");
  x.customer_id = r.Int("customer_id");
  x.customer_name = r.Text("customer_name");
  x.title = r.Text("title");
  x.state = ParseVisitState(r.Text("state")).value_or(VisitState::kPlanned);
  x.planned_at = Instant{r.Int("planned_at")};
  x.ends_at = Instant{r.Int("ends_at")};
  if (auto h = r.OptInt("held_at")) x.held_at = Instant{*h};
  for (const auto& p : Parse(r.Text("participants"))) {
    if (p.is_string()) x.participants.push_back(p.get<std::string>());
  }
  x.system_state = r.Text("system_state");
  for (const auto& f : Parse(r.Text("findings"))) {
    x.findings.push_back({f.value("title", ""), f.value("detail", ""),
                          ParseFindingKind(f.value("kind", "")).value_or(FindingKind::kProblem)});
  }
  for (const auto& f : Parse(r.Text("recommendations"))) {
    x.recommendations.push_back(
        {f.value("title", ""), f.value("detail", ""),
         ParsePriority(f.value("priority", "")).value_or(Priority::kMedium)});
  }
  x.internal_notes = r.Text("internal_notes");
  x.report_id = r.OptInt("report_id");
  x.cancel_reason = r.Text("cancel_reason");
  x.recorded_by_name = r.Text("recorded_by_name");
  x.overdue = x.state == VisitState::kPlanned && x.ends_at.unix < now.unix;
  return x;
}

Result<ExchangeVisit> Load(store::Transaction& tx, std::int64_t id, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(std::string(kExchangeSelect) + " WHERE x.id = $1", {id}));
  if (rows.empty()) return NotFound("exchange visit");
  ExchangeVisit x = ExchangeFrom(rows[0], now);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto experts, tx.Query("SELECT u.id, u.display_name FROM exchange_visit_experts e JOIN "
                             "users u ON u.id = e.user_id WHERE e.visit_id = $1 ORDER BY u.id",
                             {id}));
  for (const auto& e : experts) x.experts.push_back({e.Int("id"), e.Text("display_name")});
  return x;
}

Status CheckParticipants(const std::vector<std::string>& participants) {
  if (participants.size() > kMaxListItems) {
    return Error::Invalid("participants has more than 50 items", 0, "participants");
  }
  for (const auto& p : participants) {
    AFTERCARE_RETURN_IF_ERROR(CheckText(p, "participants", kMaxTitle, true));
  }
  return {};
}

Status CheckExpertCount(const std::vector<std::int64_t>& ids) {
  if (ids.empty() || ids.size() > kMaxListItems) {
    return Error::Invalid("expert_ids must name 1 to 50 vendor users", 0, "expert_ids");
  }
  return {};
}

// The experts of `id` replaced by `ids` (each an enabled vendor user).
Status StoreExperts(store::Transaction& tx, std::int64_t id, const std::vector<std::int64_t>& ids) {
  AFTERCARE_RETURN_IF_ERROR(tx.Exec("DELETE FROM exchange_visit_experts WHERE visit_id = $1", {id}));
  std::set<std::int64_t> seen;
  for (std::int64_t u : ids) {
    if (!seen.insert(u).second) continue;
    AFTERCARE_RETURN_IF_ERROR(VendorUserName(tx, u, "expert_ids").status());
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO exchange_visit_experts (visit_id, user_id) VALUES ($1, $2)", {id, u}));
  }
  return {};
}

Status PutEntry(store::Transaction& tx, const ExchangeVisit& x) {
  calendar::Entry e;
  e.source = calendar::Source::kExchangeVisit;
  e.source_id = x.id;
  e.customer_id = x.customer_id;
  e.contract_id = x.contract_id;
  if (!x.experts.empty()) e.engineer_id = x.experts.front().id;
  e.starts_at = x.held_at.value_or(x.planned_at);
  e.ends_at = e.starts_at + (x.ends_at - x.planned_at);
  e.title = x.title + "：" + x.customer_name;
  e.state = x.state == VisitState::kDone ? calendar::State::kDone : calendar::State::kPlanned;
  return calendar::Put(tx, e);
}

Status CheckRecordLists(const ExchangeRecord& in) {
  if (in.findings.size() > kMaxListItems) {
    return Error::Invalid("findings has more than 50 items", 0, "findings");
  }
  if (in.recommendations.size() > kMaxListItems) {
    return Error::Invalid("recommendations has more than 50 items", 0, "recommendations");
  }
  for (const Finding& f : in.findings) {
    AFTERCARE_RETURN_IF_ERROR(CheckText(f.title, "findings.title", kMaxTitle, true));
    AFTERCARE_RETURN_IF_ERROR(CheckText(f.detail, "findings.detail", kMaxText, false));
  }
  for (const Recommendation& r : in.recommendations) {
    AFTERCARE_RETURN_IF_ERROR(CheckText(r.title, "recommendations.title", kMaxTitle, true));
    AFTERCARE_RETURN_IF_ERROR(CheckText(r.detail, "recommendations.detail", kMaxText, false));
  }
  if (in.participants) AFTERCARE_RETURN_IF_ERROR(CheckParticipants(*in.participants));
  if (in.expert_ids) AFTERCARE_RETURN_IF_ERROR(CheckExpertCount(*in.expert_ids));
  AFTERCARE_RETURN_IF_ERROR(CheckText(in.system_state, "system_state", kMaxText, true));
  return CheckText(in.internal_notes, "internal_notes", kMaxText, false);
}

json FindingsJson(const std::vector<Finding>& v) {
  json j = json::array();
  for (const auto& f : v) j.push_back({{"title", f.title}, {"detail", f.detail}, {"kind", Name(f.kind)}});
  return j;
}
json RecommendationsJson(const std::vector<Recommendation>& v) {
  json j = json::array();
  for (const auto& r : v) {
    j.push_back({{"title", r.title}, {"detail", r.detail}, {"priority", Name(r.priority)}});
  }
  return j;
}

Result<ExchangeVisit> Record(store::Transaction& tx, const Context& ctx, std::int64_t id,
                             const ExchangeRecord& in) {
  AFTERCARE_ASSIGN_OR_RETURN(ExchangeVisit x, Load(tx, id, ctx.now));
  if (x.state != VisitState::kPlanned) {
    return Error{ErrorCode::kConflict, "the exchange visit is already recorded or cancelled", "",
                 0, {}};
  }
  bool expert = false;
  for (const Expert& e : x.experts) expert = expert || e.id == ctx.actor->user_id;
  if (!IsLeaderOrManager(*ctx.actor) && !expert) {
    return Error{ErrorCode::kForbidden,
                 "team leaders, managers or an attending expert record an exchange visit",
                 "",
                 0,
                 {}};
  }
  const Instant held =
      in.held_at.value_or(x.planned_at.unix <= ctx.now.unix ? x.planned_at : ctx.now);
  if (held.unix > ctx.now.unix + 60) {
    return Error::Invalid("held_at must not be in the future", 0, "held_at");
  }
  if (in.expert_ids) AFTERCARE_RETURN_IF_ERROR(StoreExperts(tx, id, *in.expert_ids));
  json participants = json::array();
  for (const auto& p : in.participants.value_or(x.participants)) participants.push_back(p);
  AFTERCARE_RETURN_IF_ERROR(tx.Exec(
      "UPDATE exchange_visits SET state = 'done', held_at = $1, participants = $2, system_state = "
      "$3, findings = $4, recommendations = $5, internal_notes = $6, recorded_by = $7, "
      "updated_at = $8 WHERE id = $9",
      {held.unix, participants.dump(), in.system_state, FindingsJson(in.findings).dump(),
       RecommendationsJson(in.recommendations).dump(), in.internal_notes, ctx.actor->user_id,
       ctx.now.unix, id}));
  AFTERCARE_ASSIGN_OR_RETURN(ExchangeVisit after, Load(tx, id, ctx.now));
  AFTERCARE_RETURN_IF_ERROR(PutEntry(tx, after));
  AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "record", "exchange_visit", std::to_string(id), nullptr,
                                  {{"held_at", held.unix},
                                   {"findings", in.findings.size()},
                                   {"recommendations", in.recommendations.size()}},
                                  x.customer_id));
  return after;
}

// Party A does not read the vendor's internal notes.
ExchangeVisit ForReader(const Context& ctx, ExchangeVisit x) {
  if (!ctx.actor->vendor()) x.internal_notes.clear();
  return x;
}

}  // namespace

std::string_view Name(Priority p) { return NameIn(kPriorityNames, p); }
std::optional<Priority> ParsePriority(std::string_view s) {
  return ParseIn<Priority>(kPriorityNames, s);
}
std::string_view Name(FindingKind k) { return NameIn(kFindingNames, k); }
std::optional<FindingKind> ParseFindingKind(std::string_view s) {
  return ParseIn<FindingKind>(kFindingNames, s);
}

Result<ExchangeVisit> PlanExchangeVisit(store::Database& db, const Context& ctx,
                                        const NewExchangeVisit& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVisitPlanners));
  const std::string title = in.title.empty() ? "定期访问交流" : in.title;
  AFTERCARE_RETURN_IF_ERROR(CheckText(title, "title", kMaxTitle, true));
  if (in.duration < kMinDuration || in.duration > kMaxDuration) {
    return Error::Invalid("duration_minutes must be 60 to 4320", 0, "duration_minutes");
  }
  AFTERCARE_RETURN_IF_ERROR(CheckExpertCount(in.expert_ids));
  AFTERCARE_RETURN_IF_ERROR(CheckParticipants(in.participants));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<ExchangeVisit> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto k, tx.Query("SELECT customer_id FROM contracts WHERE id = $1", {in.contract_id}));
    if (k.empty()) return Error::Invalid("contract_id: no such contract", 0, "contract_id");
    json participants = json::array();
    for (const auto& p : in.participants) participants.push_back(p);
    const std::int64_t customer = k[0].Int("customer_id");
    AFTERCARE_ASSIGN_OR_RETURN(
        auto ins,
        tx.Query("INSERT INTO exchange_visits (contract_id, customer_id, title, state, planned_at, "
                 "ends_at, participants, created_by, created_at, updated_at) VALUES ($1, $2, $3, "
                 "'planned', $4, $5, $6, $7, $8, $8) RETURNING id",
                 {in.contract_id, customer, title, in.planned_at.unix,
                  (in.planned_at + in.duration).unix, participants.dump(), ctx.actor->user_id,
                  ctx.now.unix}));
    const std::int64_t id = ins.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(StoreExperts(tx, id, in.expert_ids));
    AFTERCARE_ASSIGN_OR_RETURN(ExchangeVisit x, Load(tx, id, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(PutEntry(tx, x));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "exchange_visit", std::to_string(id),
                                    nullptr,
                                    {{"contract_id", in.contract_id},
                                     {"planned_at", in.planned_at.unix},
                                     {"experts", in.expert_ids}},
                                    customer));
    return x;
  });
}

Result<ExchangeVisit> RecordExchangeVisit(store::Database& db, const Context& ctx, std::int64_t id,
                                          const ExchangeRecord& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  AFTERCARE_RETURN_IF_ERROR(CheckRecordLists(in));
  return InTransaction(db, true, [&](store::Transaction& tx) { return Record(tx, ctx, id, in); });
}

Result<ExchangeVisit> CancelExchangeVisit(store::Database& db, const Context& ctx, std::int64_t id,
                                          const std::string& reason) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVisitPlanners));
  AFTERCARE_RETURN_IF_ERROR(CheckText(reason, "reason", kMaxTitle, false));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<ExchangeVisit> {
    AFTERCARE_ASSIGN_OR_RETURN(ExchangeVisit x, Load(tx, id, ctx.now));
    if (x.state != VisitState::kPlanned) {
      return Error{ErrorCode::kConflict, "only a planned exchange visit can be cancelled", "", 0,
                   {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE exchange_visits SET state = 'cancelled', cancel_reason = $1, updated_at = "
                "$2 WHERE id = $3",
                {reason, ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(calendar::Remove(tx, calendar::Source::kExchangeVisit, id));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "cancel", "exchange_visit", std::to_string(id),
                                    nullptr, {{"reason", reason}}, x.customer_id));
    return Load(tx, id, ctx.now);
  });
}

Result<ExchangeVisit> GetExchangeVisit(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(
      db, ctx.actor->vendor(), [&](store::Transaction& tx) -> Result<ExchangeVisit> {
        AFTERCARE_ASSIGN_OR_RETURN(ExchangeVisit x, Load(tx, id, ctx.now));
        AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, x.customer_id, "exchange visit"));
        if (!ctx.actor->vendor() && x.state == VisitState::kCancelled) {
          return NotFound("exchange visit");
        }
        if (ctx.actor->vendor()) {
          AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "read", "exchange_visit", std::to_string(id),
                                          nullptr, nullptr, x.customer_id));
        }
        return ForReader(ctx, std::move(x));
      });
}

Result<ExchangePage> ListExchangeVisits(store::Database& db, const Context& ctx,
                                        const ExchangeFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  AFTERCARE_ASSIGN_OR_RETURN(auto after, ReadIdCursor(f.cursor));
  std::string sql = std::string(kExchangeSelect) + " WHERE 1 = 1";
  store::ParamList p;
  if (!ctx.actor->vendor()) {
    sql += " AND x.customer_id = " + p.Add(ctx.actor->customer_id.value_or(-1)) +
           " AND x.state <> 'cancelled'";
  }
  if (f.contract_id) sql += " AND x.contract_id = " + p.Add(*f.contract_id);
  if (f.customer_id) sql += " AND x.customer_id = " + p.Add(*f.customer_id);
  if (f.state) sql += " AND x.state = " + p.Add(std::string(Name(*f.state)));
  if (after) sql += " AND x.id < " + p.Add(*after);
  sql += " ORDER BY x.id DESC LIMIT " + std::to_string(f.limit + 1);
  AFTERCARE_ASSIGN_OR_RETURN(
      ExchangePage page,
      InTransaction(db, false, [&](store::Transaction& tx) -> Result<ExchangePage> {
        AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
        ExchangePage pg;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(f.limit); ++i) {
          AFTERCARE_ASSIGN_OR_RETURN(ExchangeVisit x, Load(tx, rows[i].Int("id"), ctx.now));
          pg.items.push_back(ForReader(ctx, std::move(x)));
        }
        if (rows.size() > static_cast<std::size_t>(f.limit)) {
          pg.next_cursor = IdCursor(pg.items.back().id);
        }
        return pg;
      }));
  if (!ctx.actor->vendor()) return page;
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const ExchangeVisit& x : page.items) ++by_customer[x.customer_id];
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(db, ctx, "list", "exchange_visit", "",
                                                 {{"returned", page.items.size()}}, by_customer));
  return page;
}

Status SetExchangeReport(store::Transaction& tx, std::int64_t id, std::int64_t contract_id,
                         std::int64_t report_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT contract_id FROM exchange_visits WHERE id = $1", {id}));
  if (rows.empty()) return NotFound("exchange visit");
  if (rows[0].Int("contract_id") != contract_id) {
    return Error::Invalid("the exchange visit is of another contract", 0, "exchange_visit_id");
  }
  return tx.Exec("UPDATE exchange_visits SET report_id = $1 WHERE id = $2", {report_id, id});
}

}  // namespace aftercare::service::visits
