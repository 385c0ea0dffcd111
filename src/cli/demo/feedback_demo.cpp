// The feedback library (QA-4): suggestions and problems of every customer in
// several progress states, routed to the R&D and product teams, and one
// duplicate merged into the item another customer raised first (so that item
// has two raisers, and both customers' Party A follow it).
#include "cli/demo/demo.h"
#include "service/feedback/feedback.h"
#include "service/permissions.h"
#include "service/teams/teams.h"
#include "service/tx.h"

namespace aftercare::cli::demo {
namespace {

using service::FeedbackImpact;
using service::FeedbackState;
using service::FeedbackType;
using service::FeedbackUrgency;

struct DemoFeedback {
  FeedbackType type;
  FeedbackUrgency urgency;
  FeedbackImpact impact;
  const char* title;
  int customer;     // index into demo.customers
  bool by_party_a;  // raised in the portal, else recorded by an agent from a call
  int team;         // 0: R&D, 1: product, -1: not routed
  FeedbackState reach;
};

// The states each item is walked through to reach its own.
const FeedbackState kPath[] = {FeedbackState::kAccepted, FeedbackState::kEvaluating,
                               FeedbackState::kPlanned, FeedbackState::kDone};

const DemoFeedback kItems[] = {
    {FeedbackType::kSuggestion, FeedbackUrgency::kMedium, FeedbackImpact::kWide,
     "希望门诊排班表支持按周导出 Excel", 0, true, -1, FeedbackState::kNew},
    {FeedbackType::kProblem, FeedbackUrgency::kHigh, FeedbackImpact::kPartial,
     "信贷系统月末批量计息耗时过长", 3, false, 0, FeedbackState::kEvaluating},
    {FeedbackType::kSuggestion, FeedbackUrgency::kMedium, FeedbackImpact::kWide,
     "移动端增加待办事项消息推送", 1, true, 1, FeedbackState::kPlanned},
    {FeedbackType::kProblem, FeedbackUrgency::kLow, FeedbackImpact::kSingle,
     "智慧校园成绩单打印边距偏移", 2, true, 0, FeedbackState::kDone},
    {FeedbackType::kSuggestion, FeedbackUrgency::kLow, FeedbackImpact::kSingle, "首页改为深色主题",
     3, false, 1, FeedbackState::kAccepted},
};

Result<std::int64_t> AddTeam(Demo& demo, const char* name) {
  auto team =
      service::CreateTeam(demo.db, demo.As("manager", service::Role::kManager), name, std::nullopt);
  if (!team.ok()) return team.error();
  return team->id;
}

// The customer's Party A user, as the portal knows them.
Result<service::Context> PartyA(Demo& demo, int customer, Instant at) {
  const std::int64_t id = demo.customers.at(customer).id;
  return service::InTransaction(
      demo.db, false, [&](store::Transaction& tx) -> Result<service::Context> {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows,
            tx.Query("SELECT id, login, display_name FROM users WHERE role = 'party_a' AND "
                     "customer_id = $1 ORDER BY id LIMIT 1",
                     {id}));
        if (rows.empty()) return service::NotFound("user");
        return service::Context{
            service::Actor{rows[0].Int("id"), rows[0].Text("login"), service::Role::kPartyA, id,
                           rows[0].Text("display_name")},
            "demo", at};
      });
}

}  // namespace

Status LoadFeedbackDemo(Demo& demo) {
  AFTERCARE_ASSIGN_OR_RETURN(std::int64_t rnd, AddTeam(demo, "研发部"));
  AFTERCARE_ASSIGN_OR_RETURN(std::int64_t product, AddTeam(demo, "产品部"));
  service::Context agent = demo.As("agent", service::Role::kAgent);
  service::Context leader = demo.As("leader", service::Role::kTeamLeader);
  std::vector<std::int64_t> ids;
  for (const DemoFeedback& item : kItems) {
    const Instant raised =
        demo.now - 20 * kSecondsPerDay + static_cast<std::int64_t>(ids.size()) * 3600;
    agent.now = raised;
    service::NewFeedback n{item.type,
                           item.urgency,
                           item.impact,
                           item.title,
                           std::string(item.title) + "（客户原话整理）",
                           demo.customers.at(item.customer).id,
                           std::nullopt};
    service::Context by = agent;
    if (item.by_party_a) {
      AFTERCARE_ASSIGN_OR_RETURN(by, PartyA(demo, item.customer, raised));
    }
    auto f = service::CreateFeedback(demo.db, by, n);
    if (!f.ok()) return f.error();
    ids.push_back(f->id);
    leader.now = raised + kSecondsPerDay;
    if (item.team >= 0) {
      auto r = service::RouteFeedback(demo.db, leader, f->id, item.team == 0 ? rnd : product,
                                      item.team == 0 ? "转研发评估" : "转产品经理评估");
      if (!r.ok()) return r.error();
    }
    for (FeedbackState s : kPath) {
      if (item.reach == FeedbackState::kNew || s > item.reach) break;
      leader.now = leader.now + kSecondsPerDay;
      auto p = service::ProgressFeedback(demo.db, leader, f->id, s, "");
      if (!p.ok()) return p.error();
    }
  }
  // The education bureau asked for the same push messages: merged into item 3.
  agent.now = demo.now - 5 * kSecondsPerDay;
  service::NewFeedback dup{FeedbackType::kSuggestion,
                           FeedbackUrgency::kHigh,
                           FeedbackImpact::kWide,
                           "手机上能收到待办提醒就好了",
                           "电话回访时提出",
                           demo.customers.at(2).id,
                           std::nullopt};
  auto d = service::CreateFeedback(demo.db, agent, dup);
  if (!d.ok()) return d.error();
  leader.now = agent.now + 3600;
  auto merged =
      service::MergeFeedback(demo.db, leader, d->id, ids.at(2), "与移动端消息推送建议重复");
  if (!merged.ok()) return merged.error();
  return {};
}

}  // namespace aftercare::cli::demo
