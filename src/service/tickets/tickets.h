// Tickets (TKT-1..TKT-6): intake from every channel, the service request form
// (TKT-2, kept as a JSON document), the flow of TKT-4 as timeline events (each SLA
// event of SCENARIOS.md, plus notes, contacts, escalations, assignment, grading),
// live SLA metrics computed by src/sla, and the queue ordered by the next due time.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "service/tickets/ticket_enums.h"
#include "sla/clock.h"
#include "store/db.h"

namespace aftercare::service {

struct NewTicket {
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> contract_id;  // default: the customer's contract covering today
  std::optional<std::int64_t> system_id;
  sla::Channel channel = sla::Channel::kPhone;  // Party A's: always the portal
  sla::TicketType type = sla::TicketType::kFault;
  sla::Priority priority = sla::Priority::kP3;
  std::string title, description, caller_name, caller_phone;
  std::optional<Instant> received_at;  // default now; never in the future
  std::optional<std::int64_t> assignee_id;
  nlohmann::json form = nlohmann::json::object();  // TKT-2 fields and approvals
};

// Timeline entries: SLA events (received, first_contact, first_reply, diagnosed,
// onsite_decided, onsite_arrived, waiting_customer, customer_replied, resolved,
// reopened, closed, priority) and flow records (note, contact, escalated, assigned,
// graded, form: data merged into the TKT-2 form, e.g. an approval; rated: Party
// A's 1-5 score of a resolved service, once; reclassified: data.type). A note or
// contact with data.internal = true is the vendor's own: Party A never sees it.
struct NewEvent {
  TicketEventKind kind = TicketEventKind::kNote;
  std::optional<Instant> at;  // default now; not before the last event, not in the future
  std::optional<sla::Priority> to_priority;  // `priority` only
  std::string note;
  nlohmann::json data = nlohmann::json::object();  // e.g. {"escalated_to", "reference"}
};

struct TimelineEntry {
  std::int64_t seq = 0;
  Instant at;
  TicketEventKind kind = TicketEventKind::kNote;
  std::optional<sla::Priority> to_priority;
  std::optional<std::int64_t> actor_id;
  std::string note;
  nlohmann::json data;
  Instant recorded_at;  // when it was entered; `at` may be earlier (a late entry)
  std::string actor_name;
};

// Vendor staff may date an entry up to this far back; team leaders and managers
// further. Party A's entries are always dated when recorded.
inline constexpr std::int64_t kMaxBackdateSeconds = 24 * 3600;

struct MetricView {
  std::string name;
  sla::MetricKind kind;
  sla::MetricOutcome outcome;
  // A running clock: when it reaches its metric's warning share (sla::Metric's
  // warn_percent, SLA-4) of its target on its own
  // calendar (now or earlier once it has).
  std::optional<Instant> warn_at;
  Seconds escalate_every = 0;  // the metric's repeat of escalations while late
};

struct Ticket {
  std::int64_t id = 0;
  std::string number;
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> contract_id, system_id, assignee_id;
  sla::Channel channel = sla::Channel::kPhone;
  sla::TicketType type = sla::TicketType::kFault;
  sla::Priority priority = sla::Priority::kP3;
  sla::TicketStatus status = sla::TicketStatus::kActive;
  std::string title, description, caller_name, caller_phone;
  std::string customer_name, system_name, assignee_name;  // for display
  std::optional<std::string> fault_grade;
  Instant received_at;
  std::optional<Instant> next_due_at;
  nlohmann::json form;
  bool sla_bound = false;
  std::string tz = kDefaultZoneName;  // the contract's, for rendering times
  std::vector<MetricView> metrics;    // filled by GetTicket and ListTickets
  // The clock a list shows: the running metric due first, else a paused one.
  std::optional<std::size_t> clock;  // index into metrics
  std::vector<TimelineEntry> timeline;
};

Result<Ticket> CreateTicket(store::Database& db, const Context& ctx, NewTicket in);
// The same in the caller's transaction (a mail's ticket commits with the mail's
// record, so a mail never becomes two tickets).
Result<Ticket> CreateTicket(store::Transaction& tx, const Context& ctx, NewTicket in);
// Vendor-side reads of a customer's ticket are audited (CON-4).
Result<Ticket> GetTicket(store::Database& db, const Context& ctx, std::int64_t id);
Result<Ticket> AddTicketEvent(store::Transaction& tx, const Context& ctx, std::int64_t id,
                              const NewEvent& e);
Result<Ticket> AddTicketEvent(store::Database& db, const Context& ctx, std::int64_t id,
                              const NewEvent& e);

// For background work in its own transaction (service/alerts): the ticket with its
// timeline and live SLA at `now`. A system read, not audited.
Result<Ticket> LoadLiveTicket(store::Transaction& tx, std::int64_t id, Instant now);
// Appends an entry the server records itself (an `alerted`: who was told what) to
// the ticket's timeline, dated `at`, with no actor. It changes no SLA clock.
Status AppendSystemEntry(store::Transaction& tx, std::int64_t id, TicketEventKind kind, Instant at,
                         const nlohmann::json& data);

// Recomputes what is stored from a ticket's SLA (next due, the queue key, and so
// the sla=late filter) and its SLA timers, for the open tickets of `contract_id`
// (of every contract when nullopt), at `now`: after their inputs change (a
// contract's policy, a holiday year). Returns how many tickets changed.
Result<std::int64_t> RecomputeOpenTickets(store::Transaction& tx,
                                          std::optional<std::int64_t> contract_id, Instant now);

struct TicketFilter {
  std::optional<StatusFilter> status;
  std::optional<std::int64_t> customer_id, system_id, assignee_id;
  bool unassigned = false;  // only tickets nobody is assigned to
  std::optional<sla::Priority> priority;
  std::optional<Instant> received_from, received_to;
  std::optional<std::string> q;            // number, caller phone, or words of title/description
  std::optional<SlaFilter> sla;            // open tickets by SLA state at ctx.now
  bool queue = false;                      // order by next due (the open queue), else newest first
  std::optional<Instant> leftover_before;  // open tickets received before this instant
  std::string cursor;
  int limit = 50;
  // A vendor's list is audited (CON-4) with its filter and how many came back;
  // a caller that audits the whole request itself (the archive) turns this off.
  bool audited = true;
};

struct TicketPage {
  std::vector<Ticket> items;
  std::string next_cursor;  // empty on the last page
};

Result<TicketPage> ListTickets(store::Database& db, const Context& ctx, const TicketFilter& f);

// For exports (issue 13): every ticket `f` selects, with ListTickets' rules (the
// tenant, the filters, the SLA state from the stored next due) but not its cursor,
// limit or order: newest id first, `batch` per query (keyset by id, each query its
// own read transaction), so that memory does not grow with the tickets. A ticket
// has no live metrics here. `each` sees one ticket at a time; its error stops the
// scan. Not audited: the caller audits the whole export.
Status ScanTickets(store::Database& db, const Context& ctx, const TicketFilter& f, int batch,
                   const std::function<Status(const Ticket&)>& each);
// The filter as the audit log names it: only what was given.
nlohmann::json TicketFilterJson(const TicketFilter& f);

// Open tickets (active or waiting) per assignee, and those nobody has yet, for
// dispatching (TKT-3): vendor staff only; people without open tickets are left out.
struct Workload {
  struct Person {
    std::int64_t user_id = 0, open = 0;
  };
  std::vector<Person> by_assignee;
  std::int64_t unassigned = 0;
};
Result<Workload> OpenTicketsByAssignee(store::Database& db, const Context& ctx);

// For the live views: the timeline entries recorded after entry `after_event`
// (every change to a ticket, its creation included, records one), oldest first, at
// most `limit`, each with its ticket and customer. A system read, not a user's: the
// caller filters by tenant before anything reaches a user.
struct TicketChange {
  std::int64_t event_id = 0, id = 0, customer_id = 0;
};
Result<std::vector<TicketChange>> ListTicketChanges(store::Database& db, std::int64_t after_event,
                                                    int limit);
// The newest timeline entry's id (0 when there is none): where a feed starts.
Result<std::int64_t> LatestTicketChange(store::Database& db);

}  // namespace aftercare::service
