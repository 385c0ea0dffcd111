// Satisfaction surveys (issue 14 points 2 and 5; QA-3, QA-5): the public link's form
// and answer (no login; a client address that keeps presenting unknown links is
// refused for a while), Party A's portal answer, paper entry, 不满意跟进,
// questionnaires, settings and the satisfaction analytics.
#include <cmath>

#include "http/json_body.h"
#include "http/login_throttle.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/roles.h"
#include "service/surveys/surveys.h"

namespace aftercare::http {

namespace {

namespace s = schema;
namespace sv = service::surveys;
using nlohmann::json;

json AnswerView(const sv::Answer& a) {
  json j = {{"overall", a.overall},
            {"nps", a.nps ? json(*a.nps) : json(nullptr)},
            {"comment", a.comment}};
  for (int i = 0; i < sv::kDimensionCount; ++i) j[std::string(sv::kDimensions[i])] = a.scores[i];
  return j;
}

json SurveyView(const sv::Survey& x) {
  const TimeZone& tz = DefaultZone();
  return json{{"id", x.id},
              {"kind", x.kind},
              {"status", x.status},
              {"ticket_id", views::Opt(x.ticket_id)},
              {"ticket_number", x.ticket_number},
              {"ticket_title", x.ticket_title},
              {"campaign_id", views::Opt(x.campaign_id)},
              {"campaign_title", x.campaign_title},
              {"customer_id", x.customer_id},
              {"customer_name", x.customer_name},
              {"team_id", views::Opt(x.team_id)},
              {"team_name", x.team_name},
              {"engineer_id", views::Opt(x.engineer_id)},
              {"engineer_name", x.engineer_name},
              {"request_type", x.request_type},
              {"onsite", x.onsite},
              {"asks_nps", x.asks_nps},
              {"sent_at", FormatRfc3339(x.sent_at, tz)},
              {"expires_at", FormatRfc3339(x.expires_at, tz)},
              {"answered_at", views::Time(x.answered_at, tz)},
              {"source", x.answered_at ? json(x.source) : json(nullptr)},
              {"entered_by_name", x.entered_by_name},
              {"answer", x.answer ? AnswerView(*x.answer) : json(nullptr)},
              {"follow_up_id", views::Opt(x.follow_up_id)}};
}

json FollowUpView(const sv::FollowUp& f) {
  const TimeZone& tz = DefaultZone();
  json actions = json::array();
  for (const auto& a : f.actions) {
    actions.push_back({{"id", a.id},
                       {"at", FormatRfc3339(a.at, tz)},
                       {"actor_name", a.actor_name},
                       {"kind", a.kind},
                       {"note", a.note}});
  }
  return json{{"id", f.id},
              {"status", f.status},
              {"team_id", views::Opt(f.team_id)},
              {"team_name", f.team_name},
              {"leader_id", views::Opt(f.leader_id)},
              {"leader_name", f.leader_name},
              {"opened_at", FormatRfc3339(f.opened_at, tz)},
              {"closed_at", views::Time(f.closed_at, tz)},
              {"survey", SurveyView(f.survey)},
              {"entries", actions}};
}

json CampaignView(const sv::Campaign& k) {
  const TimeZone& tz = DefaultZone();
  return json{{"id", k.id},
              {"title", k.title},
              {"asks_nps", k.asks_nps},
              {"deadline", FormatRfc3339(k.deadline, tz)},
              {"remind_days", k.remind_days},
              {"created_by_name", k.created_by_name},
              {"created_at", FormatRfc3339(k.created_at, tz)},
              {"sent", k.sent},
              {"answered", k.answered},
              {"response_rate",
               k.sent ? json(std::round(k.answered * 1000.0 / k.sent) / 10) : json(nullptr)}};
}

json SettingsView(const sv::Settings& x) {
  char avg[16];
  std::snprintf(avg, sizeof avg, "%d.%02d", x.target_average_centi / 100,
                x.target_average_centi % 100);
  return json{{"expiry_days", x.expiry_days},
              {"unsatisfied_at_most", x.unsatisfied_at_most},
              {"target_average", avg},
              {"target_csat_percent", x.target_csat_percent},
              {"link_base", x.link_base}};
}

// A share in percent with one decimal; null when there is nothing to share.
json Percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return nullptr;
  return std::round(part * 1000.0 / static_cast<double>(whole)) / 10;
}

json FigureView(const sv::Figure& f, const sv::Figure* before) {
  json average = nullptr, change = nullptr;
  if (f.answers > 0) {
    const double avg = std::round(f.sum * 100.0 / static_cast<double>(f.answers)) / 100;
    average = avg;
    if (before && before->answers > 0) {
      const double prev =
          std::round(before->sum * 100.0 / static_cast<double>(before->answers)) / 100;
      change = std::round((avg - prev) * 100) / 100;
    }
  }
  return json{{"answers", f.answers},
              {"average", average},
              {"csat", Percent(f.satisfied, f.answers)},
              {"change", change}};
}

json FiguresView(const sv::Figures& f, const sv::Figures* before) {
  json dims = json::object();
  for (int i = 0; i < sv::kDimensionCount; ++i) {
    dims[std::string(sv::kDimensions[i])] =
        FigureView(f.dims[i], before ? &before->dims[i] : nullptr);
  }
  json nps = nullptr;
  if (f.nps_answers > 0) {
    nps =
        std::round((f.promoters - f.detractors) * 1000.0 / static_cast<double>(f.nps_answers)) / 10;
  }
  return json{{"key", f.key},
              {"name", f.name},
              {"sent", f.sent},
              {"answered", f.answered},
              {"response_rate", Percent(f.answered, f.sent)},
              {"overall", FigureView(f.overall, before ? &before->overall : nullptr)},
              {"dimensions", dims},
              {"nps",
               {{"answers", f.nps_answers},
                {"promoters", f.promoters},
                {"detractors", f.detractors},
                {"score", nps}}}};
}

json AnalyticsView(const sv::Analytics& a) {
  json months = json::array();
  // The first month is the one before the range: only the change uses it.
  for (std::size_t i = 1; i < a.months.size(); ++i) {
    months.push_back(FiguresView(a.months[i], &a.months[i - 1]));
  }
  json groups = json::array();
  for (const auto& g : a.groups) groups.push_back(FiguresView(g, nullptr));
  return json{{"months", months},
              {"groups", groups},
              {"total", FiguresView(a.total, nullptr)},
              {"target",
               {{"average", SettingsView(a.settings)["target_average"]},
                {"csat_percent", a.settings.target_csat_percent}}},
              {"open_follow_ups", a.open_follow_ups}};
}

// The answer's fields of a JSON body (the dimensions, overall, nps, comment).
sv::Answer ReadAnswer(JsonBody& b) {
  sv::Answer a;
  for (int i = 0; i < sv::kDimensionCount; ++i) {
    a.scores[i] = static_cast<int>(
        std::clamp<std::int64_t>(b.Int(std::string(sv::kDimensions[i]).c_str()), -1, 99));
  }
  a.overall = static_cast<int>(std::clamp<std::int64_t>(b.Int("overall"), -1, 99));
  if (auto n = b.OptInt("nps")) a.nps = static_cast<int>(std::clamp<std::int64_t>(*n, -1, 99));
  a.comment = b.OptStr("comment").value_or("");
  return a;
}

json AnswerSchema(bool with_token) {
  json j = s::Object({{"attitude", s::Int("服务态度 1-5")},
                      {"efficiency", s::Int("解决问题效率 1-5")},
                      {"communication", s::Int("沟通效果 1-5")},
                      {"completeness", s::Int("功能完整性 1-5")},
                      {"usability", s::Int("界面友好性 1-5")},
                      {"timeliness", s::Int("及时性 1-5")},
                      {"overall", s::Int("1-5")},
                      {"nps", s::Int("0-10, questionnaires that ask it")},
                      {"comment", s::Str("at most 2000 characters")}},
                     {"attitude", "efficiency", "communication", "completeness", "usability",
                      "timeliness", "overall"});
  if (with_token) {
    j["properties"]["token"] = s::Str("the link's token");
    j["required"].push_back("token");
  }
  return j;
}

json SurveySchema() {
  json answer = s::Nullable(s::FreeObject());
  return s::Record({{"id", s::Int()},
                    {"kind", s::Enum({"service", "campaign"})},
                    {"status", s::Enum({"pending", "answered", "expired"})},
                    {"ticket_id", s::Nullable(s::Int())},
                    {"ticket_number", s::Str()},
                    {"ticket_title", s::Str()},
                    {"campaign_id", s::Nullable(s::Int())},
                    {"campaign_title", s::Str()},
                    {"customer_id", s::Int()},
                    {"customer_name", s::Str()},
                    {"team_id", s::Nullable(s::Int())},
                    {"team_name", s::Str()},
                    {"engineer_id", s::Nullable(s::Int())},
                    {"engineer_name", s::Str()},
                    {"request_type", s::Str()},
                    {"onsite", s::Bool()},
                    {"asks_nps", s::Bool()},
                    {"sent_at", s::Time()},
                    {"expires_at", s::Time()},
                    {"answered_at", s::Nullable(s::Time())},
                    {"source", s::Nullable(s::Enum({"link", "portal", "paper"}))},
                    {"entered_by_name", s::Str()},
                    {"answer", answer},
                    {"follow_up_id", s::Nullable(s::Int())}});
}

Result<sv::SurveyFilter> ReadSurveyFilter(const Call& c) {
  sv::SurveyFilter f;
  f.status = c.QueryStr("status");
  f.kind = c.QueryStr("kind");
  AFTERCARE_ASSIGN_OR_RETURN(f.customer_id, c.QueryInt("customer_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.team_id, c.QueryInt("team_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.campaign_id, c.QueryInt("campaign_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.ticket_id, c.QueryInt("ticket_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.before_id, c.QueryInt("cursor"));
  AFTERCARE_ASSIGN_OR_RETURN(auto limit, c.QueryLimit("limit"));
  if (limit) f.limit = *limit;
  return f;
}

Result<sv::AnalyticsQuery> ReadAnalyticsQuery(const Call& c) {
  sv::AnalyticsQuery q;
  const std::string now = FormatDate(DefaultZone().LocalDateOf(c.ctx.now));
  const int this_month = *sv::ParseMonth(now.substr(0, 7));
  q.to_month = this_month;
  if (auto to = c.QueryStr("to")) {
    auto m = sv::ParseMonth(*to);
    if (!m) return Error::Invalid("to must be a month, YYYY-MM", 0, "to");
    q.to_month = *m;
  }
  // Default: the six months to `to`.
  q.from_month = q.to_month % 100 > 5 ? q.to_month - 5 : q.to_month - 100 + 7;
  if (auto from = c.QueryStr("from")) {
    auto m = sv::ParseMonth(*from);
    if (!m) return Error::Invalid("from must be a month, YYYY-MM", 0, "from");
    q.from_month = *m;
  }
  q.by = c.QueryStr("by").value_or("");
  return q;
}

// The public routes' guard: an address that presents many unknown links is refused.
LoginThrottle& LinkThrottle() {
  static LoginThrottle throttle;
  return throttle;
}

Reply Throttled(Call& c, std::int64_t wait) {
  Reply r = c.ErrorReply(429, "too_many_requests",
                         "too many invalid survey links from this address; try again later", "");
  r.headers.emplace_back("Retry-After", std::to_string(wait));
  return r;
}

void RegisterPublicRoutes(Router& router, ApiEnv& env) {
  router.Add({.method = Method::kGet,
              .path = "/api/v1/surveys/by-token",
              .summary = "the survey form of a link (no login; reading records nothing: a mail "
                         "scanner opening the link answers nothing)",
              .is_public = true,
              .query = {{"token", "string", "the link's token"}},
              .response = s::Record({{"kind", s::Str()},
                                     {"customer_name", s::Str()},
                                     {"ticket_number", s::Str()},
                                     {"ticket_title", s::Str()},
                                     {"engineer_name", s::Str()},
                                     {"campaign_title", s::Str()},
                                     {"onsite", s::Bool()},
                                     {"asks_nps", s::Bool()},
                                     {"expires_at", s::Time()},
                                     {"dimensions", s::Array(s::Str())}}),
              .handler = [&env](Call& c) {
                auto token = c.QueryStr("token");
                if (!token) return c.Fail(Error::Invalid("token is required", 0, "token"), true);
                if (auto wait = LinkThrottle().Admit(c.client); wait > 0) return Throttled(c, wait);
                auto form = sv::FormByToken(env.db, *token, c.ctx.now);
                LinkThrottle().Done(c.client,
                                    !form.ok() && form.error().code == ErrorCode::kNotFound);
                return c.Render(form, [](const sv::PublicForm& f) {
                  json dims = json::array();
                  for (auto d : sv::kDimensions) dims.push_back(std::string(d));
                  return json{{"kind", f.kind},
                              {"customer_name", f.customer_name},
                              {"ticket_number", f.ticket_number},
                              {"ticket_title", f.ticket_title},
                              {"engineer_name", f.engineer_name},
                              {"campaign_title", f.campaign_title},
                              {"onsite", f.onsite},
                              {"asks_nps", f.asks_nps},
                              {"expires_at", FormatRfc3339(f.expires_at, DefaultZone())},
                              {"dimensions", dims}};
                });
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/surveys/by-token",
              .summary = "answer the survey of a link, once (no login)",
              .is_public = true,
              .request = AnswerSchema(true),
              .response = s::Record({{"answered", s::Bool()}}),
              .status = 201,
              .handler = [&env](Call& c) {
                if (auto wait = LinkThrottle().Admit(c.client); wait > 0) return Throttled(c, wait);
                JsonBody b(c.req.body());
                std::string token = b.Str("token");
                sv::Answer a = ReadAnswer(b);
                if (const auto& e = b.Finish(); e) {
                  LinkThrottle().Done(c.client, false);
                  return c.Fail(*e, true);
                }
                Status st = sv::AnswerByToken(env.db, c.ctx, token, a);
                LinkThrottle().Done(c.client, !st.ok() && st.error().code == ErrorCode::kNotFound);
                return c.Done(st, {{"answered", true}}, 201);
              }});
}

void RegisterSurveyRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/surveys",
              .summary = "surveys, newest first (Party A: their customer's; engineers: their "
                         "own); cursor: the next_cursor of the page before",
              .roles = kEveryone,
              .query = {{"status", "string", "pending, answered or expired"},
                        {"kind", "string", "service or campaign"},
                        {"customer_id", "integer", ""},
                        {"team_id", "integer", ""},
                        {"campaign_id", "integer", ""},
                        {"ticket_id", "integer", ""},
                        {"cursor", "integer", ""},
                        {"limit", "integer", "1 to 200, default 50"}},
              .response = s::Record(
                  {{"items", s::Array(s::Ref("Survey"))}, {"next_cursor", s::Nullable(s::Int())}}),
              .handler = [&env](Call& c) {
                auto f = ReadSurveyFilter(c);
                if (!f.ok()) return c.Fail(f.error(), true);
                return c.Render(sv::ListSurveys(env.db, c.ctx, *f), [](const sv::SurveyPage& p) {
                  return json{{"items", views::Items(p.items, SurveyView)["items"]},
                              {"next_cursor", views::Opt(p.next_before)}};
                });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/surveys/{id}",
              .summary = "one survey with its answer",
              .roles = kEveryone,
              .response = s::Ref("Survey"),
              .handler = [&env](Call& c) {
                return c.Render(sv::GetSurvey(env.db, c.ctx, c.ids[0]), SurveyView);
              }});
  // Party A in the portal, or a clerk's paper form: the same answer, another rule.
  using AnswerFn = Result<sv::Survey> (*)(store::Database&, const service::Context&, std::int64_t,
                                          const sv::Answer&);
  const struct {
    const char* path;
    const char* summary;
    service::RoleSet roles;
    AnswerFn answer;
  } kAnswerRoutes[] = {
      {"/api/v1/surveys/{id}/answer",
       "Party A answers their customer's survey in the portal, once",
       {service::Role::kPartyA},
       sv::AnswerSurvey},
      {"/api/v1/surveys/{id}/paper",
       "enter a customer's paper survey (marked paper, by whom; audited; also after the link "
       "expired)",
       kSurveyClerks, sv::EnterPaperSurvey},
  };
  for (const auto& r : kAnswerRoutes) {
    router.Add({.method = Method::kPost,
                .path = r.path,
                .summary = r.summary,
                .roles = r.roles,
                .request = AnswerSchema(false),
                .response = s::Ref("Survey"),
                .status = 201,
                .handler = [&env, fn = r.answer](Call& c) {
                  JsonBody b(c.req.body());
                  sv::Answer a = ReadAnswer(b);
                  AFTERCARE_BODY_OK(c, b);
                  return c.Render(fn(env.db, c.ctx, c.ids[0], a), SurveyView, 201);
                }});
  }
}

void RegisterFollowUpRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/surveys/follow-ups",
              .summary = "不满意跟进, newest first (team leaders: their team's)",
              .roles = kTeamManagers,
              .query = {{"status", "string", "open or closed"}},
              .response = s::Items(s::Ref("SurveyFollowUp")),
              .handler = [&env](Call& c) {
                return c.Render(sv::ListFollowUps(env.db, c.ctx, c.QueryStr("status")),
                                [](const auto& l) { return views::Items(l, FollowUpView); });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/surveys/follow-ups/{id}",
              .summary = "a follow-up with its survey and entries",
              .roles = kTeamManagers,
              .response = s::Ref("SurveyFollowUp"),
              .handler = [&env](Call& c) {
                return c.Render(sv::GetFollowUp(env.db, c.ctx, c.ids[0]), FollowUpView);
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/surveys/follow-ups/{id}/entries",
              .summary = "record a contact, an action, still unsatisfied, or the customer's "
                         "confirmation that they are satisfied (closes it)",
              .roles = kTeamManagers,
              .request = s::Object(
                  {{"kind", s::Enum({"contact", "action", "still_unsatisfied", "confirmed"})},
                   {"note", s::Str()}},
                  {"kind", "note"}),
              .response = s::Ref("SurveyFollowUp"),
              .status = 201,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                std::string kind = b.Str("kind");
                std::string note = b.Str("note");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(sv::RecordFollowUp(env.db, c.ctx, c.ids[0], kind, note),
                                FollowUpView, 201);
              }});
}

void RegisterCampaignRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  json campaign = s::Record({{"id", s::Int()},
                             {"title", s::Str()},
                             {"asks_nps", s::Bool()},
                             {"deadline", s::Time()},
                             {"remind_days", s::Int()},
                             {"created_by_name", s::Str()},
                             {"created_at", s::Time()},
                             {"sent", s::Int()},
                             {"answered", s::Int()},
                             {"response_rate", s::Nullable({{"type", "number"}})}});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/surveys/campaigns",
              .summary = "periodic questionnaires with their response rate, newest first",
              .roles = kManagersAndAdmins,
              .response = s::Items(campaign),
              .handler = [&env](Call& c) {
                return c.Render(sv::ListCampaigns(env.db, c.ctx),
                                [](const auto& l) { return views::Items(l, CampaignView); });
              }});
  router.Add(
      {.method = Method::kPost,
       .path = "/api/v1/surveys/campaigns",
       .summary = "send a questionnaire to all customers (customer_ids absent or empty) "
                  "or chosen ones, with a deadline and a reminder remind_days before it",
       .roles = kManagersAndAdmins,
       .request = s::Object({{"title", s::Str()},
                             {"deadline", s::Date()},
                             {"customer_ids", s::Array(s::Int())},
                             {"asks_nps", s::Bool()},
                             {"remind_days", s::Int()}},
                            {"title", "deadline"}),
       .response = campaign,
       .status = 201,
       .handler = [&env](Call& c) {
         JsonBody b(c.req.body());
         sv::NewCampaign in;
         in.title = b.Str("title");
         std::string deadline = b.Str("deadline");
         in.customer_ids = b.OptIntList("customer_ids").value_or(std::vector<std::int64_t>{});
         in.asks_nps = b.OptBool("asks_nps").value_or(true);
         in.remind_days = b.OptInt32("remind_days").value_or(3);
         AFTERCARE_BODY_OK(c, b);
         auto d = ParseDate(deadline);
         if (!d.ok())
           return c.Fail(Error::Invalid("deadline must be a date YYYY-MM-DD", 0, "deadline"));
         in.deadline = *d;
         return c.Render(sv::CreateCampaign(env.db, c.ctx, in), CampaignView, 201);
       }});
}

void RegisterSettingsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  json settings = s::Record({{"expiry_days", s::Int()},
                             {"unsatisfied_at_most", s::Int()},
                             {"target_average", s::Str("e.g. 4.20")},
                             {"target_csat_percent", s::Int()},
                             {"link_base", s::Str()}});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/surveys/settings",
              .summary = "the survey settings: link expiry, unsatisfied threshold, target line",
              .roles = kTeamManagers,
              .response = settings,
              .handler = [&env](Call& c) {
                return c.Render(sv::GetSettings(env.db, c.ctx), SettingsView);
              }});
  router.Add({.method = Method::kPut,
              .path = "/api/v1/surveys/settings",
              .summary = "change the survey settings (fields left out keep theirs)",
              .roles = kManagersAndAdmins,
              .request = s::Object({{"expiry_days", s::Int()},
                                    {"unsatisfied_at_most", s::Int()},
                                    {"target_average", s::Str("1.00 to 5.00")},
                                    {"target_csat_percent", s::Int()},
                                    {"link_base", s::Str()}}),
              .response = settings,
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                auto expiry = b.OptInt32("expiry_days");
                auto at_most = b.OptInt32("unsatisfied_at_most");
                auto target = b.OptStr("target_average");
                auto csat = b.OptInt32("target_csat_percent");
                auto link = b.OptStr("link_base");
                AFTERCARE_BODY_OK(c, b);
                auto now = sv::GetSettings(env.db, c.ctx);
                if (!now.ok()) return c.Fail(now.error());
                sv::Settings x = *now;
                if (expiry) x.expiry_days = *expiry;
                if (at_most) x.unsatisfied_at_most = *at_most;
                if (csat) x.target_csat_percent = *csat;
                if (link) x.link_base = *link;
                if (target) {
                  auto fen = ParseYuan(*target);  // two decimals, as money's
                  x.target_average_centi = fen.ok() && *fen <= 1000 ? static_cast<int>(*fen) : -1;
                }
                return c.Render(sv::PutSettings(env.db, c.ctx, x), SettingsView);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/surveys/analytics",
              .summary = "satisfaction by month (from, to: YYYY-MM, default the last six "
                         "months) per dimension and overall: average, CSAT, response rate, "
                         "change; split by team, engineer, customer or type; target; NPS",
              .roles = kTeamManagers,
              .query = {{"from", "string", "YYYY-MM"},
                        {"to", "string", "YYYY-MM"},
                        {"by", "string", "team, engineer, customer or type"}},
              .response = s::FreeObject(),
              .handler = [&env](Call& c) {
                auto q = ReadAnalyticsQuery(c);
                if (!q.ok()) return c.Fail(q.error(), true);
                return c.Render(sv::SatisfactionAnalytics(env.db, c.ctx, *q), AnalyticsView);
              }});
}

}  // namespace

void RegisterSurveysRoutes(Router& router, ApiEnv& env) {
  RegisterPublicRoutes(router, env);
  RegisterFollowUpRoutes(router, env);
  RegisterCampaignRoutes(router, env);
  RegisterSettingsRoutes(router, env);
  RegisterSurveyRoutes(router, env);
  router.AddSchema("Survey", SurveySchema());
  router.AddSchema("SurveyFollowUp", s::Record({{"id", s::Int()},
                                                {"status", s::Enum({"open", "closed"})},
                                                {"team_id", s::Nullable(s::Int())},
                                                {"team_name", s::Str()},
                                                {"leader_id", s::Nullable(s::Int())},
                                                {"leader_name", s::Str()},
                                                {"opened_at", s::Time()},
                                                {"closed_at", s::Nullable(s::Time())},
                                                {"survey", s::Ref("Survey")},
                                                {"entries", s::Array(s::FreeObject())}}));
}

}  // namespace aftercare::http
