// Inspections (OPS-1; seed 7.8.2.2 三 and 7.8.5 "巡检服务计划": done on site by the
// vendor's engineer together with the owner's maintenance staff).
//
// Templates: a checklist of items in sections; each item is one of
//   check   pass / flag / fail, chosen by the engineer;
//   number  an integer with a unit and a threshold: fail above it (direction
//           "above") or below it ("below"), else pass (e.g. page response, ms,
//           fail above 3000);
//   text    free text;
//   photos  at most kMaxPhotos images (PNG, JPEG or WebP, at most kMaxPhotoBytes
//           each), kept in the blob store.
// The built-in template is the seed's list (migration 0015). Administrators create
// and edit templates; an edit raises the version, and a visit keeps its own copy
// of the items made when it was created, so an edit never rewrites a visit.
//
// Plans: one per contract and system: every `interval_months` (1 to 24, default
// 6) from `first_due` (default: the first date acceptance + k intervals, k >= 1,
// that is not before today), a lead time (0 to 90 days, default 14), the engineer
// and/or team who go, the template. A job per plan (kScheduleJob) creates each
// visit `lead_days` ahead of its due date, once (keyed by plan and sequence), with
// its calendar entry in the same transaction; it re-arms itself at the next
// visit's creation instant. A due date on a non-working day moves to the next
// working day by the contract's calendar (its policy's first working-hours
// calendar, else the official working week with the shipped and stored holiday
// schedule, service/holidays): the visit keeps both dates and why it moved
// (`moved_reason`: weekend, new_year, spring_festival, qingming, labour_day,
// dragon_boat, mid_autumn, national_day or holiday; the schedule names no
// holidays, so the name is read from the date's season). A paused plan creates
// no visits until it is resumed.
//
// Visits: planned -> in_progress (the first item saved) -> submitted -> confirmed
// (done; its calendar entry done). The engineer saves items as they go and
// submits once every check item has an outcome and every number item a number;
// each failed item then opens a ticket (type health_check, channel onsite, the
// plan's contract and system, the finding as its description) linked to the item.
// Party A's representative confirms a submitted visit in the portal, or signs on
// the engineer's screen (a name and a drawn signature, a PNG of at most
// kMaxSignatureBytes). A step in the wrong state is kConflict naming `state`.
// A visit not confirmed by the end of its planned day (contract zone) is overdue;
// the team leader and the engineer are told once (kInspectionOverdue, a job per
// visit at that instant).
//
// Who: vendor staff read plans, visits and templates; team leaders and managers
// plan; administrators keep templates; the visit's engineer, an engineer or team
// leader of its team, or a manager fill, submit and take a signature; Party A
// reads and confirms its own customer's visits only (another customer's is not
// found).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/context.h"
#include "service/jobs/queue.h"
#include "store/db.h"

namespace aftercare::service::inspections {

enum class ItemKind : std::uint8_t { kCheck, kNumber, kText, kPhotos };
enum class Outcome : std::uint8_t { kPass, kFlag, kFail };
enum class Direction : std::uint8_t { kAbove, kBelow };
enum class VisitState : std::uint8_t { kPlanned, kInProgress, kSubmitted, kConfirmed };
inline constexpr int kVisitStateCount = 4;
std::string_view Name(ItemKind k);
std::string_view Name(Outcome o);
std::string_view Name(Direction d);
std::string_view Name(VisitState s);
std::optional<Outcome> ParseOutcome(std::string_view s);
std::optional<ItemKind> ParseItemKind(std::string_view s);
std::optional<Direction> ParseDirection(std::string_view s);
std::optional<VisitState> ParseVisitState(std::string_view s);
Error UnknownVisitState();  // state

inline constexpr std::size_t kMaxItems = 100;
inline constexpr std::size_t kMaxTextChars = 1000;
inline constexpr std::int64_t kMaxNumber = 1'000'000'000;  // |number| and |threshold|
inline constexpr std::size_t kMaxPhotos = 6;
inline constexpr std::size_t kMaxPhotoBytes = 5 * 1024 * 1024;
inline constexpr std::size_t kMaxSignatureBytes = 200 * 1024;
inline constexpr std::string_view kScheduleJob = "inspections.schedule";
inline constexpr std::string_view kOverdueJob = "inspections.overdue";

struct TemplateItem {
  std::string section, label;
  ItemKind kind = ItemKind::kCheck;
  std::string unit;                    // number items
  std::optional<std::int64_t> threshold;  // number items: required
  Direction direction = Direction::kAbove;
};

struct Template {
  std::int64_t id = 0;
  std::string name, description;
  std::int64_t version = 1;
  bool built_in = false;
  std::vector<TemplateItem> items;
  Instant updated_at;
};

struct TemplateInput {
  std::string name, description;
  std::vector<TemplateItem> items;  // 1 to kMaxItems
};

Result<std::vector<Template>> ListTemplates(store::Database& db, const Context& ctx);
Result<Template> GetTemplate(store::Database& db, const Context& ctx, std::int64_t id);
// Administrators. Errors name the field: name, items, items[i].label, .section,
// .unit, .threshold; a name taken is kConflict naming `name`.
Result<Template> CreateTemplate(store::Database& db, const Context& ctx, const TemplateInput& in);
Result<Template> UpdateTemplate(store::Database& db, const Context& ctx, std::int64_t id,
                                const TemplateInput& in);

struct Plan {
  std::int64_t id = 0;
  std::int64_t customer_id = 0, contract_id = 0, system_id = 0, template_id = 0;
  std::string customer_name, contract_number, system_name, template_name;
  int interval_months = 6, lead_days = 14;
  LocalDate first_due;
  std::optional<LocalDate> next_due;  // of the next visit not yet created
  std::optional<std::int64_t> engineer_id, team_id;
  std::string engineer_name, team_name, note;
  bool paused = false;
  Instant created_at, updated_at;
};

struct PlanInput {
  std::int64_t contract_id = 0, system_id = 0;
  std::optional<std::int64_t> template_id;  // default: the built-in template
  std::optional<int> interval_months, lead_days;
  std::optional<LocalDate> first_due;  // within two years of today
  std::optional<std::int64_t> engineer_id, team_id;  // at least one
  std::string note;
};

struct PlanChange {
  std::optional<std::int64_t> template_id;
  std::optional<int> interval_months, lead_days;
  std::optional<std::optional<std::int64_t>> engineer_id, team_id;
  std::optional<bool> paused;
  std::optional<std::string> note;
};

struct PlanFilter {
  std::optional<std::int64_t> contract_id, customer_id, team_id;
};

// Vendor staff read; kPlanners (team leaders, managers) create and change. The
// contract needs its acceptance date unless first_due is given; the system must be
// one of the contract's.
Result<std::vector<Plan>> ListPlans(store::Database& db, const Context& ctx, const PlanFilter& f);
Result<Plan> CreatePlan(store::Database& db, const Context& ctx, const PlanInput& in);
Result<Plan> UpdatePlan(store::Database& db, const Context& ctx, std::int64_t id,
                        const PlanChange& c);

// The job of kScheduleJob: creates the plan's visits due to be created by `now`.
Status RunSchedule(store::Transaction& tx, const jobs::Job& job, Instant now);
// The job of kOverdueJob: tells the team leader and the engineer once.
Status RunOverdue(store::Transaction& tx, const jobs::Job& job, Instant now);

struct Photo {
  std::int64_t id = 0;
  std::string content_type, sha256;
  std::int64_t size = 0;
};

struct VisitItem {
  std::int64_t id = 0;
  int position = 0;
  TemplateItem spec;
  std::optional<Outcome> outcome;  // a number item's is computed
  std::optional<std::int64_t> number;
  std::string text;  // a text item's answer, else the finding
  std::vector<Photo> photos;
  std::optional<std::int64_t> ticket_id;
  std::string ticket_number, ticket_status;
};

struct Visit {
  std::int64_t id = 0, plan_id = 0, seq = 0;
  std::int64_t customer_id = 0, contract_id = 0, system_id = 0;
  std::string customer_name, contract_number, system_name, engineer_name, team_name;
  std::optional<std::int64_t> engineer_id, team_id;
  LocalDate due_on, planned_on;
  std::string moved_reason;  // "" when planned on its due date
  VisitState state = VisitState::kPlanned;
  bool overdue = false;
  std::string template_name;
  std::int64_t template_version = 1;
  std::optional<Instant> submitted_at, confirmed_at;
  std::string confirm_kind;  // portal or signature
  std::string confirmed_by_name, signer_name;
  bool signed_ = false;
  int failed = 0, flagged = 0;  // items
  std::vector<VisitItem> items;  // GetVisit only
};

// team_id: visits of the team, or of its engineers.
struct VisitFilter {
  std::optional<std::int64_t> contract_id, customer_id, engineer_id, team_id;
  std::optional<VisitState> state;
  bool overdue = false;
  bool my_team = false;  // the actor's team's (team_id from the actor)
  std::string cursor;
  int limit = 50;  // 1 to 200
};

struct VisitPage {
  std::vector<Visit> items;  // by planned date, newest first... ordered by id desc
  std::string next_cursor;
  std::int64_t overdue = 0;  // overdue visits under the same filter (the badge)
};

Result<VisitPage> ListVisits(store::Database& db, const Context& ctx, const VisitFilter& f);
Result<Visit> GetVisit(store::Database& db, const Context& ctx, std::int64_t id);

struct ItemFill {
  std::optional<Outcome> outcome;  // check items
  std::optional<std::optional<std::int64_t>> number;  // number items; null clears
  std::optional<std::string> text;
};
// Saves one item of a planned or in-progress visit.
Result<Visit> FillItem(store::Database& db, const Context& ctx, std::int64_t visit_id,
                       std::int64_t item_id, const ItemFill& f);
Result<Visit> AddPhoto(store::Database& db, const Context& ctx, const std::string& blob_dir,
                       std::int64_t visit_id, std::int64_t item_id, const std::string& content_type,
                       const std::string& bytes);
// The photo's or the signature's bytes and media type, for whoever may read the visit.
Result<std::pair<std::string, std::string>> ReadPhoto(store::Database& db, const Context& ctx,
                                                      const std::string& blob_dir,
                                                      std::int64_t visit_id,
                                                      std::int64_t photo_id);
Result<std::pair<std::string, std::string>> ReadSignature(store::Database& db,
                                                          const Context& ctx,
                                                          const std::string& blob_dir,
                                                          std::int64_t visit_id);
Result<Visit> Submit(store::Database& db, const Context& ctx, std::int64_t visit_id);
// Party A (its own customer's submitted visit).
Result<Visit> Confirm(store::Database& db, const Context& ctx, std::int64_t visit_id);
// On the engineer's screen: Party A's representative's name and drawn signature.
Result<Visit> Sign(store::Database& db, const Context& ctx, const std::string& blob_dir,
                   std::int64_t visit_id, const std::string& signer_name,
                   const std::string& png);

// For the health-check report (OPS-2): each failed or flagged item of the
// contract's visits confirmed in [from, to), by visit date then position.
struct InspectionFinding {
  std::int64_t visit_id = 0;
  LocalDate visit_date;  // planned_on
  std::string system_name, section, label;
  Outcome outcome = Outcome::kFail;
  std::string text;  // the finding
  std::optional<std::int64_t> number;
  std::string unit;
  std::optional<std::int64_t> ticket_id;
  std::string ticket_number, ticket_status;
};
Result<std::vector<InspectionFinding>> ListFindings(store::Transaction& tx,
                                                    std::int64_t contract_id, Instant from,
                                                    Instant to);

}  // namespace aftercare::service::inspections
