#include "service/exports/exports.h"

#include <map>
#include <nlohmann/json.hpp>

#include "service/contracts/contracts.h"
#include "service/permissions.h"

namespace aftercare::service {
namespace {

using messages::TermKind;
using nlohmann::json;

struct ColumnKey {
  const char* key;  // its title's key in the exports catalogue
  ColumnType type;
};

std::vector<Column> Columns(const ExportWords& words, std::initializer_list<ColumnKey> keys) {
  std::vector<Column> out;
  for (const auto& k : keys) out.push_back({words.text(k.key), k.type});
  return out;
}

// A value's name in the reader's words: "ticket type fault" -> 故障维护.
std::string Word(const ExportWords& words, std::string_view what, std::string_view name) {
  return words.text(std::string(what) + " " + std::string(name));
}

// The time zones of an export's rows, each found once.
class Zones {
 public:
  const TimeZone& Of(const std::string& name) {
    auto it = zones_.find(name);
    if (it == zones_.end()) {
      auto zone = TimeZone::Locate(name);
      it = zones_.emplace(name, zone.ok() ? *zone : DefaultZone()).first;
    }
    return it->second;
  }

 private:
  std::map<std::string, TimeZone> zones_;
};

Cell At(std::optional<Instant> t, const TimeZone& zone) {
  if (!t) return {};
  return ToLocal(*t, zone);
}

Cell Text(std::string s) { return Cell(std::move(s)); }

// Completes the file, then audits the vendor's export (Party A's own reads are not):
// one entry per customer whose rows it holds (`by_customer`, counts), so that each
// customer's access log names it (CON-4); one entry without a customer when none.
Result<std::int64_t> Complete(store::Database& db, const Context& ctx, TableWriter& writer,
                              const ExportTarget& out, std::string_view entity,
                              std::string_view entity_id, json filter,
                              const std::map<std::int64_t, std::int64_t>& by_customer = {}) {
  AFTERCARE_RETURN_IF_ERROR(writer.Finish());
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(db, ctx, "export", entity, entity_id,
                                                 {{"format", ExportFileExtension(out.format)},
                                                  {"filter", std::move(filter)},
                                                  {"rows", writer.rows()}},
                                                 by_customer));
  return writer.rows();
}

std::vector<Cell> TicketRow(const Ticket& t, const ExportWords& words, Zones& zones) {
  const TimeZone& zone = zones.Of(t.tz);
  return {Text(t.number),
          Text(t.customer_name),
          Text(t.system_name),
          Text(t.title),
          Text(Word(words, "ticket type", sla::Name(t.type))),
          Text(std::string(sla::Name(t.priority))),
          Text(words.term(TermKind::kStatus, sla::Name(t.status))),
          Text(Word(words, "channel", sla::Name(t.channel))),
          Text(t.caller_name),
          Text(t.caller_phone),
          Text(t.assignee_name),
          ToLocal(t.received_at, zone),
          At(t.next_due_at, zone),
          t.fault_grade ? Text(Word(words, "fault grade", *t.fault_grade)) : Cell(),
          Text(t.description)};
}

std::vector<Cell> LedgerRow(const LedgerEntry& e, const ExportWords& words, const TimeZone& zone) {
  return {Text(e.ticket_number),
          Text(words.term(TermKind::kMetric, e.metric)),
          ToLocal(e.due, zone),
          At(e.actual, zone),
          Cell(e.late_by_s),
          Cell(e.amount_fen),
          Text(words.text(e.waived ? "yes" : "no")),
          Text(e.waived_by),
          Text(e.waiver_reason),
          At(e.waived_at, zone)};
}

std::vector<Cell> StatsRow(const ResponseStatsRow& r, const ExportWords& words) {
  auto opt = [](std::optional<std::int64_t> v) { return v ? Cell(*v) : Cell(); };
  return {Text(r.week ? FormatDate(*r.week) : words.text("whole period")),
          Text(words.term(TermKind::kMetric, r.metric)),
          Text(r.type ? Word(words, "ticket type", sla::Name(*r.type)) : words.text("all")),
          Text(r.priority ? std::string(sla::Name(*r.priority)) : words.text("all")),
          Cell(r.count),
          Cell(r.late),
          Cell(r.avg_s),
          Cell(r.p90_s),
          Cell(r.max_s),
          opt(r.target_s)};
}

std::vector<Cell> AuditRow(const AuditEntry& e, const TimeZone& zone) {
  auto dump = [](const json& j) { return j.is_null() ? Cell() : Text(j.dump()); };
  return {Cell(e.id),         ToLocal(e.at, zone), Text(e.actor_login),
          Text(e.action),     Text(e.entity),      Text(e.entity_id),
          Text(e.request_id), dump(e.before),      dump(e.after)};
}

}  // namespace

Result<std::int64_t> ExportTickets(store::Database& db, const Context& ctx, const TicketFilter& f,
                                   const ExportTarget& out) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  const ExportWords& w = out.words;
  AFTERCARE_ASSIGN_OR_RETURN(auto writer,
                             OpenTableWriter(out.format, out.path,
                                             Columns(w, {{"Ticket number", ColumnType::kText},
                                                         {"Customer", ColumnType::kText},
                                                         {"System", ColumnType::kText},
                                                         {"Title", ColumnType::kText},
                                                         {"Type", ColumnType::kText},
                                                         {"Priority", ColumnType::kText},
                                                         {"Status", ColumnType::kText},
                                                         {"Channel", ColumnType::kText},
                                                         {"Caller", ColumnType::kText},
                                                         {"Caller phone", ColumnType::kText},
                                                         {"Assignee", ColumnType::kText},
                                                         {"Received at", ColumnType::kInstant},
                                                         {"Next due", ColumnType::kInstant},
                                                         {"Fault grade", ColumnType::kText},
                                                         {"Description", ColumnType::kText}}),
                                             w.text("Tickets")));
  Zones zones;
  std::map<std::int64_t, std::int64_t> by_customer;
  AFTERCARE_RETURN_IF_ERROR(ScanTickets(db, ctx, f, kTicketPage, [&](const Ticket& t) {
    ++by_customer[t.customer_id];
    return writer->Row(TicketRow(t, w, zones));
  }));
  json filter = TicketFilterJson(f);
  filter.erase("limit");
  filter.erase("cursor");
  return Complete(db, ctx, *writer, out, "ticket", "", std::move(filter), by_customer);
}

Result<std::int64_t> ExportLedger(store::Database& db, const Context& ctx, std::int64_t contract_id,
                                  const ExportTarget& out) {
  AFTERCARE_ASSIGN_OR_RETURN(Compliance c, GetCompliance(db, ctx, contract_id));
  const ExportWords& w = out.words;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto writer, OpenTableWriter(out.format, out.path,
                                   Columns(w, {{"Ticket number", ColumnType::kText},
                                               {"Metric", ColumnType::kText},
                                               {"Due", ColumnType::kInstant},
                                               {"Stopped at", ColumnType::kInstant},
                                               {"Late by (seconds)", ColumnType::kInteger},
                                               {"Penalty (yuan)", ColumnType::kMoney},
                                               {"Waived", ColumnType::kText},
                                               {"Waived by", ColumnType::kText},
                                               {"Waiver reason", ColumnType::kText},
                                               {"Waived at", ColumnType::kInstant}}),
                                   w.text("Penalty ledger")));
  Zones zones;
  const TimeZone& zone = zones.Of(c.tz);
  for (const auto& e : c.ledger) AFTERCARE_RETURN_IF_ERROR(writer->Row(LedgerRow(e, w, zone)));
  return Complete(db, ctx, *writer, out, "compliance", std::to_string(contract_id), json::object(),
                  {{c.customer_id, static_cast<std::int64_t>(c.ledger.size())}});
}

Result<std::int64_t> ExportResponseStats(store::Database& db, const Context& ctx,
                                         const ResponseStatsQuery& q, const ExportTarget& out) {
  AFTERCARE_ASSIGN_OR_RETURN(ResponseStats st, GetResponseStats(db, ctx, q));
  const ExportWords& w = out.words;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto writer, OpenTableWriter(out.format, out.path,
                                   Columns(w, {{"Week", ColumnType::kText},
                                               {"Metric", ColumnType::kText},
                                               {"Type", ColumnType::kText},
                                               {"Priority", ColumnType::kText},
                                               {"Finished", ColumnType::kInteger},
                                               {"Late", ColumnType::kInteger},
                                               {"Average (seconds)", ColumnType::kInteger},
                                               {"90th percentile (seconds)", ColumnType::kInteger},
                                               {"Longest (seconds)", ColumnType::kInteger},
                                               {"Target (seconds)", ColumnType::kInteger}}),
                                   w.text("Response times")));
  for (const auto* list : {&st.rows, &st.rollups}) {
    for (const auto& r : *list) AFTERCARE_RETURN_IF_ERROR(writer->Row(StatsRow(r, w)));
  }
  json filter = {{"from", FormatDate(q.from)}, {"to", FormatDate(q.to)}};
  if (q.customer_id) filter["customer_id"] = *q.customer_id;
  return Complete(db, ctx, *writer, out, "response_stats", "", std::move(filter));
}

Result<std::int64_t> ExportAuditLog(store::Database& db, const Context& ctx, const AuditFilter& f,
                                    const ExportTarget& out) {
  AuditFilter page = f;
  page.limit = 1000;
  page.before_id.reset();
  // The first page before the file: a reader who may not read the log gets its error.
  AFTERCARE_ASSIGN_OR_RETURN(auto entries, QueryAudit(db, ctx, page));
  const ExportWords& w = out.words;
  AFTERCARE_ASSIGN_OR_RETURN(auto writer,
                             OpenTableWriter(out.format, out.path,
                                             Columns(w, {{"Entry", ColumnType::kInteger},
                                                         {"Time", ColumnType::kInstant},
                                                         {"User", ColumnType::kText},
                                                         {"Action", ColumnType::kText},
                                                         {"Record", ColumnType::kText},
                                                         {"Record id", ColumnType::kText},
                                                         {"Request id", ColumnType::kText},
                                                         {"Before", ColumnType::kText},
                                                         {"After", ColumnType::kText}}),
                                             w.text("Audit log")));
  const TimeZone& zone = DefaultZone();
  for (;;) {
    for (const auto& e : entries) AFTERCARE_RETURN_IF_ERROR(writer->Row(AuditRow(e, zone)));
    if (entries.size() < static_cast<std::size_t>(page.limit)) break;
    page.before_id = entries.back().id;
    AFTERCARE_ASSIGN_OR_RETURN(entries, QueryAudit(db, ctx, page));
  }
  json filter = json::object();
  if (f.entity) filter["entity"] = *f.entity;
  if (f.entity_id) filter["entity_id"] = *f.entity_id;
  if (f.action) filter["action"] = *f.action;
  if (f.actor_id) filter["actor_id"] = *f.actor_id;
  return Complete(db, ctx, *writer, out, "audit_log", "", std::move(filter));
}

}  // namespace aftercare::service
