#include "service/visits/visits.h"

#include <array>
#include <cstdio>
#include <map>

#include "service/audit/audit.h"
#include "service/calendar/calendar.h"
#include "service/closed_sets.h"
#include "service/deliveries/deliveries.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/roles.h"
#include "service/contracts/contracts.h"
#include "service/tickets/tickets.h"
#include "service/tx.h"
#include "service/visits/visits_common.h"

namespace aftercare::service::visits {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kMethodNames = {"phone", "email", "onsite", "im", "fax"};
constexpr std::array<std::string_view, 3> kStateNames = {"planned", "done", "cancelled"};
constexpr std::size_t kMaxPlans = 1000;

constexpr const char* kVisitSelect =
    "SELECT v.id, v.customer_id, cu.name AS customer_name, COALESCE(p.key_customer, 0) AS "
    "key_customer, v.state, v.responsible_id, ru.display_name AS responsible_name, v.visitor_id, "
    "vu.display_name AS visitor_name, v.collated_by, cb.display_name AS collated_by_name, "
    "v.due_at, v.visited_at, v.collation_due_at, v.collated_at, v.method, v.contact_person, "
    "v.topics, v.problems, v.opinions, v.summary, v.strategy, v.cancel_reason, "
    "COALESCE(v.visited_at, v.due_at) AS sort_at FROM return_visits v JOIN customers cu ON cu.id "
    "= v.customer_id LEFT JOIN return_visit_plans p ON p.customer_id = v.customer_id LEFT JOIN "
    "users ru ON ru.id = v.responsible_id LEFT JOIN users vu ON vu.id = v.visitor_id LEFT JOIN "
    "users cb ON cb.id = v.collated_by";

constexpr const char* kActionSelect =
    "SELECT a.id, a.visit_id, v.customer_id, cu.name AS customer_name, a.title, a.owner_id, "
    "ou.display_name AS owner_name, a.due_at, a.done_at, db.display_name AS done_by_name, a.note "
    "FROM visit_actions a JOIN return_visits v ON v.id = a.visit_id JOIN customers cu ON cu.id = "
    "v.customer_id LEFT JOIN users ou ON ou.id = a.owner_id LEFT JOIN users db ON db.id = "
    "a.done_by";

std::optional<Instant> OptInstant(const store::Row& r, std::string_view col) {
  auto v = r.OptInt(col);
  if (!v) return std::nullopt;
  return Instant{*v};
}

ReturnVisit VisitFrom(const store::Row& r, Instant now) {
  ReturnVisit v;
  v.id = r.Int("id");
  v.customer_id = r.Int("customer_id");
  v.customer_name = r.Text("customer_name");
  v.key_customer = r.Int("key_customer") != 0;
  v.state = ParseVisitState(r.Text("state")).value_or(VisitState::kPlanned);
  v.responsible_id = r.OptInt("responsible_id");
  v.responsible_name = r.Text("responsible_name");
  v.visitor_id = r.OptInt("visitor_id");
  v.visitor_name = r.Text("visitor_name");
  v.collated_by = r.OptInt("collated_by");
  v.collated_by_name = r.Text("collated_by_name");
  v.due_at = Instant{r.Int("due_at")};
  v.visited_at = OptInstant(r, "visited_at");
  v.collation_due_at = OptInstant(r, "collation_due_at");
  v.collated_at = OptInstant(r, "collated_at");
  if (auto m = r.OptText("method")) v.method = ParseMethod(*m);
  v.contact_person = r.Text("contact_person");
  v.topics = r.Text("topics");
  v.problems = r.Text("problems");
  v.opinions = r.Text("opinions");
  v.summary = r.Text("summary");
  v.strategy = r.Text("strategy");
  v.cancel_reason = r.Text("cancel_reason");
  v.overdue = v.state == VisitState::kPlanned && v.due_at.unix < now.unix;
  v.awaiting_collation = v.state == VisitState::kDone && !v.collated_at;
  v.collation_overdue =
      v.awaiting_collation && v.collation_due_at && v.collation_due_at->unix < now.unix;
  return v;
}

Action ActionFrom(const store::Row& r, Instant now) {
  Action a;
  a.id = r.Int("id");
  a.visit_id = r.Int("visit_id");
  a.customer_id = r.Int("customer_id");
  a.customer_name = r.Text("customer_name");
  a.title = r.Text("title");
  a.owner_id = r.Int("owner_id");
  a.owner_name = r.Text("owner_name");
  a.due_at = Instant{r.Int("due_at")};
  a.done_at = OptInstant(r, "done_at");
  a.done_by_name = r.Text("done_by_name");
  a.note = r.Text("note");
  a.overdue = !a.done_at && a.due_at.unix < now.unix;
  return a;
}

Result<ReturnVisit> LoadVisit(store::Transaction& tx, std::int64_t id, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kVisitSelect) + " WHERE v.id = $1",
                                                 {id}));
  if (rows.empty()) return NotFound("return visit");
  ReturnVisit v = VisitFrom(rows[0], now);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto actions,
      tx.Query(std::string(kActionSelect) + " WHERE a.visit_id = $1 ORDER BY a.id", {id}));
  for (const auto& r : actions) v.actions.push_back(ActionFrom(r, now));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto tickets, tx.Query("SELECT t.id, t.title, t.status FROM return_visit_tickets l JOIN "
                             "tickets t ON t.id = l.ticket_id WHERE l.visit_id = $1 ORDER BY t.id",
                             {id}));
  for (const auto& r : tickets) {
    v.tickets.push_back(
        {r.Int("id"), TicketNumber(r.Int("id")), r.Text("title"), r.Text("status")});
  }
  return v;
}

// The follow-up actions of a page of visits, in one query.
Status LoadActions(store::Transaction& tx, std::vector<ReturnVisit>& visits, Instant now) {
  if (visits.empty()) return {};
  store::ParamList p;
  std::string ids;
  std::map<std::int64_t, ReturnVisit*> by_id;
  for (ReturnVisit& v : visits) {
    ids += (ids.empty() ? "" : ", ") + p.Add(v.id);
    by_id[v.id] = &v;
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string(kActionSelect) + " WHERE a.visit_id IN (" + ids +
                              ") ORDER BY a.id",
                          p.values()));
  for (const auto& r : rows) by_id.at(r.Int("visit_id"))->actions.push_back(ActionFrom(r, now));
  return {};
}

// The calendar entry of a visit that is planned or done.
Status PutEntry(store::Transaction& tx, const ReturnVisit& v) {
  calendar::Entry e;
  e.source = calendar::Source::kReturnVisit;
  e.source_id = v.id;
  e.customer_id = v.customer_id;
  e.engineer_id = v.state == VisitState::kDone && v.visitor_id ? v.visitor_id : v.responsible_id;
  e.starts_at = v.visited_at.value_or(v.due_at);
  e.ends_at = e.starts_at + kVisitLength;
  e.title = std::string(v.key_customer ? "重点客户回访：" : "客户回访：") + v.customer_name;
  e.state = v.state == VisitState::kDone ? calendar::State::kDone : calendar::State::kPlanned;
  return calendar::Put(tx, e);
}

struct PlanRow {
  std::int64_t interval_days = kDefaultIntervalDays;
  std::optional<std::int64_t> responsible_id;
  bool active = false;
};

Result<std::optional<PlanRow>> LoadPlan(store::Transaction& tx, std::int64_t customer_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT interval_days, responsible_id, active FROM return_visit_plans "
                          "WHERE customer_id = $1",
                          {customer_id}));
  if (rows.empty()) return std::optional<PlanRow>();
  return std::optional<PlanRow>(
      PlanRow{rows[0].Int("interval_days"), rows[0].OptInt("responsible_id"),
              rows[0].Int("active") != 0});
}

enum class Reschedule : std::uint8_t { kEnsure, kRecompute };

// The customer's planned visit after `now` (see the header): added when missing;
// kRecompute moves an existing one to the last visit before it + the interval;
// `at` puts it there.
Status ScheduleNext(store::Transaction& tx, std::int64_t customer_id, Instant now,
                    Reschedule mode = Reschedule::kEnsure,
                    std::optional<Instant> at = std::nullopt) {
  AFTERCARE_ASSIGN_OR_RETURN(auto plan, LoadPlan(tx, customer_id));
  if (!plan || !plan->active) return {};
  AFTERCARE_ASSIGN_OR_RETURN(
      auto future, tx.Query("SELECT id FROM return_visits WHERE customer_id = $1 AND state = "
                            "'planned' AND due_at > $2 ORDER BY due_at LIMIT 1",
                            {customer_id, now.unix}));
  std::optional<std::int64_t> existing;
  if (!future.empty()) existing = future[0].Int("id");
  if (existing && !at && mode == Reschedule::kEnsure) return {};
  Instant due;
  if (at) {
    due = *at;
  } else {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto last,
        tx.Query("SELECT MAX(CASE WHEN state = 'done' THEN visited_at ELSE due_at END) AS base "
                 "FROM return_visits WHERE customer_id = $1 AND id <> $2",
                 {customer_id, existing.value_or(0)}));
    const Seconds step = plan->interval_days * kSecondsPerDay;
    if (auto base = last[0].OptInt("base")) {
      due = Instant{*base + step};
      if (due.unix <= now.unix) due = due + ((now.unix - due.unix) / step + 1) * step;
    } else {
      due = now + step;
    }
  }
  std::int64_t id = 0;
  if (existing) {
    id = *existing;
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE return_visits SET due_at = $1, updated_at = $2 WHERE id = $3",
                {due.unix, now.unix, id}));
  } else {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto ins, tx.Query("INSERT INTO return_visits (customer_id, responsible_id, state, due_at, "
                           "created_at, updated_at) VALUES ($1, $2, 'planned', $3, $4, $4) "
                           "RETURNING id",
                           {customer_id, store::OrNull(plan->responsible_id), due.unix, now.unix}));
    id = ins.at(0).Int("id");
  }
  AFTERCARE_ASSIGN_OR_RETURN(ReturnVisit v, LoadVisit(tx, id, now));
  return PutEntry(tx, v);
}

Status CheckPlanInput(const PlanInput& in, Instant now) {
  if (in.interval_days && (*in.interval_days < 1 || *in.interval_days > kMaxIntervalDays)) {
    return Error::Invalid("interval_days must be 1 to 366", 0, "interval_days");
  }
  if (in.next_due_at && in.next_due_at->unix <= now.unix) {
    return Error::Invalid("next_due_at must be in the future", 0, "next_due_at");
  }
  return {};
}

Result<Plan> LoadPlanView(store::Transaction& tx, std::optional<std::int64_t> customer_id,
                          std::vector<Plan>* all) {
  std::string sql =
      "SELECT cu.id AS customer_id, cu.name AS customer_name, p.interval_days, p.key_customer, "
      "p.active, p.responsible_id, u.display_name AS responsible_name, (SELECT MIN(v.id) FROM "
      "return_visits v WHERE v.customer_id = cu.id AND v.state = 'planned' AND v.due_at = (SELECT "
      "MIN(w.due_at) FROM return_visits w WHERE w.customer_id = cu.id AND w.state = 'planned')) "
      "AS next_visit_id, (SELECT MIN(w.due_at) FROM return_visits w WHERE w.customer_id = cu.id "
      "AND w.state = 'planned') AS next_due_at, (SELECT MAX(w.visited_at) FROM return_visits w "
      "WHERE w.customer_id = cu.id AND w.state = 'done') AS last_visited_at FROM customers cu "
      "LEFT JOIN return_visit_plans p ON p.customer_id = cu.id LEFT JOIN users u ON u.id = "
      "p.responsible_id";
  std::vector<store::Value> params;
  if (customer_id) {
    sql += " WHERE cu.id = $1";
    params.push_back(*customer_id);
  }
  sql += " ORDER BY cu.name, cu.id LIMIT " + std::to_string(kMaxPlans);
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  if (rows.empty()) return NotFound("customer");
  Plan first;
  for (const auto& r : rows) {
    Plan p;
    p.customer_id = r.Int("customer_id");
    p.customer_name = r.Text("customer_name");
    p.planned = !r.IsNull("interval_days");
    if (p.planned) p.interval_days = r.Int("interval_days");
    p.key_customer = r.Int("key_customer") != 0;
    p.active = r.Int("active") != 0;
    p.responsible_id = r.OptInt("responsible_id");
    p.responsible_name = r.Text("responsible_name");
    p.next_visit_id = r.OptInt("next_visit_id");
    p.next_due_at = OptInstant(r, "next_due_at");
    p.last_visited_at = OptInstant(r, "last_visited_at");
    if (all) all->push_back(p);
    if (&r == &rows.front()) first = p;
  }
  return first;
}

// The plan row after `in` (created with the defaults when new).
Status StorePlan(store::Transaction& tx, const Context& ctx, std::int64_t customer_id,
                 const PlanInput& in, const std::optional<PlanRow>& before) {
  PlanRow row = before.value_or(PlanRow{kDefaultIntervalDays, std::nullopt, true});
  if (in.interval_days) row.interval_days = *in.interval_days;
  if (in.responsible_id) row.responsible_id = *in.responsible_id;
  if (in.active) row.active = *in.active;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto key, tx.Query("SELECT key_customer FROM return_visit_plans WHERE customer_id = $1",
                         {customer_id}));
  const bool key_customer = in.key_customer.value_or(!key.empty() && key[0].Int("key_customer"));
  return tx.Exec(
      "INSERT INTO return_visit_plans (customer_id, interval_days, key_customer, responsible_id, "
      "active, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT "
      "(customer_id) DO UPDATE SET interval_days = excluded.interval_days, key_customer = "
      "excluded.key_customer, responsible_id = excluded.responsible_id, active = excluded.active, "
      "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
      {customer_id, row.interval_days, std::int64_t{key_customer ? 1 : 0},
       store::OrNull(row.responsible_id), std::int64_t{row.active ? 1 : 0}, ctx.now.unix,
       ctx.actor->user_id});
}

// The planned visits follow the plan: its responsible person; paused: cancelled.
Status FollowPlan(store::Transaction& tx, const Context& ctx, std::int64_t customer_id,
                  const PlanInput& in) {
  AFTERCARE_ASSIGN_OR_RETURN(auto plan, LoadPlan(tx, customer_id));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto planned, tx.Query("SELECT id FROM return_visits WHERE customer_id = $1 AND state = "
                             "'planned' AND due_at > $2",
                             {customer_id, ctx.now.unix}));
  for (const auto& r : planned) {
    const std::int64_t id = r.Int("id");
    if (!plan->active) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(
          "UPDATE return_visits SET state = 'cancelled', cancel_reason = 'plan paused', "
          "updated_at = $1 WHERE id = $2",
          {ctx.now.unix, id}));
      AFTERCARE_RETURN_IF_ERROR(calendar::Remove(tx, calendar::Source::kReturnVisit, id));
      continue;
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec("UPDATE return_visits SET responsible_id = $1 WHERE id = $2",
                                      {store::OrNull(plan->responsible_id), id}));
    AFTERCARE_ASSIGN_OR_RETURN(ReturnVisit v, LoadVisit(tx, id, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(PutEntry(tx, v));
  }
  const Reschedule mode = in.interval_days ? Reschedule::kRecompute : Reschedule::kEnsure;
  return ScheduleNext(tx, customer_id, ctx.now, mode, in.next_due_at);
}

Status CheckRecord(const VisitRecord& in, Instant now) {
  AFTERCARE_RETURN_IF_ERROR(CheckText(in.contact_person, "contact_person", kMaxTitle, false));
  AFTERCARE_RETURN_IF_ERROR(CheckText(in.topics, "topics", kMaxText, true));
  AFTERCARE_RETURN_IF_ERROR(CheckText(in.problems, "problems", kMaxText, false));
  AFTERCARE_RETURN_IF_ERROR(CheckText(in.opinions, "opinions", kMaxText, false));
  if (in.visited_at && in.visited_at->unix > now.unix + 60) {
    return Error::Invalid("visited_at must not be in the future", 0, "visited_at");
  }
  if (in.actions.size() > kMaxListItems) {
    return Error::Invalid("actions has more than 50 items", 0, "actions");
  }
  const Instant at = in.visited_at.value_or(now);
  for (const NewAction& a : in.actions) {
    AFTERCARE_RETURN_IF_ERROR(CheckText(a.title, "actions.title", kMaxTitle, true));
    if (a.due_at.unix < at.unix) {
      return Error::Invalid("a follow-up action is due after the visit", 0, "actions.due_at");
    }
  }
  return {};
}

jobs::NewJob CollationJob(std::int64_t visit_id, std::string_view stage, Instant at) {
  return jobs::NewJob{std::string(kCollationJob),
                      "visits.collation:" + std::to_string(visit_id) + ":" + std::string(stage),
                      {{"visit_id", visit_id}, {"stage", stage}},
                      at,
                      std::nullopt};
}

// The record's actions, and the jobs that watch them and the collation.
Status StoreActions(store::Transaction& tx, const Context& ctx, std::int64_t visit_id,
                    const VisitRecord& in, Instant collation_due) {
  for (const NewAction& a : in.actions) {
    AFTERCARE_RETURN_IF_ERROR(VendorUserName(tx, a.owner_id, "actions.owner_id").status());
    AFTERCARE_ASSIGN_OR_RETURN(
        auto ins, tx.Query("INSERT INTO visit_actions (visit_id, title, owner_id, due_at) VALUES "
                           "($1, $2, $3, $4) RETURNING id",
                           {visit_id, a.title, a.owner_id, a.due_at.unix}));
    const std::int64_t id = ins.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(jobs::Enqueue(tx,
                                            jobs::NewJob{std::string(kActionJob),
                                                         "visits.action:" + std::to_string(id),
                                                         {{"action_id", id}},
                                                         a.due_at,
                                                         std::nullopt},
                                            ctx.now)
                                  .status());
  }
  AFTERCARE_RETURN_IF_ERROR(
      jobs::Enqueue(tx, CollationJob(visit_id, "soon", collation_due - kSecondsPerDay), ctx.now)
          .status());
  return jobs::Enqueue(tx, CollationJob(visit_id, "overdue", collation_due), ctx.now).status();
}

Result<ReturnVisit> Record(store::Transaction& tx, const Context& ctx,
                           std::optional<std::int64_t> visit_id, const VisitRecord& in) {
  std::int64_t id = 0;
  std::int64_t customer_id = in.customer_id;
  if (visit_id) {
    AFTERCARE_ASSIGN_OR_RETURN(ReturnVisit v, LoadVisit(tx, *visit_id, ctx.now));
    if (v.state != VisitState::kPlanned) {
      return Error{ErrorCode::kConflict, "the return visit is already recorded or cancelled", "",
                   0, {}};
    }
    id = v.id;
    customer_id = v.customer_id;
  } else {
    AFTERCARE_ASSIGN_OR_RETURN(auto cu,
                               tx.Query("SELECT id FROM customers WHERE id = $1", {customer_id}));
    if (cu.empty()) return Error::Invalid("customer_id: no such customer", 0, "customer_id");
    AFTERCARE_ASSIGN_OR_RETURN(auto plan, LoadPlan(tx, customer_id));
    std::optional<std::int64_t> responsible = ctx.actor->user_id;
    if (plan && plan->responsible_id) responsible = plan->responsible_id;
    const Instant at = in.visited_at.value_or(ctx.now);
    AFTERCARE_ASSIGN_OR_RETURN(
        auto ins, tx.Query("INSERT INTO return_visits (customer_id, responsible_id, state, due_at, "
                           "created_at, updated_at) VALUES ($1, $2, 'planned', $3, $4, $4) "
                           "RETURNING id",
                           {customer_id, store::OrNull(responsible), at.unix, ctx.now.unix}));
    id = ins.at(0).Int("id");
  }
  const std::int64_t visitor = in.visitor_id.value_or(ctx.actor->user_id);
  AFTERCARE_RETURN_IF_ERROR(VendorUserName(tx, visitor, "visitor_id").status());
  const Instant at = in.visited_at.value_or(ctx.now);
  const Instant collation_due = at + kCollationDays * kSecondsPerDay;
  AFTERCARE_RETURN_IF_ERROR(tx.Exec(
      "UPDATE return_visits SET state = 'done', visited_at = $1, visitor_id = $2, method = $3, "
      "contact_person = $4, topics = $5, problems = $6, opinions = $7, collation_due_at = $8, "
      "updated_at = $9 WHERE id = $10",
      {at.unix, visitor, std::string(Name(in.method)), in.contact_person, in.topics, in.problems,
       in.opinions, collation_due.unix, ctx.now.unix, id}));
  AFTERCARE_RETURN_IF_ERROR(StoreActions(tx, ctx, id, in, collation_due));
  AFTERCARE_ASSIGN_OR_RETURN(ReturnVisit v, LoadVisit(tx, id, ctx.now));
  AFTERCARE_RETURN_IF_ERROR(PutEntry(tx, v));
  AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "record", "return_visit", std::to_string(id), nullptr,
                                  {{"method", Name(in.method)},
                                   {"visited_at", at.unix},
                                   {"actions", in.actions.size()}},
                                  customer_id));
  AFTERCARE_RETURN_IF_ERROR(ScheduleNext(tx, customer_id, ctx.now));
  return v;
}

Status AppendVisitConditions(const Context& ctx, const VisitFilter& f, std::string& sql,
                             store::ParamList& p) {
  if (!ctx.actor->vendor()) {
    sql += " AND v.customer_id = " + p.Add(ctx.actor->customer_id.value_or(-1)) +
           " AND v.state <> 'cancelled'";
  }
  if (f.customer_id) sql += " AND v.customer_id = " + p.Add(*f.customer_id);
  if (f.responsible_id) sql += " AND v.responsible_id = " + p.Add(*f.responsible_id);
  if (f.state) sql += " AND v.state = " + p.Add(std::string(Name(*f.state)));
  if (f.overdue) sql += " AND v.state = 'planned' AND v.due_at < " + p.Add(ctx.now.unix);
  if (f.collation_due) sql += " AND v.state = 'done' AND v.collated_at IS NULL";
  if (!f.cursor.empty()) {
    long long at = 0, last = 0;
    if (std::sscanf(f.cursor.c_str(), "r%lld.%lld", &at, &last) != 2) {
      return Error::Invalid("cursor is not one this server issued", 0, "cursor");
    }
    const std::string a = p.Add(std::int64_t{at});
    sql += " AND (COALESCE(v.visited_at, v.due_at) < " + a +
           " OR (COALESCE(v.visited_at, v.due_at) = " + a +
           " AND v.id < " + p.Add(std::int64_t{last}) + "))";
  }
  return {};
}

}  // namespace

std::string_view Name(Method m) { return NameIn(kMethodNames, m); }
std::optional<Method> ParseMethod(std::string_view s) { return ParseIn<Method>(kMethodNames, s); }
std::string_view Name(VisitState s) { return NameIn(kStateNames, s); }
std::optional<VisitState> ParseVisitState(std::string_view s) {
  return ParseIn<VisitState>(kStateNames, s);
}
Error UnknownMethod() {
  return Error::Invalid("method must be phone, email, onsite, im or fax", 0, "method");
}
Error UnknownVisitState() {
  return Error::Invalid("state must be planned, done or cancelled", 0, "state");
}

Result<std::vector<Plan>> ListPlans(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Plan>> {
    std::vector<Plan> all;
    auto first = LoadPlanView(tx, std::nullopt, &all);
    if (!first.ok() && first.error().code != ErrorCode::kNotFound) return first.error();
    return all;
  });
}

Result<Plan> PutPlan(store::Database& db, const Context& ctx, std::int64_t customer_id,
                     const PlanInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVisitPlanners));
  AFTERCARE_RETURN_IF_ERROR(CheckPlanInput(in, ctx.now));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Plan> {
    AFTERCARE_ASSIGN_OR_RETURN(Plan before, LoadPlanView(tx, customer_id, nullptr));
    if (in.responsible_id && *in.responsible_id) {
      AFTERCARE_RETURN_IF_ERROR(
          VendorUserName(tx, **in.responsible_id, "responsible_id").status());
    }
    AFTERCARE_ASSIGN_OR_RETURN(auto row, LoadPlan(tx, customer_id));
    AFTERCARE_RETURN_IF_ERROR(StorePlan(tx, ctx, customer_id, in, row));
    AFTERCARE_RETURN_IF_ERROR(FollowPlan(tx, ctx, customer_id, in));
    AFTERCARE_ASSIGN_OR_RETURN(Plan after, LoadPlanView(tx, customer_id, nullptr));
    AFTERCARE_RETURN_IF_ERROR(Audit(
        tx, ctx, before.planned ? "update" : "create", "visit_plan", std::to_string(customer_id),
        before.planned ? json{{"interval_days", before.interval_days},
                              {"key_customer", before.key_customer},
                              {"active", before.active}}
                       : json(nullptr),
        {{"interval_days", after.interval_days},
         {"key_customer", after.key_customer},
         {"active", after.active},
         {"responsible_id", after.responsible_id ? json(*after.responsible_id) : json(nullptr)}},
        customer_id));
    return after;
  });
}

Result<ReturnVisit> RecordReturnVisit(store::Database& db, const Context& ctx,
                                      std::optional<std::int64_t> visit_id,
                                      const VisitRecord& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  AFTERCARE_RETURN_IF_ERROR(CheckRecord(in, ctx.now));
  return InTransaction(db, true,
                       [&](store::Transaction& tx) { return Record(tx, ctx, visit_id, in); });
}

Result<ReturnVisit> CollateReturnVisit(store::Database& db, const Context& ctx, std::int64_t id,
                                       const std::string& summary, const std::string& strategy) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  AFTERCARE_RETURN_IF_ERROR(CheckText(summary, "summary", kMaxText, true));
  AFTERCARE_RETURN_IF_ERROR(CheckText(strategy, "strategy", kMaxText, false));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<ReturnVisit> {
    AFTERCARE_ASSIGN_OR_RETURN(ReturnVisit v, LoadVisit(tx, id, ctx.now));
    if (v.state != VisitState::kDone) {
      return Error{ErrorCode::kConflict, "the return visit is not recorded yet", "", 0, {}};
    }
    if (v.collated_at) {
      return Error{ErrorCode::kConflict, "the return visit is already collated", "", 0, {}};
    }
    if (!IsLeaderOrManager(*ctx.actor) && v.responsible_id != ctx.actor->user_id) {
      return Error{ErrorCode::kForbidden,
                   "team leaders, managers or the responsible person collate a return visit",
                   "",
                   0,
                   {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE return_visits SET collated_at = $1, collated_by = $2, summary = $3, "
                "strategy = $4, updated_at = $1 WHERE id = $5",
                {ctx.now.unix, ctx.actor->user_id, summary, strategy, id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "collate", "return_visit", std::to_string(id),
                                    nullptr, {{"summary", summary}, {"strategy", strategy}},
                                    v.customer_id));
    return LoadVisit(tx, id, ctx.now);
  });
}

Result<ReturnVisit> CancelReturnVisit(store::Database& db, const Context& ctx, std::int64_t id,
                                      const std::string& reason) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  AFTERCARE_RETURN_IF_ERROR(CheckText(reason, "reason", kMaxTitle, false));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<ReturnVisit> {
    AFTERCARE_ASSIGN_OR_RETURN(ReturnVisit v, LoadVisit(tx, id, ctx.now));
    if (v.state != VisitState::kPlanned) {
      return Error{ErrorCode::kConflict, "only a planned return visit can be cancelled", "", 0,
                   {}};
    }
    if (!roles::kVisitPlanners.Has(ctx.actor->role) && v.responsible_id != ctx.actor->user_id) {
      return Error{ErrorCode::kForbidden,
                   "team leaders, managers or the responsible person cancel a return visit",
                   "",
                   0,
                   {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE return_visits SET state = 'cancelled', cancel_reason = $1, updated_at = "
                "$2 WHERE id = $3",
                {reason, ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(calendar::Remove(tx, calendar::Source::kReturnVisit, id));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "cancel", "return_visit", std::to_string(id), nullptr,
                                    {{"reason", reason}}, v.customer_id));
    AFTERCARE_RETURN_IF_ERROR(ScheduleNext(tx, v.customer_id, ctx.now));
    return LoadVisit(tx, id, ctx.now);
  });
}

Result<ReturnVisit> OpenVisitTicket(store::Database& db, const Context& ctx, std::int64_t id,
                                    const VisitTicket& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<ReturnVisit> {
    AFTERCARE_ASSIGN_OR_RETURN(ReturnVisit v, LoadVisit(tx, id, ctx.now));
    if (v.state != VisitState::kDone) {
      return Error{ErrorCode::kConflict, "the return visit is not recorded yet", "", 0, {}};
    }
    NewTicket t;
    t.customer_id = v.customer_id;
    t.system_id = in.system_id;
    static constexpr sla::Channel kChannelOf[] = {sla::Channel::kPhone, sla::Channel::kEmail,
                                                  sla::Channel::kOnsite, sla::Channel::kIm,
                                                  sla::Channel::kPhone};
    t.channel = kChannelOf[static_cast<std::size_t>(v.method.value_or(Method::kPhone))];
    t.priority = in.priority;
    t.title = in.title;
    t.description = in.description.empty() ? v.problems : in.description;
    t.caller_name = v.contact_person;
    AFTERCARE_ASSIGN_OR_RETURN(Ticket ticket, CreateTicket(tx, ctx, t));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO return_visit_tickets (visit_id, ticket_id) VALUES ($1, $2)",
                {id, ticket.id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "ticket", "return_visit", std::to_string(id), nullptr,
                                    {{"ticket_id", ticket.id}}, v.customer_id));
    return LoadVisit(tx, id, ctx.now);
  });
}

Result<ReturnVisit> GetReturnVisit(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, ctx.actor->vendor(), [&](store::Transaction& tx) -> Result<ReturnVisit> {
    AFTERCARE_ASSIGN_OR_RETURN(ReturnVisit v, LoadVisit(tx, id, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, v.customer_id, "return visit"));
    if (!ctx.actor->vendor() && v.state == VisitState::kCancelled) return NotFound("return visit");
    if (ctx.actor->vendor()) {
      AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "read", "return_visit", std::to_string(id), nullptr,
                                      nullptr, v.customer_id));
    }
    return v;
  });
}

Result<VisitPage> ListReturnVisits(store::Database& db, const Context& ctx,
                                   const VisitFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  std::string sql = std::string(kVisitSelect) + " WHERE 1 = 1";
  store::ParamList p;
  AFTERCARE_RETURN_IF_ERROR(AppendVisitConditions(ctx, f, sql, p));
  sql += " ORDER BY sort_at DESC, v.id DESC LIMIT " + std::to_string(f.limit + 1);
  AFTERCARE_ASSIGN_OR_RETURN(
      VisitPage page, InTransaction(db, false, [&](store::Transaction& tx) -> Result<VisitPage> {
        AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
        VisitPage pg;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(f.limit); ++i) {
          pg.items.push_back(VisitFrom(rows[i], ctx.now));
        }
        if (rows.size() > static_cast<std::size_t>(f.limit)) {
          const ReturnVisit& v = pg.items.back();
          pg.next_cursor = "r" + std::to_string(v.visited_at.value_or(v.due_at).unix) + "." +
                           std::to_string(v.id);
        }
        AFTERCARE_RETURN_IF_ERROR(LoadActions(tx, pg.items, ctx.now));
        return pg;
      }));
  if (!ctx.actor->vendor()) return page;
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const ReturnVisit& v : page.items) ++by_customer[v.customer_id];
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(db, ctx, "list", "return_visit", "",
                                                 {{"returned", page.items.size()}}, by_customer));
  return page;
}

Result<ActionPage> ListActions(store::Database& db, const Context& ctx, const ActionFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  AFTERCARE_ASSIGN_OR_RETURN(auto after, ReadIdCursor(f.cursor));
  std::string sql = std::string(kActionSelect) + " WHERE 1 = 1";
  store::ParamList p;
  if (f.mine) sql += " AND a.owner_id = " + p.Add(ctx.actor->user_id);
  if (f.open) sql += " AND a.done_at IS NULL";
  if (after) sql += " AND a.id < " + p.Add(*after);
  sql += " ORDER BY a.id DESC LIMIT " + std::to_string(f.limit + 1);
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<ActionPage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    ActionPage page;
    page.next_cursor =
        TakePage(rows, f.limit, [&](const store::Row& r) { return ActionFrom(r, ctx.now); },
                 page.items);
    return page;
  });
}

Result<Action> CompleteAction(store::Database& db, const Context& ctx, std::int64_t id,
                              const std::string& note) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  AFTERCARE_RETURN_IF_ERROR(CheckText(note, "note", kMaxText, false));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Action> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query(std::string(kActionSelect) + " WHERE a.id = $1", {id}));
    if (rows.empty()) return NotFound("follow-up action");
    const Action a = ActionFrom(rows[0], ctx.now);
    if (a.done_at) {
      return Error{ErrorCode::kConflict, "the follow-up action is already done", "", 0, {}};
    }
    if (a.owner_id != ctx.actor->user_id && !IsLeaderOrManager(*ctx.actor)) {
      return Error{ErrorCode::kForbidden,
                   "its owner, a team leader or a manager marks a follow-up action done",
                   "",
                   0,
                   {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE visit_actions SET done_at = $1, done_by = $2, note = $3 WHERE id = $4",
                {ctx.now.unix, ctx.actor->user_id, note, id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "done", "visit_action", std::to_string(id), nullptr,
                                    {{"note", note}}, a.customer_id));
    AFTERCARE_ASSIGN_OR_RETURN(auto after,
                               tx.Query(std::string(kActionSelect) + " WHERE a.id = $1", {id}));
    return ActionFrom(after.at(0), ctx.now);
  });
}

Status EnsureScheduleJob(store::Database& db, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto queued, tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND state <> 'dead' LIMIT 1",
                              {std::string(kScheduleJob)}));
    if (!queued.empty()) return {};
    return jobs::Enqueue(tx, {std::string(kScheduleJob), "visits.schedule:0", {{"n", 0}}, now,
                              std::nullopt},
                         now)
        .status();
  });
}

Status ScheduleDue(store::Transaction& tx, const jobs::Job& job, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT p.customer_id FROM return_visit_plans p WHERE p.active = 1 AND NOT EXISTS "
               "(SELECT 1 FROM return_visits v WHERE v.customer_id = p.customer_id AND v.state = "
               "'planned' AND v.due_at > $1) ORDER BY p.customer_id LIMIT 500",
               {now.unix}));
  for (const auto& r : rows) {
    AFTERCARE_RETURN_IF_ERROR(ScheduleNext(tx, r.Int("customer_id"), now));
  }
  const std::int64_t n = job.payload.value("n", std::int64_t{0}) + 1;
  // A full batch: the rest at once; else after kScheduleEvery.
  const Instant next = rows.size() == 500 ? now : now + kScheduleEvery;
  return jobs::Enqueue(tx, {std::string(kScheduleJob), "visits.schedule:" + std::to_string(n),
                            {{"n", n}}, next, std::nullopt},
                       now)
      .status();
}

Status WarnCollation(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const std::int64_t id = job.payload.value("visit_id", std::int64_t{0});
  const std::string stage = job.payload.value("stage", std::string("soon"));
  auto loaded = LoadVisit(tx, id, now);
  if (!loaded.ok()) return loaded.error().code == ErrorCode::kNotFound ? Status{} : loaded.error();
  const ReturnVisit& v = *loaded;
  if (!v.awaiting_collation) return {};
  const std::int64_t who = v.responsible_id.value_or(v.visitor_id.value_or(0));
  AFTERCARE_ASSIGN_OR_RETURN(auto people, WithTeamLeader(tx, who));
  if (people.empty()) return {};
  Announcement a{NotificationKind::kVisitCollationDue,
                 "visit_collation:" + std::to_string(id) + ":" + stage,
                 std::nullopt,
                 std::nullopt,
                 std::nullopt,
                 {{"visit_id", id},
                  {"customer", v.customer_name},
                  {"stage", stage},
                  {"due_at", FormatRfc3339(*v.collation_due_at, DefaultZone())}}};
  return Announce(tx, a, people, now).status();
}

Status WarnAction(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const std::int64_t id = job.payload.value("action_id", std::int64_t{0});
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(std::string(kActionSelect) + " WHERE a.id = $1", {id}));
  if (rows.empty()) return {};
  const Action a = ActionFrom(rows[0], now);
  if (a.done_at) return {};
  AFTERCARE_ASSIGN_OR_RETURN(auto people, WithTeamLeader(tx, a.owner_id));
  std::erase_if(people, [&](const service::Person& p) { return p.user_id != a.owner_id; });
  if (people.empty()) return {};
  Announcement n{NotificationKind::kVisitActionDue,
                 "visit_action:" + std::to_string(id),
                 std::nullopt,
                 std::nullopt,
                 std::nullopt,
                 {{"action_id", id},
                  {"visit_id", a.visit_id},
                  {"title", a.title},
                  {"customer", a.customer_name},
                  {"due_at", FormatRfc3339(a.due_at, DefaultZone())}}};
  return Announce(tx, n, people, now).status();
}

}  // namespace aftercare::service::visits
