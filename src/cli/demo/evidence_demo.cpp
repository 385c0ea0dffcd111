// What Party A's 访问记录 page (CON-4) shows: the vendor's staff reading each demo
// customer's data over the last three weeks, in office hours, through the same
// service calls the screens make (each audits itself): an agent or engineer opening
// a ticket, an agent listing or searching the customer's tickets, the team leader
// listing its open ones, the manager reading the compliance, exporting the
// scenario and reading the customer archive. The accesses are made in time order
// (the page lists the log by id, newest first); the draws come from a generator
// of their own with a fixed seed, so the rest of the data set is unchanged.
#include <algorithm>
#include <random>

#include "cli/demo/demo.h"
#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/customers/customers.h"
#include "service/tickets/tickets.h"

namespace aftercare::cli::demo {
namespace {

using service::Context;
using service::Role;

constexpr int kPerCustomer = 24;
constexpr Seconds kDay = 86400;
constexpr Seconds kBeijing = 8 * 3600;  // the demo contracts' zone
constexpr int kDays = 21;

enum class Access {
  kTicketByAgent,
  kTicketByEngineer,
  kList,
  kSearch,
  kQueue,
  kCompliance,
  kScenario,
  kArchive
};
// How often each comes up, in a customer's two dozen.
const Access kMix[] = {Access::kTicketByAgent,
                       Access::kTicketByEngineer,
                       Access::kList,
                       Access::kTicketByEngineer,
                       Access::kCompliance,
                       Access::kTicketByAgent,
                       Access::kSearch,
                       Access::kTicketByEngineer,
                       Access::kQueue,
                       Access::kArchive,
                       Access::kTicketByAgent,
                       Access::kCompliance,
                       Access::kTicketByEngineer,
                       Access::kList,
                       Access::kScenario};

struct Planned {
  Instant at;
  std::size_t customer = 0;
  Access what = Access::kList;
};

class EvidenceDemo {
 public:
  explicit EvidenceDemo(Demo& demo) : demo_(demo) {}

  Status Load() {
    std::vector<Planned> plan;
    for (std::size_t c = 0; c < demo_.customers.size(); ++c) {
      AFTERCARE_ASSIGN_OR_RETURN(auto tickets, TicketsOf(demo_.customers[c].id));
      tickets_.push_back(std::move(tickets));
      for (int k = 0; k < kPerCustomer; ++k) {
        plan.push_back(
            {OfficeHour(), c, kMix[Uniform(0, static_cast<std::int64_t>(std::size(kMix)) - 1)]});
      }
    }
    std::stable_sort(plan.begin(), plan.end(),
                     [](const Planned& a, const Planned& b) { return a.at < b.at; });
    for (const Planned& p : plan) AFTERCARE_RETURN_IF_ERROR(Run(p));
    return {};
  }

 private:
  std::int64_t Uniform(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
  }

  // A time on one of the last kDays days between 09:00 and 17:30 in Beijing, in the past.
  Instant OfficeHour() {
    const Instant midnight = demo_.now - (demo_.now.unix + kBeijing) % kDay;
    Instant at = midnight - Uniform(0, kDays - 1) * kDay + Uniform(9 * 3600, 17 * 3600 + 1800);
    while (at >= demo_.now) at = at - kDay;
    return at;
  }

  // The customer's tickets (id, received), to pick those already received.
  Result<std::vector<std::pair<std::int64_t, Instant>>> TicketsOf(std::int64_t customer) {
    service::TicketFilter f;
    f.customer_id = customer;
    f.limit = 500;
    f.audited = false;
    AFTERCARE_ASSIGN_OR_RETURN(auto page, service::ListTickets(demo_.db, demo_.sys, f));
    std::vector<std::pair<std::int64_t, Instant>> out;
    for (const auto& t : page.items) out.emplace_back(t.id, t.received_at);
    return out;
  }

  // One of the customer's tickets received before `at` (0 when none).
  std::int64_t TicketBefore(std::size_t customer, Instant at) {
    std::vector<std::int64_t> seen;
    for (const auto& [id, received] : tickets_[customer]) {
      if (received < at) seen.push_back(id);
    }
    if (seen.empty()) return 0;
    // The newer ones are read most: draw twice, keep the larger id.
    const auto n = static_cast<std::int64_t>(seen.size()) - 1;
    return std::max(seen[Uniform(0, n)], seen[Uniform(0, n)]);
  }

  Context At(const char* login, Role role, Instant at) const {
    Context ctx = demo_.As(login, role);
    ctx.now = at;
    return ctx;
  }

  Status Run(const Planned& p) {
    const Demo::Customer& m = demo_.customers[p.customer];
    switch (p.what) {
      case Access::kTicketByAgent:
      case Access::kTicketByEngineer: {
        const std::int64_t id = TicketBefore(p.customer, p.at);
        if (id == 0) return {};
        const bool agent = p.what == Access::kTicketByAgent;
        auto t =
            service::GetTicket(demo_.db,
                               agent ? At("agent", Role::kAgent, p.at)
                                     : At(id % 2 ? "engineer2" : "engineer", Role::kEngineer, p.at),
                               id);
        return t.status();
      }
      case Access::kList:
      case Access::kSearch:
      case Access::kQueue:
        return List(p, m);
      case Access::kCompliance:
        return service::GetCompliance(demo_.db, At("manager", Role::kManager, p.at), m.contract)
            .status();
      case Access::kScenario:
        return service::ExportScenario(demo_.db, At("manager", Role::kManager, p.at), m.contract,
                                       std::nullopt)
            .status();
      case Access::kArchive:
        return Archive(p, m);
    }
    return {};
  }

  // The agent's list or search of the customer's tickets, or the leader's list of
  // its open ones, as the screens ask for them (audited by ListTickets).
  Status List(const Planned& p, const Demo::Customer& m) {
    service::TicketFilter f;
    f.customer_id = m.id;
    f.received_to = p.at;
    f.limit = 20;
    Context ctx = At("agent", Role::kAgent, p.at);
    if (p.what == Access::kSearch) f.q = "系统";
    if (p.what == Access::kQueue) {
      f.status = service::StatusFilter::kOpen;
      ctx = At("leader", Role::kTeamLeader, p.at);
    }
    return service::ListTickets(demo_.db, ctx, f).status();
  }

  // The customer archive (TKT-6) as its route reads it: one audit entry for the whole.
  Status Archive(const Planned& p, const Demo::Customer& m) {
    const Context ctx = At("manager", Role::kManager, p.at);
    AFTERCARE_RETURN_IF_ERROR(service::GetCustomer(demo_.db, ctx, m.id).status());
    AFTERCARE_ASSIGN_OR_RETURN(auto systems, service::ListSystems(demo_.db, ctx, m.id));
    service::TicketFilter f;
    f.customer_id = m.id;
    f.received_to = p.at;
    f.limit = 500;
    f.audited = false;
    AFTERCARE_ASSIGN_OR_RETURN(auto tickets, service::ListTickets(demo_.db, ctx, f));
    const nlohmann::json what = {{"filter", {{"customer_id", m.id}, {"cursor", ""}}},
                                 {"returned",
                                  {{"systems", systems.size()},
                                   {"contracts", m.contract ? 1 : 0},
                                   {"tickets", tickets.items.size()}}}};
    return service::AuditRead(demo_.db, ctx, "read", "customer_archive", std::to_string(m.id), what,
                              m.id);
  }

  Demo& demo_;
  std::vector<std::vector<std::pair<std::int64_t, Instant>>> tickets_;  // by customer
  std::mt19937_64 rng_{20261307};
};

}  // namespace

Status LoadEvidenceDemo(Demo& demo) { return EvidenceDemo(demo).Load(); }

}  // namespace aftercare::cli::demo
