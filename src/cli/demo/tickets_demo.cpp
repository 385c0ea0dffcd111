// Tickets over the last 60 days, each worked through its flow at its own times.
// Customer 2 (the transport department) gets slow handling early on: its contract
// meets the termination condition (CON-3). The draws come from one generator with
// a fixed seed, in a fixed order: the same clock gives the same tickets.
#include <random>

#include "cli/demo/demo.h"
#include "service/tickets/tickets.h"

namespace aftercare::cli::demo {
namespace {

using service::Context;
using service::Role;
using sla::Channel;
using sla::TicketType;
using K = service::TicketEventKind;

constexpr int kTickets = 320;

const char* kTitles[] = {"系统无法登录", "报表导出失败",   "页面响应缓慢",    "打印功能异常",
                         "数据同步中断", "权限设置咨询",   "接口调用超时",    "升级后功能异常",
                         "申请现场培训", "服务器磁盘告警", "投诉：响应不及时"};
const Channel kChannels[] = {Channel::kPhone,  Channel::kPhone, Channel::kPhone, Channel::kEmail,
                             Channel::kPortal, Channel::kIm,    Channel::kOnsite};
const TicketType kTypes[] = {
    TicketType::kFault,       TicketType::kFault,        TicketType::kFault,
    TicketType::kConsulting,  TicketType::kUpgrade,      TicketType::kTraining,
    TicketType::kHealthCheck, TicketType::kInstallation, TicketType::kComplaint};

class TicketsDemo {
 public:
  explicit TicketsDemo(Demo& demo)
      : demo_(demo),
        agent_(demo.As("agent", Role::kAgent)),
        engineer_(demo.As("engineer", Role::kEngineer)),
        leader_(demo.As("leader", Role::kTeamLeader)) {}

  Status Load() {
    for (int i = 0; i < kTickets; ++i) {
      const Demo::Customer& m =
          demo_.customers[static_cast<std::size_t>(i) % demo_.customers.size()];
      service::NewTicket t = Intake(i, m);
      // Each entry is made at its own time, as it would have been live.
      Context intake = agent_;
      intake.now = *t.received_at;
      auto created = service::CreateTicket(demo_.db, intake, t);
      if (!created.ok()) return created.error();
      ++demo_.tickets;
      // Normal work is comfortably on time; lateness is deliberate: the transport
      // department's first weeks, three early bank tickets (before its notice), and
      // one hospital ticket.
      const bool troubled = i % static_cast<int>(demo_.customers.size()) == 1 && i < 60;
      const bool bank_early = i % 4 == 3 && i < 12;
      AFTERCARE_RETURN_IF_ERROR(Work(i, created->id, t, troubled || bank_early || i == 0));
    }
    return {};
  }

 private:
  std::int64_t Uniform(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
  }

  // The i-th call: when it came in, about what, from whom.
  service::NewTicket Intake(int i, const Demo::Customer& m) {
    const Instant now = demo_.now;
    Instant received = now - Uniform(3 * 86400, 60 * 86400);
    if (i % 4 == 3 && i < 12) received = now - Uniform(50 * 86400, 55 * 86400);
    if (i >= 290) received = now - Uniform(26 * 3600, 70 * 3600);  // the leftover list
    if (i >= 300) received = now - Uniform(600, 5 * 3600);         // today's open work
    service::NewTicket t;
    t.customer_id = m.id;
    t.contract_id = m.contract;
    t.system_id = m.systems[static_cast<std::size_t>(
        Uniform(0, static_cast<std::int64_t>(m.systems.size()) - 1))];
    t.channel = kChannels[Uniform(0, 6)];
    t.type = kTypes[Uniform(0, 8)];
    t.priority = static_cast<sla::Priority>(Uniform(1, 4) - 1);  // P1..P4
    t.title = kTitles[Uniform(0, 10)];
    if (t.type == TicketType::kComplaint) t.title = "投诉：响应不及时";
    t.description = "客户来电反映：" + t.title;
    t.caller_name = m.contact;
    t.caller_phone = "1380000" + std::to_string(1000 + i);
    t.received_at = received;
    // The newest calls wait on the dispatch board for the team leader.
    if (i < 314) t.assignee_id = demo_.user_ids.at(i % 2 ? "engineer" : "engineer2");
    return t;
  }

  // The ticket's flow, each step some time after the one before. A step that
  // would fall in the future ends the flow there (the draws deciding later steps
  // still happen, keeping the rest of the data set as it is).
  Status Work(int i, std::int64_t id, const service::NewTicket& t, bool slow) {
    at_ = *t.received_at;
    going_ = true;
    const bool onsite = Uniform(1, 100) <= 25;
    if (t.channel == Channel::kPhone || t.channel == Channel::kIm) {
      AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kFirstContact, slow ? 400 : 30, slow ? 900 : 240));
    }
    if (t.channel == Channel::kEmail || t.type == TicketType::kComplaint) {
      AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kFirstReply, slow ? 3700 : 300, slow ? 7200 : 3000));
    }
    AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kDiagnosed, slow ? 1200 : 60, slow ? 7200 : 600));
    if (Uniform(1, 100) <= 10) {
      AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kPriority, 60, 600, sla::Priority::kP1));
    }
    if (onsite) {
      AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kOnsiteDecided, 300, 1800));
      AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kOnsiteArrived, 900, slow ? 7200 : 3000));
    }
    if (Uniform(1, 100) <= 20) {
      AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kWaitingCustomer, 600, 3600));
      AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kCustomerReplied, 1800, 20000));
    }
    if (Uniform(1, 100) <= 5) AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kEscalated, 600, 3600));
    if (i < 290 || (i >= 300 && Uniform(1, 100) <= 30)) {
      if (onsite) {
        AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kResolved, 300, slow ? 9000 : 1500));
      } else {
        AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kResolved, 1800, slow ? 150000 : 40000));
      }
      if (Uniform(1, 100) <= 60) AFTERCARE_RETURN_IF_ERROR(Step(i, id, K::kClosed, 3600, 200000));
    }
    return {};
  }

  // One entry of ticket `id` (the i-th), lo to hi seconds after the last.
  Status Step(int i, std::int64_t id, K kind, std::int64_t lo, std::int64_t hi,
              std::optional<sla::Priority> to = {}) {
    if (!going_) return {};
    Instant next = at_ + Uniform(lo, hi);
    if (next > demo_.now) {  // the future has not happened yet
      going_ = false;
      return {};
    }
    at_ = next;
    service::NewEvent e{kind, at_, to, "", nlohmann::json::object()};
    if (kind == K::kEscalated) {
      e.data = {{"escalated_to", "manufacturer"}, {"reference", "MF-" + std::to_string(10000 + i)}};
    }
    // The engineer works the ticket; a new priority is the team leader's call.
    Context live = kind == K::kPriority ? leader_ : engineer_;
    live.now = at_;
    auto r = service::AddTicketEvent(demo_.db, live, id, e);
    if (!r.ok()) return r.error();
    return {};
  }

  Demo& demo_;
  Context agent_, engineer_, leader_;
  std::mt19937_64 rng_{20261125};
  Instant at_;         // the ticket's last entry
  bool going_ = true;  // no step has yet fallen in the future
};

}  // namespace

Status LoadTicketsDemo(Demo& demo) { return TicketsDemo(demo).Load(); }

}  // namespace aftercare::cli::demo
