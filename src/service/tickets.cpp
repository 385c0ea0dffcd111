#include "service/tickets.h"

#include <algorithm>
#include <cstdio>

#include "service/audit.h"
#include "service/contracts.h"
#include "service/permissions.h"
#include "service/tx.h"
#include "sla/timeline.h"

namespace aftercare::service {
namespace {

constexpr const char* kTicketColumns =
    "t.id, t.number, t.customer_id, t.contract_id, t.system_id, t.channel, t.type, t.priority, "
    "t.status, t.title, t.description, t.caller_name, t.caller_phone, t.received_at, "
    "t.assignee_id, t.fault_grade, t.form, t.next_due_at, c.tz";

std::optional<std::int64_t> OptInt(const store::Row& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i);
}

Ticket TicketFrom(const store::Row& r) {
  Ticket t;
  t.id = r.Int(0);
  t.number = r.Text(1);
  t.customer_id = r.Int(2);
  t.contract_id = OptInt(r, 3);
  t.system_id = OptInt(r, 4);
  t.channel = r.Text(5);
  t.type = r.Text(6);
  t.priority = r.Text(7);
  t.status = r.Text(8);
  t.title = r.Text(9);
  t.description = r.Text(10);
  t.caller_name = r.Text(11);
  t.caller_phone = r.Text(12);
  t.received_at = Instant{r.Int(13)};
  t.assignee_id = OptInt(r, 14);
  if (!r.IsNull(15)) t.fault_grade = r.Text(15);
  t.form = nlohmann::json::parse(r.Text(16), nullptr, false);
  if (auto due = OptInt(r, 17)) t.next_due_at = Instant{*due};
  if (!r.IsNull(18)) t.tz = r.Text(18);
  return t;
}

std::string_view StatusName(sla::TicketStatus s) {
  switch (s) {
    case sla::TicketStatus::kActive:
      return "active";
    case sla::TicketStatus::kWaiting:
      return "waiting";
    case sla::TicketStatus::kResolved:
      return "resolved";
    case sla::TicketStatus::kClosed:
      return "closed";
  }
  return "active";
}

bool IsFlowKind(std::string_view k) {
  return k == "note" || k == "contact" || k == "escalated" || k == "assigned" || k == "graded";
}

Result<Ticket> LoadTicket(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT ") + kTicketColumns +
                              " FROM tickets t LEFT JOIN contracts c ON c.id = t.contract_id "
                              "WHERE t.id = $1",
                          {id}));
  if (rows.empty()) return NotFound("ticket");
  return TicketFrom(rows[0]);
}

Result<std::vector<TimelineEntry>> LoadTimeline(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT seq, at, kind, to_priority, actor_id, note, data "
                                      "FROM ticket_events WHERE ticket_id = $1 ORDER BY seq",
                                      {id}));
  std::vector<TimelineEntry> out;
  for (const auto& r : rows) {
    TimelineEntry e;
    e.seq = r.Int(0);
    e.at = Instant{r.Int(1)};
    e.kind = r.Text(2);
    if (!r.IsNull(3)) e.to_priority = r.Text(3);
    e.actor_id = OptInt(r, 4);
    e.note = r.Text(5);
    e.data = nlohmann::json::parse(r.Text(6), nullptr, false);
    out.push_back(std::move(e));
  }
  return out;
}

// Evaluates the ticket's metrics at `now` with the contract's policy (the same
// engine as the replay) and stores the next due instant for the queue.
Status RefreshSla(store::Transaction& tx, Ticket& t, Instant now) {
  t.metrics.clear();
  t.sla_bound = false;
  std::optional<Instant> next_due;
  if (t.contract_id) {
    AFTERCARE_ASSIGN_OR_RETURN(ContractInput ci, LoadContractInput(tx, *t.contract_id, now, t.id));
    sla::Evaluation ev = sla::Evaluate(ci.input);
    if (!ci.input.tickets.empty()) {
      t.sla_bound = sla::IsBound(ci.input.contract, ci.input.tickets[0]);
      const sla::TicketResult& tr = ev.tickets[0];
      for (std::uint32_t i = tr.first; i < tr.first + tr.count; ++i) {
        const auto& m = ev.metrics[i];
        const sla::Metric& def = ci.input.policy.metrics[m.metric];
        t.metrics.push_back({def.name, def.kind, m.outcome});
        if (!m.outcome.stopped_at && m.outcome.due && (!next_due || *m.outcome.due < *next_due)) {
          next_due = m.outcome.due;
        }
      }
    }
  }
  t.next_due_at = next_due;
  store::Value due = store::Null{};
  if (next_due) due = next_due->unix;
  return tx.Exec("UPDATE tickets SET next_due_at = $1 WHERE id = $2", {due, t.id});
}

Result<std::optional<std::int64_t>> PickContract(store::Transaction& tx, std::int64_t customer_id,
                                                 Instant received) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT id, tz, coverage_from, coverage_to FROM contracts "
                                      "WHERE customer_id = $1 ORDER BY id DESC",
                                      {customer_id}));
  for (const auto& r : rows) {
    auto tz = TimeZone::Locate(r.Text(1));
    if (!tz.ok()) continue;
    std::string day = FormatDate(tz->LocalDateOf(received));
    if (r.Text(2) <= day && day <= r.Text(3)) return std::optional<std::int64_t>(r.Int(0));
  }
  if (!rows.empty()) return std::optional<std::int64_t>(rows[0].Int(0));
  return std::optional<std::int64_t>();
}

Status CheckAssignee(store::Transaction& tx, std::int64_t user_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT role FROM users WHERE id = $1 AND disabled = 0", {user_id}));
  if (rows.empty() || rows[0].Text(0) == "party_a") {
    return Error::Invalid("assignee_id: no such vendor user", 0, "assignee_id");
  }
  return {};
}

}  // namespace

Result<Ticket> CreateTicket(store::Database& db, const Context& ctx, NewTicket in) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  const bool party_a = !ctx.actor->vendor();
  if (party_a) in.channel = "portal";
  if (!sla::ParseChannel(in.channel)) {
    return Error::Invalid("channel must be phone, email, portal, im or onsite", 0, "channel");
  }
  if (!sla::ParseTicketType(in.type)) {
    return Error::Invalid(
        "type must be fault, installation, health_check, upgrade, training, consulting or "
        "complaint",
        0, "type");
  }
  if (!sla::ParsePriority(in.priority)) {
    return Error::Invalid("priority must be P1, P2, P3 or P4", 0, "priority");
  }
  if (in.title.empty()) return Error::Invalid("title is required", 0, "title");
  Instant received = in.received_at.value_or(ctx.now);
  if (received > ctx.now) return Error::Invalid("received_at is in the future", 0, "received_at");
  if (!in.form.is_object()) return Error::Invalid("form must be an object", 0, "form");
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, in.customer_id, "customer"));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Ticket> {
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
    if (contract) {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto c, tx.Query("SELECT 1 FROM contracts WHERE id = $1 AND customer_id = $2",
                           {*contract, in.customer_id}));
      if (c.empty()) {
        return Error::Invalid("contract_id: not a contract of the customer", 0, "contract_id");
      }
    } else {
      AFTERCARE_ASSIGN_OR_RETURN(contract, PickContract(tx, in.customer_id, received));
    }
    if (in.assignee_id) {
      if (party_a) return Error{ErrorCode::kForbidden, "Party A cannot assign tickets", {}, 0, {}};
      AFTERCARE_RETURN_IF_ERROR(CheckAssignee(tx, *in.assignee_id));
    }
    auto opt = [](const std::optional<std::int64_t>& v) -> store::Value {
      if (v) return *v;
      return store::Null{};
    };
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(
            "INSERT INTO tickets (number, customer_id, contract_id, system_id, channel, type, "
            "priority, status, title, description, caller_name, caller_phone, received_at, "
            "assignee_id, form, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, "
            "$5, $6, $7, 'active', $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) "
            "RETURNING id",
            {std::string("new-") + ctx.request_id + std::to_string(ctx.now.unix), in.customer_id,
             opt(contract), opt(in.system_id), in.channel, in.type, in.priority, in.title,
             in.description, in.caller_name, in.caller_phone, received.unix, opt(in.assignee_id),
             in.form.dump(), ctx.actor->user_id, ctx.now.unix}));
    std::int64_t id = rows.at(0).Int(0);
    char number[32];
    std::snprintf(number, sizeof number, "TK-%06lld", static_cast<long long>(id));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE tickets SET number = $1 WHERE id = $2", {std::string(number), id}));
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO ticket_events (ticket_id, seq, at, kind, to_priority, actor_id, note) "
                "VALUES ($1, 1, $2, 'received', $3, $4, $5)",
                {id, received.unix, in.priority, ctx.actor->user_id, in.description}));
    AFTERCARE_ASSIGN_OR_RETURN(Ticket t, LoadTicket(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RefreshSla(tx, t, ctx.now));
    AFTERCARE_ASSIGN_OR_RETURN(t.timeline, LoadTimeline(tx, id));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "ticket", std::to_string(id), nullptr,
                                    {{"number", t.number},
                                     {"customer_id", t.customer_id},
                                     {"channel", t.channel},
                                     {"type", t.type},
                                     {"priority", t.priority},
                                     {"title", t.title}}));
    return t;
  });
}

Result<Ticket> GetTicket(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Ticket> {
    AFTERCARE_ASSIGN_OR_RETURN(Ticket t, LoadTicket(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, t.customer_id, "ticket"));
    AFTERCARE_RETURN_IF_ERROR(RefreshSla(tx, t, ctx.now));
    AFTERCARE_ASSIGN_OR_RETURN(t.timeline, LoadTimeline(tx, id));
    if (ctx.actor->vendor()) {
      AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "read", "ticket", std::to_string(id)));
    }
    return t;
  });
}

Result<Ticket> AddTicketEvent(store::Database& db, const Context& ctx, std::int64_t id,
                              const NewEvent& e) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto sla_kind = sla::ParseEventKind(e.kind);
  if (!sla_kind && !IsFlowKind(e.kind)) {
    return Error::Invalid("unknown event kind " + e.kind, 0, "kind");
  }
  if (sla_kind == sla::EventKind::kReceived) {
    return Error::Invalid("`received` is recorded when the ticket is created", 0, "kind");
  }
  const bool party_a = !ctx.actor->vendor();
  if (party_a && e.kind != "note" && e.kind != "customer_replied") {
    return Error{ErrorCode::kForbidden, "Party A may add notes and replies only", {}, 0, {}};
  }
  if ((e.kind == "assigned" || e.kind == "graded") &&
      !RequireRole(ctx, {Role::kTeamLeader, Role::kManager, Role::kAdmin}).ok()) {
    return Error{
        ErrorCode::kForbidden, "only team leaders and managers assign and grade", {}, 0, {}};
  }
  if ((sla_kind == sla::EventKind::kPriority) != e.to_priority.has_value()) {
    return Error::Invalid(e.to_priority ? "to_priority is only for a `priority` event"
                                        : "a `priority` event needs to_priority",
                          0, "to_priority");
  }
  if (e.to_priority && !sla::ParsePriority(*e.to_priority)) {
    return Error::Invalid("to_priority must be P1, P2, P3 or P4", 0, "to_priority");
  }
  if ((e.kind == "note" || e.kind == "contact") && e.note.empty()) {
    return Error::Invalid("a " + e.kind + " needs a note", 0, "note");
  }
  if (!e.data.is_object()) return Error::Invalid("data must be an object", 0, "data");
  if (e.kind == "escalated") {
    static const char* kTargets[] = {"senior_engineer", "manufacturer", "third_party"};
    std::string to = e.data.value("escalated_to", "");
    if (std::find(std::begin(kTargets), std::end(kTargets), to) == std::end(kTargets)) {
      return Error::Invalid(
          "data.escalated_to must be senior_engineer, manufacturer or third_party", 0,
          "data.escalated_to");
    }
    if (to != "senior_engineer" && e.data.value("reference", "").empty()) {
      return Error::Invalid("an escalation to a vendor needs its reference number", 0,
                            "data.reference");
    }
  }
  if (e.kind == "graded") {
    static const char* kGrades[] = {"general", "serious", "major", "catastrophic"};
    std::string g = e.data.value("fault_grade", "");
    if (std::find(std::begin(kGrades), std::end(kGrades), g) == std::end(kGrades)) {
      return Error::Invalid("data.fault_grade must be general, serious, major or catastrophic", 0,
                            "data.fault_grade");
    }
  }
  if (e.kind == "assigned" && !e.data.contains("assignee_id")) {
    return Error::Invalid("data.assignee_id is required", 0, "data.assignee_id");
  }
  Instant at = e.at.value_or(ctx.now);
  if (at > ctx.now) return Error::Invalid("at is in the future", 0, "at");

  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Ticket> {
    AFTERCARE_ASSIGN_OR_RETURN(Ticket t, LoadTicket(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, t.customer_id, "ticket"));
    AFTERCARE_ASSIGN_OR_RETURN(std::vector<TimelineEntry> timeline, LoadTimeline(tx, id));
    if (!timeline.empty() && at < timeline.back().at) {
      return Error::Invalid("at is before the ticket's last event", 0, "at");
    }
    std::vector<sla::Event> events;
    for (const auto& x : timeline) {
      if (auto k = sla::ParseEventKind(x.kind)) events.push_back({x.at, *k, sla::Priority::kP1});
    }
    sla::TicketStatus status = sla::TicketStatus::kActive;
    for (std::size_t i = 1; i < events.size(); ++i) {
      status = sla::Apply(status, events[i].kind).value_or(status);
    }
    if (status == sla::TicketStatus::kClosed) {
      return Error{ErrorCode::kConflict, "the ticket is closed", {}, 0, {}};
    }
    if (sla_kind) {
      auto next = sla::Apply(status, *sla_kind);
      if (!next) {
        return Error{ErrorCode::kConflict,
                     "`" + e.kind + "` is not possible while the ticket is " +
                         std::string(StatusName(status)),
                     "kind",
                     0,
                     {}};
      }
      status = *next;
    }
    nlohmann::json before = {{"status", t.status}, {"priority", t.priority}};
    if (e.kind == "assigned") {
      if (!e.data["assignee_id"].is_number_integer()) {
        return Error::Invalid("data.assignee_id must be a user id", 0, "data.assignee_id");
      }
      std::int64_t assignee = e.data["assignee_id"].get<std::int64_t>();
      AFTERCARE_RETURN_IF_ERROR(CheckAssignee(tx, assignee));
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("UPDATE tickets SET assignee_id = $1 WHERE id = $2", {assignee, id}));
    }
    if (e.kind == "graded") {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec("UPDATE tickets SET fault_grade = $1 WHERE id = $2",
                                        {e.data["fault_grade"].get<std::string>(), id}));
    }
    store::Value to = store::Null{};
    if (e.to_priority) to = *e.to_priority;
    std::int64_t seq = timeline.empty() ? 1 : timeline.back().seq + 1;
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO ticket_events (ticket_id, seq, at, kind, to_priority, actor_id, note, data) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {id, seq, at.unix, e.kind, to, ctx.actor->user_id, e.note, e.data.dump()}));
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE tickets SET status = $1, priority = COALESCE($2, priority), updated_at = $3 "
        "WHERE id = $4",
        {std::string(StatusName(status)), to, ctx.now.unix, id}));
    AFTERCARE_ASSIGN_OR_RETURN(t, LoadTicket(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RefreshSla(tx, t, ctx.now));
    AFTERCARE_ASSIGN_OR_RETURN(t.timeline, LoadTimeline(tx, id));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "event", "ticket", std::to_string(id), before,
                                    {{"kind", e.kind},
                                     {"at", at.unix},
                                     {"status", t.status},
                                     {"priority", t.priority},
                                     {"note", e.note},
                                     {"data", e.data}}));
    return t;
  });
}

Result<TicketPage> ListTickets(store::Database& db, const Context& ctx, const TicketFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 500) return Error::Invalid("limit must be 1 to 500", 0, "limit");
  std::string sql = std::string("SELECT ") + kTicketColumns +
                    " FROM tickets t LEFT JOIN contracts c ON c.id = t.contract_id WHERE 1 = 1";
  std::vector<store::Value> params;
  auto param = [&](store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  if (!ctx.actor->vendor()) {
    sql += " AND t.customer_id = " + param(ctx.actor->customer_id.value_or(0));
  }
  if (f.status) {
    if (*f.status == "open") {
      sql += " AND t.status IN ('active', 'waiting')";
    } else if (*f.status == "active" || *f.status == "waiting" || *f.status == "resolved" ||
               *f.status == "closed") {
      sql += " AND t.status = " + param(*f.status);
    } else {
      return Error::Invalid("status must be open, active, waiting, resolved or closed", 0,
                            "status");
    }
  }
  if (f.customer_id) sql += " AND t.customer_id = " + param(*f.customer_id);
  if (f.system_id) sql += " AND t.system_id = " + param(*f.system_id);
  if (f.assignee_id) sql += " AND t.assignee_id = " + param(*f.assignee_id);
  if (f.priority) {
    if (!sla::ParsePriority(*f.priority)) {
      return Error::Invalid("priority must be P1, P2, P3 or P4", 0, "priority");
    }
    sql += " AND t.priority = " + param(*f.priority);
  }
  if (f.received_from) sql += " AND t.received_at >= " + param(f.received_from->unix);
  if (f.received_to) sql += " AND t.received_at < " + param(f.received_to->unix);
  if (f.leftover_before) {
    sql += " AND t.status IN ('active', 'waiting') AND t.received_at < " +
           param(f.leftover_before->unix);
  }
  if (f.q && !f.q->empty()) {
    std::string like = "%" + *f.q + "%";
    std::string p_exact = param(*f.q), p_like = param(like);
    sql += " AND (t.number = " + p_exact + " OR t.caller_phone = " + p_exact + " OR t.title LIKE " +
           p_like + " OR t.description LIKE " + p_like + ")";
  }
  // Keyset pagination: the cursor is the last row's sort key.
  long long k1 = 0, k2 = 0;
  char kind = 0;
  if (!f.cursor.empty()) {
    if (std::sscanf(f.cursor.c_str(), "%c%lld.%lld", &kind, &k1, &k2) != 3 ||
        (kind != 'd' && kind != 'n' && kind != 'r')) {
      return Error::Invalid("cursor is not one this server issued", 0, "cursor");
    }
  }
  if (f.queue) {
    if (kind == 'd') {
      sql += " AND (t.next_due_at IS NULL OR t.next_due_at > " + param(std::int64_t{k1}) +
             " OR (t.next_due_at = " + param(std::int64_t{k1}) + " AND t.id > " +
             param(std::int64_t{k2}) + "))";
    } else if (kind == 'n') {
      sql += " AND t.next_due_at IS NULL AND t.id > " + param(std::int64_t{k2});
    }
    sql += " ORDER BY CASE WHEN t.next_due_at IS NULL THEN 1 ELSE 0 END, t.next_due_at, t.id";
  } else {
    if (kind == 'r') {
      sql += " AND (t.received_at < " + param(std::int64_t{k1}) +
             " OR (t.received_at = " + param(std::int64_t{k1}) + " AND t.id < " +
             param(std::int64_t{k2}) + "))";
    }
    sql += " ORDER BY t.received_at DESC, t.id DESC";
  }
  sql += " LIMIT " + std::to_string(f.limit + 1);
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<TicketPage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
    TicketPage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(f.limit); ++i) {
      page.items.push_back(TicketFrom(rows[i]));
    }
    if (rows.size() > static_cast<std::size_t>(f.limit)) {
      const Ticket& last = page.items.back();
      char buf[64];
      if (f.queue) {
        std::snprintf(buf, sizeof buf, "%c%lld.%lld", last.next_due_at ? 'd' : 'n',
                      static_cast<long long>(last.next_due_at ? last.next_due_at->unix : 0),
                      static_cast<long long>(last.id));
      } else {
        std::snprintf(buf, sizeof buf, "r%lld.%lld", static_cast<long long>(last.received_at.unix),
                      static_cast<long long>(last.id));
      }
      page.next_cursor = buf;
    }
    return page;
  });
}

}  // namespace aftercare::service
