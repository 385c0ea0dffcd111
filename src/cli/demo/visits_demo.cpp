// Return visits (OPS-3) and exchange visits (OPS-5): every demo customer called
// back monthly over the last months (the first one, a key customer, every 14
// days), each visit with its topics and a follow-up action; the actions of older
// visits done, one past its due and open; every visit collated by the team
// leader but the key customer's last one, four days old, awaiting collation; each
// plan's next visit upcoming on the calendar. One exchange visit held 40 days ago
// with its findings and recommendations, one planned in 12 days.
#include <string>
#include <vector>

#include "cli/demo/demo.h"
#include "service/visits/visits.h"

namespace aftercare::cli::demo {
namespace {

namespace v = service::visits;
using service::Role;

constexpr Seconds kDay = 86400;

struct Call {
  v::Method method;
  const char* topics;
  const char* problems;
  const char* opinions;
  const char* action;
};

const Call kCalls[] = {
    {v::Method::kPhone, "系统运行情况、近期工单处理满意度", "夜间偶有页面加载缓慢",
     "对响应速度满意，希望提前通知维护窗口", "排查夜间页面加载缓慢的原因"},
    {v::Method::kOnsite, "上门了解使用情况，收集新需求", "报表导出字段不全",
     "希望增加按科室统计的报表", "评估按科室统计报表的需求"},
    {v::Method::kIm, "补丁升级后的使用反馈", "无", "升级过程顺利", "发送升级说明文档"},
    {v::Method::kEmail, "季度服务情况沟通", "两次故障恢复时间偏长", "希望缩短故障恢复时间",
     "提交故障复盘报告"},
};

class VisitsDemo {
 public:
  explicit VisitsDemo(Demo& demo) : demo_(demo) {}

  Status Load() {
    // Today's midnight in Beijing: visits at 10:00, exchange visits at 09:00.
    day0_ = Instant{(demo_.now.unix + 8 * 3600) / kDay * kDay - 8 * 3600};
    for (std::size_t i = 0; i < demo_.customers.size(); ++i) {
      AFTERCARE_RETURN_IF_ERROR(Customer(i));
    }
    return Exchange();
  }

 private:
  service::Context At(const std::string& login, Role role, Instant at) const {
    service::Context c = demo_.As(login, role);
    c.now = at;
    return c;
  }

  Status Customer(std::size_t i) {
    const Demo::Customer& cu = demo_.customers[i];
    const bool key = i == 0;
    const std::string agent = i % 2 == 0 ? "agent" : "agent2";
    const service::Context mgr = demo_.As("manager", Role::kManager);
    v::PlanInput plan;
    plan.interval_days = key ? 14 : v::kDefaultIntervalDays;
    plan.key_customer = key;
    plan.responsible_id = std::optional(demo_.user_ids.at(agent));
    plan.active = false;  // the history first, then the next visit from its last one
    AFTERCARE_RETURN_IF_ERROR(v::PutPlan(demo_.db, mgr, cu.id, plan).status());
    const int visits = key ? 7 : 4;
    const Seconds step = *plan.interval_days * kDay;
    const Seconds last_ago = key ? 4 * kDay : (10 + 5 * static_cast<Seconds>(i)) * kDay;
    for (int n = 0; n < visits; ++n) {
      const Instant at = day0_ - last_ago - (visits - 1 - n) * step + 10 * 3600;
      AFTERCARE_RETURN_IF_ERROR(Visit(i, agent, n, at, n == visits - 1));
    }
    v::PlanInput on;
    on.active = true;
    return v::PutPlan(demo_.db, mgr, cu.id, on).status();
  }

  // One recorded visit; `last`: the customer's latest.
  Status Visit(std::size_t i, const std::string& agent, int n, Instant at, bool last) {
    const Demo::Customer& cu = demo_.customers[i];
    const Call& call = kCalls[(i + static_cast<std::size_t>(n)) % 4];
    v::VisitRecord r;
    r.customer_id = cu.id;
    r.method = call.method;
    r.visited_at = at;
    r.contact_person = cu.contact;
    r.topics = call.topics;
    r.problems = call.problems;
    r.opinions = call.opinions;
    const std::string owner = n % 2 == 0 || last ? "engineer" : "engineer2";
    r.actions.push_back({call.action, demo_.user_ids.at(owner), at + 14 * kDay});
    const service::Context who = demo_.As(agent, Role::kAgent);
    AFTERCARE_ASSIGN_OR_RETURN(v::ReturnVisit rv, v::RecordReturnVisit(demo_.db, who, std::nullopt, r));
    // Done unless it is still ahead, or the one left overdue (the second customer's last).
    const Instant due = rv.actions.front().due_at;
    const bool overdue_left = i == 1 && last;
    if (due < demo_.now && !overdue_left) {
      AFTERCARE_RETURN_IF_ERROR(v::CompleteAction(demo_.db,
                                                  At(owner, Role::kEngineer, due - kDay),
                                                  rv.actions.front().id, "已处理并回复客户")
                                    .status());
    }
    if (i == 0 && last) return {};  // awaiting collation
    return v::CollateReturnVisit(demo_.db, At("leader", Role::kTeamLeader, at + 2 * kDay), rv.id,
                                 "客户总体满意；" + std::string(call.problems) + "已列入跟进。",
                                 "保持月度回访；" + std::string(call.action) + "，下次回访时确认效果。")
        .status();
  }

  Status Exchange() {
    const service::Context mgr = demo_.As("manager", Role::kManager);
    const std::vector<std::int64_t> experts = {demo_.user_ids.at("engineer"),
                                               demo_.user_ids.at("leader")};
    v::NewExchangeVisit held;
    held.contract_id = demo_.customers.at(0).contract;
    held.planned_at = day0_ - 40 * kDay + 9 * 3600;
    held.duration = 3 * 3600;
    held.expert_ids = experts;
    held.participants = {"信息科 张主任", "信息科 王工"};
    AFTERCARE_ASSIGN_OR_RETURN(auto x, v::PlanExchangeVisit(demo_.db, mgr, held));
    v::ExchangeRecord rec;
    rec.system_state = "HIS 与 LIS 运行平稳，近半年可用率 99.9%，高峰期门诊挂号响应略慢。";
    rec.findings = {{"门诊高峰期响应变慢", "上午 8-10 点挂号页面平均响应 2.8 秒。",
                     v::FindingKind::kProblem},
                    {"数据库备份只在本地", "备份未异地保存，机房故障时有丢失风险。",
                     v::FindingKind::kRisk}};
    rec.recommendations = {
        {"增加异地备份", "每日将数据库备份同步到异地存储，并每季度做恢复演练。",
         v::Priority::kHigh},
        {"优化挂号查询索引", "为挂号查询增加复合索引，高峰前预热缓存。", v::Priority::kMedium},
        {"组织操作培训", "为新入职的收费员安排一次系统操作培训。", v::Priority::kLow}};
    rec.internal_notes = "客户对备份问题较为关注，可推荐异地备份服务。";
    AFTERCARE_RETURN_IF_ERROR(
        v::RecordExchangeVisit(demo_.db, mgr, x.id, rec).status());
    v::NewExchangeVisit next;
    next.contract_id = demo_.customers.at(1 % demo_.customers.size()).contract;
    next.planned_at = day0_ + 12 * kDay + 14 * 3600;
    next.expert_ids = {demo_.user_ids.at("engineer2"), demo_.user_ids.at("manager")};
    next.participants = {"信息中心 李处长"};
    return v::PlanExchangeVisit(demo_.db, mgr, next).status();
  }

  Demo& demo_;
  Instant day0_;
};

}  // namespace

Status LoadVisitsDemo(Demo& demo) { return VisitsDemo(demo).Load(); }

}  // namespace aftercare::cli::demo
