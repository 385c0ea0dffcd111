#include "service/analytics/links.h"

#include <date/date.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "service/analytics/analytics.h"
#include "service/analytics/steps.h"
#include "service/tx.h"
#include "store/row_batch.h"

namespace aftercare::service::links {
namespace {

constexpr std::int64_t kBatch = 5000;  // ticket events read per run
constexpr std::size_t kChunk = 400;    // tickets rewritten per statement
constexpr std::string_view kCursor = "ticket_steps";
// Present once the monthly counts have been summed from the rows (the backfill is
// done): from then on each change moves them.
constexpr std::string_view kCounted = "ticket_step_months";
// The monthly counts' customer of every customer's tickets together: a period's
// counts for all customers read one row per cell, not one per customer and cell.
constexpr std::int64_t kAllCustomers = 0;

// --- months: yyyymm of a received date in the default zone ---

date::year_month_day Civil(LocalDate d) {
  return date::year_month_day{date::sys_days{date::days{d.days}}};
}
std::int64_t MonthKey(const date::year_month_day& ymd) {
  return static_cast<int>(ymd.year()) * 100 + static_cast<unsigned>(ymd.month());
}
std::int64_t MonthOf(std::int64_t unix) {
  return MonthKey(Civil(DefaultZone().LocalDateOf(Instant{unix})));
}
std::int64_t NextMonth(std::int64_t m) { return m % 100 == 12 ? m - 11 + 100 : m + 1; }
std::int64_t PreviousMonth(std::int64_t m) { return m % 100 == 1 ? m - 100 + 11 : m - 1; }
std::int64_t MonthStart(std::int64_t m) {
  const LocalDate d = MakeDate(static_cast<int>(m / 100), static_cast<unsigned>(m % 100), 1);
  return DefaultZone().ToInstant(d, 0).unix;
}

// --- the follower ---

struct StepRow {
  std::int64_t ticket_id = 0;
  std::string step;
  std::int64_t seconds = 0, received_at = 0, customer_id = 0;
  std::string type, priority;
  std::optional<std::int64_t> team_id;
};

// dim, month, customer, value, step, bucket -> (tickets, seconds)
using HistKey = std::tuple<std::string_view, std::int64_t, std::int64_t, std::string, std::string,
                           std::int64_t>;
using Deltas = std::map<HistKey, std::pair<std::int64_t, std::int64_t>>;

void Count(Deltas& d, const StepRow& r, std::int64_t month, std::int64_t sign) {
  const std::int64_t bucket = Bucket(r.seconds);
  const std::string team = r.team_id ? std::to_string(*r.team_id) : std::string();
  for (auto [dim, value] : {std::pair{Name(LinkDimension::kType), &r.type},
                            std::pair{Name(LinkDimension::kPriority), &r.priority},
                            std::pair{Name(LinkDimension::kTeam), &team}}) {
    for (std::int64_t customer : {r.customer_id, kAllCustomers}) {
      auto& [n, s] = d[{dim, month, customer, *value, r.step, bucket}];
      n += sign;
      s += sign * r.seconds;
    }
  }
}

std::string InList(store::ParamList& p, std::span<const std::int64_t> ids) {
  std::string in;
  for (std::int64_t id : ids) in += (in.empty() ? "" : ", ") + p.Add(id);
  return in;
}

Status ApplyDeltas(store::Transaction& tx, const Deltas& deltas) {
  store::RowBatch rows(tx,
                       "INSERT INTO ticket_step_months (dim, month, customer_id, value, step, "
                       "bucket, n, seconds) VALUES ",
                       "($, $, $, $, $, $, $, $)", 100);
  rows.set_suffix(
      " ON CONFLICT (dim, customer_id, month, value, step, bucket) DO UPDATE SET n = "
      "ticket_step_months.n + excluded.n, seconds = ticket_step_months.seconds + "
      "excluded.seconds");
  for (const auto& [k, v] : deltas) {
    if (v.first == 0 && v.second == 0) continue;
    const auto& [dim, month, customer, value, step, bucket] = k;
    AFTERCARE_RETURN_IF_ERROR(
        rows.Add({std::string(dim), month, customer, value, step, bucket, v.first, v.second}));
  }
  return rows.Flush();
}

// Recomputes the steps of `ids` from all their events: their rows replaced, and
// when `counted`, the monthly counts moved from the old rows to the new.
Status Rewrite(store::Transaction& tx, std::span<const std::int64_t> ids, bool counted) {
  store::ParamList p;
  const std::string in = InList(p, ids);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto tickets,
      tx.Query("SELECT t.id, t.customer_id, t.type, t.priority, t.received_at, u.team_id FROM "
               "tickets t LEFT JOIN users u ON u.id = t.assignee_id WHERE t.id IN (" +
                   in + ")",
               p.values()));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto events, tx.Query("SELECT ticket_id, kind, at FROM ticket_events WHERE ticket_id IN (" +
                                in + ") ORDER BY ticket_id, seq",
                            p.values()));
  std::vector<store::Row> old;
  if (counted) {
    AFTERCARE_ASSIGN_OR_RETURN(
        old, tx.Query("SELECT ticket_id, step, seconds, received_at, customer_id, type, "
                      "priority, team_id FROM ticket_steps WHERE ticket_id IN (" +
                          in + ")",
                      p.values()));
  }
  Deltas deltas;
  for (const auto& r : old) {
    StepRow row{r.Int("ticket_id"),   r.Text("step"), r.Int("seconds"),   r.Int("received_at"),
                r.Int("customer_id"), r.Text("type"), r.Text("priority"), r.OptInt("team_id")};
    Count(deltas, row, MonthOf(row.received_at), -1);
  }
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM ticket_steps WHERE ticket_id IN (" + in + ")", p.values()));
  std::map<std::int64_t, std::vector<StepEvent>> timelines;
  for (const auto& e : events) {
    if (auto k = sla::ParseEventKind(e.Text("kind"))) {
      timelines[e.Int("ticket_id")].push_back({*k, e.Int("at")});
    }
  }
  store::RowBatch rows(tx,
                       "INSERT INTO ticket_steps (ticket_id, step, seconds, received_at, "
                       "customer_id, type, priority, team_id, month, bucket) VALUES ",
                       "($, $, $, $, $, $, $, $, $, $)", 100);
  for (const auto& t : tickets) {
    StepRow row{t.Int("id"),
                "",
                0,
                t.Int("received_at"),
                t.Int("customer_id"),
                t.Text("type"),
                t.Text("priority"),
                t.OptInt("team_id")};
    const std::int64_t month = MonthOf(row.received_at);
    for (StepTime& s : ComputeSteps(timelines[row.ticket_id])) {
      row.step = std::move(s.step);
      row.seconds = s.seconds;
      if (counted) Count(deltas, row, month, 1);
      AFTERCARE_RETURN_IF_ERROR(rows.Add({row.ticket_id, row.step, row.seconds, row.received_at,
                                          row.customer_id, row.type, row.priority,
                                          store::OrNull(row.team_id), month, Bucket(row.seconds)}));
    }
  }
  AFTERCARE_RETURN_IF_ERROR(rows.Flush());
  return ApplyDeltas(tx, deltas);
}

Status SetCursor(store::Transaction& tx, std::string_view name, std::int64_t id) {
  return tx.Exec(
      "INSERT INTO analytics_cursors (name, last_id) VALUES ($1, $2) ON CONFLICT (name) DO "
      "UPDATE SET last_id = excluded.last_id",
      {std::string(name), id});
}

// The end of the backfill: the monthly counts summed from every ticket's rows, in
// two statements per dimension (by customer, and every customer together).
Status CountMonths(store::Transaction& tx) {
  AFTERCARE_RETURN_IF_ERROR(tx.Exec("DELETE FROM ticket_step_months"));
  for (LinkDimension by : {LinkDimension::kType, LinkDimension::kPriority, LinkDimension::kTeam}) {
    const std::string value =
        by == LinkDimension::kTeam ? "COALESCE(CAST(team_id AS TEXT), '')" : std::string(Name(by));
    for (const std::string& customer :
         {std::string("customer_id"), std::to_string(kAllCustomers)}) {
      const std::string by_customer = customer == "customer_id" ? "customer_id, " : "";
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO ticket_step_months (dim, month, customer_id, value, step, bucket, n, "
          "seconds) SELECT $1, month, " +
              customer + ", " + value +
              ", step, bucket, COUNT(*), "
              "SUM(seconds) FROM ticket_steps GROUP BY month, " +
              by_customer + value + ", step, bucket",
          {std::string(Name(by))}));
    }
  }
  return SetCursor(tx, kCounted, 1);
}

// Reads up to kBatch events after the cursor: the number read.
Result<std::int64_t> ReadEvents(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto cursors, tx.Query("SELECT name, last_id FROM analytics_cursors WHERE name IN ($1, $2)",
                             {std::string(kCursor), std::string(kCounted)}));
  std::int64_t last = 0;
  bool counted = false;
  for (const auto& c : cursors) {
    if (c.Text("name") == kCursor) last = c.Int("last_id");
    if (c.Text("name") == kCounted) counted = true;
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto events, tx.Query("SELECT id, ticket_id FROM ticket_events WHERE id > $1 ORDER BY id "
                            "LIMIT $2",
                            {last, kBatch}));
  if (!counted && static_cast<std::int64_t>(events.size()) < kBatch) {
    // Caught up: the counts summed from the rows so far; this last batch's tickets
    // then move them like any change.
    AFTERCARE_RETURN_IF_ERROR(CountMonths(tx));
    counted = true;
  }
  if (events.empty()) return std::int64_t{0};
  std::set<std::int64_t> touched;
  for (const auto& e : events) touched.insert(e.Int("ticket_id"));
  std::vector<std::int64_t> ids(touched.begin(), touched.end());
  for (std::size_t i = 0; i < ids.size(); i += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - i);
    AFTERCARE_RETURN_IF_ERROR(Rewrite(tx, std::span(ids).subspan(i, n), counted));
  }
  AFTERCARE_RETURN_IF_ERROR(SetCursor(tx, kCursor, events.back().Int("id")));
  return static_cast<std::int64_t>(events.size());
}

jobs::NewJob FollowJob(Instant at, std::int64_t n) {
  return jobs::NewJob{std::string(kFollowJob),
                      "links.follow:" + std::to_string(at.unix) + ":" + std::to_string(n),
                      {{"n", n}},
                      at,
                      std::nullopt};
}

}  // namespace

std::optional<LinkDimension> ParseLinkDimension(std::string_view s) {
  for (auto d : {LinkDimension::kType, LinkDimension::kPriority, LinkDimension::kTeam}) {
    if (Name(d) == s) return d;
  }
  return std::nullopt;
}

std::string_view Name(LinkDimension d) {
  switch (d) {
    case LinkDimension::kType:
      return "type";
    case LinkDimension::kPriority:
      return "priority";
    case LinkDimension::kTeam:
      return "team";
  }
  return "type";
}

Status EnsureLinkJobs(store::Database& db, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto follow, tx.Query("SELECT 1 AS one FROM jobs WHERE kind = $1 AND state <> 'dead' "
                              "LIMIT 1",
                              {std::string(kFollowJob)}));
    if (!follow.empty()) return {};
    return jobs::Enqueue(tx, FollowJob(now, 0), now).status();
  });
}

Status FollowTicketSteps(store::Transaction& tx, const jobs::Job& job, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(std::int64_t read, ReadEvents(tx));
  // Behind (a full batch, the backfill): again at once.
  const Instant next = read == kBatch ? now : now + kFollowEvery;
  const std::int64_t n = job.payload.value("n", std::int64_t{0}) + 1;
  return jobs::Enqueue(tx, FollowJob(next, n), now).status();
}

Result<std::int64_t> CatchUpTicketSteps(store::Database& db) {
  std::int64_t total = 0;
  for (;;) {
    AFTERCARE_ASSIGN_OR_RETURN(
        std::int64_t read,
        InTransaction(db, true, [](store::Transaction& tx) { return ReadEvents(tx); }));
    total += read;
    if (read < kBatch) return total;
  }
}

}  // namespace aftercare::service::links

namespace aftercare::service::links {
namespace {

// One step of one group: its times exactly (a period read from the rows) or in
// buckets (always).
struct Tally {
  std::int64_t count = 0, sum = 0;
  std::map<std::int64_t, std::int64_t> buckets;
  std::vector<std::int64_t> samples;
};

// The k-th smallest (1-based) of a tally.
std::int64_t Nth(const Tally& t, bool exact, std::int64_t k) {
  if (exact) return t.samples[static_cast<std::size_t>(k - 1)];
  std::int64_t seen = 0;
  for (auto [b, n] : t.buckets) {
    seen += n;
    if (seen >= k) return BucketValue(b);
  }
  return 0;
}

using Tallies = std::map<std::optional<std::string>, std::map<std::string, Tally>>;

std::string ValueColumn(LinkDimension by) {
  switch (by) {
    case LinkDimension::kType:
      return "type";
    case LinkDimension::kPriority:
      return "priority";
    case LinkDimension::kTeam:
      return "COALESCE(CAST(team_id AS TEXT), '')";
  }
  return "type";
}

void Add(Tallies& t, const std::string& value, const std::string& step, std::int64_t bucket,
         std::int64_t n, std::int64_t sum, std::optional<std::int64_t> sample) {
  for (Tally* x : {&t[std::nullopt][step], &t[value][step]}) {
    x->count += n;
    x->sum += sum;
    x->buckets[bucket] += n;
    if (sample) x->samples.push_back(*sample);
  }
}

// The tickets' own rows received in [from, to).
Status ReadRows(store::Transaction& tx, const LinksQuery& q, std::int64_t from, std::int64_t to,
                bool exact, Tallies& out) {
  if (from >= to) return {};
  store::ParamList p;
  // Exact: every row's time. Else counted by bucket in the database, as the months.
  std::string sql =
      "SELECT " + ValueColumn(q.by) + " AS value, step, " +
      (exact ? "seconds, bucket, 1 AS n" : "SUM(seconds) AS seconds, bucket, COUNT(*) AS n") +
      " FROM ticket_steps WHERE received_at >= " + p.Add(from) + " AND received_at < " + p.Add(to);
  if (q.customer_id) sql += " AND customer_id = " + p.Add(*q.customer_id);
  if (!exact) sql += " GROUP BY " + ValueColumn(q.by) + ", step, bucket";
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
  for (const auto& r : rows) {
    const std::int64_t s = r.Int("seconds");
    Add(out, r.Text("value"), r.Text("step"), r.Int("bucket"), r.Int("n"), s,
        exact ? std::optional(s) : std::nullopt);
  }
  return {};
}

// The monthly counts of months `first` to `last`.
Status ReadMonths(store::Transaction& tx, const LinksQuery& q, std::int64_t first,
                  std::int64_t last, Tallies& out) {
  store::ParamList p;
  std::string sql =
      "SELECT value, step, bucket, SUM(n) AS n, SUM(seconds) AS seconds FROM "
      "ticket_step_months WHERE dim = " +
      p.Add(std::string(Name(q.by))) +
      " AND customer_id = " + p.Add(q.customer_id.value_or(kAllCustomers)) +
      " AND month >= " + p.Add(first) + " AND month <= " + p.Add(last);
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(sql + " GROUP BY value, step, bucket", p.values()));
  for (const auto& r : rows) {
    if (r.Int("n") <= 0) continue;
    Add(out, r.Text("value"), r.Text("step"), r.Int("bucket"), r.Int("n"), r.Int("seconds"),
        std::nullopt);
  }
  return {};
}

LinkGroup Summarize(const std::optional<std::string>& value, std::map<std::string, Tally>& steps,
                    bool exact) {
  LinkGroup g;
  g.value = value;
  std::vector<std::pair<std::string, Tally*>> ordered;
  for (auto& [step, t] : steps) {
    if (t.count > 0) ordered.push_back({step, &t});
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return StepRank(a.first) < StepRank(b.first); });
  std::int64_t slowest = -1;
  for (auto& [step, t] : ordered) {
    if (exact) std::sort(t->samples.begin(), t->samples.end());
    LinkStep s{step, t->count, Nth(*t, exact, (t->count + 1) / 2),
               Nth(*t, exact, (t->count * 9 + 9) / 10), t->sum};
    g.total_s += s.sum_s;
    // The vendor's steps: up to the resolution (closing waits on the customer's
    // confirmation, and the time apart on the customer).
    const auto [from, to] = StepEnds(step);
    if (!to.empty() && to != "closed" && s.sum_s > slowest) {
      slowest = s.sum_s;
      g.slowest = step;
    }
    g.steps.push_back(std::move(s));
  }
  return g;
}

}  // namespace

Result<LinksReport> GetSlowestLinks(store::Database& db, const Context& ctx,
                                    const LinksQuery& query) {
  LinksQuery q = query;
  AFTERCARE_RETURN_IF_ERROR(CheckAnalyticsQuery(ctx, q.from, q.to, q.customer_id));
  const std::int64_t start = DefaultZone().ToInstant(q.from, 0).unix;
  const std::int64_t end = DefaultZone().ToInstant(q.to + 1, 0).unix;
  // The whole months in the period come from the monthly counts.
  const auto from = Civil(q.from);
  const auto after = Civil(q.to + 1);
  const std::int64_t first =
      from.day() == date::day{1} ? MonthKey(from) : NextMonth(MonthKey(from));
  const std::int64_t last = PreviousMonth(MonthKey(after));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<LinksReport> {
    LinksReport out;
    out.exact = first > last;
    Tallies tallies;
    tallies[std::nullopt];
    if (out.exact) {
      AFTERCARE_RETURN_IF_ERROR(ReadRows(tx, q, start, end, true, tallies));
    } else {
      AFTERCARE_RETURN_IF_ERROR(ReadMonths(tx, q, first, last, tallies));
      AFTERCARE_RETURN_IF_ERROR(ReadRows(tx, q, start, MonthStart(first), false, tallies));
      AFTERCARE_RETURN_IF_ERROR(ReadRows(tx, q, MonthStart(NextMonth(last)), end, false, tallies));
    }
    std::map<std::string, std::string> teams;
    if (q.by == LinkDimension::kTeam) {
      AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, name FROM teams"));
      for (const auto& r : rows) teams[std::to_string(r.Int("id"))] = r.Text("name");
    }
    for (auto& [value, steps] : tallies) {
      LinkGroup g = Summarize(value, steps, out.exact);
      if (value && teams.contains(*value)) g.label = teams[*value];
      out.groups.push_back(std::move(g));
    }
    return out;
  });
}

}  // namespace aftercare::service::links
