// Issue 3's speed target: the SLA engine alone (typed tickets in memory -> typed
// results incl. penalties and the contract state), one thread, Release build.
//   bid-default (7x24):              target >= 1,000,000 tickets/s
//   bid-default on office hours       target >=   300,000 tickets/s
//   (Mon-Fri 09:00-18:00 + cn holidays)
// Generation, parsing and output are outside the timed region. Peak memory is the
// process's maximum resident set (generation included). Run: bench/run.sh
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "sla/engine.h"
#include "sla/scenario_reader.h"
#include "ticket_gen.h"

namespace aftercare::bench {
namespace {

constexpr std::size_t kTickets = 1'000'000;

sla::EvaluationInput BaseInput() {
  auto sc = sla::ReadScenario(R"(as_of: 2027-01-01T00:00:00+08:00
contract: {value: "1000000.00", policy: bid-default}
tickets: []
notices: [{at: 2023-06-01T10:00:00+08:00}]
)",
                              sla::DefaultShipped());
  if (!sc.ok()) std::abort();
  return std::move(sc).value().input;
}

void Run(benchmark::State& state, sla::EvaluationInput& in) {
  in.tickets = GenerateTickets(kTickets, 20261125);
  std::size_t late = 0;
  for (auto _ : state) {
    sla::Evaluation r = sla::Evaluate(in);
    late = r.events.size();
    benchmark::DoNotOptimize(r.compliance.state);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.tickets.size()));
  state.counters["late_events"] = static_cast<double>(late);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_BidDefault247(benchmark::State& state) {
  sla::EvaluationInput in = BaseInput();
  Run(state, in);
}

void BM_BidDefaultOfficeHours(benchmark::State& state) {
  sla::EvaluationInput in = BaseInput();
  sla::CalendarSpec office;
  office.name = "office";
  for (int d = 0; d < 5; ++d) office.week[d] = {{9 * 3600, 18 * 3600}};
  office.builtin_cn = true;
  in.calendars.push_back(sla::WorkCalendar::Build(office, &sla::DefaultShipped().cn));
  for (sla::Metric& m : in.policy.metrics) m.calendar = 1;
  Run(state, in);
}

// Zone arithmetic on its own: what formatting output times (OffsetAt) and building
// a calendar (ToInstant for every interval edge of 2000-2100) cost in a DST zone.
void BM_OffsetAtBerlin(benchmark::State& state) {
  const TimeZone berlin = *TimeZone::Locate("Europe/Berlin");
  const std::int64_t from = TimeZone::Locate("UTC")->ToInstant(MakeDate(2000, 1, 1), 0).unix;
  const std::int64_t span = 101LL * 365 * kSecondsPerDay;
  std::int64_t t = 0;
  Seconds sum = 0;
  for (auto _ : state) {
    t = (t + 7'777'777) % span;  // strides across years and seasons
    sum += berlin.OffsetAt(Instant{from + t});
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}

void BM_BuildOfficeCalendarBerlin(benchmark::State& state) {
  sla::CalendarSpec office;
  office.name = "office";
  office.tz = *TimeZone::Locate("Europe/Berlin");
  for (int d = 0; d < 5; ++d) office.week[d] = {{9 * 3600, 12 * 3600}, {13 * 3600, 18 * 3600}};
  for (auto _ : state) {
    sla::WorkCalendar cal = sla::WorkCalendar::Build(office, nullptr);
    benchmark::DoNotOptimize(cal.interval_count());
  }
}

BENCHMARK(BM_OffsetAtBerlin);
BENCHMARK(BM_BuildOfficeCalendarBerlin)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BidDefault247)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_BidDefaultOfficeHours)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace
}  // namespace aftercare::bench

BENCHMARK_MAIN();
