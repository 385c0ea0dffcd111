#include "service/contracts/contracts.h"

#include <date/date.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "service/audit/audit.h"
#include "service/holidays/holidays.h"
#include "service/permissions.h"
#include "service/policies/policies.h"
#include "service/tickets/tickets.h"
#include "service/tx.h"
#include "sla/timeline.h"

namespace aftercare::service {
namespace {

constexpr const char* kContractColumns =
    "id, customer_id, number, title, value_fen, penalty_rate, policy, cure_days, tz, signed_on, "
    "construction_deadline, accepted_on, warranty_months, free_resident_engineers, "
    "coverage_from, coverage_to, maintenance_fee_terms";

Contract ContractFrom(const store::Row& r) {
  Contract c;
  c.id = r.Int("id");
  c.customer_id = r.Int("customer_id");
  c.number = r.Text("number");
  c.title = r.Text("title");
  c.value_fen = r.Int("value_fen");
  c.penalty_rate = r.Text("penalty_rate");
  c.policy = r.Text("policy");
  c.cure_days = static_cast<int>(r.Int("cure_days"));
  c.tz = r.Text("tz");
  c.signed_on = r.Text("signed_on");
  c.construction_deadline = r.Text("construction_deadline");
  c.accepted_on = r.OptText("accepted_on");
  c.warranty_months = static_cast<int>(r.Int("warranty_months"));
  c.free_resident_engineers = static_cast<int>(r.Int("free_resident_engineers"));
  c.coverage_from = r.Text("coverage_from");
  c.coverage_to = r.Text("coverage_to");
  c.maintenance_fee_terms = r.Text("maintenance_fee_terms");
  return c;
}

// A contract's date, typed or derived: a real date in the service range.
Status CheckDateRange(LocalDate d, const char* field) {
  if (!InServiceRange(d)) {
    return Error::Invalid(std::string(field) + " must fall in the years 2000 to 2100", 0, field);
  }
  return {};
}

Result<LocalDate> DateField(const std::string& text, const char* field) {
  auto d = ParseDate(text);
  if (!d.ok()) return Error::Invalid(std::string(field) + ": " + d.error().message, 0, field);
  AFTERCARE_RETURN_IF_ERROR(CheckDateRange(*d, field));
  return *d;
}

Status LoadSystems(store::Transaction& tx, Contract& c) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT system_id FROM contract_systems WHERE contract_id = $1 "
                          "ORDER BY system_id",
                          {c.id}));
  c.system_ids.clear();
  for (const auto& r : rows) c.system_ids.push_back(r.Int("system_id"));
  return {};
}

std::string Yuan(Fen fen) { return FormatYuan(fen); }

// A YAML double-quoted scalar: backslash and quote escaped, control characters as
// \uXXXX, so any text (a contract number, a ticket id) reads back unchanged.
std::string YamlQuote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace

Result<Contract> LoadContractRow(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT ") + kContractColumns + " FROM contracts WHERE id = $1", {id}));
  if (rows.empty()) return NotFound("contract");
  return ContractFrom(rows[0]);
}

Result<Contract> LoadContract(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContractRow(tx, id));
  AFTERCARE_RETURN_IF_ERROR(LoadSystems(tx, c));
  return c;
}

namespace {

// The checks and CON-1 defaults of a contract's terms, for creating and changing
// one; the contract's zone.
Result<TimeZone> PrepareContract(NewContract& in) {
  Contract& c = in.fields;
  if (c.number.empty()) return Error::Invalid("number is required", 0, "number");
  auto fen = ParseYuan(in.value_text);
  if (!fen.ok()) return Error::Invalid("value: " + fen.error().message, 0, "value");
  c.value_fen = *fen;
  if (auto r = ParseRate(c.penalty_rate); !r.ok()) {
    return Error::Invalid(r.error().message, 0, "penalty_rate");
  }
  auto tz = TimeZone::Locate(c.tz);
  if (!tz.ok()) return Error::Invalid(tz.error().message, 0, "tz");
  if (in.has_cure_days && (c.cure_days < 1 || c.cure_days > kMaxCureDays)) {
    return Error::Invalid("cure_days must be 1 to 365", 0, "cure_days");
  }
  if (c.warranty_months < 0 || c.warranty_months > 1200) {
    return Error::Invalid("warranty_months must be 0 to 1200", 0, "warranty_months");
  }
  if (c.free_resident_engineers < 0 || c.free_resident_engineers > 1000) {
    return Error::Invalid("free_resident_engineers must be 0 to 1000", 0,
                          "free_resident_engineers");
  }
  AFTERCARE_ASSIGN_OR_RETURN(LocalDate signed_on, DateField(c.signed_on, "signed_on"));
  LocalDate deadline = AddMonths(signed_on, 2);
  if (in.has_construction_deadline) {
    AFTERCARE_ASSIGN_OR_RETURN(deadline,
                               DateField(c.construction_deadline, "construction_deadline"));
  }
  AFTERCARE_RETURN_IF_ERROR(CheckDateRange(deadline, "construction_deadline"));
  c.construction_deadline = FormatDate(deadline);
  LocalDate service_start = deadline;
  if (c.accepted_on) {
    AFTERCARE_ASSIGN_OR_RETURN(service_start, DateField(*c.accepted_on, "accepted_on"));
    if (service_start < signed_on) {
      return Error::Invalid("accepted_on is before signed_on", 0, "accepted_on");
    }
  }
  if (in.has_coverage) {
    AFTERCARE_ASSIGN_OR_RETURN(LocalDate from, DateField(c.coverage_from, "coverage_from"));
    AFTERCARE_ASSIGN_OR_RETURN(LocalDate to, DateField(c.coverage_to, "coverage_to"));
    if (to < from) return Error::Invalid("coverage_to is before coverage_from", 0, "coverage_to");
  } else {
    c.coverage_from = FormatDate(signed_on);
    LocalDate to = AddMonths(service_start, c.warranty_months) + -1;
    AFTERCARE_RETURN_IF_ERROR(CheckDateRange(to, "coverage_to"));
    c.coverage_to = FormatDate(to);
  }
  std::set<std::int64_t> unique(c.system_ids.begin(), c.system_ids.end());
  c.system_ids.assign(unique.begin(), unique.end());
  return *tz;
}

// The contract's policy exists and its systems are its customer's.
Status CheckContractRefs(store::Transaction& tx, const Contract& c, const TimeZone& tz) {
  if (!LoadPolicy(tx, c.policy, tz).ok()) {
    return Error::Invalid("policy: no such SLA policy " + c.policy, 0, "policy");
  }
  for (std::int64_t sid : c.system_ids) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto s,
        tx.Query("SELECT 1 FROM systems WHERE id = $1 AND customer_id = $2", {sid, c.customer_id}));
    if (s.empty()) {
      return Error::Invalid(
          "system_ids: system " + std::to_string(sid) + " does not belong to the customer", 0,
          "system_ids");
    }
  }
  return {};
}

Status SaveContractSystems(store::Transaction& tx, const Contract& c) {
  AFTERCARE_RETURN_IF_ERROR(tx.Exec("DELETE FROM contract_systems WHERE contract_id = $1", {c.id}));
  for (std::int64_t sid : c.system_ids) {
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO contract_systems (contract_id, system_id) VALUES ($1, $2)", {c.id, sid}));
  }
  return {};
}

// The terms an audit entry shows for a change of a contract.
nlohmann::json TermsView(const Contract& c) {
  return {{"title", c.title},
          {"value", Yuan(c.value_fen)},
          {"penalty_rate", c.penalty_rate},
          {"policy", c.policy},
          {"cure_days", c.cure_days},
          {"construction_deadline", c.construction_deadline},
          {"accepted_on", c.accepted_on ? nlohmann::json(*c.accepted_on) : nlohmann::json()},
          {"warranty_months", c.warranty_months},
          {"free_resident_engineers", c.free_resident_engineers},
          {"coverage_from", c.coverage_from},
          {"coverage_to", c.coverage_to},
          {"maintenance_fee_terms", c.maintenance_fee_terms},
          {"system_ids", c.system_ids}};
}

}  // namespace

Result<Contract> CreateContract(store::Database& db, const Context& ctx, NewContract in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kManagersAndAdmins));
  Contract& c = in.fields;
  AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, PrepareContract(in));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Contract> {
    AFTERCARE_ASSIGN_OR_RETURN(auto cust,
                               tx.Query("SELECT 1 FROM customers WHERE id = $1", {c.customer_id}));
    if (cust.empty()) return Error::Invalid("customer_id: no such customer", 0, "customer_id");
    AFTERCARE_ASSIGN_OR_RETURN(auto dup,
                               tx.Query("SELECT 1 FROM contracts WHERE number = $1", {c.number}));
    if (!dup.empty()) {
      return Error{
          ErrorCode::kConflict, "contract number " + c.number + " exists", "number", 0, {}};
    }
    AFTERCARE_RETURN_IF_ERROR(CheckContractRefs(tx, c, tz));
    store::Value accepted = store::Null{};
    if (c.accepted_on) accepted = *c.accepted_on;
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO contracts (customer_id, number, title, value_fen, penalty_rate, "
                 "policy, cure_days, tz, signed_on, construction_deadline, accepted_on, "
                 "warranty_months, free_resident_engineers, coverage_from, coverage_to, "
                 "maintenance_fee_terms, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                 "$10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
                 {c.customer_id, c.number, c.title, c.value_fen, c.penalty_rate, c.policy,
                  std::int64_t{c.cure_days}, c.tz, c.signed_on, c.construction_deadline, accepted,
                  std::int64_t{c.warranty_months}, std::int64_t{c.free_resident_engineers},
                  c.coverage_from, c.coverage_to, c.maintenance_fee_terms, ctx.now.unix}));
    c.id = rows.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(SaveContractSystems(tx, c));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "contract", std::to_string(c.id), nullptr,
                                    {{"number", c.number},
                                     {"customer_id", c.customer_id},
                                     {"value", Yuan(c.value_fen)},
                                     {"policy", c.policy}}));
    return c;
  });
}

Result<Contract> UpdateContract(store::Database& db, const Context& ctx, std::int64_t id,
                                const ContractChange& change) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kManagersAndAdmins));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Contract> {
    AFTERCARE_ASSIGN_OR_RETURN(const Contract before, LoadContract(tx, id));
    // Dates left at their CON-1 defaults keep following the terms they derive from
    // (an acceptance recorded later moves the end of the service period).
    AFTERCARE_ASSIGN_OR_RETURN(LocalDate signed_on, ParseDate(before.signed_on));
    const bool default_deadline =
        before.construction_deadline == FormatDate(AddMonths(signed_on, 2));
    AFTERCARE_ASSIGN_OR_RETURN(
        LocalDate start, ParseDate(before.accepted_on.value_or(before.construction_deadline)));
    const bool default_coverage =
        before.coverage_from == before.signed_on &&
        before.coverage_to == FormatDate(AddMonths(start, before.warranty_months) + -1);
    NewContract in;
    in.fields = before;
    Contract& c = in.fields;
    in.value_text = change.value_text.value_or(Yuan(before.value_fen));
    if (change.title) c.title = *change.title;
    if (change.penalty_rate) c.penalty_rate = *change.penalty_rate;
    if (change.policy) c.policy = *change.policy;
    if (change.cure_days) c.cure_days = *change.cure_days;
    if (change.construction_deadline) c.construction_deadline = *change.construction_deadline;
    if (change.accepted_on) c.accepted_on = *change.accepted_on;
    if (change.warranty_months) c.warranty_months = *change.warranty_months;
    if (change.free_resident_engineers) c.free_resident_engineers = *change.free_resident_engineers;
    if (change.coverage_from) c.coverage_from = *change.coverage_from;
    if (change.coverage_to) c.coverage_to = *change.coverage_to;
    if (change.maintenance_fee_terms) c.maintenance_fee_terms = *change.maintenance_fee_terms;
    if (change.system_ids) c.system_ids = *change.system_ids;
    in.has_cure_days = true;
    in.has_construction_deadline = change.construction_deadline || !default_deadline;
    in.has_coverage = change.coverage_from || change.coverage_to || !default_coverage;
    AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, PrepareContract(in));
    AFTERCARE_RETURN_IF_ERROR(CheckContractRefs(tx, c, tz));
    store::Value accepted = store::Null{};
    if (c.accepted_on) accepted = *c.accepted_on;
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE contracts SET title = $1, value_fen = $2, penalty_rate = $3, policy = $4, "
        "cure_days = $5, construction_deadline = $6, accepted_on = $7, warranty_months = $8, "
        "free_resident_engineers = $9, coverage_from = $10, coverage_to = $11, "
        "maintenance_fee_terms = $12 WHERE id = $13",
        {c.title, c.value_fen, c.penalty_rate, c.policy, std::int64_t{c.cure_days},
         c.construction_deadline, accepted, std::int64_t{c.warranty_months},
         std::int64_t{c.free_resident_engineers}, c.coverage_from, c.coverage_to,
         c.maintenance_fee_terms, id}));
    AFTERCARE_RETURN_IF_ERROR(SaveContractSystems(tx, c));
    nlohmann::json was = TermsView(before), now = TermsView(c);
    for (auto it = now.begin(); it != now.end();) {
      if (was[it.key()] == it.value()) {
        was.erase(it.key());
        it = now.erase(it);
      } else {
        ++it;
      }
    }
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "update", "contract", std::to_string(id), was, now));
    // The terms are inputs of the contract's clocks (policy, zone, service period):
    // what is stored from them (queue order, the late filter, the timers) follows.
    AFTERCARE_RETURN_IF_ERROR(RecomputeOpenTickets(tx, id, ctx.now));
    return c;
  });
}

Result<Contract> GetContract(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<Contract> {
    AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContract(tx, id));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, c.customer_id, "contract"));
    return c;
  });
}

Result<std::vector<Contract>> ListContracts(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Contract>> {
    std::string sql = std::string("SELECT ") + kContractColumns + " FROM contracts";
    std::vector<store::Value> params;
    if (!ctx.actor->vendor()) {
      sql += " WHERE customer_id = $1";
      params.push_back(ctx.actor->customer_id.value_or(0));
    }
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY id", params));
    std::vector<Contract> out;
    for (const auto& r : rows) {
      out.push_back(ContractFrom(r));
      AFTERCARE_RETURN_IF_ERROR(LoadSystems(tx, out.back()));
    }
    return out;
  });
}

LocalDate AddMonths(LocalDate d, int months) {
  date::year_month_day ymd{date::sys_days{date::days{d.days}}};
  auto ym = date::year_month{ymd.year(), ymd.month()} + date::months{months};
  auto last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}.day();
  date::year_month_day out{ym.year(), ym.month(), std::min(ymd.day(), last)};
  return LocalDate{static_cast<std::int32_t>(date::sys_days{out}.time_since_epoch().count())};
}

std::string TicketNumber(std::int64_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "TK-%06lld", static_cast<long long>(id));
  return buf;
}

Result<sla::EvaluationInput> LoadContractTerms(store::Transaction& tx, const Contract& c,
                                               Instant as_of) {
  sla::EvaluationInput in;
  in.as_of = as_of;
  in.contract.value_fen = c.value_fen;
  in.contract.penalty_rate = *ParseRate(c.penalty_rate);
  in.contract.cure_days = c.cure_days;
  AFTERCARE_ASSIGN_OR_RETURN(in.contract.tz, TimeZone::Locate(c.tz));
  in.contract.coverage = sla::Coverage{*ParseDate(c.coverage_from), *ParseDate(c.coverage_to)};
  AFTERCARE_ASSIGN_OR_RETURN(auto policy, LoadPolicy(tx, c.policy, in.contract.tz));
  in.policy = policy->policy;
  in.calendars = policy->calendars;
  return in;
}

Result<ContractInput> LoadContractInput(store::Transaction& tx, std::int64_t contract_id,
                                        Instant as_of, std::optional<std::int64_t> only_ticket,
                                        std::optional<std::pair<Instant, Instant>> received) {
  ContractInput out;
  AFTERCARE_ASSIGN_OR_RETURN(out.contract, LoadContract(tx, contract_id));
  AFTERCARE_ASSIGN_OR_RETURN(out.input, LoadContractTerms(tx, out.contract, as_of));
  sla::EvaluationInput& in = out.input;
  std::string where;
  store::ParamList params;
  params.Add(contract_id);
  if (only_ticket) where += " AND t.id = " + params.Add(*only_ticket);
  if (received) {
    where += " AND t.received_at >= " + params.Add(received->first.unix);
    where += " AND t.received_at < " + params.Add(received->second.unix);
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto tickets, tx.Query("SELECT t.id, t.channel, t.type FROM tickets t "
                                                    "WHERE t.contract_id = $1" +
                                                        where + " ORDER BY t.id",
                                                    params.values()));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto events, tx.Query("SELECT e.ticket_id, e.at, e.kind, e.to_priority FROM ticket_events e "
                            "JOIN tickets t ON t.id = e.ticket_id WHERE t.contract_id = $1" +
                                where + " ORDER BY e.ticket_id, e.seq",
                            params.values()));
  std::map<std::int64_t, std::size_t> index;
  for (const auto& r : tickets) {
    sla::Ticket t;
    t.id = TicketNumber(r.Int("id"));
    t.channel = sla::ParseChannel(r.Text("channel")).value_or(sla::Channel::kPhone);
    t.type = sla::ParseTicketType(r.Text("type")).value_or(sla::TicketType::kFault);
    index[r.Int("id")] = in.tickets.size();
    in.tickets.push_back(std::move(t));
    out.ticket_ids.push_back(r.Int("id"));
  }
  for (const auto& r : events) {
    auto kind = sla::ParseEventKind(r.Text("kind"));
    if (!kind) continue;  // notes, contacts, escalations: not SLA events
    sla::Ticket& t = in.tickets[index.at(r.Int("ticket_id"))];
    sla::Event e{Instant{r.Int("at")}, *kind, sla::Priority::kP1};
    auto p = sla::ParsePriority(r.Text("to_priority"));
    if (*kind == sla::EventKind::kReceived && t.events.empty() && p) t.priority = *p;
    if (*kind == sla::EventKind::kPriority && p) e.to = *p;
    t.events.push_back(e);
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto notices,
      tx.Query("SELECT at, cure_days FROM notices WHERE contract_id = $1 ORDER BY at, id",
               {contract_id}));
  for (const auto& r : notices) {
    in.notices.push_back(sla::Notice{Instant{r.Int("at")}, static_cast<int>(r.Int("cure_days"))});
  }
  return out;
}

namespace {

// A contract's compliance at `now` from its engine input (CON-2, CON-3): the
// ledger with waivers applied, strikes, state, history and notices.
Result<Compliance> ComputeCompliance(store::Transaction& tx, const ContractInput& ci,
                                     std::int64_t contract_id, Instant now) {
  const sla::EvaluationInput& in = ci.input;
  sla::Evaluation ev = sla::Evaluate(in);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto waivers,
      tx.Query("SELECT w.ticket_id, w.metric, u.display_name AS waived_by, w.reason, w.at "
               "FROM waivers w JOIN users u ON u.id = w.manager_id "
               "WHERE w.contract_id = $1",
               {contract_id}));
  std::map<std::pair<std::int64_t, std::string>, const store::Row*> waived;
  for (const auto& w : waivers) waived[{w.Int("ticket_id"), w.Text("metric")}] = &w;

  Compliance out;
  out.customer_id = ci.contract.customer_id;
  out.tz = ci.contract.tz;
  out.as_of = now;
  out.state = ev.compliance.state;
  out.strikes = ev.compliance.strikes;
  out.late_responses = ev.compliance.late_responses;
  out.late_handlings = ev.compliance.late_handlings;
  out.max_overrun_s = ev.max_overrun_s;
  out.penalty_total_fen = ev.penalty_total_fen;
  for (const sla::LateEvent& e : ev.events) {
    LedgerEntry l;
    l.ticket_id = ci.ticket_ids[e.ticket];
    l.ticket_number = in.tickets[e.ticket].id;
    l.metric = in.policy.metrics[e.metric].name;
    l.kind = e.kind;
    l.due = e.late_at;
    l.amount_fen = e.amount_fen;
    const sla::TicketResult& tr = ev.tickets[e.ticket];
    for (std::uint32_t i = tr.first; i < tr.first + tr.count; ++i) {
      if (ev.metrics[i].metric == e.metric) {
        l.actual = ev.metrics[i].outcome.stopped_at;
        l.late_by_s = ev.metrics[i].outcome.late_by_s();
      }
    }
    if (auto it = waived.find({l.ticket_id, l.metric}); it != waived.end()) {
      l.waived = true;
      l.waived_by = it->second->Text("waived_by");
      l.waiver_reason = it->second->Text("reason");
      l.waived_at = Instant{it->second->Int("at")};
      out.waived_fen += l.amount_fen;
    }
    out.ledger.push_back(std::move(l));
  }
  out.payable_fen = out.penalty_total_fen - out.waived_fen;
  for (const sla::HistoryEntry& h : ev.compliance.history) {
    HistoryView hv{h.at, h.state, std::string(sla::Name(h.why)), nlohmann::json::array()};
    for (const sla::Evidence& e : h.evidence) {
      if (e.is_notice) {
        hv.evidence.push_back({{"notice", FormatRfc3339(e.notice_at, in.contract.tz)}});
      } else {
        hv.evidence.push_back({{"ticket", in.tickets[e.ticket].id},
                               {"ticket_id", ci.ticket_ids[e.ticket]},
                               {"metric", in.policy.metrics[e.metric].name}});
      }
    }
    out.history.push_back(std::move(hv));
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto notices,
      tx.Query("SELECT n.id, n.at, n.cure_days, n.note, u.display_name AS recorded_by, "
               "u.role AS recorded_by_role FROM notices n "
               "LEFT JOIN users u ON u.id = n.recorded_by WHERE n.contract_id = $1 "
               "ORDER BY n.at, n.id",
               {contract_id}));
  for (const auto& r : notices) {
    out.notices.push_back({r.Int("id"), Instant{r.Int("at")}, static_cast<int>(r.Int("cure_days")),
                           r.Text("note"), ci.contract.tz, r.Text("recorded_by"),
                           r.Text("recorded_by_role")});
  }
  return out;
}

// The tenant check before any ticket is loaded: a foreign contract answers as fast
// as a missing one, and exactly like it.
}  // namespace

Result<std::int64_t> CheckContractVisible(store::Transaction& tx, const Context& ctx,
                                          std::int64_t contract_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT customer_id FROM contracts WHERE id = $1", {contract_id}));
  if (rows.empty()) return NotFound("contract");
  const std::int64_t customer = rows[0].Int("customer_id");
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, customer, "contract"));
  return customer;
}

Result<Compliance> GetCompliance(store::Database& db, const Context& ctx,
                                 std::int64_t contract_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  // A vendor's look at a customer's ledger is audited (CON-4): a write transaction.
  const bool vendor = ctx.actor->vendor();
  return InTransaction(db, vendor, [&](store::Transaction& tx) -> Result<Compliance> {
    AFTERCARE_RETURN_IF_ERROR(CheckContractVisible(tx, ctx, contract_id).status());
    AFTERCARE_ASSIGN_OR_RETURN(ContractInput ci, LoadContractInput(tx, contract_id, ctx.now, {}));
    if (vendor) {
      AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "read", "compliance", std::to_string(contract_id),
                                      nullptr, nullptr, ci.contract.customer_id));
    }
    return ComputeCompliance(tx, ci, contract_id, ctx.now);
  });
}

Result<sla::ContractState> ContractStateAt(store::Transaction& tx, std::int64_t contract_id,
                                           Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(ContractInput ci, LoadContractInput(tx, contract_id, now, {}));
  AFTERCARE_ASSIGN_OR_RETURN(Compliance c, ComputeCompliance(tx, ci, contract_id, now));
  return c.state;
}

Result<std::vector<std::pair<std::int64_t, Compliance>>> ListCompliance(store::Database& db,
                                                                        const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  const bool vendor = ctx.actor->vendor();
  using List = std::vector<std::pair<std::int64_t, Compliance>>;
  return InTransaction(db, vendor, [&](store::Transaction& tx) -> Result<List> {
    std::string sql = "SELECT id FROM contracts";
    std::vector<store::Value> params;
    if (!vendor) {
      sql += " WHERE customer_id = $1";
      params.push_back(ctx.actor->customer_id.value_or(0));
    }
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY id", params));
    List out;
    nlohmann::json ids = nlohmann::json::array();
    std::map<std::int64_t, std::int64_t> by_customer;
    for (const auto& r : rows) {
      const std::int64_t id = r.Int("id");
      AFTERCARE_ASSIGN_OR_RETURN(ContractInput ci, LoadContractInput(tx, id, ctx.now, {}));
      AFTERCARE_ASSIGN_OR_RETURN(Compliance c, ComputeCompliance(tx, ci, id, ctx.now));
      out.emplace_back(id, std::move(c));
      ids.push_back(id);
      ++by_customer[ci.contract.customer_id];
    }
    // One entry per customer whose contracts were read (CON-4).
    AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(tx, ctx, "read", "compliance", "all",
                                                   {{"contract_ids", ids}}, by_customer));
    return out;
  });
}

Result<NoticeView> RecordNotice(store::Database& db, const Context& ctx, std::int64_t contract_id,
                                std::optional<Instant> at, std::optional<int> cure_days,
                                const std::string& note) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kNoticeParties));
  if (at && ctx.actor->role == Role::kPartyA) {
    // Party A's notice is dated when it records it; a manager may enter a paper
    // notice received earlier (audited either way).
    return Error::Invalid("Party A's notice is dated when recorded: leave out at", 0, "at");
  }
  Instant when = at.value_or(ctx.now);
  if (when > ctx.now) return Error::Invalid("at must not be in the future", 0, "at");
  if (cure_days && (*cure_days < 1 || *cure_days > kMaxCureDays)) {
    return Error::Invalid("cure_days must be 1 to 365", 0, "cure_days");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<NoticeView> {
    AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContract(tx, contract_id));
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, c.customer_id, "contract"));
    AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Locate(c.tz));
    AFTERCARE_ASSIGN_OR_RETURN(LocalDate signed_on, ParseDate(c.signed_on));
    if (when < tz.ToInstant(signed_on, 0)) {
      return Error::Invalid("at is before the contract was signed on " + c.signed_on, 0, "at");
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto last,
        tx.Query("SELECT MAX(at) AS last_at FROM notices WHERE contract_id = $1", {contract_id}));
    if (!last.empty() && !last[0].IsNull("last_at") && last[0].Int("last_at") > when.unix) {
      return Error::Invalid("notices are recorded in time order: at is before the last notice", 0,
                            "at");
    }
    int days = cure_days.value_or(c.cure_days);
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO notices (contract_id, at, cure_days, recorded_by, note) "
                 "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                 {contract_id, when.unix, std::int64_t{days}, ctx.actor->user_id, note}));
    NoticeView n{rows.at(0).Int("id"),
                 when,
                 days,
                 note,
                 c.tz,
                 ctx.actor->display_name,
                 std::string(Name(ctx.actor->role))};
    AFTERCARE_RETURN_IF_ERROR(Audit(
        tx, ctx, "create", "notice", std::to_string(n.id), nullptr,
        {{"contract_id", contract_id}, {"at", when.unix}, {"cure_days", days}, {"note", note}}));
    return n;
  });
}

Status Waive(store::Database& db, const Context& ctx, std::int64_t contract_id,
             std::int64_t ticket_id, const std::string& metric, const std::string& reason) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kManagers));
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::Invalid("a waiver needs a reason", 0, "reason");
  }
  auto r = InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_ASSIGN_OR_RETURN(ContractInput ci,
                               LoadContractInput(tx, contract_id, ctx.now, ticket_id));
    sla::Evaluation ev = sla::Evaluate(ci.input);
    bool late = std::any_of(ev.events.begin(), ev.events.end(), [&](const sla::LateEvent& e) {
      return ci.input.policy.metrics[e.metric].name == metric;
    });
    if (!late) {
      return Error::Invalid("ticket " + std::to_string(ticket_id) + " has no late event for " +
                                metric + " on this contract",
                            0, "metric");
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto dup, tx.Query("SELECT 1 FROM waivers WHERE ticket_id = $1 AND metric = $2",
                           {ticket_id, metric}));
    if (!dup.empty()) {
      return Error{ErrorCode::kConflict, "this penalty event is already waived", "metric", 0, {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO waivers (contract_id, ticket_id, metric, manager_id, reason, at) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                {contract_id, ticket_id, metric, ctx.actor->user_id, reason, ctx.now.unix}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "waive", "penalty_event",
                                    std::to_string(ticket_id) + "/" + metric, nullptr,
                                    {{"contract_id", contract_id}, {"reason", reason}}));
    return true;
  });
  if (!r.ok()) return r.error();
  return {};
}

Result<std::string> ScenarioText(store::Transaction& tx, std::int64_t contract_id, Instant when) {
  {
    AFTERCARE_ASSIGN_OR_RETURN(ContractInput ci, LoadContractInput(tx, contract_id, when, {}));
    const Contract& c = ci.contract;
    const TimeZone& tz = ci.input.contract.tz;
    std::string y;
    y += "name: " + YamlQuote("contract " + c.number + " exported by aftercare") + "\n";
    y += "as_of: " + FormatRfc3339(when, tz) + "\n";
    y += "contract:\n";
    y += "  value: \"" + Yuan(c.value_fen) + "\"\n";
    y += "  penalty_rate: \"" + c.penalty_rate + "\"\n";
    y += "  cure_days: " + std::to_string(c.cure_days) + "\n";
    y += "  tz: " + c.tz + "\n";
    y += "  coverage: {from: " + c.coverage_from + ", to: " + c.coverage_to + "}\n";
    auto builtin = sla::BuiltinPolicy(c.policy, tz, sla::DefaultShipped());
    if (builtin.ok()) {
      y += "  policy: " + c.policy + "\n";
    } else {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto rows, tx.Query("SELECT body FROM sla_policies WHERE name = $1", {c.policy}));
      if (rows.empty()) return NotFound("policy " + c.policy);
      AFTERCARE_ASSIGN_OR_RETURN(CurrentHolidays holidays, LoadCurrentHolidays(tx));
      AFTERCARE_ASSIGN_OR_RETURN(std::string body,
                                 AddStoredHolidays(rows[0].Text("body"), holidays.stored));
      y += body;
      if (y.back() != '\n') y += "\n";
    }
    y += "tickets:\n";
    for (const sla::Ticket& t : ci.input.tickets) {
      y += "  - id: " + YamlQuote(t.id) + "\n";
      y += "    channel: " + std::string(sla::Name(t.channel)) + "\n";
      y += "    type: " + std::string(sla::Name(t.type)) + "\n";
      y += "    priority: " + std::string(sla::Name(t.priority)) + "\n";
      y += "    events:\n";
      for (const sla::Event& e : t.events) {
        y += "      - {at: " + FormatRfc3339(e.at, tz) +
             ", event: " + std::string(sla::Name(e.kind));
        if (e.kind == sla::EventKind::kPriority) y += ", to: " + std::string(sla::Name(e.to));
        y += "}\n";
      }
    }
    if (!ci.input.notices.empty()) {
      y += "notices:\n";
      for (const sla::Notice& n : ci.input.notices) {
        y += "  - {at: " + FormatRfc3339(n.at, tz) + ", cure_days: " + std::to_string(n.cure_days) +
             "}\n";
      }
    }
    return y;
  }
}

Result<std::string> ExportScenario(store::Database& db, const Context& ctx,
                                   std::int64_t contract_id, std::optional<Instant> as_of) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::string> {
    Instant when = as_of.value_or(ctx.now);
    AFTERCARE_ASSIGN_OR_RETURN(std::int64_t customer, CheckContractVisible(tx, ctx, contract_id));
    AFTERCARE_ASSIGN_OR_RETURN(std::string y, ScenarioText(tx, contract_id, when));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "export", "contract", std::to_string(contract_id),
                                    nullptr, {{"format", "scenario"}, {"as_of", when.unix}},
                                    customer));
    return y;
  });
}

}  // namespace aftercare::service
