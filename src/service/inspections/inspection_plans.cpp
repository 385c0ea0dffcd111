// Inspection plans and the job that creates their visits ahead (inspections.h).
#include <date/date.h>

#include "service/audit/audit.h"
#include "service/calendar/calendar.h"
#include "service/contracts/contracts.h"
#include "service/holidays/holidays.h"
#include "service/inspections/inspection_rows.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/tx.h"

namespace aftercare::service::inspections {
namespace {

using nlohmann::json;

constexpr int kDefaultInterval = 6;
constexpr int kDefaultLead = 14;
constexpr int kMaxCatchUp = 24;         // visits one run creates at most
constexpr int kMaxFirstDueDays = 731;   // first_due within two years of today
constexpr int kMaxMoveDays = 60;        // a due date moves at most this far

constexpr const char* kPlanSelect =
    "SELECT p.id, p.customer_id, p.contract_id, p.system_id, p.template_id, p.interval_months, "
    "p.lead_days, p.first_due, p.next_seq, p.engineer_id, p.team_id, p.paused, p.note, "
    "p.created_at, p.updated_at, cu.name AS customer_name, c.number AS contract_number, c.tz, "
    "s.name AS system_name, tp.name AS template_name, COALESCE(u.display_name, '') AS "
    "engineer_name, COALESCE(t.name, '') AS team_name FROM inspection_plans p JOIN customers cu "
    "ON cu.id = p.customer_id JOIN contracts c ON c.id = p.contract_id JOIN systems s ON s.id = "
    "p.system_id JOIN inspection_templates tp ON tp.id = p.template_id LEFT JOIN users u ON u.id "
    "= p.engineer_id LEFT JOIN teams t ON t.id = p.team_id";

LocalDate PlusMonths(LocalDate d, int months) {
  const date::year_month_day ymd{date::sys_days{date::days{d.days}}};
  const date::year_month ym = date::year_month{ymd.year(), ymd.month()} + date::months{months};
  const date::day last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}.day();
  const date::sys_days out{date::year_month_day{ym.year(), ym.month(), std::min(ymd.day(), last)}};
  return LocalDate{static_cast<std::int32_t>(out.time_since_epoch().count())};
}

LocalDate DueOf(const Plan& p, std::int64_t seq) {
  return PlusMonths(p.first_due, static_cast<int>(seq) * p.interval_months);
}

struct PlanRow {
  Plan plan;
  std::int64_t next_seq = 0;
  std::string tz;
};

PlanRow PlanFrom(const store::Row& r) {
  PlanRow pr;
  Plan& p = pr.plan;
  p.id = r.Int("id");
  p.customer_id = r.Int("customer_id");
  p.contract_id = r.Int("contract_id");
  p.system_id = r.Int("system_id");
  p.template_id = r.Int("template_id");
  p.customer_name = r.Text("customer_name");
  p.contract_number = r.Text("contract_number");
  p.system_name = r.Text("system_name");
  p.template_name = r.Text("template_name");
  p.interval_months = static_cast<int>(r.Int("interval_months"));
  p.lead_days = static_cast<int>(r.Int("lead_days"));
  p.first_due = StoredDate(r.Text("first_due"));
  p.engineer_id = r.OptInt("engineer_id");
  p.team_id = r.OptInt("team_id");
  p.engineer_name = r.Text("engineer_name");
  p.team_name = r.Text("team_name");
  p.note = r.Text("note");
  p.paused = r.Int("paused") != 0;
  p.created_at = Instant{r.Int("created_at")};
  p.updated_at = Instant{r.Int("updated_at")};
  pr.next_seq = r.Int("next_seq");
  pr.tz = r.Text("tz");
  p.next_due = DueOf(p, pr.next_seq);
  return pr;
}

Result<PlanRow> LoadPlan(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(std::string(kPlanSelect) + " WHERE p.id = $1", {id}));
  if (rows.empty()) return NotFound("inspection plan");
  return PlanFrom(rows[0]);
}

// The calendar whose working days an inspection keeps to: the contract policy's
// first calendar with days off, else the official working week (Monday to Friday,
// the shipped and stored holiday schedule) in the contract's zone.
struct WorkDays {
  sla::WorkCalendar calendar;
  TimeZone tz;
  sla::HolidaySchedule cn;
};

Result<WorkDays> ContractWorkDays(store::Transaction& tx, std::int64_t contract_id, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContractRow(tx, contract_id));
  AFTERCARE_ASSIGN_OR_RETURN(sla::EvaluationInput terms, LoadContractTerms(tx, c, now));
  AFTERCARE_ASSIGN_OR_RETURN(CurrentHolidays holidays, LoadCurrentHolidays(tx));
  const TimeZone tz = terms.contract.tz;
  const Instant week = tz.ToInstant(LocalDate{0}, 0);  // any whole week
  for (std::size_t i = 1; i < terms.calendars.size(); ++i) {
    if (terms.calendars[i].Between(week, week + 7 * kSecondsPerDay) < 7 * kSecondsPerDay) {
      return WorkDays{terms.calendars[i], tz, holidays.shipped.cn};
    }
  }
  sla::CalendarSpec spec;
  spec.name = "inspection";
  spec.tz = tz;
  for (int d = 0; d < 5; ++d) spec.week[d] = {{9 * 3600, 17 * 3600}};
  spec.builtin_cn = true;
  return WorkDays{sla::WorkCalendar::Build(spec, &holidays.shipped.cn), tz, holidays.shipped.cn};
}

bool IsWorkingDay(const WorkDays& w, LocalDate d) {
  return w.calendar.Between(w.tz.ToInstant(d, 0), w.tz.ToInstant(d + 1, 0)) > 0;
}

// Why a day is not worked. The official schedule lists dates, not names: a day
// off of the schedule is named by its season.
std::string WhyOff(const WorkDays& w, LocalDate d) {
  if (std::binary_search(w.cn.off.begin(), w.cn.off.end(), d)) {
    const date::year_month_day ymd{date::sys_days{date::days{d.days}}};
    const unsigned m = static_cast<unsigned>(ymd.month()), day = static_cast<unsigned>(ymd.day());
    if (m == 12 || (m == 1 && day <= 3)) return "new_year";
    if (m <= 2) return "spring_festival";
    if (m == 4) return "qingming";
    if (m == 5 && day <= 5) return "labour_day";
    if (m == 5 || m == 6) return "dragon_boat";
    if (m == 9) return "mid_autumn";
    if (m == 10) return "national_day";
    return "holiday";
  }
  return WeekdayIndex(d) >= 5 ? "weekend" : "holiday";
}

Status CreateVisit(store::Transaction& tx, const PlanRow& pr, const WorkDays& w,
                   std::int64_t seq, Instant now) {
  const Plan& p = pr.plan;
  const LocalDate due = DueOf(p, seq);
  LocalDate planned = due;
  std::string reason;
  for (int i = 0; i < kMaxMoveDays && !IsWorkingDay(w, planned); ++i) planned = planned + 1;
  if (planned != due) reason = WhyOff(w, due);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto tpl, tx.Query("SELECT name, version, items FROM inspection_templates WHERE id = $1",
                         {p.template_id}));
  if (tpl.empty()) return NotFound("template");
  const Instant overdue_at = w.tz.ToInstant(planned + 1, 0);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("INSERT INTO inspection_visits (plan_id, seq, customer_id, contract_id, system_id, "
               "engineer_id, team_id, due_on, planned_on, moved_reason, overdue_at, state, "
               "template_name, template_version, created_at, updated_at) VALUES ($1, $2, $3, $4, "
               "$5, $6, $7, $8, $9, $10, $11, 'planned', $12, $13, $14, $14) ON CONFLICT "
               "(plan_id, seq) DO NOTHING RETURNING id",
               {p.id, seq, p.customer_id, p.contract_id, p.system_id, OrNull(p.engineer_id),
                OrNull(p.team_id), FormatDate(due), FormatDate(planned), reason, overdue_at.unix,
                tpl[0].Text("name"), tpl[0].Int("version"), now.unix}));
  if (rows.empty()) return {};  // made before: once per plan and sequence
  const std::int64_t id = rows[0].Int("id");
  const auto items = ItemsFrom(tpl[0].Text("items"));
  for (std::size_t i = 0; i < items.size(); ++i) {
    const TemplateItem& it = items[i];
    store::Value threshold = store::Null{}, direction = store::Null{};
    if (it.kind == ItemKind::kNumber) {
      threshold = it.threshold.value_or(0);
      direction = std::string(Name(it.direction));
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO inspection_items (visit_id, position, section, label, kind, unit, "
        "threshold, direction) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {id, static_cast<std::int64_t>(i), it.section, it.label, std::string(Name(it.kind)),
         it.unit, threshold, direction}));
  }
  Visit v;
  v.id = id;
  v.customer_id = p.customer_id;
  v.contract_id = p.contract_id;
  v.system_id = p.system_id;
  v.engineer_id = p.engineer_id;
  v.team_id = p.team_id;
  v.planned_on = planned;
  v.system_name = p.system_name;
  AFTERCARE_RETURN_IF_ERROR(PutVisitEntry(tx, v, w.tz, calendar::State::kPlanned));
  return jobs::Enqueue(tx,
                       {std::string(kOverdueJob), "inspections.overdue:" + std::to_string(id),
                        {{"visit_id", id}}, overdue_at, std::nullopt},
                       now)
      .status();
}

// The instant the plan's next visit is to be created: the start of its due date
// less the lead time, in the contract's zone.
Instant CreationInstant(const PlanRow& pr, const TimeZone& tz) {
  return tz.ToInstant(DueOf(pr.plan, pr.next_seq) + -pr.plan.lead_days, 0);
}

Status ArmSchedule(store::Transaction& tx, std::int64_t plan_id, Instant at, Instant now) {
  return jobs::EnqueueOrMove(tx,
                             {std::string(kScheduleJob),
                              "inspections.schedule:" + std::to_string(plan_id),
                              {{"plan_id", plan_id}}, std::max(at, now), std::nullopt},
                             now);
}

Status CheckPeople(store::Transaction& tx, std::optional<std::int64_t> engineer,
                   std::optional<std::int64_t> team) {
  if (!engineer && !team) {
    return Error::Invalid("an inspection plan needs an engineer or a team", 0, "engineer_id");
  }
  if (engineer) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT role, disabled FROM users WHERE id = $1", {*engineer}));
    if (rows.empty() || rows[0].Int("disabled") != 0 ||
        (rows[0].Text("role") != "engineer" && rows[0].Text("role") != "team_leader")) {
      return Error::Invalid("engineer_id must be an active engineer or team leader", 0,
                            "engineer_id");
    }
  }
  if (team) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT 1 FROM teams WHERE id = $1", {*team}));
    if (rows.empty()) return Error::Invalid("team_id: no such team", 0, "team_id");
  }
  return {};
}

Status CheckTemplateId(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT 1 FROM inspection_templates WHERE id = $1", {id}));
  if (rows.empty()) return Error::Invalid("template_id: no such template", 0, "template_id");
  return {};
}

Status CheckNumbers(std::optional<int> interval, std::optional<int> lead) {
  if (interval && (*interval < 1 || *interval > 24)) {
    return Error::Invalid("interval_months must be 1 to 24", 0, "interval_months");
  }
  if (lead && (*lead < 0 || *lead > 90)) {
    return Error::Invalid("lead_days must be 0 to 90", 0, "lead_days");
  }
  return {};
}

// The first due date: as given (within two years of today), else the first
// acceptance + k intervals (k >= 1) not before today.
Result<LocalDate> FirstDue(const Contract& c, const PlanInput& in, int interval, LocalDate today) {
  if (in.first_due) {
    if (std::abs(in.first_due->days - today.days) > kMaxFirstDueDays) {
      return Error::Invalid("first_due must be within two years of today", 0, "first_due");
    }
    return *in.first_due;
  }
  if (!c.accepted_on) {
    return Error::Invalid("the contract has no acceptance date: give first_due", 0, "first_due");
  }
  AFTERCARE_ASSIGN_OR_RETURN(LocalDate accepted, ParseDate(*c.accepted_on));
  for (int k = 1; k <= 2400 / interval; ++k) {
    const LocalDate d = PlusMonths(accepted, k * interval);
    if (d >= today) return d;
  }
  return Error::Invalid("first_due must be within two years of today", 0, "first_due");
}

Result<Plan> InsertPlan(store::Transaction& tx, const Context& ctx, const PlanInput& in) {
  AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContractRow(tx, in.contract_id));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto sys, tx.Query("SELECT 1 FROM contract_systems WHERE contract_id = $1 AND system_id = $2",
                         {in.contract_id, in.system_id}));
  if (sys.empty()) return Error::Invalid("system_id: not a system of the contract", 0, "system_id");
  AFTERCARE_RETURN_IF_ERROR(CheckPeople(tx, in.engineer_id, in.team_id));
  std::int64_t tpl = 0;
  if (in.template_id) {
    AFTERCARE_RETURN_IF_ERROR(CheckTemplateId(tx, *in.template_id));
    tpl = *in.template_id;
  } else {
    AFTERCARE_ASSIGN_OR_RETURN(tpl, BuiltInTemplate(tx));
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto taken, tx.Query("SELECT 1 FROM inspection_plans WHERE contract_id = $1 AND system_id = $2",
                           {in.contract_id, in.system_id}));
  if (!taken.empty()) {
    return Error{ErrorCode::kConflict, "the system already has an inspection plan on this contract",
                 "system_id", 0, {}};
  }
  AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Locate(c.tz));
  const int interval = in.interval_months.value_or(kDefaultInterval);
  AFTERCARE_ASSIGN_OR_RETURN(LocalDate first, FirstDue(c, in, interval, tz.LocalDateOf(ctx.now)));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("INSERT INTO inspection_plans (customer_id, contract_id, system_id, template_id, "
               "interval_months, lead_days, first_due, next_seq, engineer_id, team_id, paused, "
               "note, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, "
               "$8, $9, 0, $10, $11, $12, $12) RETURNING id",
               {c.customer_id, in.contract_id, in.system_id, tpl, std::int64_t{interval},
                std::int64_t{in.lead_days.value_or(kDefaultLead)}, FormatDate(first),
                OrNull(in.engineer_id), OrNull(in.team_id), in.note, ctx.actor->user_id,
                ctx.now.unix}));
  const std::int64_t id = rows.at(0).Int("id");
  AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "inspection_plan", std::to_string(id), nullptr,
                                  {{"contract_id", in.contract_id},
                                   {"system_id", in.system_id},
                                   {"first_due", FormatDate(first)},
                                   {"interval_months", interval}},
                                  c.customer_id));
  AFTERCARE_ASSIGN_OR_RETURN(PlanRow pr, LoadPlan(tx, id));
  AFTERCARE_RETURN_IF_ERROR(ArmSchedule(tx, id, CreationInstant(pr, tz), ctx.now));
  return pr.plan;
}

}  // namespace

Result<std::vector<Plan>> ListPlans(store::Database& db, const Context& ctx, const PlanFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  store::ParamList p;
  std::string sql = std::string(kPlanSelect) + " WHERE 1 = 1";
  if (f.contract_id) sql += " AND p.contract_id = " + p.Add(*f.contract_id);
  if (f.customer_id) sql += " AND p.customer_id = " + p.Add(*f.customer_id);
  if (f.team_id) sql += " AND p.team_id = " + p.Add(*f.team_id);
  sql += " ORDER BY p.id DESC LIMIT 1000";
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Plan>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    std::vector<Plan> out;
    for (const auto& r : rows) out.push_back(PlanFrom(r).plan);
    return out;
  });
}

Result<Plan> CreatePlan(store::Database& db, const Context& ctx, const PlanInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kInspectionPlanners));
  AFTERCARE_RETURN_IF_ERROR(CheckNumbers(in.interval_months, in.lead_days));
  AFTERCARE_RETURN_IF_ERROR(CheckLength(in.note, kMaxTextChars, "note"));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Plan> {
    auto contract = LoadContractRow(tx, in.contract_id);
    if (!contract.ok()) return Error::Invalid("contract_id: no such contract", 0, "contract_id");
    return InsertPlan(tx, ctx, in);
  });
}

Result<Plan> UpdatePlan(store::Database& db, const Context& ctx, std::int64_t id,
                        const PlanChange& c) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kInspectionPlanners));
  AFTERCARE_RETURN_IF_ERROR(CheckNumbers(c.interval_months, c.lead_days));
  if (c.note) AFTERCARE_RETURN_IF_ERROR(CheckLength(*c.note, kMaxTextChars, "note"));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Plan> {
    AFTERCARE_ASSIGN_OR_RETURN(PlanRow before, LoadPlan(tx, id));
    Plan p = before.plan;
    if (c.template_id) {
      AFTERCARE_RETURN_IF_ERROR(CheckTemplateId(tx, *c.template_id));
      p.template_id = *c.template_id;
    }
    p.interval_months = c.interval_months.value_or(p.interval_months);
    p.lead_days = c.lead_days.value_or(p.lead_days);
    if (c.engineer_id) p.engineer_id = *c.engineer_id;
    if (c.team_id) p.team_id = *c.team_id;
    if (c.paused) p.paused = *c.paused;
    if (c.note) p.note = *c.note;
    AFTERCARE_RETURN_IF_ERROR(CheckPeople(tx, p.engineer_id, p.team_id));
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE inspection_plans SET template_id = $1, interval_months = $2, lead_days = $3, "
        "engineer_id = $4, team_id = $5, paused = $6, note = $7, updated_at = $8 WHERE id = $9",
        {p.template_id, std::int64_t{p.interval_months}, std::int64_t{p.lead_days},
         OrNull(p.engineer_id), OrNull(p.team_id), std::int64_t{p.paused ? 1 : 0}, p.note,
         ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(
        tx, ctx, "update", "inspection_plan", std::to_string(id),
        {{"interval_months", before.plan.interval_months}, {"paused", before.plan.paused}},
        {{"interval_months", p.interval_months}, {"paused", p.paused}}, p.customer_id));
    AFTERCARE_ASSIGN_OR_RETURN(PlanRow after, LoadPlan(tx, id));
    AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Locate(after.tz));
    if (!after.plan.paused) {
      AFTERCARE_RETURN_IF_ERROR(ArmSchedule(tx, id, CreationInstant(after, tz), ctx.now));
    }
    return after.plan;
  });
}

Status RunSchedule(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const std::int64_t id = job.payload.value("plan_id", std::int64_t{0});
  auto loaded = LoadPlan(tx, id);
  if (!loaded.ok()) return {};  // gone
  PlanRow pr = *loaded;
  if (pr.plan.paused) return {};  // resuming re-arms it
  AFTERCARE_ASSIGN_OR_RETURN(WorkDays w, ContractWorkDays(tx, pr.plan.contract_id, now));
  int made = 0;
  while (CreationInstant(pr, w.tz) <= now && made < kMaxCatchUp) {
    AFTERCARE_RETURN_IF_ERROR(CreateVisit(tx, pr, w, pr.next_seq, now));
    ++pr.next_seq;
    ++made;
  }
  if (made > 0) {
    AFTERCARE_RETURN_IF_ERROR(tx.Exec("UPDATE inspection_plans SET next_seq = $1 WHERE id = $2",
                                      {pr.next_seq, id}));
  }
  return ArmSchedule(tx, id, CreationInstant(pr, w.tz), now);
}

}  // namespace aftercare::service::inspections
