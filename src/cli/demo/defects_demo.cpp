// Defects (QA-1): one in each state, linked to the demo's tickets and owned by
// the vendor's engineers; the closed one told its tickets' customers (their
// Party A inboxes have the notice with the fix version).
#include <map>

#include "cli/demo/demo.h"
#include "service/defects/defects.h"
#include "service/tx.h"

namespace aftercare::cli::demo {
namespace {

using service::DefectSeverity;
using service::DefectState;

struct DemoDefect {
  const char* title;
  const char* module;
  DefectSeverity severity;
  const char* owner;
  DefectState reach;    // walked from identified up to this state
  const char* version;  // the fix version (needed to close)
  int customers[2];     // the customers (demo.customers' index, -1: none) whose
                        // first ticket reported it
};

const DemoDefect kDefects[] = {
    {"挂号高峰时段 HIS 接口超时",
     "挂号服务",
     DefectSeverity::kCritical,
     "engineer",
     DefectState::kClosed,
     "V3.2.1",
     {0, 1}},
    {"检验报告打印偶发缺页",
     "报告打印",
     DefectSeverity::kMajor,
     "engineer2",
     DefectState::kVerified,
     "V3.2.2",
     {0, -1}},
    {"执法文书导出 PDF 字体缺失",
     "文书导出",
     DefectSeverity::kMinor,
     "engineer",
     DefectState::kReviewed,
     "V2.8.0",
     {1, -1}},
    {"门户网站栏目排序错乱",
     "栏目管理",
     DefectSeverity::kTrivial,
     "engineer2",
     DefectState::kFixed,
     "",
     {1, -1}},
    {"信贷审批流程节点重复提醒",
     "流程引擎",
     DefectSeverity::kMajor,
     "leader",
     DefectState::kAnalysed,
     "",
     {3, -1}},
    {"智慧校园登录页验证码不显示",
     "统一认证",
     DefectSeverity::kMinor,
     "engineer",
     DefectState::kIdentified,
     "",
     {2, -1}},
};

// Each customer's first ticket.
Result<std::map<std::int64_t, std::int64_t>> FirstTickets(Demo& demo) {
  return service::InTransaction(
      demo.db, false, [&](store::Transaction& tx) -> Result<std::map<std::int64_t, std::int64_t>> {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows,
            tx.Query("SELECT customer_id, MIN(id) AS id FROM tickets GROUP BY customer_id"));
        std::map<std::int64_t, std::int64_t> out;
        for (const auto& r : rows) out[r.Int("customer_id")] = r.Int("id");
        return out;
      });
}

}  // namespace

Status LoadDefectsDemo(Demo& demo) {
  AFTERCARE_ASSIGN_OR_RETURN(auto tickets, FirstTickets(demo));
  for (const DemoDefect& d : kDefects) {
    // Identified ten days ago, a step every day since.
    service::Context by = demo.As("leader", service::Role::kTeamLeader);
    by.now = demo.now - 10 * kSecondsPerDay;
    service::NewDefect n;
    n.title = d.title;
    n.description = std::string("客户报修中发现：") + d.title + "。";
    n.module = d.module;
    n.severity = d.severity;
    n.owner_id = demo.user_ids.at(d.owner);
    for (int i : d.customers) {
      if (i < 0) continue;
      auto t = tickets.find(demo.customers.at(i).id);
      if (t != tickets.end()) n.ticket_ids.push_back(t->second);
    }
    auto created = service::CreateDefect(demo.db, by, n);
    if (!created.ok()) return created.error();
    service::Context owner =
        demo.As(d.owner, d.owner == std::string("leader") ? service::Role::kTeamLeader
                                                          : service::Role::kEngineer);
    for (int s = 1; s <= static_cast<int>(d.reach); ++s) {
      owner.now = by.now + s * kSecondsPerDay;
      service::DefectTransition t;
      t.to = static_cast<DefectState>(s);
      if (t.to == DefectState::kFixed && *d.version) t.fix_version = d.version;
      if (t.to == DefectState::kClosed) t.note = "补丁已在客户现场安装并验证通过";
      auto moved = service::TransitionDefect(demo.db, owner, created->id, t);
      if (!moved.ok()) return moved.error();
    }
  }
  return {};
}

}  // namespace aftercare::cli::demo
