// Satisfaction surveys (QA-3, QA-5): a survey for every resolved demo ticket, sent
// as it was resolved; the older ones answered (by link, in the portal, on paper)
// with a few unsatisfied ones in follow-up (one closed: the customer confirmed),
// the last four days' waiting for Party A; a monthly 回访问卷 three to five months
// back and this year's questionnaire, both asking the 0-10 question (NPS), the
// latter half answered. Draws come from a fixed seed: the same clock, the same data.
#include <algorithm>
#include <map>
#include <random>

#include "cli/demo/demo.h"
#include "service/surveys/surveys.h"
#include "service/tx.h"

namespace aftercare::cli::demo {
namespace {

namespace sv = service::surveys;
using service::Context;
using service::Role;

constexpr Seconds kDay = 86400;
// Surveys of tickets resolved in the last kPendingDays wait for Party A; of the older
// ones, every sixth past its link's 28 days was never answered.
constexpr Seconds kPendingDays = 4;
constexpr Seconds kExpiredDays = 28;
constexpr const char* kPartyA[] = {"hospital", "transport", "education", "bank"};

struct Pending {
  std::int64_t id = 0, customer_index = 0;
  std::string token;
  Instant resolved_at;
};

class SurveysDemo {
 public:
  explicit SurveysDemo(Demo& demo) : demo_(demo), rng_(20261207) {}

  Status Load() {
    AFTERCARE_ASSIGN_OR_RETURN(auto sent, SendTicketSurveys());
    int n = 0;
    for (const Pending& p : sent) {
      if (p.resolved_at > demo_.now - kPendingDays * kDay) continue;
      ++n;
      if (n % 6 == 0 && p.resolved_at < demo_.now - kExpiredDays * kDay) continue;
      AFTERCARE_RETURN_IF_ERROR(AnswerOne(p, n));
    }
    AFTERCARE_RETURN_IF_ERROR(FollowUps());
    return Campaigns();
  }

 private:
  Context PartyA(std::int64_t index, Instant at) const {
    const std::string login = kPartyA[index % 4];
    return Context{service::Actor{demo_.user_ids.at(login), login, Role::kPartyA,
                                  demo_.customers.at(static_cast<std::size_t>(index)).id, login},
                   "demo", at};
  }

  Result<std::vector<Pending>> SendTicketSurveys() {
    std::map<std::int64_t, std::int64_t> index;
    for (std::size_t i = 0; i < demo_.customers.size(); ++i) {
      index[demo_.customers[i].id] = static_cast<std::int64_t>(i);
    }
    return service::InTransaction(
        demo_.db, true, [&](store::Transaction& tx) -> Result<std::vector<Pending>> {
          AFTERCARE_ASSIGN_OR_RETURN(
              auto rows, tx.Query("SELECT e.ticket_id, t.customer_id, MIN(e.at) AS at FROM "
                                  "ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE "
                                  "e.kind = 'resolved' GROUP BY e.ticket_id, t.customer_id "
                                  "ORDER BY e.ticket_id"));
          std::vector<Pending> out;
          for (const auto& r : rows) {
            const Instant at{r.Int("at")};
            const bool recent = at > demo_.now - kPendingDays * kDay;
            AFTERCARE_ASSIGN_OR_RETURN(
                auto s, sv::SendTicketSurvey(tx, r.Int("ticket_id"), at, at, recent));
            if (s) out.push_back({s->id, index[r.Int("customer_id")], s->token, at});
          }
          return out;
        });
  }

  sv::Answer Draw(int n) {
    sv::Answer a;
    std::uniform_int_distribution<int> good(3, 5), top(4, 5);
    for (int& s : a.scores) s = n % 3 == 0 ? good(rng_) : top(rng_);
    a.overall = top(rng_);
    if (n % 29 == 7) {  // unsatisfied: a follow-up
      a.scores[0] = 2;
      a.scores[4] = 2;
      a.overall = 2;
      a.comment = "工程师态度生硬，问题拖了很久才解决";
    } else if (n % 5 == 0) {
      a.comment = n % 2 ? "响应及时，工程师很专业" : "希望界面再简洁一些";
    }
    return a;
  }

  Status AnswerOne(const Pending& p, int n) {
    const sv::Answer a = Draw(n);
    const Instant at = p.resolved_at + kDay + (n % 5) * 3600;
    if (n % 10 == 3) {  // a paper form, entered by an agent
      Context agent = demo_.As("agent", Role::kAgent);
      agent.now = at;
      return sv::EnterPaperSurvey(demo_.db, agent, p.id, a).status();
    }
    if (n % 4 == 1)
      return sv::AnswerSurvey(demo_.db, PartyA(p.customer_index, at), p.id, a).status();
    return sv::AnswerByToken(demo_.db, Context{std::nullopt, "demo", at}, p.token, a);
  }

  // The oldest follow-up closed (the customer confirmed), the next one contacted.
  Status FollowUps() {
    Context manager = demo_.As("manager", Role::kManager);
    AFTERCARE_ASSIGN_OR_RETURN(auto list, sv::ListFollowUps(demo_.db, manager, "open"));
    if (list.size() < 2) return {};
    const sv::FollowUp& oldest = list.back();
    const sv::FollowUp& next = list[list.size() - 2];
    Context leader = demo_.As(
        oldest.leader_id == demo_.user_ids.at("leader") ? "leader" : "manager",
        oldest.leader_id == demo_.user_ids.at("leader") ? Role::kTeamLeader : Role::kManager);
    leader.now = oldest.opened_at + 3 * 3600;
    AFTERCARE_RETURN_IF_ERROR(
        sv::RecordFollowUp(demo_.db, leader, oldest.id, "contact", "电话回访致歉，约定次日上门复查")
            .status());
    leader.now = oldest.opened_at + 2 * kDay;
    AFTERCARE_RETURN_IF_ERROR(sv::RecordFollowUp(demo_.db, leader, oldest.id, "confirmed",
                                                 "复查后客户来电确认问题已彻底解决，表示满意")
                                  .status());
    manager.now = next.opened_at + 5 * 3600;
    return sv::RecordFollowUp(demo_.db, manager, next.id, "contact",
                              "已电话联系客户，了解不满意原因")
        .status();
  }

  // One questionnaire sent `days_ago`, answered by the last `answering` customers.
  Status Campaign(const std::string& title, Seconds days_ago, std::size_t answering) {
    Context manager = demo_.As("manager", Role::kManager);
    manager.now = demo_.now - days_ago * kDay;
    sv::NewCampaign in;
    in.title = title;
    in.deadline = DefaultZone().LocalDateOf(manager.now) + 21;
    in.remind_days = days_ago > 21 ? 0 : 3;
    AFTERCARE_ASSIGN_OR_RETURN(sv::Campaign k, sv::CreateCampaign(demo_.db, manager, in));
    std::uniform_int_distribution<int> nps(6, 10);
    // The last customers answer: the hospital (the first) still has this year's to answer.
    for (std::size_t i = demo_.customers.size() - std::min(answering, demo_.customers.size());
         i < demo_.customers.size(); ++i) {
      Context pa = PartyA(static_cast<std::int64_t>(i), manager.now + (2 + i) * kDay);
      sv::SurveyFilter f;
      f.campaign_id = k.id;
      AFTERCARE_ASSIGN_OR_RETURN(sv::SurveyPage page, sv::ListSurveys(demo_.db, pa, f));
      if (page.items.empty()) continue;
      sv::Answer a = Draw(static_cast<int>(i) * 2 + 1);
      a.nps = nps(rng_);
      AFTERCARE_RETURN_IF_ERROR(sv::AnswerSurvey(demo_.db, pa, page.items[0].id, a).status());
    }
    return {};
  }

  Status Campaigns() {
    const char* kMonthly = "季度客户回访问卷";
    AFTERCARE_RETURN_IF_ERROR(Campaign(std::string("第一批") + kMonthly, 155, 4));
    AFTERCARE_RETURN_IF_ERROR(Campaign(std::string("第二批") + kMonthly, 125, 3));
    AFTERCARE_RETURN_IF_ERROR(Campaign(std::string("第三批") + kMonthly, 95, 4));
    return Campaign("2026年度客户满意度问卷", 5, 2);
  }

  Demo& demo_;
  std::minstd_rand rng_;
};

}  // namespace

Status LoadSurveysDemo(Demo& demo) { return SurveysDemo(demo).Load(); }

}  // namespace aftercare::cli::demo
