// Satisfaction surveys (issue 14 points 2 and 5; QA-3, QA-5) through the API of a
// running server with its background jobs: a resolved ticket sends its survey to
// Party A (the link in the notice); the link's form records nothing (a mail
// scanner); an answer is taken once; an expired, unknown or foreign link or survey
// is refused and changes nothing; an agent enters a paper form; an unsatisfied
// answer opens a follow-up for the team's leader that closes on the customer's
// confirmation; the analytics' figures equal those computed by hand below; and the
// customer's contact gets the link by mail, which opens the form.
#include <chrono>
#include <thread>

#include "api_fixture.h"
#include "jobs/testing/loopback_server.h"
#include "mail_sink.h"

namespace aftercare::apitest {
namespace {

// 2026-10-15 and 2026-11-10, 10:00 in Asia/Shanghai.
constexpr std::int64_t kOct = 1792029600;
constexpr std::int64_t kNov = 1794276000;

class SurveysApi : public ApiTest {
 protected:
  bool BackgroundJobs() const override { return true; }

  // The survey notices in `client`'s inbox once there are `n` (up to 15 s).
  std::vector<json> Requests(HttpClient& client, std::size_t n) {
    std::vector<json> out;
    for (int i = 0; i < 150; ++i) {
      out.clear();
      json inbox = Expect(client.Get("/api/v1/notifications?limit=200"), 200).Json();
      for (const json& x : inbox["items"]) {
        if (x["kind"] == "survey_request") out.push_back(x);
      }
      if (out.size() >= n) return out;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return out;
  }
  // The token of the survey of `ticket_id` (or of the questionnaire) in the notices.
  static std::string TokenOf(const std::vector<json>& notices, const json& ticket_id) {
    for (const json& n : notices) {
      if (n["ticket_id"] == ticket_id) {
        std::string link = n["data"]["link"];
        return link.substr(link.find("/s/") + 3);
      }
    }
    return "";
  }
  // A ticket of `customer` received at `at`, assigned to the engineer and resolved an
  // hour later.
  json Resolved(std::int64_t customer, std::int64_t at, const std::string& title) {
    json t = CreateTicket({{"customer_id", customer},
                           {"title", title},
                           {"received_at", Rfc3339(at)},
                           {"assignee_id", UserId("engineer")}});
    AddEvent(t["id"], "resolved", at + 3600);
    return t;
  }
  static json Scores(int each, int overall) {
    json a = {{"overall", overall}};
    for (const char* d :
         {"attitude", "efficiency", "communication", "completeness", "usability", "timeliness"}) {
      a[d] = each;
    }
    return a;
  }
  static HttpResponse PutSettings(HttpClient& client, const json& body) {
    return client.Send("PUT", "/api/v1/surveys/settings", body.dump());
  }
  std::int64_t SurveyId(const json& ticket) {
    json page = Expect(As("manager").Get("/api/v1/surveys?ticket_id=" +
                                         std::to_string(ticket["id"].get<std::int64_t>())),
                       200)
                    .Json();
    return page["items"].at(0)["id"];
  }
};
AFTERCARE_API_BACKENDS(SurveysApi);

TEST_P(SurveysApi, LinksPaperFollowUpsAndFiguresByHand) {
  // The engineer's team, led by the team leader.
  for (const char* role : {"agent", "engineer", "team_leader", "manager"}) As(role);
  json team = Expect(As("manager").Post("/api/v1/teams", {{"name", "一线服务组"},
                                                          {"leader_id", UserId("team_leader")}}),
                     201)
                  .Json();
  Expect(As("manager").Post(
             "/api/v1/teams/" + std::to_string(team["id"].get<std::int64_t>()) + "/members",
             {{"user_id", UserId("engineer")}}),
         201);
  Expect(PutSettings(As("manager"), {{"expiry_days", 365}}), 200);
  const std::int64_t a = CreateCustomer("湖滨医院"), b = CreateCustomer("城西中学"),
                     c = CreateCustomer("滨江银行");
  for (std::int64_t k : {a, b, c}) CreateContract(k, "HT-SV-" + std::to_string(k));
  HttpClient &pa = PartyA(a), &pb = PartyA(b), &pc = PartyA(c);
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the follower starts from here

  json t1 = Resolved(a, kOct, "十月一"), t2 = Resolved(b, kOct + 3600, "十月二");
  json t3 = Resolved(a, kNov, "十一月一"), t4 = Resolved(a, kNov + 3600, "十一月二");
  json t5 = Resolved(b, kNov + 7200, "十一月三");
  // Reopened and resolved again: still one survey.
  AddEvent(t1["id"], "reopened", kOct + 7200);
  AddEvent(t1["id"], "resolved", kOct + 9000);
  std::vector<json> to_a = Requests(pa, 3), to_b = Requests(pb, 2);
  ASSERT_EQ(to_a.size(), 3u) << server().StderrLog();
  ASSERT_EQ(to_b.size(), 2u);
  const std::string k1 = TokenOf(to_a, t1["id"]), k3 = TokenOf(to_a, t3["id"]),
                    k5 = TokenOf(to_b, t5["id"]);
  ASSERT_EQ(k1.size(), 64u);

  // The link's form names the ticket and engineer; opening it (a scanner, twice)
  // records nothing.
  auto anon = Anonymous();
  for (int i = 0; i < 2; ++i) {
    json form = Expect(anon->Get("/api/v1/surveys/by-token?token=" + k5), 200).Json();
    EXPECT_EQ(form["ticket_number"], t5["number"]);
    EXPECT_EQ(form["ticket_title"], "十一月三");
    EXPECT_EQ(form["dimensions"].size(), 6u);
  }
  json s5 =
      Expect(As("manager").Get("/api/v1/surveys/" + std::to_string(SurveyId(t5))), 200).Json();
  EXPECT_EQ(s5["status"], "pending");
  EXPECT_TRUE(s5["answered_at"].is_null());

  // Unknown and malformed links; a bad answer changes nothing.
  ExpectError(anon->Get("/api/v1/surveys/by-token?token=" + std::string(64, 'a')), 404, "not_found",
              "token");
  ExpectError(anon->Get("/api/v1/surveys/by-token?token=x"), 404, "not_found", "token");
  std::string before = Snapshot();
  json bad = Scores(5, 5);
  bad["attitude"] = 6;
  bad["token"] = k1;
  ExpectError(anon->Post("/api/v1/surveys/by-token", bad), 422, "invalid_input", "attitude");
  bad = Scores(5, 5);
  bad["token"] = k1;
  bad["nps"] = 9;  // a service survey does not ask it
  ExpectError(anon->Post("/api/v1/surveys/by-token", bad), 422, "invalid_input", "nps");
  EXPECT_EQ(Snapshot(), before);

  // Answered once by link; the second answer is refused and changes nothing.
  json ok = Scores(5, 5);
  ok["token"] = k1;
  ok["comment"] = "很满意";
  Expect(anon->Post("/api/v1/surveys/by-token", ok), 201);
  before = Snapshot();
  ok = Scores(1, 1);
  ok["token"] = k1;
  ExpectError(anon->Post("/api/v1/surveys/by-token", ok), 409, "conflict");
  ExpectError(anon->Get("/api/v1/surveys/by-token?token=" + k1), 409, "conflict");
  EXPECT_EQ(Snapshot(), before);

  // Party A answers in the portal; not another customer's survey (foreign: as missing).
  const std::int64_t s2 = SurveyId(t2);
  ExpectError(pa.Post("/api/v1/surveys/" + std::to_string(s2) + "/answer", Scores(4, 4)), 404,
              "not_found");
  ExpectError(pa.Get("/api/v1/surveys/" + std::to_string(s2)), 404, "not_found");
  Expect(pb.Post("/api/v1/surveys/" + std::to_string(s2) + "/answer", Scores(4, 4)), 201);
  json mine = Expect(pa.Get("/api/v1/surveys"), 200).Json();
  for (const json& s : mine["items"]) EXPECT_EQ(s["customer_id"], a);

  // Unsatisfied (attitude 2): a follow-up for the team's leader.
  json low = Scores(3, 3);
  low["attitude"] = 2;
  low["token"] = k3;
  Expect(anon->Post("/api/v1/surveys/by-token", low), 201);
  // A paper form, by an agent (Party A may not).
  const std::int64_t s4 = SurveyId(t4);
  ExpectError(pa.Post("/api/v1/surveys/" + std::to_string(s4) + "/paper", Scores(5, 4)), 403,
              "forbidden");
  json paper =
      Expect(As("agent").Post("/api/v1/surveys/" + std::to_string(s4) + "/paper", Scores(5, 4)),
             201)
          .Json();
  EXPECT_EQ(paper["source"], "paper");
  EXPECT_FALSE(paper["entered_by_name"].get<std::string>().empty());

  json open = Expect(As("team_leader").Get("/api/v1/surveys/follow-ups?status=open"), 200).Json();
  ASSERT_EQ(open["items"].size(), 1u);
  const std::string fu =
      "/api/v1/surveys/follow-ups/" + std::to_string(open["items"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(open["items"][0]["survey"]["ticket_id"], t3["id"]);

  // A questionnaire asking NPS, to the three customers: 10, 9 and 3.
  json k =
      Expect(As("manager").Post("/api/v1/surveys/campaigns", {{"title", "2026年度客户满意度问卷"},
                                                              {"deadline", "2027-01-31"},
                                                              {"customer_ids", {a, b, c}}}),
             201)
          .Json();
  EXPECT_EQ(k["sent"], 3);
  int nps[] = {10, 9, 3};
  HttpClient* who[] = {&pa, &pb, &pc};
  for (int i = 0; i < 3; ++i) {
    json page = Expect(who[i]->Get("/api/v1/surveys?kind=campaign&status=pending"), 200).Json();
    ASSERT_EQ(page["items"].size(), 1u);
    json ans = Scores(4, 4);
    ans["nps"] = nps[i];
    Expect(who[i]->Post("/api/v1/surveys/" +
                            std::to_string(page["items"][0]["id"].get<std::int64_t>()) + "/answer",
                        ans),
           201);
  }
  json campaigns = Expect(As("manager").Get("/api/v1/surveys/campaigns"), 200).Json();
  EXPECT_EQ(campaigns["items"][0]["response_rate"], 100.0);

  // By hand. October: t1 all 5 (overall 5), t2 all 4 (4): sent 2, answered 2, overall
  // 4.5, CSAT 100 %. November: t3 attitude 2, rest 3 (3), t4 all 5 (4), t5 pending:
  // sent 3, answered 2 (66.7 %), overall 3.5 (change -1.0), CSAT 50 %; attitude
  // (2 + 5) / 2 = 3.5 (October 4.5: -1.0), CSAT 50 %; efficiency (3 + 5) / 2 = 4.0.
  json an =
      Expect(As("manager").Get("/api/v1/surveys/analytics?from=2026-10&to=2026-12&by=team"), 200)
          .Json();
  ASSERT_EQ(an["months"].size(), 3u);
  const json& oct = an["months"][0];
  const json& nov = an["months"][1];
  const json& dec = an["months"][2];
  EXPECT_EQ(oct["key"], "2026-10");
  EXPECT_EQ(oct["sent"], 2);
  EXPECT_EQ(oct["response_rate"], 100.0);
  EXPECT_EQ(oct["overall"]["average"], 4.5);
  EXPECT_EQ(oct["overall"]["csat"], 100.0);
  EXPECT_TRUE(oct["overall"]["change"].is_null());
  EXPECT_EQ(nov["sent"], 3);
  EXPECT_EQ(nov["answered"], 2);
  EXPECT_EQ(nov["response_rate"], 66.7);
  EXPECT_EQ(nov["overall"]["average"], 3.5);
  EXPECT_EQ(nov["overall"]["change"], -1.0);
  EXPECT_EQ(nov["overall"]["csat"], 50.0);
  EXPECT_EQ(nov["dimensions"]["attitude"]["average"], 3.5);
  EXPECT_EQ(nov["dimensions"]["attitude"]["change"], -1.0);
  EXPECT_EQ(nov["dimensions"]["attitude"]["csat"], 50.0);
  EXPECT_EQ(nov["dimensions"]["efficiency"]["average"], 4.0);
  // December: the questionnaire; NPS (2 promoters - 1 detractor) / 3 = 33.3.
  EXPECT_EQ(dec["sent"], 3);
  EXPECT_EQ(dec["nps"]["score"], 33.3);
  EXPECT_EQ(an["total"]["nps"]["score"], 33.3);
  EXPECT_EQ(an["total"]["sent"], 8);
  EXPECT_EQ(an["total"]["answered"], 7);
  EXPECT_EQ(an["open_follow_ups"], 1);
  EXPECT_EQ(an["target"]["average"], "4.20");
  ASSERT_EQ(an["groups"].size(), 1u);  // the questionnaire has no team
  EXPECT_EQ(an["groups"][0]["name"], "一线服务组");
  EXPECT_EQ(an["groups"][0]["answered"], 4);

  // The follow-up: contacts recorded, open until the customer's confirmation.
  Expect(As("team_leader").Post(fu + "/entries", {{"kind", "contact"}, {"note", "电话致歉"}}), 201);
  json still =
      Expect(As("team_leader")
                 .Post(fu + "/entries", {{"kind", "still_unsatisfied"}, {"note", "客户仍不满意"}}),
             201)
          .Json();
  EXPECT_EQ(still["status"], "open");
  json closed =
      Expect(As("team_leader")
                 .Post(fu + "/entries", {{"kind", "confirmed"}, {"note", "客户确认满意"}}),
             201)
          .Json();
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_EQ(closed["entries"].size(), 3u);
  ExpectError(As("team_leader").Post(fu + "/entries", {{"kind", "contact"}, {"note", "x"}}), 409,
              "conflict");
  an = Expect(As("manager").Get("/api/v1/surveys/analytics?from=2026-10&to=2026-12"), 200).Json();
  EXPECT_EQ(an["open_follow_ups"], 0);
  ExpectError(As("engineer").Get("/api/v1/surveys/analytics"), 403, "forbidden");
  ExpectError(As("manager").Get("/api/v1/surveys/analytics?from=2026-13"), 400, "bad_request",
              "from");

  // An expired link (resolved more days ago than the link lives): refused, the
  // form too; a paper form may still be entered.
  Expect(PutSettings(As("manager"), {{"expiry_days", 1}}), 200);
  json t6 = Resolved(c, NowUnix() - 3 * 86400, "三天前");
  std::vector<json> to_c = Requests(pc, 2);
  const std::string k6 = TokenOf(to_c, t6["id"]);
  ASSERT_EQ(k6.size(), 64u);
  ExpectError(anon->Get("/api/v1/surveys/by-token?token=" + k6), 409, "conflict");
  json late = Scores(5, 5);
  late["token"] = k6;
  ExpectError(anon->Post("/api/v1/surveys/by-token", late), 409, "conflict");
  json s6 = Expect(pc.Get("/api/v1/surveys/" + std::to_string(SurveyId(t6))), 200).Json();
  EXPECT_EQ(s6["status"], "expired");
  Expect(
      As("agent").Post("/api/v1/surveys/" + std::to_string(SurveyId(t6)) + "/paper", Scores(4, 4)),
      201);
}

TEST_P(SurveysApi, SettingsCampaignsAndRolesAreChecked) {
  for (const char* role : {"agent", "team_leader", "manager"}) As(role);
  ExpectError(PutSettings(As("team_leader"), {{"expiry_days", 10}}), 403, "forbidden");
  std::string before = Snapshot();
  ExpectError(PutSettings(As("manager"), {{"expiry_days", 0}}), 422, "invalid_input",
              "expiry_days");
  ExpectError(PutSettings(As("manager"), {{"target_average", "5.5"}}), 422, "invalid_input",
              "target_average");
  ExpectError(PutSettings(As("manager"), {{"link_base", "ftp://x/"}}), 422, "invalid_input",
              "link_base");
  ExpectError(As("manager").Post("/api/v1/surveys/campaigns",
                                 {{"title", "问卷"}, {"deadline", "2020-01-01"}}),
              422, "invalid_input", "deadline");
  ExpectError(As("manager").Post(
                  "/api/v1/surveys/campaigns",
                  {{"title", "问卷"}, {"deadline", "2027-01-31"}, {"customer_ids", {999999}}}),
              422, "invalid_input", "customer_ids");
  ExpectError(As("agent").Post("/api/v1/surveys/campaigns",
                               {{"title", "问卷"}, {"deadline", "2027-01-31"}}),
              403, "forbidden");
  EXPECT_EQ(Snapshot(), before);
  json s = Expect(PutSettings(As("manager"), {{"target_average", "4.5"},
                                              {"target_csat_percent", 90},
                                              {"link_base", "https://service.example.com"}}),
                  200)
               .Json();
  EXPECT_EQ(s["target_average"], "4.50");
  EXPECT_EQ(s["expiry_days"], 28);
  ExpectError(As("manager").Get("/api/v1/surveys?status=late"), 422, "invalid_input", "status");
  ExpectError(Anonymous()->Get("/api/v1/surveys"), 401, "unauthorized");
}

TEST_P(SurveysApi, TheContactGetsTheLinkByMail) {
  jobs::TempDir dir("aftercare_surveys_test");
  const int port = jobs::FreePort();
  MailSink mail(dir.path(), port);
  ASSERT_TRUE(mail.Ready());
  Expect(admin().Post("/api/v1/channels", {{"name", "服务邮箱"},
                                           {"channel_kind", "email"},
                                           {"settings",
                                            {{"host", "127.0.0.1"},
                                             {"port", port},
                                             {"security", "none"},
                                             {"from", "service@aftercare.example"},
                                             {"from_name", "售后服务中心"}}}}),
         201);
  Expect(PutSettings(As("manager"), {{"link_base", "https://service.example.com"}}), 200);
  const std::int64_t customer = CreateCustomer("湖滨医院");
  CreateContract(customer, "HT-SV-MAIL");
  HttpClient& pa = PartyA(customer);
  Expect(pa.Send("PUT", "/api/v1/notifications/preferences",
                 json{{"email", "xinxike@hospital.example"}}.dump()),
         200);
  As("engineer");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  json t = Resolved(customer, NowUnix() - 7200, "打印机无法连接");
  json sent;
  for (int i = 0; i < 150 && sent.is_null(); ++i) {
    for (const json& m : mail.Messages()) {
      if (m.value("subject", "").find("满意度调查") != std::string::npos) sent = m;
    }
    if (sent.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(sent.is_null()) << server().StderrLog();
  EXPECT_NE(sent.dump().find("xinxike@hospital.example"), std::string::npos);
  const std::string text = sent["text"];
  const std::string prefix = "https://service.example.com/s/";
  const auto at = text.find(prefix);
  ASSERT_NE(at, std::string::npos) << text;
  const std::string token = text.substr(at + prefix.size(), 64);
  json form = Expect(Anonymous()->Get("/api/v1/surveys/by-token?token=" + token), 200).Json();
  EXPECT_EQ(form["ticket_number"], t["number"]);
}

}  // namespace
}  // namespace aftercare::apitest
