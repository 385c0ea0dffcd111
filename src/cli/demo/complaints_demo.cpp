// Complaints (QA-2) in every state, across the demo customers, each step taken at
// its own time by the person whose step it is: one closed after its solution was
// confirmed, one refused twice and back with the department, one awaiting the
// hospital's agreement (the browser test refuses and then agrees it), one found
// invalid with its finding returned, one closed after that, one agreed, one
// implemented, one being investigated and one just received (its reply clock
// running). The tickets area's own complaint tickets older than three days, left
// under investigation there, get their finding too (settled, or returned to the
// customer), so that the manager's open list shows what waits, not the demo's past.
#include <vector>

#include "cli/demo/demo.h"
#include "service/complaints/complaints.h"
#include "service/teams/teams.h"

namespace aftercare::cli::demo {
namespace {

using service::ComplaintAction;
using service::Role;
using A = ComplaintAction;

struct DemoStep {
  A action;
  const char* by;  // a staff login, or "party_a": the customer's user
  int minutes;     // after the complaint was received
  const char* text;
};

struct DemoComplaint {
  std::size_t customer;  // index into demo.customers
  const char* title;
  const char* description;
  int hours_ago;
  std::vector<DemoStep> steps;
};

// The department the valid ones are assigned to: the first team.
const DemoComplaint kComplaints[] = {
    {0,
     "工程师上门迟到两小时",
     "约定上午九点到场，工程师十一点才到，影响门诊挂号。",
     20 * 24,
     {{A::kReply, "agent", 25, "已收到您的投诉，我们将在两个工作日内给出调查结论。"},
      {A::kFindValid, "manager", 24 * 60, "工程师路线安排失误，投诉成立。"},
      {A::kPropose, "leader", 30 * 60, "调整上门排班，提前一天电话确认到场时间。"},
      {A::kAgree, "party_a", 36 * 60, ""},
      {A::kImplement, "engineer", 5 * 24 * 60, "排班规则已调整，本月上门均准时。"},
      {A::kConfirm, "party_a", 6 * 24 * 60, "确认已改进。"}}},
    {1,
     "同一故障反复出现，修复不彻底",
     "综合执法平台登录故障一个月内出现四次。",
     9 * 24,
     {{A::kReply, "leader", 40, "已收到，已安排专人排查根因。"},
      {A::kFindValid, "manager", 20 * 60, "根因未排除即关闭工单，投诉成立。"},
      {A::kPropose, "leader", 26 * 60, "重启服务并观察一周。"},
      {A::kRefuse, "party_a", 30 * 60, "只是重启，没有解决根本问题。"},
      {A::kPropose, "engineer", 3 * 24 * 60, "更换认证组件并观察一周。"},
      {A::kRefuse, "party_a", 3 * 24 * 60 + 300, "需要给出根因分析报告。"}}},
    {0,
     "热线长时间无人接听",
     "周一上午连续拨打服务热线半小时无人接听。",
     4 * 24,
     {{A::kReply, "agent2", 30, "非常抱歉，我们正在核查当日话务记录。"},
      {A::kFindValid, "leader", 8 * 60, "当日坐席排班不足，投诉成立。"},
      {A::kPropose, "leader", 26 * 60, "高峰时段增加一名坐席，并开通回拨服务。"}}},
    {2,
     "对收费项目有异议",
     "认为数据迁移应属于合同内服务。",
     6 * 24,
     {{A::kReply, "agent", 35, "已收到，正在核对合同条款。"},
      {A::kFindInvalid, "manager", 2 * 24 * 60,
       "经核对合同附件二，数据迁移属于合同外服务，投诉不成立。"}}},
    {3,
     "回访电话态度生硬",
     "回访人员语气不耐烦。",
     15 * 24,
     {{A::kReply, "agent2", 20, "已收到，正在调取录音。"},
      {A::kFindInvalid, "leader", 24 * 60, "录音显示回访用语规范，投诉不成立。"},
      {A::kClose, "party_a", 2 * 24 * 60, "已知悉。"}}},
    {2,
     "培训课程安排过于紧凑",
     "一天安排了三个模块，学员跟不上。",
     5 * 24,
     {{A::kReply, "agent", 15, "已收到，将与培训讲师沟通。"},
      {A::kFindValid, "manager", 6 * 60, "课程安排不合理，投诉成立。"},
      {A::kPropose, "engineer", 24 * 60, "拆分为两天，并提供录播视频。"},
      {A::kAgree, "party_a", 30 * 60, "同意。"}}},
    {3,
     "升级通知未提前告知",
     "系统升级前未通知，造成柜面业务中断十分钟。",
     8 * 24,
     {{A::kReply, "agent", 20, "已收到，正在核查升级通知流程。"},
      {A::kFindValid, "leader", 10 * 60, "通知流程遗漏，投诉成立。"},
      {A::kPropose, "leader", 24 * 60, "升级前三天书面通知并电话确认。"},
      {A::kAgree, "party_a", 28 * 60, ""},
      {A::kImplement, "leader", 3 * 24 * 60, "通知流程已加入升级检查表。"}}},
    {0,
     "报表数据与系统不一致",
     "月度报表的门诊量比系统少了两百人次。",
     26,
     {{A::kReply, "agent", 50, "已收到，正在核对报表口径。"}}},
    {1, "工程师未穿工作服进入机房", "不符合机房管理规定。", 0, {}},
};

// A staff member's context at `at`, by login.
service::Context StaffAt(const Demo& demo, const std::string& login, Instant at) {
  const Role role = login == "manager"                ? Role::kManager
                    : login == "leader"               ? Role::kTeamLeader
                    : login.rfind("engineer", 0) == 0 ? Role::kEngineer
                                                      : Role::kAgent;
  service::Context ctx = demo.As(login, role);
  ctx.now = at;
  return ctx;
}

// Party A's user of a demo customer, as an actor at `at`.
service::Context PartyAAt(const Demo& demo, std::size_t customer, Instant at) {
  static const char* kPartyA[] = {"hospital", "transport", "education", "bank"};
  const char* login = kPartyA[customer];
  service::Context ctx = StaffAt(demo, "agent", at);
  ctx.actor = service::Actor{demo.user_ids.at(login), login, Role::kPartyA,
                             demo.customers.at(customer).id, login};
  return ctx;
}

// The tickets demo's complaints under investigation for over three days: one in
// three found invalid and closed, one found invalid and returned, one upheld and
// settled with the customer's confirmation, each step a few minutes apart just
// before now (after whatever their tickets last recorded).
Status SettleOlderComplaints(Demo& demo, std::int64_t department) {
  service::ComplaintFilter f;
  f.state = service::ComplaintState::kInvestigating;
  f.limit = 200;
  AFTERCARE_ASSIGN_OR_RETURN(
      service::ComplaintPage page,
      service::ListComplaints(demo.db, StaffAt(demo, "manager", demo.now), f));
  int n = 0;
  for (const service::Complaint& c : page.items) {
    if (c.received_at > demo.now - 3 * 24 * 3600) continue;
    std::size_t customer = 0;
    while (customer < demo.customers.size() && demo.customers[customer].id != c.customer_id) {
      ++customer;
    }
    if (customer >= demo.customers.size() || customer >= 4) continue;
    const Instant at = demo.now - 3600;
    auto step = [&](const service::Context& ctx, A action, const char* text) {
      service::ComplaintStep s{action, text, std::nullopt, std::nullopt};
      if (action == A::kFindValid) s.team_id = department;
      return service::TakeComplaintStep(demo.db, ctx, c.id, s).status();
    };
    switch (n++ % 3) {
      case 0:
        AFTERCARE_RETURN_IF_ERROR(step(StaffAt(demo, "leader", at), A::kFindInvalid,
                                       "经核查，当日响应时间符合合同约定，投诉不成立。"));
        AFTERCARE_RETURN_IF_ERROR(step(PartyAAt(demo, customer, at + 600), A::kClose, "已知悉。"));
        break;
      case 1:
        AFTERCARE_RETURN_IF_ERROR(step(StaffAt(demo, "manager", at), A::kFindInvalid,
                                       "经核查，延误系客户现场停电所致，投诉不成立。"));
        break;
      default:
        AFTERCARE_RETURN_IF_ERROR(
            step(StaffAt(demo, "manager", at), A::kFindValid, "响应超时属实，投诉成立。"));
        AFTERCARE_RETURN_IF_ERROR(step(StaffAt(demo, "leader", at + 300), A::kPropose,
                                       "夜间增设值班工程师，超时工单由组长跟进。"));
        AFTERCARE_RETURN_IF_ERROR(step(PartyAAt(demo, customer, at + 900), A::kAgree, ""));
        AFTERCARE_RETURN_IF_ERROR(
            step(StaffAt(demo, "leader", at + 1200), A::kImplement, "值班表已调整并执行。"));
        AFTERCARE_RETURN_IF_ERROR(step(PartyAAt(demo, customer, at + 1500), A::kConfirm, "确认。"));
    }
  }
  return {};
}

}  // namespace

Status LoadComplaintsDemo(Demo& demo) {
  AFTERCARE_ASSIGN_OR_RETURN(auto teams,
                             service::ListTeams(demo.db, demo.As("manager", Role::kManager)));
  if (teams.empty()) return Error::Invalid("the complaints demo needs the teams demo");
  const std::int64_t department = teams.front().id;
  for (const DemoComplaint& d : kComplaints) {
    const Demo::Customer& customer = demo.customers.at(d.customer);
    const Instant received = demo.now - static_cast<Seconds>(d.hours_ago) * 3600 - 1800;
    service::Context agent = demo.As("agent", Role::kAgent);
    agent.now = received;
    service::NewComplaint n;
    n.customer_id = customer.id;
    n.title = d.title;
    n.description = d.description;
    n.caller_name = customer.contact;
    AFTERCARE_ASSIGN_OR_RETURN(service::Complaint c, service::RecordComplaint(demo.db, agent, n));
    ++demo.tickets;
    for (const DemoStep& s : d.steps) {
      const Instant at = received + static_cast<Seconds>(s.minutes) * 60;
      const service::Context ctx =
          std::string(s.by) == "party_a" ? PartyAAt(demo, d.customer, at) : StaffAt(demo, s.by, at);
      service::ComplaintStep step{s.action, s.text, std::nullopt, std::nullopt};
      if (s.action == A::kFindValid) step.team_id = department;
      AFTERCARE_RETURN_IF_ERROR(service::TakeComplaintStep(demo.db, ctx, c.id, step).status());
    }
  }
  return SettleOlderComplaints(demo, department);
}

}  // namespace aftercare::cli::demo
