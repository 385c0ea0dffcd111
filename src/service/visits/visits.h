// Return visits (OPS-3; seed 7.8.2.2 四 用户回访: "客服人员以月为单位对顾客进行回访",
// "对于重点客户，增加回访频率", "回访结束后 1周内整理回访结果，制定服务策略调整方案") and
// exchange visits (OPS-5; seed 7.8.2.1.6 定期访问交流: experts meet the owner and
// assess the system's operation quality).
//
// Return visit plans: one per customer (PutPlan): an interval in days (default
// kDefaultIntervalDays, a month; a key customer, 重点客户, is usually given a
// shorter one, set per customer), who is responsible (any vendor user: an agent,
// 客服, or anyone else), active or paused. An active plan always has one planned
// visit ahead: ScheduleNext (called in the transaction of each change, and by the
// schedule job kScheduleJob for time passing) adds it when the customer has no
// planned visit due after `now`, at the last visit (done, planned or cancelled;
// done: its visit time) + the interval, moved on by whole intervals past `now`;
// a first one (no visit yet) one interval after now, or at the plan's
// `next_due_at` when given. Idempotent: calling it twice adds nothing. Each
// planned visit has its calendar entry (calendar::Put, same transaction; done:
// marked done at its visit time; cancelled: calendar::Remove). A planned visit
// whose due time passed is overdue until recorded or cancelled.
//
// A return visit's record (RecordReturnVisit): who called or visited (a vendor
// user), how (phone, e-mail, on-site, WeChat/QQ, fax), when (not in the future),
// the customer's contact person, topics (required), problems raised, the
// customer's opinions, and follow-up actions (each: title, owner, due). A
// planned visit is recorded by its id; an unplanned one by its customer.
// Collation (CollateReturnVisit) is due kCollationDays after the visit: a summary
// and the service-strategy adjustments, by a team leader or manager or the
// visit's responsible person. The collation job tells the responsible person and
// their team leader once a day before (visit_collation_due, stage "soon") and
// once when overdue (stage "overdue"); a follow-up action not done by its due
// time tells its owner once (visit_action_due).
//
// Exchange visits: planned per contract (time, the vendor's experts, the
// customer's participants, a calendar entry), recorded when held (the system's
// state as discussed, findings [{title, detail, kind: problem|risk}],
// recommendations [{title, detail, priority: high|medium|low}] in exactly the
// shape the assessment report takes, internal notes), or cancelled. report_id is
// the assessment report made from it (SetExchangeReport).
//
// Who: plans are set by team leaders, managers and administrators
// (roles::kVisitPlanners); return visits are recorded and cancelled by vendor
// staff; collated by team leaders, managers or the responsible person; an action
// is marked done by its owner, a team leader or a manager. Exchange visits are
// planned, recorded and cancelled by team leaders and managers, or recorded by an
// attending expert. Party A reads its own customer's return visits and exchange
// visits: not the vendor's internal notes (a return visit's collation summary and
// strategy adjustments, its responsible person; an exchange visit's internal
// notes), not cancelled ones; another customer's id is kNotFound.
//
// Errors: kInvalidInput naming the field (texts 1 to their bound; lists bounded;
// users that are not enabled vendor users; a time in the future for a record);
// kConflict for a step in the wrong state; kForbidden for a role that may not.
// Every change is audited (entities return_visit, visit_plan, visit_action,
// exchange_visit) with the customer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "service/jobs/queue.h"
#include "sla/model.h"
#include "store/db.h"

namespace aftercare::service::visits {

inline constexpr std::int64_t kDefaultIntervalDays = 30;
inline constexpr std::int64_t kMaxIntervalDays = 366;
inline constexpr Seconds kCollationDays = 7;
inline constexpr Seconds kVisitLength = 3600;  // a planned visit's calendar span
inline constexpr std::size_t kMaxText = 1000;  // characters of a long text (the API default)
inline constexpr std::size_t kMaxTitle = 200;  // of a title, a name
inline constexpr std::size_t kMaxListItems = 50;
inline constexpr std::string_view kScheduleJob = "visits.schedule";
inline constexpr std::string_view kCollationJob = "visits.collation";
inline constexpr std::string_view kActionJob = "visits.action";
inline constexpr Seconds kScheduleEvery = 3600;

enum class Method : std::uint8_t { kPhone, kEmail, kOnsite, kIm, kFax };
std::string_view Name(Method m);
std::optional<Method> ParseMethod(std::string_view s);
enum class VisitState : std::uint8_t { kPlanned, kDone, kCancelled };
std::string_view Name(VisitState s);
std::optional<VisitState> ParseVisitState(std::string_view s);
Error UnknownMethod();
Error UnknownVisitState();

struct Plan {
  std::int64_t customer_id = 0;
  std::string customer_name;
  bool planned = false;  // a plan was set (else the defaults below are shown)
  std::int64_t interval_days = kDefaultIntervalDays;
  bool key_customer = false, active = false;
  std::optional<std::int64_t> responsible_id;
  std::string responsible_name;
  std::optional<std::int64_t> next_visit_id;
  std::optional<Instant> next_due_at, last_visited_at;
};

struct PlanInput {
  std::optional<std::int64_t> interval_days;       // 1 to kMaxIntervalDays
  std::optional<bool> key_customer, active;
  std::optional<std::optional<std::int64_t>> responsible_id;  // null clears
  std::optional<Instant> next_due_at;  // moves (or sets) the next planned visit; after now
};

// Every customer with its plan (vendor staff), at most 1000 by name.
Result<std::vector<Plan>> ListPlans(store::Database& db, const Context& ctx);
Result<Plan> PutPlan(store::Database& db, const Context& ctx, std::int64_t customer_id,
                     const PlanInput& in);

struct Action {
  std::int64_t id = 0, visit_id = 0, customer_id = 0;
  std::string customer_name, title, owner_name, done_by_name, note;
  std::int64_t owner_id = 0;
  Instant due_at;
  std::optional<Instant> done_at;
  bool overdue = false;  // not done and its due time passed
};

struct ReturnVisit {
  std::int64_t id = 0, customer_id = 0;
  std::string customer_name;
  bool key_customer = false;
  VisitState state = VisitState::kPlanned;
  std::optional<std::int64_t> responsible_id, visitor_id, collated_by;
  std::string responsible_name, visitor_name, collated_by_name;
  Instant due_at;
  std::optional<Instant> visited_at, collation_due_at, collated_at;
  std::optional<Method> method;
  std::string contact_person, topics, problems, opinions, summary, strategy, cancel_reason;
  bool overdue = false;              // planned and due passed
  bool awaiting_collation = false;   // done, not collated
  bool collation_overdue = false;    // awaiting and its due passed
  std::vector<Action> actions;
  struct TicketRef {
    std::int64_t id = 0;
    std::string number, title, status;
  };
  std::vector<TicketRef> tickets;  // opened from its problems (one visit's read, not lists)
};

struct NewAction {
  std::string title;
  std::int64_t owner_id = 0;
  Instant due_at;
};

struct VisitRecord {
  std::int64_t customer_id = 0;  // an unplanned visit's customer (else ignored)
  std::optional<std::int64_t> visitor_id;  // default: the actor
  Method method = Method::kPhone;
  std::optional<Instant> visited_at;  // default now; not after now
  std::string contact_person, topics, problems, opinions;
  std::vector<NewAction> actions;
};

// visit_id: a planned visit; nullopt: an unplanned one of `in.customer_id`.
Result<ReturnVisit> RecordReturnVisit(store::Database& db, const Context& ctx,
                                      std::optional<std::int64_t> visit_id, const VisitRecord& in);
Result<ReturnVisit> CollateReturnVisit(store::Database& db, const Context& ctx, std::int64_t id,
                                       const std::string& summary, const std::string& strategy);
Result<ReturnVisit> CancelReturnVisit(store::Database& db, const Context& ctx, std::int64_t id,
                                      const std::string& reason);
Result<ReturnVisit> GetReturnVisit(store::Database& db, const Context& ctx, std::int64_t id);

// A problem the customer raised on a recorded visit turned into a ticket (through
// the tickets area, same transaction): the visit's customer, its contact as the
// caller, the channel of its method (a fax: phone), received now; linked to the
// visit. Vendor staff; kConflict for a visit not recorded; the ticket's own
// errors as the tickets area gives them.
struct VisitTicket {
  std::string title, description;  // description default: the problems raised
  std::optional<std::int64_t> system_id;
  sla::Priority priority = sla::Priority::kP3;
};
Result<ReturnVisit> OpenVisitTicket(store::Database& db, const Context& ctx, std::int64_t id,
                                    const VisitTicket& in);

struct VisitFilter {
  std::optional<std::int64_t> customer_id, responsible_id;
  std::optional<VisitState> state;
  bool overdue = false;         // planned and past due
  bool collation_due = false;   // done and not collated
  std::string cursor;
  int limit = 50;  // 1 to 200
};
struct VisitPage {
  std::vector<ReturnVisit> items;  // by due time, newest first
  std::string next_cursor;
};
Result<VisitPage> ListReturnVisits(store::Database& db, const Context& ctx, const VisitFilter& f);

struct ActionFilter {
  bool mine = false;   // the actor's own
  bool open = false;   // not done
  std::string cursor;  // newest first by id
  int limit = 50;
};
struct ActionPage {
  std::vector<Action> items;
  std::string next_cursor;
};
Result<ActionPage> ListActions(store::Database& db, const Context& ctx, const ActionFilter& f);
Result<Action> CompleteAction(store::Database& db, const Context& ctx, std::int64_t id,
                              const std::string& note);

// Exchange visits.
enum class Priority : std::uint8_t { kHigh, kMedium, kLow };
std::string_view Name(Priority p);
std::optional<Priority> ParsePriority(std::string_view s);
enum class FindingKind : std::uint8_t { kProblem, kRisk };
std::string_view Name(FindingKind k);
std::optional<FindingKind> ParseFindingKind(std::string_view s);

struct Recommendation {
  std::string title, detail;
  Priority priority = Priority::kMedium;
};
struct Finding {
  std::string title, detail;
  FindingKind kind = FindingKind::kProblem;
};
struct Expert {
  std::int64_t id = 0;
  std::string name;
};

struct ExchangeVisit {
  std::int64_t id = 0, contract_id = 0, customer_id = 0;
  std::string contract_number, customer_name, title, tz;
  VisitState state = VisitState::kPlanned;
  Instant planned_at, ends_at;
  std::optional<Instant> held_at;
  std::vector<Expert> experts;
  std::vector<std::string> participants;
  std::string system_state, internal_notes, recorded_by_name, cancel_reason;
  std::vector<Finding> findings;
  std::vector<Recommendation> recommendations;
  std::optional<std::int64_t> report_id;
  bool overdue = false;  // planned and its end passed
};

struct NewExchangeVisit {
  std::int64_t contract_id = 0;
  std::string title;  // default 定期访问交流
  Instant planned_at;
  Seconds duration = 2 * 3600;  // 1 hour to 3 days
  std::vector<std::int64_t> expert_ids;  // 1 to kMaxListItems vendor users
  std::vector<std::string> participants;
};
struct ExchangeRecord {
  std::optional<Instant> held_at;  // default: planned_at when past, else now
  std::optional<std::vector<std::int64_t>> expert_ids;
  std::optional<std::vector<std::string>> participants;
  std::string system_state, internal_notes;
  std::vector<Finding> findings;
  std::vector<Recommendation> recommendations;
};
struct ExchangeFilter {
  std::optional<std::int64_t> contract_id, customer_id;
  std::optional<VisitState> state;
  std::string cursor;
  int limit = 50;
};
struct ExchangePage {
  std::vector<ExchangeVisit> items;  // newest planned first
  std::string next_cursor;
};

Result<ExchangeVisit> PlanExchangeVisit(store::Database& db, const Context& ctx,
                                        const NewExchangeVisit& in);
Result<ExchangeVisit> RecordExchangeVisit(store::Database& db, const Context& ctx, std::int64_t id,
                                          const ExchangeRecord& in);
Result<ExchangeVisit> CancelExchangeVisit(store::Database& db, const Context& ctx, std::int64_t id,
                                          const std::string& reason);
Result<ExchangeVisit> GetExchangeVisit(store::Database& db, const Context& ctx, std::int64_t id);
Result<ExchangePage> ListExchangeVisits(store::Database& db, const Context& ctx,
                                        const ExchangeFilter& f);
// Links the assessment report of `contract_id` made from the visit (the reports
// area calls it); kNotFound for no such visit, kInvalid naming exchange_visit_id
// for a visit of another contract.
Status SetExchangeReport(store::Transaction& tx, std::int64_t id, std::int64_t contract_id,
                         std::int64_t report_id);

// Jobs (src/jobs/visits_jobs.cpp).
Status EnsureScheduleJob(store::Database& db, Instant now);
Status ScheduleDue(store::Transaction& tx, const jobs::Job& job, Instant now);
Status WarnCollation(store::Transaction& tx, const jobs::Job& job, Instant now);
Status WarnAction(store::Transaction& tx, const jobs::Job& job, Instant now);

}  // namespace aftercare::service::visits
