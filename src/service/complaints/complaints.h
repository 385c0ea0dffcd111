// Complaints (QA-2; seed 7.8.2.2 五, issue 14 point 1): a complaint follows the
// seed's procedure, each step timed (who, when) and shown on its timeline.
//
// A complaint IS a ticket of type complaint: its id and number are the ticket's,
// and the ticket keeps the reply clock (`complaint_reply`, answered within the
// policy's target, 60 minutes by default, counting towards penalties like any
// response). Recording one here (RecordComplaint: an agent from the hotline, Party
// A in the portal) creates the ticket (CreateTicket, same transaction) and its
// record. A complaint-type ticket made elsewhere (the ticket API, a mail) needs no
// call from those areas: until its finding a complaint's state is read from its
// ticket (received until the ticket's `first_reply`, then investigating), and its
// record is made by its first step after that (the finding). So a complaint
// exists exactly while its ticket is of type complaint, whichever way it came.
//
// States, and whose move each waits for (我方 us, the vendor; 客户 the customer):
//   received         reply (答复)                 us: agents, team leaders, managers
//   investigating    finding: valid or invalid    us: team leaders, managers
//   result_returned  Party A reads the finding    customer: closes it (or the
//                                                 vendor's investigators for them)
//   assigned         a solution (the department)  us: the team's members and leader,
//                                                 or a manager
//   proposed         agree or refuse (a reason)   customer: Party A of the customer
//   agreed           implemented                  us: the department, or a manager
//   implemented      confirmed                    customer: Party A of the customer
//   closed           -
// A refusal sends the complaint back to `assigned` (any number of times); each
// proposal is kept with its text and the customer's answer and reason.
// The reply is the ticket's `first_reply` event (it stops complaint_reply; it may be
// dated back like any ticket entry, so a late reply shows as late in the ticket's
// metrics). A finding of invalid and an implementation resolve the ticket; the
// complaint's closing closes it (when it is still open).
//
// Errors: a step in another state is kConflict naming the state; a role or a
// department that may not take it, kForbidden; another customer's complaint (Party
// A), kNotFound; texts are 1 to kMaxComplaintText characters (kInvalidInput naming
// the field). Every step is audited (entity "complaint"); a vendor's read names the
// customer (CON-4). Notices (service::Announce): Party A's users of the customer are
// told of each step the vendor takes (complaint_progress); the department's leader
// when a complaint is assigned to the team or a solution refused
// (complaint_department).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "service/tickets/tickets.h"
#include "store/db.h"

namespace aftercare::service {

inline constexpr std::size_t kMaxComplaintText =
    1000;  // characters of a step's text (the API's default)

enum class ComplaintState : std::uint8_t {
  kReceived,
  kInvestigating,
  kResultReturned,
  kAssigned,
  kProposed,
  kAgreed,
  kImplemented,
  kClosed
};
inline constexpr int kComplaintStateCount = 8;
std::optional<ComplaintState> ParseComplaintState(std::string_view s);
std::string_view Name(ComplaintState s);

enum class ComplaintAction : std::uint8_t {
  kReply,
  kFindValid,
  kFindInvalid,
  kClose,
  kPropose,
  kAgree,
  kRefuse,
  kImplement,
  kConfirm
};
inline constexpr int kComplaintActionCount = 9;
std::string_view Name(ComplaintAction a);

// Whose move a state waits for.
enum class WaitingOn : std::uint8_t { kVendor, kCustomer, kNobody };
std::optional<WaitingOn> ParseWaitingOn(std::string_view s);
std::string_view Name(WaitingOn w);
WaitingOn WaitingOnIn(ComplaintState s);

// Who may take a step (besides the route's roles).
enum class ComplaintParty : std::uint8_t {
  kHandlers,       // agents, team leaders, managers
  kInvestigators,  // team leaders, managers
  kDepartment,     // the complaint's team (a member or its leader), or a manager
  kCustomer,       // Party A of the complaint's customer
  kCloser,         // Party A of the customer, or team leaders and managers
};

// The rules, one row per step: in `from`, `action` by `who` leads to `to`.
struct ComplaintRule {
  ComplaintState from;
  ComplaintAction action;
  ComplaintState to;
  ComplaintParty who;
};
inline constexpr ComplaintRule kComplaintRules[] = {
    {ComplaintState::kReceived, ComplaintAction::kReply, ComplaintState::kInvestigating,
     ComplaintParty::kHandlers},
    {ComplaintState::kInvestigating, ComplaintAction::kFindValid, ComplaintState::kAssigned,
     ComplaintParty::kInvestigators},
    {ComplaintState::kInvestigating, ComplaintAction::kFindInvalid, ComplaintState::kResultReturned,
     ComplaintParty::kInvestigators},
    {ComplaintState::kResultReturned, ComplaintAction::kClose, ComplaintState::kClosed,
     ComplaintParty::kCloser},
    {ComplaintState::kAssigned, ComplaintAction::kPropose, ComplaintState::kProposed,
     ComplaintParty::kDepartment},
    {ComplaintState::kProposed, ComplaintAction::kAgree, ComplaintState::kAgreed,
     ComplaintParty::kCustomer},
    {ComplaintState::kProposed, ComplaintAction::kRefuse, ComplaintState::kAssigned,
     ComplaintParty::kCustomer},
    {ComplaintState::kAgreed, ComplaintAction::kImplement, ComplaintState::kImplemented,
     ComplaintParty::kDepartment},
    {ComplaintState::kImplemented, ComplaintAction::kConfirm, ComplaintState::kClosed,
     ComplaintParty::kCustomer},
};

// The rule for `action` in `from`: kConflict naming the state when there is none.
Result<ComplaintRule> ComplaintRuleFor(ComplaintState from, ComplaintAction action);
// Whether `actor` is of `who` for a complaint of `customer_id` (in_department: the
// actor is a member or the leader of the complaint's team). kForbidden naming who
// may when not.
Status CheckComplaintParty(const Actor& actor, ComplaintParty who, std::int64_t customer_id,
                           bool in_department);

struct NewComplaint {
  std::int64_t customer_id = 0;  // Party A: theirs
  std::optional<std::int64_t> contract_id, system_id;
  sla::Channel channel = sla::Channel::kPhone;  // Party A's: the portal
  sla::Priority priority = sla::Priority::kP2;
  std::string title, description, caller_name, caller_phone;
  std::optional<Instant> received_at;
};

struct ComplaintStepView {
  std::string step;  // received, replied, then a ComplaintAction's name
  Instant at;
  std::optional<std::int64_t> actor_id;
  std::string actor_name, text;
  std::optional<std::int64_t> team_id;
  std::string team_name;
};

struct Solution {
  int n = 0;                                                   // 1, 2, ... in order of proposal
  std::string text, proposed_by, answer, answered_by, reason;  // answer: agreed, refused, ""
  Instant proposed_at;
  std::optional<Instant> answered_at;
};

struct Complaint {
  std::int64_t id = 0;  // the ticket's
  std::string number;   // the ticket's
  std::int64_t customer_id = 0;
  std::string customer_name, title, description, caller_name;
  sla::Channel channel = sla::Channel::kPhone;
  sla::Priority priority = sla::Priority::kP2;
  sla::TicketStatus ticket_status = sla::TicketStatus::kActive;
  ComplaintState state = ComplaintState::kReceived;
  Instant received_at, since;          // since: when it entered its state
  std::optional<std::string> outcome;  // valid, invalid
  std::string finding;
  std::optional<std::int64_t> team_id;
  std::string team_name;
  std::int64_t refusals = 0;
  std::string tz = kDefaultZoneName;
  std::vector<ComplaintStepView> timeline;  // GetComplaint and the steps only
  std::vector<Solution> solutions;          // likewise
};

Result<Complaint> RecordComplaint(store::Database& db, const Context& ctx, NewComplaint in);
Result<Complaint> GetComplaint(store::Database& db, const Context& ctx, std::int64_t id);

struct ComplaintStep {
  ComplaintAction action = ComplaintAction::kReply;
  // The reply, finding, solution, reason or implementation (the field `content`).
  std::string text;
  std::optional<std::int64_t> team_id;  // kFindValid: the responsible department
  std::optional<Instant> at;            // kReply only: when it was given (default now)
};
// One step; returns the complaint after it, with its timeline.
Result<Complaint> TakeComplaintStep(store::Database& db, const Context& ctx, std::int64_t id,
                                    const ComplaintStep& step);

struct ComplaintFilter {
  std::optional<ComplaintState> state;
  std::optional<std::int64_t> customer_id, team_id;
  std::optional<WaitingOn> waiting_on;
  bool open = false;             // not closed
  std::optional<std::string> q;  // a number, or words of the title or description
  std::string cursor;
  int limit = 50;  // 1 to 200
};
struct ComplaintPage {
  std::vector<Complaint> items;  // newest first
  std::string next_cursor;       // empty on the last page
};
// Party A: their customer's only. A vendor's list is audited per customer (CON-4).
Result<ComplaintPage> ListComplaints(store::Database& db, const Context& ctx,
                                     const ComplaintFilter& f);

// Names at the JSON edge: an unknown one is kInvalidInput naming the field.
Error UnknownComplaintState();
Error UnknownWaitingOn();

}  // namespace aftercare::service
