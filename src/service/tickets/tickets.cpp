#include "service/tickets/tickets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <span>

#include "core/contact.h"
#include "service/alerts/alerts.h"
#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/permissions.h"
#include "service/tx.h"
#include "sla/timeline.h"

namespace aftercare::service {
namespace {

constexpr const char* kTicketColumns =
    "t.id, t.customer_id, t.contract_id, t.system_id, t.channel, t.type, t.priority, "
    "t.status, t.title, t.description, t.caller_name, t.caller_phone, t.received_at, "
    "t.assignee_id, t.fault_grade, t.form, t.next_due_at, c.tz, cu.name AS customer_name, "
    "sy.name AS system_name, a.display_name AS assignee_name";
// The tickets with what a list shows by name: customer, system, assignee.
constexpr const char* kTicketFrom =
    " FROM tickets t LEFT JOIN contracts c ON c.id = t.contract_id "
    "LEFT JOIN customers cu ON cu.id = t.customer_id LEFT JOIN systems sy ON sy.id = t.system_id "
    "LEFT JOIN users a ON a.id = t.assignee_id";

// A value of a closed set as its TEXT column holds it: by name.
template <typename E>
store::Value Stored(E value) {
  return std::string(Name(value));
}

Ticket TicketFrom(const store::Row& r) {
  Ticket t;
  t.id = r.Int("id");
  t.number = TicketNumber(t.id);
  t.customer_id = r.Int("customer_id");
  t.contract_id = r.OptInt("contract_id");
  t.system_id = r.OptInt("system_id");
  t.channel = sla::ParseChannel(r.Text("channel")).value_or(sla::Channel::kPhone);
  t.type = sla::ParseTicketType(r.Text("type")).value_or(sla::TicketType::kFault);
  t.priority = sla::ParsePriority(r.Text("priority")).value_or(sla::Priority::kP3);
  t.status = sla::ParseTicketStatus(r.Text("status")).value_or(sla::TicketStatus::kActive);
  t.title = r.Text("title");
  t.description = r.Text("description");
  t.caller_name = r.Text("caller_name");
  t.caller_phone = r.Text("caller_phone");
  t.received_at = Instant{r.Int("received_at")};
  t.assignee_id = r.OptInt("assignee_id");
  t.fault_grade = r.OptText("fault_grade");
  t.form = nlohmann::json::parse(r.Text("form"), nullptr, false);
  if (auto due = r.OptInt("next_due_at")) t.next_due_at = Instant{*due};
  if (auto tz = r.OptText("tz")) t.tz = *tz;
  t.customer_name = r.Text("customer_name");
  t.system_name = r.Text("system_name");
  t.assignee_name = r.Text("assignee_name");
  return t;
}

// What a ticket's clocks, stored due and timers depend on, without the names and
// texts a list shows (a recomputation reads every open ticket).
constexpr const char* kClockColumns =
    "t.id, t.customer_id, t.contract_id, t.channel, t.type, t.priority, t.status, "
    "t.received_at, t.assignee_id, t.next_due_at";

Ticket ClockTicketFrom(const store::Row& r) {
  Ticket t;
  t.id = r.Int("id");
  t.number = TicketNumber(t.id);
  t.customer_id = r.Int("customer_id");
  t.contract_id = r.OptInt("contract_id");
  t.channel = sla::ParseChannel(r.Text("channel")).value_or(sla::Channel::kPhone);
  t.type = sla::ParseTicketType(r.Text("type")).value_or(sla::TicketType::kFault);
  t.priority = sla::ParsePriority(r.Text("priority")).value_or(sla::Priority::kP3);
  t.status = sla::ParseTicketStatus(r.Text("status")).value_or(sla::TicketStatus::kActive);
  t.received_at = Instant{r.Int("received_at")};
  t.assignee_id = r.OptInt("assignee_id");
  if (auto due = r.OptInt("next_due_at")) t.next_due_at = Instant{*due};
  return t;
}

// A ticket_events row's SLA part (seq, at, kind, to_priority): all a clock needs.
TimelineEntry SlaEntryFrom(const store::Row& r) {
  TimelineEntry e;
  e.seq = r.Int("seq");
  e.at = Instant{r.Int("at")};
  e.kind = ParseTicketEventKind(r.Text("kind")).value_or(TicketEventKind::kNote);
  if (!r.IsNull("to_priority")) e.to_priority = sla::ParsePriority(r.Text("to_priority"));
  return e;
}

// A whole ticket_events row, with its actor's name (actor_name).
TimelineEntry TimelineEntryFrom(const store::Row& r) {
  TimelineEntry e = SlaEntryFrom(r);
  e.actor_id = r.OptInt("actor_id");
  e.note = r.Text("note");
  e.data = nlohmann::json::parse(r.Text("data"), nullptr, false);
  e.recorded_at = Instant{r.OptInt("recorded_at").value_or(e.at.unix)};
  e.actor_name = r.Text("actor_name");
  return e;
}

// Sorts after every real instant (9999-12-31T23:59:59Z).
constexpr std::int64_t kNoDue = 253402300799;

Result<Ticket> LoadTicket(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT ") + kTicketColumns + kTicketFrom + " WHERE t.id = $1", {id}));
  if (rows.empty()) return NotFound("ticket");
  return TicketFrom(rows[0]);
}

Result<std::vector<TimelineEntry>> LoadTimeline(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT e.seq, e.at, e.kind, e.to_priority, e.actor_id, "
                          "e.note, e.data, e.recorded_at, u.display_name AS actor_name FROM "
                          "ticket_events e LEFT JOIN users u ON u.id = e.actor_id "
                          "WHERE e.ticket_id = $1 ORDER BY e.seq",
                          {id}));
  std::vector<TimelineEntry> out;
  for (const auto& r : rows) out.push_back(TimelineEntryFrom(r));
  return out;
}

// The ticket as the engine sees it: its SLA events, named by its number.
sla::Ticket SlaTicket(const Ticket& t) {
  sla::Ticket out;
  out.id = t.number;
  out.channel = t.channel;
  out.type = t.type;
  for (const TimelineEntry& e : t.timeline) {
    auto kind = SlaEvent(e.kind);
    if (!kind) continue;
    auto p = e.to_priority;
    if (*kind == sla::EventKind::kReceived && out.events.empty() && p) out.priority = *p;
    out.events.push_back({e.at, *kind, p.value_or(sla::Priority::kP1)});
  }
  return out;
}

// Evaluates the tickets' metrics at `now` with their contracts' policies, by the
// same engine as the replay (timelines must be loaded; one evaluation per
// contract): fills metrics, clock, sla_bound and next_due_at.
Status ComputeSla(store::Transaction& tx, std::span<Ticket* const> tickets, Instant now) {
  std::map<std::int64_t, std::vector<Ticket*>> by_contract;
  for (Ticket* t : tickets) {
    t->metrics.clear();
    t->clock.reset();
    t->sla_bound = false;
    t->next_due_at.reset();
    if (t->contract_id) by_contract[*t->contract_id].push_back(t);
  }
  for (auto& [contract_id, group] : by_contract) {
    auto row = LoadContractRow(tx, contract_id);
    if (!row.ok() && row.error().code == ErrorCode::kNotFound) {
      return Error::Invalid("contract_id: not a contract of the customer", 0, "contract_id");
    }
    AFTERCARE_ASSIGN_OR_RETURN(Contract contract, std::move(row));
    for (const Ticket* t : group) {
      if (contract.customer_id != t->customer_id) {
        return Error::Invalid("contract_id: not a contract of the customer", 0, "contract_id");
      }
    }
    AFTERCARE_ASSIGN_OR_RETURN(sla::EvaluationInput in, LoadContractTerms(tx, contract, now));
    for (const Ticket* t : group) in.tickets.push_back(SlaTicket(*t));
    sla::Evaluation ev = sla::Evaluate(in);
    for (std::size_t k = 0; k < group.size(); ++k) {
      Ticket& t = *group[k];
      t.tz = contract.tz;
      t.sla_bound = sla::IsBound(in.contract, in.tickets[k]);
      const sla::TicketResult& tr = ev.tickets[k];
      for (std::uint32_t i = tr.first; i < tr.first + tr.count; ++i) {
        const auto& m = ev.metrics[i];
        const sla::Metric& def = in.policy.metrics[m.metric];
        MetricView view{def.name, def.kind, m.outcome, std::nullopt};
        const auto& o = m.outcome;
        bool running = !o.stopped_at && o.due;
        if (running) {
          // The metric's warning share of the target (SLA-4), rounded up to a second.
          const Seconds warn_s = (o.target_s * def.warn_percent + 99) / 100;
          view.escalate_every = def.escalate_every;
          // Past the warning: now; late: none any more (a late clock is red).
          if (o.state != sla::MetricState::kLate) {
            view.warn_at =
                warn_s <= o.elapsed_s
                    ? now
                    : in.calendars[def.calendar].After(now, warn_s - o.elapsed_s).value_or(*o.due);
          }
          if (!t.next_due_at || *o.due < *t.next_due_at) {
            t.next_due_at = o.due;
            t.clock = t.metrics.size();
          }
        } else if (!t.clock && o.state == sla::MetricState::kPaused) {
          t.clock = t.metrics.size();
        }
        t.metrics.push_back(std::move(view));
      }
    }
  }
  return {};
}

Status ComputeSla(store::Transaction& tx, Ticket& t, Instant now) {
  Ticket* one[] = {&t};
  return ComputeSla(tx, one, now);
}

// Loads the SLA events of `tickets` (one query) into their timelines, for lists
// that show clocks but not the whole timeline.
Status LoadSlaEvents(store::Transaction& tx, std::vector<Ticket>& tickets) {
  if (tickets.empty()) return {};
  store::ParamList params;
  std::map<std::int64_t, Ticket*> by_id;
  for (Ticket& t : tickets) by_id[t.id] = &t;
  // The ids' range as well: with the list alone PostgreSQL read the whole table for
  // a recomputation's batch of 2000 tickets; with the range it reads the index.
  std::string sql =
      "SELECT ticket_id, seq, at, kind, to_priority FROM ticket_events WHERE ticket_id >= " +
      params.Add(by_id.begin()->first) + " AND ticket_id <= " + params.Add(by_id.rbegin()->first) +
      " AND ticket_id IN (";
  for (auto it = by_id.begin(); it != by_id.end(); ++it) {
    if (it != by_id.begin()) sql += ", ";
    sql += params.Add(it->first);
  }
  sql += ") ORDER BY ticket_id, seq";
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
  for (const auto& r : rows) by_id[r.Int("ticket_id")]->timeline.push_back(SlaEntryFrom(r));
  return {};
}

store::Value DueValue(const Ticket& t) {
  if (t.next_due_at) return t.next_due_at->unix;
  return store::Null{};
}

// The open queue's sort key: the next due instant, open tickets without one last;
// NULL takes resolved and closed tickets out of the queue's index range.
store::Value QueueKey(const Ticket& t) {
  if (!IsOpen(t.status)) {
    return store::Null{};
  }
  return t.next_due_at ? t.next_due_at->unix : kNoDue;
}

// The service request form of TKT-2 (《服务申请表》) beyond the ticket's own
// columns: where and who, estimates, charging, and the three approvals, each with
// signer, date and opinion. Unknown or malformed fields are rejected by name.
Status CheckForm(const nlohmann::json& form) {
  if (!form.is_object()) return Error::Invalid("form must be an object", 0, "form");
  auto bad = [](const std::string& field, const std::string& why) {
    return Error::Invalid("form." + field + " " + why, 0, "form." + field);
  };
  static const char* kText[] = {"service_address", "postcode", "applicant",
                                "phone",           "fax",      "other_staff"};
  for (const auto& [key, value] : form.items()) {
    if (std::find(std::begin(kText), std::end(kText), key) != std::end(kText)) {
      if (!value.is_string()) return bad(key, "must be a string");
      const std::string& text = value.get_ref<const std::string&>();
      if (key == "phone" || key == "fax") {
        AFTERCARE_RETURN_IF_ERROR(CheckPhone(text, "form." + key));
      } else if (key == "postcode") {
        AFTERCARE_RETURN_IF_ERROR(CheckPostcode(text, "form." + key));
      }
    } else if (key == "estimated_departure" || key == "estimated_return") {
      if (!value.is_string() || !ParseRfc3339(value.get<std::string>()).ok()) {
        return bad(key, "must be an RFC 3339 time");
      }
    } else if (key == "estimated_cost") {
      if (!value.is_string() || !ParseYuan(value.get<std::string>()).ok()) {
        return bad(key, "must be an amount in yuan like \"1200.00\"");
      }
    } else if (key == "chargeable") {
      if (!value.is_boolean()) return bad(key, "must be true or false");
    } else if (key == "approvals") {
      if (!value.is_object()) return bad(key, "must be an object");
      for (const auto& [step, a] : value.items()) {
        if (step != "applicant_unit" && step != "supervisor" && step != "division_gm") {
          return bad("approvals." + step,
                     "is not an approval (applicant_unit, supervisor, division_gm)");
        }
        if (!a.is_object()) return bad("approvals." + step, "must be an object");
        for (const auto& [k, v] : a.items()) {
          std::string f = "approvals." + step + "." + k;
          if (k == "signer" || k == "opinion") {
            if (!v.is_string()) return bad(f, "must be a string");
          } else if (k == "recorded_by") {
            if (!v.is_number_integer()) return bad(f, "must be a user id");
          } else if (k == "date") {
            if (!v.is_string() || !ParseDate(v.get<std::string>()).ok()) {
              return bad(f, "must be a date YYYY-MM-DD");
            }
          } else {
            return bad(f, "is not a field of an approval (signer, date, opinion)");
          }
        }
      }
    } else {
      return bad(key, "is not a field of the service request form");
    }
  }
  if (form.contains("estimated_departure") && form.contains("estimated_return") &&
      *ParseRfc3339(form["estimated_return"].get<std::string>()) <
          *ParseRfc3339(form["estimated_departure"].get<std::string>())) {
    return bad("estimated_return", "is before estimated_departure");
  }
  return {};
}

// A late entry (the engineer was off the network on site) is allowed for a day
// and always shows its recorded_at beside the time it claims; older ones move
// clocks far enough to need a team leader or manager.
Status CheckBackdate(const Context& ctx, Instant at, const char* field) {
  if (ctx.now.unix - at.unix > kMaxBackdateSeconds &&
      !RequireRole(ctx, roles::kTeamManagers).ok()) {
    return Error{ErrorCode::kForbidden,
                 "an entry dated more than 24 hours back needs a team leader or manager",
                 field,
                 0,
                 {}};
  }
  return {};
}

LocalDate LocalToday(Instant now, const std::string& zone) {
  auto tz = TimeZone::Locate(zone);
  if (!tz.ok()) return DefaultZone().LocalDateOf(now);
  return tz->LocalDateOf(now);
}

// Who may change what on the TKT-2 form (`patch` is the change, RFC 7386; the
// whole form is checked by CheckForm afterwards). Approvals are signatures: each
// is given once and never changed or removed; the vendor's two (supervisor,
// division general manager) are given by its team leaders and managers; Party A
// fills in their own part (where, who, how to reach them, their unit's opinion)
// and nothing the vendor decides (staff, times, cost, chargeable). The server
// notes who recorded each approval.
Status CheckFormChange(const nlohmann::json& form, nlohmann::json& patch, const Actor& actor,
                       LocalDate today) {
  if (!patch.is_object()) return Error::Invalid("form must be an object", 0, "form");
  static const char* kPartyA[] = {"service_address", "postcode", "applicant",
                                  "phone",           "fax",      "approvals"};
  for (const auto& [key, value] : patch.items()) {
    if (!actor.vendor() &&
        std::find(std::begin(kPartyA), std::end(kPartyA), key) == std::end(kPartyA)) {
      return Error{ErrorCode::kForbidden,
                   "form." + key + " is filled in by the vendor",
                   "form." + key,
                   0,
                   {}};
    }
  }
  // Signed by the vendor's supervisor: what they approved is fixed; only the
  // remaining signatures may follow.
  const bool approved =
      form.is_object() && form.contains("approvals") && form["approvals"].is_object() &&
      (form["approvals"].contains("supervisor") || form["approvals"].contains("division_gm"));
  if (approved) {
    for (const auto& [key, value] : patch.items()) {
      if (key != "approvals") {
        return Error{ErrorCode::kConflict,
                     "form." + key + " cannot change: the form is approved",
                     "form." + key,
                     0,
                     {}};
      }
    }
  }
  if (!patch.contains("approvals")) return {};
  nlohmann::json& approvals = patch["approvals"];
  if (!approvals.is_object()) {
    return Error::Invalid("form.approvals must be an object (approvals are never removed)", 0,
                          "form.approvals");
  }
  const nlohmann::json* given =
      form.is_object() && form.contains("approvals") ? &form["approvals"] : nullptr;
  for (auto& [step, a] : approvals.items()) {
    std::string field = "form.approvals." + step;
    if (given && given->contains(step)) {
      return Error{ErrorCode::kConflict, field + " is already signed", field, 0, {}};
    }
    if (!a.is_object()) return Error::Invalid(field + " must be an object", 0, field);
    if (step == "applicant_unit" && actor.vendor() && actor.role != Role::kManager &&
        actor.role != Role::kTeamLeader && actor.role != Role::kAdmin) {
      // Party A signs their own unit's opinion; the vendor only records a signed
      // paper form, and that takes a team leader or manager.
      return Error{ErrorCode::kForbidden,
                   field +
                       " is signed by Party A (or recorded from the paper form by a team "
                       "leader or manager)",
                   field,
                   0,
                   {}};
    }
    if (step == "supervisor" || step == "division_gm") {
      bool may = actor.role == Role::kManager || actor.role == Role::kAdmin ||
                 (step == "supervisor" && actor.role == Role::kTeamLeader);
      if (!may) {
        return Error{ErrorCode::kForbidden,
                     step == "supervisor" ? field + " is given by a team leader or manager"
                                          : field + " is given by a manager",
                     field,
                     0,
                     {}};
      }
    }
    if (!a.contains("signer") || !a["signer"].is_string() ||
        a["signer"].get<std::string>().find_first_not_of(" \t") == std::string::npos) {
      return Error::Invalid(field + ".signer is required", 0, field + ".signer");
    }
    if (a.contains("date")) {
      // Party A signs in the system: the server dates it. A signed paper form keeps
      // the date written on it, which cannot be in the future.
      if (!actor.vendor()) {
        return Error::Invalid(
            field + ": Party A's signature is dated when recorded: leave out date", 0,
            field + ".date");
      }
      std::optional<LocalDate> d;
      if (a["date"].is_string()) {
        if (auto parsed = ParseDate(a["date"].get<std::string>()); parsed.ok()) d = *parsed;
      }
      if (!d || *d > today || !InServiceRange(*d)) {
        return Error::Invalid(field + ".date must be a date YYYY-MM-DD, not in the future", 0,
                              field + ".date");
      }
    } else {
      a["date"] = FormatDate(today);
    }
    if (a.contains("recorded_by")) {
      return Error::Invalid(field + ".recorded_by is set by the server", 0, field + ".recorded_by");
    }
    a["recorded_by"] = actor.user_id;
  }
  return {};
}

Result<std::optional<std::int64_t>> PickContract(store::Transaction& tx, std::int64_t customer_id,
                                                 Instant received) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT id, tz, coverage_from, coverage_to FROM contracts "
                                      "WHERE customer_id = $1 ORDER BY id DESC",
                                      {customer_id}));
  for (const auto& r : rows) {
    auto tz = TimeZone::Locate(r.Text("tz"));
    if (!tz.ok()) continue;
    std::string day = FormatDate(tz->LocalDateOf(received));
    if (r.Text("coverage_from") <= day && day <= r.Text("coverage_to")) {
      return std::optional<std::int64_t>(r.Int("id"));
    }
  }
  if (!rows.empty()) return std::optional<std::int64_t>(rows[0].Int("id"));
  return std::optional<std::int64_t>();
}

// An enabled vendor user; answers their display name.
Result<std::string> CheckAssignee(store::Transaction& tx, std::int64_t user_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT role, display_name FROM users WHERE id = $1 AND disabled = 0", {user_id}));
  if (rows.empty() || rows[0].Text("role") == "party_a") {
    return Error::Invalid("assignee_id: no such vendor user", 0, "assignee_id");
  }
  // Tickets are worked by engineers; a team leader may take one themselves.
  if (rows[0].Text("role") != "engineer" && rows[0].Text("role") != "team_leader") {
    return Error::Invalid("assignee_id: a ticket is assigned to an engineer or a team leader", 0,
                          "assignee_id");
  }
  return rows[0].Text("display_name");
}

}  // namespace

Result<Ticket> CreateTicket(store::Transaction& tx, const Context& ctx, NewTicket in) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  const bool party_a = !ctx.actor->vendor();
  if (party_a) {
    in.channel = sla::Channel::kPortal;
    if (in.received_at) {
      return Error::Invalid("a portal ticket is received when submitted: leave out received_at", 0,
                            "received_at");
    }
  }
  if (in.title.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::Invalid("title is required", 0, "title");
  }
  AFTERCARE_RETURN_IF_ERROR(CheckPhone(in.caller_phone, "caller_phone"));
  if (in.customer_id == 0) {
    if (!party_a) return Error::Invalid("customer_id is required", 0, "customer_id");
    in.customer_id = ctx.actor->customer_id.value_or(0);
  }
  Instant received = in.received_at.value_or(ctx.now);
  if (received > ctx.now) return Error::Invalid("received_at is in the future", 0, "received_at");
  // A call logged late counts from when it came in; by how much is bounded like any
  // late entry (it moves every clock of the ticket, and so the ledger).
  AFTERCARE_RETURN_IF_ERROR(CheckBackdate(ctx, received, "received_at"));
  AFTERCARE_RETURN_IF_ERROR(CheckFormChange(nlohmann::json::object(), in.form, *ctx.actor,
                                            LocalToday(ctx.now, kDefaultZoneName)));
  AFTERCARE_RETURN_IF_ERROR(CheckForm(in.form));
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, in.customer_id, "customer"));
  {
    AFTERCARE_ASSIGN_OR_RETURN(auto cust,
                               tx.Query("SELECT 1 FROM customers WHERE id = $1", {in.customer_id}));
    if (cust.empty()) return Error::Invalid("customer_id: no such customer", 0, "customer_id");
    if (in.system_id) {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto s, tx.Query("SELECT 1 FROM systems WHERE id = $1 AND customer_id = $2",
                           {*in.system_id, in.customer_id}));
      if (s.empty())
        return Error::Invalid("system_id: not a system of the customer", 0, "system_id");
    }
    std::optional<std::int64_t> contract = in.contract_id;
    if (!contract) {
      AFTERCARE_ASSIGN_OR_RETURN(contract, PickContract(tx, in.customer_id, received));
    }
    std::string assignee_name;
    if (in.assignee_id) {
      if (party_a) return Error{ErrorCode::kForbidden, "Party A cannot assign tickets", {}, 0, {}};
      AFTERCARE_ASSIGN_OR_RETURN(assignee_name, CheckAssignee(tx, *in.assignee_id));
    }
    Ticket t;
    t.customer_id = in.customer_id;
    t.contract_id = contract;
    t.system_id = in.system_id;
    t.assignee_id = in.assignee_id;
    t.assignee_name = assignee_name;
    t.channel = in.channel;
    t.type = in.type;
    t.priority = in.priority;
    t.status = sla::TicketStatus::kActive;
    t.title = in.title;
    t.description = in.description;
    t.caller_name = in.caller_name;
    t.caller_phone = in.caller_phone;
    t.received_at = received;
    t.form = in.form;
    t.timeline.push_back({1, received, TicketEventKind::kReceived, in.priority, ctx.actor->user_id,
                          in.description, nlohmann::json::object(), ctx.now,
                          ctx.actor->display_name});
    AFTERCARE_RETURN_IF_ERROR(ComputeSla(tx, t, ctx.now));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(
            "INSERT INTO tickets (customer_id, contract_id, system_id, channel, type, "
            "priority, status, title, description, caller_name, caller_phone, received_at, "
            "assignee_id, form, next_due_at, queue_key, created_by, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9, $10, $11, $12, $13, $14, "
            "$15, $16, $17, $17) RETURNING id",
            {in.customer_id, store::OrNull(contract), store::OrNull(in.system_id),
             Stored(in.channel), Stored(in.type), Stored(in.priority), in.title, in.description,
             in.caller_name, in.caller_phone, received.unix, store::OrNull(in.assignee_id),
             in.form.dump(), DueValue(t), QueueKey(t), ctx.actor->user_id, ctx.now.unix}));
    t.id = rows.at(0).Int("id");
    t.number = TicketNumber(t.id);
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO ticket_events (ticket_id, seq, at, kind, to_priority, actor_id, note, "
                "recorded_at) VALUES ($1, 1, $2, 'received', $3, $4, $5, $6)",
                {t.id, received.unix, Stored(in.priority), ctx.actor->user_id, in.description,
                 ctx.now.unix}));
    AFTERCARE_RETURN_IF_ERROR(alerts::ScheduleSlaTimers(tx, t, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "ticket", std::to_string(t.id), nullptr,
                                    {{"number", t.number},
                                     {"customer_id", t.customer_id},
                                     {"received_at", received.unix},
                                     {"channel", sla::Name(t.channel)},
                                     {"type", sla::Name(t.type)},
                                     {"priority", sla::Name(t.priority)},
                                     {"title", t.title}}));
    return t;
  }
}

Result<Ticket> CreateTicket(store::Database& db, const Context& ctx, NewTicket in) {
  return InTransaction(db, true, [&](store::Transaction& tx) { return CreateTicket(tx, ctx, in); });
}

// Vendor staff's internal notes and contacts (data.internal) are not Party A's to read.
void HideInternal(const Context& ctx, Ticket& t) {
  if (ctx.actor->vendor()) return;
  std::erase_if(t.timeline, [](const TimelineEntry& e) {
    return e.data.is_object() && e.data.value("internal", false) == true;
  });
}

Result<Ticket> GetTicket(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Ticket> {
    AFTERCARE_ASSIGN_OR_RETURN(Ticket t, LoadTicket(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, t.customer_id, "ticket"));
    AFTERCARE_ASSIGN_OR_RETURN(t.timeline, LoadTimeline(tx, id));
    AFTERCARE_RETURN_IF_ERROR(ComputeSla(tx, t, ctx.now));
    if (ctx.actor->vendor()) {
      AFTERCARE_RETURN_IF_ERROR(
          Audit(tx, ctx, "read", "ticket", std::to_string(id), nullptr, nullptr, t.customer_id));
    }
    HideInternal(ctx, t);
    return t;
  });
}

namespace {

// Who may add an entry of `e`'s kind: Party A its own kinds, and only Party A
// rates; team leaders and managers assign and grade; those who answer for the
// money change a ticket's priority or type.
Status CheckEventAllowed(const Context& ctx, const NewEvent& e, bool party_a) {
  using K = TicketEventKind;
  static const K kPartyAKinds[] = {K::kNote,   K::kCustomerReplied, K::kForm,
                                   K::kClosed, K::kReopened,        K::kRated};
  if (party_a && std::find(std::begin(kPartyAKinds), std::end(kPartyAKinds), e.kind) ==
                     std::end(kPartyAKinds)) {
    return Error{ErrorCode::kForbidden,
                 "Party A may add notes, replies, form details and ratings, and close or reopen "
                 "a resolved ticket",
                 {},
                 0,
                 {}};
  }
  if (e.kind == K::kRated && party_a == false) {
    return Error{ErrorCode::kForbidden, "only Party A rates a service", "kind", 0, {}};
  }
  if ((e.kind == K::kAssigned || e.kind == K::kGraded) &&
      !RequireRole(ctx, roles::kTeamManagers).ok()) {
    return Error{
        ErrorCode::kForbidden, "only team leaders and managers assign and grade", {}, 0, {}};
  }
  // A new priority or type re-targets the ticket's SLA clocks from the start, and so
  // can erase late events and their penalties: it belongs to those who answer for
  // the money (issue 10), not to the agent or engineer whose clock it is.
  if ((e.kind == K::kPriority || e.kind == K::kReclassified) &&
      !RequireRole(ctx, roles::kClockOwners).ok()) {
    return Error{ErrorCode::kForbidden,
                 "only team leaders and managers change a ticket's priority or type",
                 "kind",
                 0,
                 {}};
  }
  return {};
}

// A rating's data: a score from 1 to 5 and nothing else.
Status CheckRating(const nlohmann::json& data) {
  const auto& score = data.contains("score") ? data["score"] : nlohmann::json();
  if (!score.is_number_integer() || score.get<int>() < 1 || score.get<int>() > 5) {
    return Error::Invalid("data.score must be a whole number from 1 to 5", 0, "data.score");
  }
  for (const auto& [k, v] : data.items()) {
    if (k != "score")
      return Error::Invalid("data." + k + " is not part of a rating", 0, "data." + k);
  }
  return {};
}

// An escalation's data: to whom, and a vendor's reference number.
Status CheckEscalation(const nlohmann::json& data) {
  static const char* kTargets[] = {"senior_engineer", "manufacturer", "third_party"};
  std::string to = data.value("escalated_to", "");
  if (std::find(std::begin(kTargets), std::end(kTargets), to) == std::end(kTargets)) {
    return Error::Invalid("data.escalated_to must be senior_engineer, manufacturer or third_party",
                          0, "data.escalated_to");
  }
  if (to != "senior_engineer" && data.value("reference", "").empty()) {
    return Error::Invalid("an escalation to a vendor needs its reference number", 0,
                          "data.reference");
  }
  return {};
}

// The entry's own fields as its kind needs them: to_priority, note, and the names
// its data document holds (read here).
Status CheckEventFields(const NewEvent& e, bool party_a) {
  using K = TicketEventKind;
  if (e.kind == K::kRated) AFTERCARE_RETURN_IF_ERROR(CheckRating(e.data));
  if ((e.kind == K::kPriority) != e.to_priority.has_value()) {
    return Error::Invalid(e.to_priority ? "to_priority is only for a `priority` event"
                                        : "a `priority` event needs to_priority",
                          0, "to_priority");
  }
  if ((e.kind == K::kNote || e.kind == K::kContact) && e.note.empty()) {
    return Error::Invalid("a " + std::string(Name(e.kind)) + " needs a note", 0, "note");
  }
  if (!e.data.is_object()) return Error::Invalid("data must be an object", 0, "data");
  if (e.kind == K::kEscalated) AFTERCARE_RETURN_IF_ERROR(CheckEscalation(e.data));
  if (e.kind == K::kGraded) {
    static const char* kGrades[] = {"general", "serious", "major", "catastrophic"};
    std::string g = e.data.value("fault_grade", "");
    if (std::find(std::begin(kGrades), std::end(kGrades), g) == std::end(kGrades)) {
      return Error::Invalid("data.fault_grade must be general, serious, major or catastrophic", 0,
                            "data.fault_grade");
    }
  }
  if (e.data.is_object() && e.data.contains("internal")) {
    if (!e.data["internal"].is_boolean() || (e.kind != K::kNote && e.kind != K::kContact)) {
      return Error::Invalid("data.internal is true or false, on a note or contact", 0,
                            "data.internal");
    }
    if (party_a) {
      return Error{
          ErrorCode::kForbidden, "Party A's notes are never internal", "data.internal", 0, {}};
    }
  }
  if (e.kind == K::kAssigned && !e.data.contains("assignee_id")) {
    return Error::Invalid("data.assignee_id is required", 0, "data.assignee_id");
  }
  return {};
}

// The type a `reclassified` entry moves the ticket to (none for other kinds).
Result<std::optional<sla::TicketType>> NewTypeOf(const NewEvent& e) {
  std::optional<sla::TicketType> new_type;
  if (e.kind != TicketEventKind::kReclassified) return new_type;
  if (e.data.contains("type") && e.data["type"].is_string()) {
    new_type = sla::ParseTicketType(e.data["type"].get<std::string>());
  }
  if (!new_type) return UnknownTicketType("data.type");
  return new_type;
}

// When the entry claims to have happened: now unless given; never in the future;
// Party A's are dated when recorded.
Result<Instant> EventTime(const Context& ctx, const NewEvent& e, bool party_a) {
  Instant at = e.at.value_or(ctx.now);
  if (at > ctx.now) return Error::Invalid("at is in the future", 0, "at");
  if (party_a && e.at) {
    return Error::Invalid("Party A's entries are dated when recorded: leave out at", 0, "at");
  }
  // A late entry (the engineer was off the network on site) is allowed for a day
  // and always shows its recorded_at beside at; older ones need a team leader.
  AFTERCARE_RETURN_IF_ERROR(CheckBackdate(ctx, at, "at"));
  return at;
}

// The ticket's status after its timeline and then `e`: a service is rated once,
// after it is resolved; nothing else is added to a closed ticket; an SLA event
// must be possible in the status it meets.
Result<sla::TicketStatus> StatusAfter(const std::vector<TimelineEntry>& timeline,
                                      const NewEvent& e) {
  using K = TicketEventKind;
  std::vector<sla::Event> events;
  for (const auto& x : timeline) {
    if (auto k = SlaEvent(x.kind)) events.push_back({x.at, *k, sla::Priority::kP1});
  }
  sla::TicketStatus status = sla::TicketStatus::kActive;
  for (std::size_t i = 1; i < events.size(); ++i) {
    status = sla::Apply(status, events[i].kind).value_or(status);
  }
  if (e.kind == K::kRated) {
    if (status != sla::TicketStatus::kResolved && status != sla::TicketStatus::kClosed) {
      return Error{ErrorCode::kConflict, "a service is rated once it is resolved", "kind", 0, {}};
    }
    for (const auto& x : timeline) {
      if (x.kind == K::kRated) {
        return Error{ErrorCode::kConflict, "the service is already rated", "kind", 0, {}};
      }
    }
  } else if (status == sla::TicketStatus::kClosed) {
    return Error{ErrorCode::kConflict, "the ticket is closed", {}, 0, {}};
  }
  if (auto sla_kind = SlaEvent(e.kind)) {
    auto next = sla::Apply(status, *sla_kind);
    if (!next) {
      return Error{ErrorCode::kConflict,
                   "`" + std::string(Name(e.kind)) + "` is not possible while the ticket is " +
                       std::string(sla::Name(status)),
                   "kind",
                   0,
                   {}};
    }
    status = *next;
  }
  return status;
}

// Applies `e` to the ticket's assignee, fault grade, type, form and priority
// (`before` gains the type it had); answers the entry's data as the timeline keeps
// it, naming the assignee and the previous type.
Result<nlohmann::json> ApplyEvent(store::Transaction& tx, const Context& ctx, const NewEvent& e,
                                  std::optional<sla::TicketType> new_type, Ticket& t,
                                  nlohmann::json& before) {
  using K = TicketEventKind;
  std::string assignee_name;
  if (e.kind == K::kAssigned) {
    if (!e.data["assignee_id"].is_number_integer()) {
      return Error::Invalid("data.assignee_id must be a user id", 0, "data.assignee_id");
    }
    std::int64_t assignee = e.data["assignee_id"].get<std::int64_t>();
    AFTERCARE_ASSIGN_OR_RETURN(assignee_name, CheckAssignee(tx, assignee));
    t.assignee_id = assignee;
    t.assignee_name = assignee_name;
  }
  if (e.kind == K::kGraded) t.fault_grade = e.data["fault_grade"].get<std::string>();
  if (new_type) {
    // A wrong intake corrected: the clocks are those of the right type from the
    // start (the timeline keeps the change and who made it).
    before["type"] = sla::Name(t.type);
    t.type = *new_type;
  }
  nlohmann::json data = e.data;
  // The timeline names whom it was assigned to, for readers who cannot list users.
  if (e.kind == K::kAssigned) data["assignee_name"] = assignee_name;
  if (new_type) data["previous_type"] = before["type"];
  if (e.kind == K::kForm) {
    // data is merged into the form (RFC 7386): approvals arrive after intake.
    AFTERCARE_RETURN_IF_ERROR(CheckFormChange(t.form, data, *ctx.actor, LocalToday(ctx.now, t.tz)));
    nlohmann::json merged = t.form.is_object() ? t.form : nlohmann::json::object();
    merged.merge_patch(data);
    AFTERCARE_RETURN_IF_ERROR(CheckForm(merged));
    t.form = std::move(merged);
  }
  if (e.to_priority) t.priority = *e.to_priority;
  return data;
}

// Writes the ticket's changeable columns and its queue keys as they now are.
Status SaveTicketState(store::Transaction& tx, const Ticket& t, Instant now) {
  return tx.Exec(
      "UPDATE tickets SET status = $1, priority = $2, assignee_id = $3, fault_grade = $4, "
      "next_due_at = $5, queue_key = $6, updated_at = $7, form = $8, type = $9 WHERE id = $10",
      {Stored(t.status), Stored(t.priority), store::OrNull(t.assignee_id),
       store::OrNull(t.fault_grade), DueValue(t), QueueKey(t), now.unix, t.form.dump(),
       Stored(t.type), t.id});
}

}  // namespace

Result<Ticket> AddTicketEvent(store::Transaction& tx, const Context& ctx, std::int64_t id,
                              const NewEvent& e) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (SlaEvent(e.kind) == sla::EventKind::kReceived) {
    return Error::Invalid("`received` is recorded when the ticket is created", 0, "kind");
  }
  if (e.kind == TicketEventKind::kAlerted) {
    return Error::Invalid("`alerted` is recorded by the server when it warns or escalates", 0,
                          "kind");
  }
  const bool party_a = !ctx.actor->vendor();
  AFTERCARE_RETURN_IF_ERROR(CheckEventAllowed(ctx, e, party_a));
  AFTERCARE_RETURN_IF_ERROR(CheckEventFields(e, party_a));
  AFTERCARE_ASSIGN_OR_RETURN(const std::optional<sla::TicketType> new_type, NewTypeOf(e));
  AFTERCARE_ASSIGN_OR_RETURN(Instant at, EventTime(ctx, e, party_a));

  {
    // Lock the ticket's row before reading its timeline: concurrent writers to one
    // ticket then queue (or, on PostgreSQL, retry as a serialization failure)
    // instead of both taking the same next seq and one failing as a conflict.
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE tickets SET updated_at = updated_at WHERE id = $1", {id}));
    AFTERCARE_ASSIGN_OR_RETURN(Ticket t, LoadTicket(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, t.customer_id, "ticket"));
    AFTERCARE_ASSIGN_OR_RETURN(std::vector<TimelineEntry> timeline, LoadTimeline(tx, id));
    // The server's own alerts (evidence of who was told) do not order the service's
    // entries: a late entry may still go before them.
    auto last = std::find_if(timeline.rbegin(), timeline.rend(), [](const TimelineEntry& x) {
      return x.kind != TicketEventKind::kAlerted;
    });
    if (last != timeline.rend() && at < last->at) {
      // An entry dated "now" that waited for a concurrent one (stamped a second
      // later) to commit is dated with it; an explicit earlier `at` is refused.
      if (e.at) return Error::Invalid("at is before the ticket's last event", 0, "at");
      at = last->at;
    }
    AFTERCARE_ASSIGN_OR_RETURN(sla::TicketStatus status, StatusAfter(timeline, e));
    nlohmann::json before = {{"status", sla::Name(t.status)}, {"priority", sla::Name(t.priority)}};
    AFTERCARE_ASSIGN_OR_RETURN(nlohmann::json data, ApplyEvent(tx, ctx, e, new_type, t, before));
    store::Value to = store::Null{};
    if (e.to_priority) to = Stored(*e.to_priority);
    std::int64_t seq = timeline.empty() ? 1 : timeline.back().seq + 1;
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO ticket_events (ticket_id, seq, at, kind, to_priority, actor_id, note, data, "
        "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {id, seq, at.unix, Stored(e.kind), to, ctx.actor->user_id, e.note, data.dump(),
         ctx.now.unix}));
    t.status = status;
    timeline.push_back({seq, at, e.kind, e.to_priority, ctx.actor->user_id, e.note, data, ctx.now,
                        ctx.actor->display_name});
    t.timeline = std::move(timeline);
    AFTERCARE_RETURN_IF_ERROR(ComputeSla(tx, t, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(SaveTicketState(tx, t, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(alerts::ScheduleSlaTimers(tx, t, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "event", "ticket", std::to_string(id), before,
                                    {{"kind", Name(e.kind)},
                                     {"at", at.unix},
                                     {"status", sla::Name(t.status)},
                                     {"priority", sla::Name(t.priority)},
                                     {"note", e.note},
                                     {"data", data}}));
    HideInternal(ctx, t);
    return t;
  }
}

Result<Ticket> AddTicketEvent(store::Database& db, const Context& ctx, std::int64_t id,
                              const NewEvent& e) {
  return InTransaction(db, true,
                       [&](store::Transaction& tx) { return AddTicketEvent(tx, ctx, id, e); });
}

Result<Ticket> LoadLiveTicket(store::Transaction& tx, std::int64_t id, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(Ticket t, LoadTicket(tx, id));
  AFTERCARE_ASSIGN_OR_RETURN(t.timeline, LoadTimeline(tx, id));
  AFTERCARE_RETURN_IF_ERROR(ComputeSla(tx, t, now));
  return t;
}

Status AppendSystemEntry(store::Transaction& tx, std::int64_t id, TicketEventKind kind, Instant at,
                         const nlohmann::json& data) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT COALESCE(MAX(seq), 0) AS last_seq FROM ticket_events WHERE "
                          "ticket_id = $1",
                          {id}));
  AFTERCARE_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO ticket_events (ticket_id, seq, at, kind, note, data, recorded_at) VALUES ($1, "
      "$2, $3, $4, '', $5, $3)",
      {id, rows[0].Int("last_seq") + 1, at.unix, Stored(kind), data.dump()}));
  return tx.Exec("UPDATE tickets SET updated_at = $1 WHERE id = $2", {at.unix, id});
}

namespace {

// Stores the tickets' next due and queue key, 64 tickets to a statement (a
// recomputation may move every open ticket's: one statement each was most of its
// time on PostgreSQL).
Status SaveDueValues(store::Transaction& tx, std::span<const Ticket* const> tickets) {
  constexpr std::size_t kRows = 64;
  for (std::size_t i = 0; i < tickets.size(); i += kRows) {
    store::ParamList p;
    std::string sql = "WITH v (id, due, queue_key) AS (VALUES ";
    for (std::size_t k = i; k < std::min(tickets.size(), i + kRows); ++k) {
      sql += (k > i ? ", (CAST(" : "(CAST(") + p.Add(tickets[k]->id) + " AS BIGINT), CAST(" +
             p.Add(DueValue(*tickets[k])) + " AS BIGINT), CAST(" + p.Add(QueueKey(*tickets[k])) +
             " AS BIGINT))";
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec(sql + ") UPDATE tickets SET next_due_at = v.due, queue_key = v.queue_key FROM v "
                      "WHERE tickets.id = v.id",
                p.values()));
  }
  return {};
}

}  // namespace

Result<std::int64_t> RecomputeOpenTickets(store::Transaction& tx,
                                          std::optional<std::int64_t> contract_id, Instant now) {
  constexpr std::int64_t kBatch = 2000;
  std::int64_t changed = 0, after = 0;
  for (;;) {
    // Open tickets are those with a queue key (its index), in id order, a batch at a time.
    store::ParamList p;
    std::string sql = std::string("SELECT ") + kClockColumns +
                      " FROM tickets t WHERE t.queue_key IS NOT NULL AND t.id > " + p.Add(after);
    if (contract_id) sql += " AND t.contract_id = " + p.Add(*contract_id);
    sql += " ORDER BY t.id LIMIT " + p.Add(kBatch);
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    if (rows.empty()) break;
    std::vector<Ticket> batch;
    batch.reserve(rows.size());
    for (const auto& r : rows) batch.push_back(ClockTicketFrom(r));
    std::vector<store::Value> stored_due;
    for (const Ticket& t : batch) stored_due.push_back(DueValue(t));
    AFTERCARE_RETURN_IF_ERROR(LoadSlaEvents(tx, batch));
    std::vector<Ticket*> ptrs;
    for (Ticket& t : batch) ptrs.push_back(&t);
    AFTERCARE_RETURN_IF_ERROR(ComputeSla(tx, ptrs, now));
    std::vector<const Ticket*> moved;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (DueValue(batch[i]) != stored_due[i]) moved.push_back(&batch[i]);
    }
    AFTERCARE_RETURN_IF_ERROR(SaveDueValues(tx, moved));
    changed += static_cast<std::int64_t>(moved.size());
    std::vector<const Ticket*> all(ptrs.begin(), ptrs.end());
    AFTERCARE_RETURN_IF_ERROR(alerts::ScheduleSlaTimers(tx, all, now));
    after = batch.back().id;
    if (static_cast<std::int64_t>(rows.size()) < kBatch) break;
  }
  return changed;
}

Result<Workload> OpenTicketsByAssignee(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<Workload> {
    // queue_key is set exactly while a ticket is open (its index range); NULL
    // assignees group together and come first.
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT assignee_id, COUNT(*) AS n FROM tickets WHERE queue_key IS NOT NULL "
                 "GROUP BY assignee_id ORDER BY assignee_id"));
    Workload out;
    for (const auto& r : rows) {
      if (auto assignee = r.OptInt("assignee_id")) {
        out.by_assignee.push_back({*assignee, r.Int("n")});
      } else {
        out.unassigned = r.Int("n");
      }
    }
    return out;
  });
}

namespace {

// The filter as the audit log names it: only what was given.
nlohmann::json FilterView(const TicketFilter& f) {
  nlohmann::json j = nlohmann::json::object();
  auto put = [&](const char* k, const auto& v) {
    if (v) j[k] = *v;
  };
  auto put_name = [&](const char* k, const auto& v) {
    if (v) j[k] = Name(*v);
  };
  put_name("status", f.status);
  put("customer_id", f.customer_id);
  put("system_id", f.system_id);
  put("assignee_id", f.assignee_id);
  put_name("priority", f.priority);
  put("q", f.q);
  put_name("sla", f.sla);
  if (f.received_from) j["received_from"] = f.received_from->unix;
  if (f.received_to) j["received_to"] = f.received_to->unix;
  if (f.leftover_before) j["leftover_before"] = f.leftover_before->unix;
  if (f.unassigned) j["unassigned"] = true;
  if (f.queue) j["queue"] = true;
  if (!f.cursor.empty()) j["cursor"] = f.cursor;
  j["limit"] = f.limit;
  return j;
}

}  // namespace

namespace {

// The filter's conditions (tenant, status, ids, priority, SLA state, dates, words)
// appended to `sql`, their values to `params`.
void AppendTicketConditions(const Context& ctx, const TicketFilter& f, std::string& sql,
                            store::ParamList& params) {
  if (!ctx.actor->vendor()) {
    sql += " AND t.customer_id = " + params.Add(ctx.actor->customer_id.value_or(0));
  }
  if (f.status) {
    if (auto one = StatusOf(*f.status)) {
      sql += " AND t.status = " + params.Add(Stored(*one));
    } else {
      sql += " AND t.status IN ('active', 'waiting')";
    }
  }
  if (f.customer_id) sql += " AND t.customer_id = " + params.Add(*f.customer_id);
  if (f.system_id) sql += " AND t.system_id = " + params.Add(*f.system_id);
  if (f.assignee_id) sql += " AND t.assignee_id = " + params.Add(*f.assignee_id);
  if (f.unassigned) sql += " AND t.assignee_id IS NULL";
  if (f.priority) sql += " AND t.priority = " + params.Add(Stored(*f.priority));
  if (f.sla == SlaFilter::kLate) {
    sql += " AND t.queue_key IS NOT NULL AND t.next_due_at < " + params.Add(ctx.now.unix);
  } else if (f.sla == SlaFilter::kOnTime) {
    sql += " AND t.queue_key IS NOT NULL AND (t.next_due_at IS NULL OR t.next_due_at >= " +
           params.Add(ctx.now.unix) + ")";
  }
  if (f.received_from) sql += " AND t.received_at >= " + params.Add(f.received_from->unix);
  if (f.received_to) sql += " AND t.received_at < " + params.Add(f.received_to->unix);
  if (f.leftover_before) {
    sql += " AND t.status IN ('active', 'waiting') AND t.received_at < " +
           params.Add(f.leftover_before->unix);
  }
  if (f.q && !f.q->empty()) {
    // LIKE's wildcards in the words are matched literally.
    std::string like = "%";
    for (char ch : *f.q) {
      if (ch == '%' || ch == '_' || ch == '!') like += '!';
      like += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    like += "%";
    std::int64_t by_number = -1;  // "TK-000042" (or "tk-42") names ticket 42
    if (f.q->size() > 3 && (f.q->rfind("TK-", 0) == 0 || f.q->rfind("tk-", 0) == 0) &&
        f.q->find_first_not_of("0123456789", 3) == std::string::npos && f.q->size() <= 21) {
      by_number = std::stoll(f.q->substr(3));
    }
    const bool digits = f.q->find_first_not_of("0123456789-+ ") == std::string::npos;
    if (digits && f.q->find_first_not_of("0123456789") == std::string::npos && f.q->size() <= 9) {
      by_number = std::stoll(*f.q);  // "42" is ticket 42 too
    }
    std::string p_like = params.Add(like);
    sql += " AND (t.id = " + params.Add(by_number) + " OR t.caller_phone LIKE " + p_like +
           " ESCAPE '!' OR LOWER(t.caller_name) LIKE " + p_like +
           " ESCAPE '!' OR LOWER(t.title) LIKE " + p_like +
           " ESCAPE '!' OR LOWER(t.description) LIKE " + p_like + " ESCAPE '!')";
  }
}

}  // namespace

Result<TicketPage> ListTickets(store::Database& db, const Context& ctx, const TicketFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 500) return Error::Invalid("limit must be 1 to 500", 0, "limit");
  std::string sql = std::string("SELECT ") + kTicketColumns + kTicketFrom + " WHERE 1 = 1";
  store::ParamList params;
  AppendTicketConditions(ctx, f, sql, params);
  // Keyset pagination: the cursor is the last row's sort key.
  long long k1 = 0, k2 = 0;
  char kind = 0;
  if (!f.cursor.empty()) {
    if (std::sscanf(f.cursor.c_str(), "%c%lld.%lld", &kind, &k1, &k2) != 3 ||
        (kind != 'd' && kind != 'r')) {
      return Error::Invalid("cursor is not one this server issued", 0, "cursor");
    }
  }
  if (f.queue) {
    sql += " AND t.queue_key IS NOT NULL";
    if (kind == 'd') {
      sql += " AND (t.queue_key > " + params.Add(std::int64_t{k1}) +
             " OR (t.queue_key = " + params.Add(std::int64_t{k1}) + " AND t.id > " +
             params.Add(std::int64_t{k2}) + "))";
    }
    sql += " ORDER BY t.queue_key, t.id";
  } else {
    if (kind == 'r') {
      sql += " AND (t.received_at < " + params.Add(std::int64_t{k1}) +
             " OR (t.received_at = " + params.Add(std::int64_t{k1}) + " AND t.id < " +
             params.Add(std::int64_t{k2}) + "))";
    }
    sql += " ORDER BY t.received_at DESC, t.id DESC";
  }
  sql += " LIMIT " + std::to_string(f.limit + 1);
  auto page = InTransaction(db, false, [&](store::Transaction& tx) -> Result<TicketPage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params.values()));
    TicketPage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(f.limit); ++i) {
      page.items.push_back(TicketFrom(rows[i]));
    }
    if (rows.size() > static_cast<std::size_t>(f.limit)) {
      const Ticket& last = page.items.back();
      char buf[64];
      if (f.queue) {
        std::snprintf(buf, sizeof buf, "d%lld.%lld",
                      static_cast<long long>(last.next_due_at ? last.next_due_at->unix : kNoDue),
                      static_cast<long long>(last.id));
      } else {
        std::snprintf(buf, sizeof buf, "r%lld.%lld", static_cast<long long>(last.received_at.unix),
                      static_cast<long long>(last.id));
      }
      page.next_cursor = buf;
    }
    AFTERCARE_RETURN_IF_ERROR(LoadSlaEvents(tx, page.items));
    std::vector<Ticket*> all;
    for (Ticket& t : page.items) all.push_back(&t);
    AFTERCARE_RETURN_IF_ERROR(ComputeSla(tx, all, ctx.now));
    for (Ticket& t : page.items) t.timeline.clear();
    return page;
  });
  if (!page.ok() || !f.audited) return page;
  // CON-4: a vendor's list or search shows customer data; one entry per customer
  // it showed, written after the read so the read never holds the write lock.
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const Ticket& t : page->items) ++by_customer[t.customer_id];
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(
      db, ctx, f.q ? "search" : "list", "ticket", "",
      {{"filter", FilterView(f)}, {"returned", page->items.size()}}, by_customer));
  return page;
}

Status ScanTickets(store::Database& db, const Context& ctx, const TicketFilter& f, int batch,
                   const std::function<Status(const Ticket&)>& each) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  batch = std::max(batch, 1);
  std::string conditions;
  store::ParamList base;
  AppendTicketConditions(ctx, f, conditions, base);
  if (f.queue) conditions += " AND t.queue_key IS NOT NULL";
  std::optional<std::int64_t> before;  // keyset: the last id read
  for (;;) {
    store::ParamList params = base;
    std::string sql =
        std::string("SELECT ") + kTicketColumns + kTicketFrom + " WHERE 1 = 1" + conditions;
    if (before) sql += " AND t.id < " + params.Add(*before);
    sql += " ORDER BY t.id DESC LIMIT " + std::to_string(batch);
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, InTransaction(db, false, [&](store::Transaction& tx) {
                                 return tx.Query(sql, params.values());
                               }));
    for (const auto& r : rows) AFTERCARE_RETURN_IF_ERROR(each(TicketFrom(r)));
    if (rows.size() < static_cast<std::size_t>(batch)) return {};
    before = rows.back().Int("id");
  }
}

nlohmann::json TicketFilterJson(const TicketFilter& f) { return FilterView(f); }

Result<std::vector<TicketChange>> ListTicketChanges(store::Database& db, std::int64_t after_event,
                                                    int limit) {
  AFTERCARE_ASSIGN_OR_RETURN(auto tx, db.Begin(false));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx->Query("SELECT e.id, e.ticket_id, t.customer_id FROM ticket_events e JOIN tickets t ON "
                "t.id = e.ticket_id WHERE e.id > $1 ORDER BY e.id LIMIT $2",
                {after_event, std::int64_t{limit}}));
  std::vector<TicketChange> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Int("id"), r.Int("ticket_id"), r.Int("customer_id")});
  }
  return out;
}

Result<std::int64_t> LatestTicketChange(store::Database& db) {
  AFTERCARE_ASSIGN_OR_RETURN(auto tx, db.Begin(false));
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx->Query("SELECT COALESCE(MAX(id), 0) AS latest FROM ticket_events"));
  return rows.at(0).Int("latest");
}

}  // namespace aftercare::service
