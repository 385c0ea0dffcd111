#include "cli/demo_command.h"

#include <chrono>
#include <map>
#include <random>
#include <vector>

#include "service/accounts/accounts.h"
#include "service/contracts/contracts.h"
#include "service/customers/customers.h"
#include "service/teams/teams.h"
#include "service/tickets/tickets.h"
#include "service/tx.h"

namespace aftercare::cli {
namespace {

using service::Context;
using service::Role;

struct DemoCustomer {
  const char* name;
  const char* contact;
  const char* phone;
  std::vector<const char*> systems;
  const char* contract;
  const char* value;
  const char* party_a_login;
  const char* party_a_name;
};

const DemoCustomer kCustomers[] = {
    {"市第一人民医院",
     "张主任",
     "0571-88001234",
     {"HIS 医院信息系统", "LIS 检验系统"},
     "HT-2025-001",
     "1860000.00",
     "hospital",
     "医院信息科 张主任"},
    {"省交通运输厅",
     "李处长",
     "0571-87005678",
     {"综合执法平台", "门户网站"},
     "HT-2025-002",
     "2450000.00",
     "transport",
     "交通厅 李处长"},
    {"区教育局",
     "王老师",
     "0571-86009012",
     {"智慧校园平台"},
     "HT-2025-003",
     "680000.00",
     "education",
     "教育局 王老师"},
    {"城市商业银行",
     "赵经理",
     "0571-85003456",
     {"信贷管理系统", "OA 办公系统"},
     "HT-2025-004",
     "3200000.00",
     "bank",
     "银行科技部 赵经理"},
};

struct DemoUser {
  const char* login;
  const char* name;
  Role role;
};

const DemoUser kStaff[] = {
    {"admin", "系统管理员", Role::kAdmin},         {"agent", "客服 小王", Role::kAgent},
    {"agent2", "客服 小陈", Role::kAgent},         {"engineer", "工程师 李工", Role::kEngineer},
    {"engineer2", "工程师 周工", Role::kEngineer}, {"leader", "组长 孙组长", Role::kTeamLeader},
    {"manager", "经理 吴经理", Role::kManager},
};

const char* kTitles[] = {"系统无法登录", "报表导出失败",   "页面响应缓慢",    "打印功能异常",
                         "数据同步中断", "权限设置咨询",   "接口调用超时",    "升级后功能异常",
                         "申请现场培训", "服务器磁盘告警", "投诉：响应不及时"};

}  // namespace

Status LoadDemo(store::Database& db, std::string& summary) {
  {
    auto users =
        service::InTransaction(db, false, [](store::Transaction& tx) -> Result<std::int64_t> {
          AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) FROM users"));
          return rows.at(0).Int(0);
        });
    if (!users.ok()) return users.error();
    if (*users > 0) {
      return Error{ErrorCode::kConflict,
                   "the database already has users: the demo needs an empty one",
                   {},
                   0,
                   {}};
    }
  }
  const Instant now = Now();
  Context sys{service::Actor{0, "demo", Role::kAdmin, std::nullopt, "demo"}, "demo", now};
  std::map<std::string, std::int64_t> user_ids;
  std::map<std::string, std::string> user_names;
  for (const DemoUser& u : kStaff) {
    auto r =
        service::CreateUser(db, sys, {u.login, u.name, u.role, kDemoPassword, std::nullopt, ""});
    if (!r.ok()) return r.error();
    user_ids[u.login] = r->id;
    user_names[u.login] = u.name;
  }
  auto as = [&](const char* login, Role role, std::optional<std::int64_t> customer = {}) {
    return Context{service::Actor{user_ids[login], login, role, customer, user_names[login]},
                   "demo", now};
  };
  Context manager = as("manager", Role::kManager);
  Context agent = as("agent", Role::kAgent);
  Context engineer = as("engineer", Role::kEngineer);
  Context leader = as("leader", Role::kTeamLeader);

  std::mt19937_64 rng(20261125);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
  };
  struct Made {
    std::int64_t customer, contract;
    std::vector<std::int64_t> systems;
  };
  std::vector<Made> made;
  for (const DemoCustomer& dc : kCustomers) {
    auto c = service::CreateCustomer(db, agent, {0, dc.name, dc.contact, dc.phone, ""});
    if (!c.ok()) return c.error();
    Made m{c->id, 0, {}};
    for (const char* s : dc.systems) {
      auto sys_r = service::CreateSystem(db, agent, {0, c->id, s});
      if (!sys_r.ok()) return sys_r.error();
      m.systems.push_back(sys_r->id);
    }
    service::NewContract nc;
    nc.fields.customer_id = c->id;
    nc.fields.number = dc.contract;
    nc.fields.title = std::string(dc.name) + " 运维服务合同";
    nc.value_text = dc.value;
    nc.fields.signed_on = "2025-03-01";
    nc.fields.accepted_on = "2025-05-20";
    nc.fields.system_ids = m.systems;
    auto k = service::CreateContract(db, manager, nc);
    if (!k.ok()) return k.error();
    m.contract = k->id;
    made.push_back(m);
    auto pa = service::CreateUser(
        db, sys,
        {dc.party_a_login, dc.party_a_name, Role::kPartyA, kDemoPassword, c->id, dc.phone});
    if (!pa.ok()) return pa.error();
    user_ids[dc.party_a_login] = pa->id;
  }

  // Tickets over the last 60 days. Customer 2 (the transport department) gets slow
  // handling early on: its contract meets the termination condition (CON-3).
  int tickets = 0;
  using sla::Channel;
  using sla::TicketType;
  using K = service::TicketEventKind;
  const Channel channels[] = {Channel::kPhone,  Channel::kPhone, Channel::kPhone, Channel::kEmail,
                              Channel::kPortal, Channel::kIm,    Channel::kOnsite};
  const TicketType types[] = {
      TicketType::kFault,       TicketType::kFault,        TicketType::kFault,
      TicketType::kConsulting,  TicketType::kUpgrade,      TicketType::kTraining,
      TicketType::kHealthCheck, TicketType::kInstallation, TicketType::kComplaint};
  for (int i = 0; i < 320; ++i) {
    const Made& m = made[static_cast<std::size_t>(i % static_cast<int>(made.size()))];
    bool troubled = (i % static_cast<int>(made.size())) == 1 && i < 60;
    Instant received = now - uniform(3 * 86400, 60 * 86400);
    if (i % 4 == 3 && i < 12) received = now - uniform(50 * 86400, 55 * 86400);
    if (i >= 290) received = now - uniform(26 * 3600, 70 * 3600);  // the leftover list
    if (i >= 300) received = now - uniform(600, 5 * 3600);         // today's open work
    service::NewTicket t;
    t.customer_id = m.customer;
    t.contract_id = m.contract;
    t.system_id = m.systems[static_cast<std::size_t>(
        uniform(0, static_cast<std::int64_t>(m.systems.size()) - 1))];
    t.channel = channels[uniform(0, 6)];
    t.type = types[uniform(0, 8)];
    t.priority = static_cast<sla::Priority>(uniform(1, 4) - 1);  // P1..P4
    t.title = kTitles[uniform(0, 10)];
    if (t.type == TicketType::kComplaint) t.title = "投诉：响应不及时";
    t.description = "客户来电反映：" + t.title;
    t.caller_name = kCustomers[i % 4].contact;
    t.caller_phone = "1380000" + std::to_string(1000 + i);
    t.received_at = received;
    // The newest calls wait on the dispatch board for the team leader.
    if (i < 314) t.assignee_id = user_ids[i % 2 ? "engineer" : "engineer2"];
    // Each entry is made at its own time, as it would have been live.
    Context intake = agent;
    intake.now = received;
    auto created = service::CreateTicket(db, intake, t);
    if (!created.ok()) return created.error();
    ++tickets;
    std::int64_t id = created->id;
    Instant at = received;
    auto step = [&](K kind, std::int64_t lo, std::int64_t hi,
                    std::optional<sla::Priority> to = {}) -> Result<bool> {
      Instant next = at + uniform(lo, hi);
      if (next > now) return false;  // the future has not happened yet
      at = next;
      service::NewEvent e{kind, at, to, "", nlohmann::json::object()};
      if (kind == K::kEscalated) {
        e.data = {{"escalated_to", "manufacturer"},
                  {"reference", "MF-" + std::to_string(10000 + i)}};
      }
      // The engineer works the ticket; a new priority is the team leader's call.
      Context live = kind == K::kPriority ? leader : engineer;
      live.now = at;
      auto r = service::AddTicketEvent(db, live, id, e);
      if (!r.ok()) return r.error();
      return true;
    };
    // Normal work is comfortably on time; lateness is deliberate: the transport
    // department's first weeks, three early bank tickets (before its notice), and
    // one hospital ticket.
    const int bank_early = i % 4 == 3 && i < 12;
    const bool slow = troubled || bank_early || i == 0;
    bool ok = true;
#define DEMO_STEP(...)               \
  if (ok) {                          \
    auto r_ = step(__VA_ARGS__);     \
    if (!r_.ok()) return r_.error(); \
    ok = *r_;                        \
  }
    const bool onsite = uniform(1, 100) <= 25;
    if (t.channel == Channel::kPhone || t.channel == Channel::kIm) {
      DEMO_STEP(K::kFirstContact, slow ? 400 : 30, slow ? 900 : 240);
    }
    if (t.channel == Channel::kEmail || t.type == TicketType::kComplaint) {
      DEMO_STEP(K::kFirstReply, slow ? 3700 : 300, slow ? 7200 : 3000);
    }
    DEMO_STEP(K::kDiagnosed, slow ? 1200 : 60, slow ? 7200 : 600);
    if (uniform(1, 100) <= 10) DEMO_STEP(K::kPriority, 60, 600, sla::Priority::kP1);
    if (onsite) {
      DEMO_STEP(K::kOnsiteDecided, 300, 1800);
      DEMO_STEP(K::kOnsiteArrived, 900, slow ? 7200 : 3000);
    }
    if (uniform(1, 100) <= 20) {
      DEMO_STEP(K::kWaitingCustomer, 600, 3600);
      DEMO_STEP(K::kCustomerReplied, 1800, 20000);
    }
    if (uniform(1, 100) <= 5) DEMO_STEP(K::kEscalated, 600, 3600);
    if (i < 290 || (i >= 300 && uniform(1, 100) <= 30)) {
      if (onsite) {
        DEMO_STEP(K::kResolved, 300, slow ? 9000 : 1500);
      } else {
        DEMO_STEP(K::kResolved, 1800, slow ? 150000 : 40000);
      }
      if (uniform(1, 100) <= 60) DEMO_STEP(K::kClosed, 3600, 200000);
    }
#undef DEMO_STEP
  }
  // Two teams, and this week's duty roster (STAFF-1): day and night shifts.
  {
    auto first = service::CreateTeam(db, manager, "一线服务组", user_ids["leader"]);
    if (!first.ok()) return first.error();
    auto second = service::CreateTeam(db, manager, "二线专家组", user_ids["manager"]);
    if (!second.ok()) return second.error();
    for (const char* login : {"agent", "agent2", "engineer"}) {
      if (Status st = service::SetTeamMember(db, manager, first->id, user_ids[login]); !st.ok())
        return st.error();
    }
    if (Status st = service::SetTeamMember(db, manager, second->id, user_ids["engineer2"]);
        !st.ok())
      return st.error();
    const TimeZone tz = DefaultZone();
    LocalDate today = tz.LocalDateOf(now);
    for (int d = -1; d < 7; ++d) {
      Instant day = tz.ToInstant(today + d, 0);
      const std::pair<const char*, const char*> shifts[] = {{"agent", "engineer"},
                                                            {"agent2", "engineer"}};
      for (int half = 0; half < 2; ++half) {
        Instant from = day + (half == 0 ? 8 * 3600 : 20 * 3600);
        for (const char* login : {shifts[half].first, shifts[half].second}) {
          if (half == 1 && std::string(login) == "engineer") continue;
          auto sh = service::AddShift(db, manager,
                                      {0, first->id, user_ids[login], from, from + 12 * 3600});
          if (!sh.ok()) return sh.error();
        }
      }
    }
  }
  // The bank's Party A gave a written notice (CON-3) twenty days ago on paper; the
  // manager enters it with its date (Party A's own notices are dated when recorded).
  {
    auto n = service::RecordNotice(db, manager, made[3].contract, now - 20 * 86400, 30,
                                   "第三次延迟响应后书面催告，请于30日内整改");
    if (!n.ok()) return n.error();
  }
  summary = "demo data: " + std::to_string(made.size()) + " customers, " +
            std::to_string(made.size()) + " contracts, " + std::to_string(tickets) + " tickets, " +
            std::to_string(user_ids.size()) + " users";
  return {};
}

}  // namespace aftercare::cli
