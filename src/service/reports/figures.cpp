#include "service/reports/figures.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/money.h"
#include "service/contracts/contracts.h"
#include "service/inspections/inspections.h"
#include "sla/engine.h"

namespace aftercare::service::reports {
namespace {

using nlohmann::json;

std::string MonthOf(LocalDate d) { return FormatDate(d).substr(0, 7); }

// The months [from, to) touches, in order, with no tickets yet.
std::vector<MonthFigures> Months(LocalDate from, LocalDate to) {
  std::vector<MonthFigures> out;
  for (LocalDate d = from; d < to; d = d + 1) {
    std::string m = MonthOf(d);
    if (out.empty() || out.back().month != m) out.push_back({m});
  }
  return out;
}

// What one pass keeps besides the figures: the metrics' index, the waived
// clocks, the P1 downtime being merged and the months by name.
struct Pass {
  Figures& f;
  const sla::EvaluationInput& terms;
  const TimeZone& tz;
  Instant start, end;
  std::set<std::pair<std::int64_t, std::string>> waived;
  std::map<std::string, std::size_t> month_index;
  std::optional<std::pair<Instant, Instant>> down;  // the open merged P1 interval

  void AddDowntime(Instant from, Instant to) {
    from = std::max(from, start);
    to = std::min(to, end);
    if (!(from < to)) return;
    if (down && from <= down->second) {
      down->second = std::max(down->second, to);
      return;
    }
    CloseDowntime();
    down = {from, to};
  }
  void CloseDowntime() {
    if (down) f.downtime_s += down->second - down->first;
    down.reset();
  }
};

// A ticket's priority at `as_of`, and when it was finally resolved (none while open).
std::pair<sla::Priority, std::optional<Instant>> StateOf(const sla::Ticket& t, Instant as_of) {
  sla::Priority p = t.priority;
  std::optional<Instant> resolved;
  for (const sla::Event& e : t.events) {
    if (e.at > as_of) break;
    if (e.kind == sla::EventKind::kPriority) p = e.to;
    if (e.kind == sla::EventKind::kResolved || e.kind == sla::EventKind::kClosed) {
      if (!resolved) resolved = e.at;
    }
    if (e.kind == sla::EventKind::kReopened) resolved.reset();
  }
  return {p, resolved};
}

// One window of tickets, evaluated by the engine, added to the figures.
void AddWindow(Pass& pass, const ContractInput& ci) {
  const sla::EvaluationInput& in = ci.input;
  Figures& f = pass.f;
  sla::Evaluation ev = sla::Evaluate(in);
  std::vector<std::pair<Instant, Instant>> p1;
  for (std::size_t k = 0; k < in.tickets.size(); ++k) {
    const sla::Ticket& t = in.tickets[k];
    if (t.events.empty()) continue;
    auto [priority, resolved] = StateOf(t, f.as_of);
    const std::string type(sla::Name(t.type)), prio(sla::Name(priority));
    ++f.tickets;
    ++f.by_type[type];
    ++f.by_priority[prio];
    ++f.by_type_priority[{type, prio}];
    if (resolved) ++f.resolved;
    MonthFigures& m = f.months[pass.month_index.at(MonthOf(pass.tz.LocalDateOf(t.events[0].at)))];
    ++m.tickets;
    if (t.type == sla::TicketType::kFault) {
      ++m.faults;
      if (priority == sla::Priority::kP1) p1.emplace_back(t.events[0].at, resolved.value_or(f.as_of));
    }
    const sla::TicketResult& tr = ev.tickets[k];
    for (std::uint32_t i = tr.first; i < tr.first + tr.count; ++i) {
      const auto& o = ev.metrics[i].outcome;
      MetricFigures& mf = f.metrics[ev.metrics[i].metric];
      const bool late = o.state == sla::MetricState::kLate;
      if (!o.stopped_at && !late) {
        ++mf.running;
        continue;
      }
      ++mf.finished;
      ++m.finished;
      if (late) {
        ++mf.late;
      } else {
        ++mf.met;
        ++m.met;
      }
    }
  }
  std::sort(p1.begin(), p1.end());
  for (auto [from, to] : p1) pass.AddDowntime(from, to);
  for (const sla::LateEvent& e : ev.events) {
    PenaltyEvent p;
    p.ticket_id = ci.ticket_ids[e.ticket];
    p.ticket_number = in.tickets[e.ticket].id;
    p.metric = in.policy.metrics[e.metric].name;
    p.due = e.late_at;
    p.amount_fen = e.amount_fen;
    const sla::TicketResult& tr = ev.tickets[e.ticket];
    for (std::uint32_t i = tr.first; i < tr.first + tr.count; ++i) {
      if (ev.metrics[i].metric == e.metric) p.late_by_s = ev.metrics[i].outcome.late_by_s();
    }
    p.waived = pass.waived.contains({p.ticket_id, p.metric});
    ++f.penalty_count;
    f.penalty_fen += p.amount_fen;
    if (p.waived) f.waived_fen += p.amount_fen;
    f.penalties.push_back(std::move(p));
  }
  // Only the first events by due are listed: the list stays bounded.
  std::sort(f.penalties.begin(), f.penalties.end(), [](const auto& a, const auto& b) {
    return std::tie(a.due.unix, a.ticket_id, a.metric) < std::tie(b.due.unix, b.ticket_id, b.metric);
  });
  if (f.penalties.size() > kListedPenalties) f.penalties.resize(kListedPenalties);
}

// The end of the window of at most about kTicketPage tickets from `cur`: the
// received time of the ticket kTicketPage places on, or `end`.
Result<Instant> WindowEnd(store::Transaction& tx, std::int64_t contract_id, Instant cur,
                          Instant end) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT received_at FROM tickets WHERE contract_id = $1 AND "
                          "received_at >= $2 AND received_at < $3 ORDER BY received_at "
                          "LIMIT 1 OFFSET " +
                              std::to_string(kTicketPage),
                          {contract_id, cur.unix, end.unix}));
  if (rows.empty()) return end;
  // Every ticket of one second in one window, however many.
  return Instant{std::max(rows[0].Int("received_at"), cur.unix + 1)};
}

// The most recurring problems: by system and type, and by the same title.
Status LoadProblems(store::Transaction& tx, std::int64_t contract_id, Instant start, Instant end,
                    Figures& f) {
  const std::string where =
      " WHERE t.contract_id = $1 AND t.received_at >= $2 AND t.received_at < $3 ";
  AFTERCARE_ASSIGN_OR_RETURN(
      auto by_system,
      tx.Query("SELECT t.system_id, COALESCE(MAX(s.name), '') AS system_name, t.type, "
               "COUNT(*) AS n FROM tickets t LEFT JOIN systems s ON s.id = t.system_id" +
                   where + "GROUP BY t.system_id, t.type ORDER BY n DESC, "
                           "COALESCE(t.system_id, 0), t.type LIMIT " +
                   std::to_string(kTopProblems),
               {contract_id, start.unix, end.unix}));
  for (const auto& r : by_system) {
    f.by_system_type.push_back(
        {r.OptInt("system_id"), r.Text("system_name"), r.Text("type"), "", r.Int("n")});
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto by_title, tx.Query("SELECT t.title, COUNT(*) AS n FROM tickets t" + where +
                                  "GROUP BY t.title HAVING COUNT(*) > 1 ORDER BY n DESC, "
                                  "t.title LIMIT " +
                                  std::to_string(kTopProblems),
                              {contract_id, start.unix, end.unix}));
  for (const auto& r : by_title) f.by_title.push_back({{}, "", "", r.Text("title"), r.Int("n")});
  return {};
}

}  // namespace

// OPS-1's failed or flagged checklist items of the contract's visits confirmed in
// [from, to), with the ticket each opened, in the report's words.
Result<std::vector<InspectionFinding>> LoadInspectionFindings(store::Transaction& tx,
                                                              std::int64_t contract_id,
                                                              Instant from, Instant to) {
  AFTERCARE_ASSIGN_OR_RETURN(auto found,
                             inspections::ListFindings(tx, contract_id, from, to));
  static const std::map<std::string, std::string> kStatus = {
      {"active", "处理中"}, {"waiting", "等待客户"}, {"resolved", "已解决"}, {"closed", "已关闭"}};
  std::vector<InspectionFinding> out;
  for (const auto& x : found) {
    InspectionFinding f;
    f.date = FormatDate(x.visit_date);
    f.system = x.system_name;
    f.item = x.section.empty() ? x.label : x.section + "：" + x.label;
    f.outcome = x.outcome == inspections::Outcome::kFail ? "不合格" : "需关注";
    f.finding = x.text;
    if (x.number) {
      std::string measured = "实测 " + std::to_string(*x.number) + " " + x.unit;
      f.finding = f.finding.empty() ? measured : f.finding + "（" + measured + "）";
    }
    f.ticket_id = x.ticket_id;
    f.ticket_number = x.ticket_number;
    auto st = kStatus.find(x.ticket_status);
    f.ticket_status = st == kStatus.end() ? x.ticket_status : st->second;
    out.push_back(std::move(f));
  }
  return out;
}

Result<Figures> ComputeFigures(store::Transaction& tx, std::int64_t contract_id, LocalDate from,
                               LocalDate to, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContractRow(tx, contract_id));
  AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Locate(c.tz));
  Figures f;
  f.from = FormatDate(from);
  f.to = FormatDate(to);
  const Instant start = tz.ToInstant(from, 0), end = tz.ToInstant(to, 0);
  // Events at the period's end belong to the next one.
  f.as_of = std::min(now, Instant{end.unix - 1});
  AFTERCARE_ASSIGN_OR_RETURN(sla::EvaluationInput terms, LoadContractTerms(tx, c, f.as_of));
  for (const sla::Metric& m : terms.policy.metrics) {
    f.metrics.push_back({m.name, m.kind == sla::MetricKind::kResponse ? "response" : "handling"});
  }
  f.months = Months(from, to);
  Pass pass{f, terms, tz, start, std::min(end, Instant{f.as_of.unix + 1}), {}, {}, {}};
  for (std::size_t i = 0; i < f.months.size(); ++i) pass.month_index[f.months[i].month] = i;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto waivers,
      tx.Query("SELECT ticket_id, metric FROM waivers WHERE contract_id = $1", {contract_id}));
  for (const auto& w : waivers) pass.waived.insert({w.Int("ticket_id"), w.Text("metric")});
  for (Instant cur = start; cur < end;) {
    AFTERCARE_ASSIGN_OR_RETURN(Instant next, WindowEnd(tx, contract_id, cur, end));
    AFTERCARE_ASSIGN_OR_RETURN(ContractInput ci, LoadContractInput(tx, contract_id, f.as_of,
                                                                   std::nullopt, {{cur, next}}));
    AddWindow(pass, ci);
    cur = next;
  }
  pass.CloseDowntime();
  f.open_at_end = f.tickets - f.resolved;
  const Seconds span = pass.end - start;
  if (span > 0) {
    f.availability_ppm = (span - f.downtime_s) * 1'000'000 / span;
  }
  AFTERCARE_RETURN_IF_ERROR(LoadProblems(tx, contract_id, start, end, f));
  AFTERCARE_ASSIGN_OR_RETURN(f.inspections, LoadInspectionFindings(tx, contract_id, start, end));
  return f;
}

}  // namespace aftercare::service::reports
