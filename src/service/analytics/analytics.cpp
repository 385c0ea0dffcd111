#include "service/analytics/analytics.h"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "service/contracts/contracts.h"
#include "service/permissions.h"
#include "service/tx.h"
#include "sla/engine.h"

namespace aftercare::service {
namespace {

struct Bucket {
  std::vector<std::int64_t> elapsed;
  std::int64_t late = 0;
  std::map<std::int64_t, std::int64_t> targets;  // target -> clocks
};

void Merge(Bucket& into, const Bucket& b) {
  into.elapsed.insert(into.elapsed.end(), b.elapsed.begin(), b.elapsed.end());
  into.late += b.late;
  for (auto [t, n] : b.targets) into.targets[t] += n;
}

// count, late, average, 90th percentile (nearest rank), longest and the target.
void Summarize(Bucket& b, ResponseStatsRow& r) {
  std::sort(b.elapsed.begin(), b.elapsed.end());
  std::int64_t sum = 0;
  for (auto e : b.elapsed) sum += e;
  auto n = static_cast<std::int64_t>(b.elapsed.size());
  r.count = n;
  r.late = b.late;
  r.avg_s = (sum + n / 2) / n;
  r.p90_s = b.elapsed[static_cast<std::size_t>((n * 9 + 9) / 10) - 1];
  r.max_s = b.elapsed.back();
  if (b.targets.size() == 1) r.target_s = b.targets.begin()->first;
}

// A bucket: week (kAll: the whole period), metric, type and priority (none: every
// one, in a rollup). Ordered by their names, as the rows are listed: a rollup's
// "every" first.
struct Key {
  std::int32_t week = 0;
  std::string metric;
  std::optional<sla::TicketType> type;
  std::optional<sla::Priority> priority;

  auto Names() const {
    return std::tuple(week, std::string_view(metric), type ? sla::Name(*type) : std::string_view(),
                      priority ? sla::Name(*priority) : std::string_view());
  }
  bool operator<(const Key& o) const { return Names() < o.Names(); }
};

// The Monday on or before `d`.
LocalDate Monday(LocalDate d) { return LocalDate{d.days - WeekdayIndex(d)}; }

}  // namespace

Status CheckAnalyticsQuery(const Context& ctx, LocalDate from, LocalDate to,
                           std::optional<std::int64_t>& customer_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAnalyticsReaders));
  if (!ctx.actor->vendor()) {
    if (!customer_id) customer_id = ctx.actor->customer_id;
    AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, *customer_id, "customer"));
  }
  if (to < from) return Error::Invalid("to is before from", 0, "to");
  // Both ends count: 2024-01-01 to 2024-12-31 is 366 days, one more is too many.
  if (to.days - from.days + 1 > 366) {
    return Error::Invalid("the period is at most 366 days", 0, "to");
  }
  return {};
}

Result<ResponseStats> GetResponseStats(store::Database& db, const Context& ctx,
                                       const ResponseStatsQuery& query) {
  ResponseStatsQuery q = query;
  AFTERCARE_RETURN_IF_ERROR(CheckAnalyticsQuery(ctx, q.from, q.to, q.customer_id));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<ResponseStats> {
    std::string sql = "SELECT id FROM contracts";
    std::vector<store::Value> params;
    if (q.customer_id) {
      sql += " WHERE customer_id = $1";
      params.push_back(*q.customer_id);
    }
    AFTERCARE_ASSIGN_OR_RETURN(auto contracts, tx.Query(sql + " ORDER BY id", params));
    std::map<Key, Bucket> buckets;
    std::map<std::string, sla::MetricKind> kinds;
    for (const auto& row : contracts) {
      AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContractRow(tx, row.Int("id")));
      AFTERCARE_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Locate(c.tz));
      std::pair<Instant, Instant> range{tz.ToInstant(q.from, 0), tz.ToInstant(q.to + 1, 0)};
      AFTERCARE_ASSIGN_OR_RETURN(ContractInput ci,
                                 LoadContractInput(tx, c.id, ctx.now, std::nullopt, range));
      const sla::EvaluationInput& in = ci.input;
      sla::Evaluation ev = sla::Evaluate(in);
      for (std::size_t k = 0; k < in.tickets.size(); ++k) {
        const sla::Ticket& t = in.tickets[k];
        if (t.events.empty()) continue;
        // The priority a clock was measured against: the one in force when it
        // stopped (or now); a later change does not re-target a stopped clock.
        auto priority_at = [&](Instant when) {
          sla::Priority p = t.priority;
          for (const sla::Event& e : t.events) {
            if (e.kind == sla::EventKind::kPriority && e.at <= when) p = e.to;
          }
          return p;
        };
        LocalDate week = Monday(tz.LocalDateOf(t.events.front().at));
        const sla::TicketResult& tr = ev.tickets[k];
        for (std::uint32_t i = tr.first; i < tr.first + tr.count; ++i) {
          const sla::MetricResult& m = ev.metrics[i];
          const auto& o = m.outcome;
          bool finished = o.stopped_at.has_value() || o.state == sla::MetricState::kLate;
          if (!finished) continue;
          const sla::Metric& def = in.policy.metrics[m.metric];
          kinds[def.name] = def.kind;
          sla::Priority priority = priority_at(o.stopped_at.value_or(ctx.now));
          Bucket& b = buckets[{week.days, def.name, t.type, priority}];
          b.elapsed.push_back(o.elapsed_s);
          if (o.state == sla::MetricState::kLate) ++b.late;
          ++b.targets[o.target_s];
        }
      }
    }
    ResponseStats out;
    // Rollups: week or the whole period (kAll) x type alone, priority alone, neither.
    constexpr std::int32_t kAll = std::numeric_limits<std::int32_t>::min();
    std::map<Key, Bucket> rollups;
    for (const auto& [key, b] : buckets) {
      for (std::int32_t w : {key.week, kAll}) {
        Merge(rollups[{w, key.metric, key.type, std::nullopt}], b);
        Merge(rollups[{w, key.metric, std::nullopt, key.priority}], b);
        Merge(rollups[{w, key.metric, std::nullopt, std::nullopt}], b);
      }
    }
    for (auto [from, to] : {std::pair{&buckets, &out.rows}, std::pair{&rollups, &out.rollups}}) {
      for (auto& [key, b] : *from) {
        ResponseStatsRow r;
        if (key.week != kAll) r.week = LocalDate{key.week};
        r.metric = key.metric;
        r.kind = kinds[r.metric];
        r.type = key.type;
        r.priority = key.priority;
        Summarize(b, r);
        to->push_back(std::move(r));
      }
    }
    return out;
  });
}

}  // namespace aftercare::service
