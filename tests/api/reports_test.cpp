// OPS-2 / OPS-5: a small contract's health-check report whose figures match the
// numbers worked out by hand (tickets by type and priority, met and timeout
// rates, the penalties, the availability); generated twice, the same figures;
// roles and foreign ids; the assessment's inputs checked; the PDF opens, is A4 and
// its Chinese text extracts (poppler-utils). One server per backend.
#include "api_fixture.h"
#include "pdf_text.h"

namespace aftercare::apitest {
namespace {

class ReportsApi : public ApiTest {
 protected:
  // A ticket received at `at` (+08:00) with events {kind, seconds after receipt}.
  void Ticket(std::int64_t customer, const std::string& type, const std::string& priority,
              const std::string& channel, const std::string& at,
              std::vector<std::pair<std::string, std::int64_t>> events,
              const std::string& title = "问题") {
    const std::int64_t t0 = ParseTime(at);
    json t = CreateTicket({{"customer_id", customer},
                           {"channel", channel},
                           {"type", type},
                           {"priority", priority},
                           {"title", title},
                           {"received_at", Rfc3339(t0)}});
    for (const auto& [kind, after] : events) AddEvent(t["id"], kind, t0 + after);
  }
};

TEST_P(ReportsApi, Ops2_HandComputedFiguresRolesAndThePdf) {
  const std::int64_t customer = CreateCustomer("第一人民医院");
  const std::int64_t other = CreateCustomer("城西教育局");
  // 1,000,000.00 yuan at 0.0003: 300.00 yuan (30000 fen) per late clock.
  const std::int64_t contract = CreateContract(customer, "HT-RPT-1")["id"];
  const std::int64_t foreign_contract = CreateContract(other, "HT-RPT-2")["id"];
  // March 2026. T1 fault P2 by phone: acknowledged in 2 min (met, 5 min), diagnosed
  // in 20 (met, 30), resolved in 2 h (met, 24 h).
  Ticket(customer, "fault", "P2", "phone", "2026-03-02T10:00:00+08:00",
         {{"first_contact", 120}, {"diagnosed", 1200}, {"resolved", 7200}}, "打印机卡纸");
  // T2 fault P1 by phone: acknowledged in 10 min (late), diagnosed in 40 (late, 15),
  // resolved in 3 h (met): 3 h of P1 downtime.
  Ticket(customer, "fault", "P1", "phone", "2026-03-03T10:00:00+08:00",
         {{"first_contact", 600}, {"diagnosed", 2400}, {"resolved", 10800}}, "打印机卡纸");
  // T3 consulting P3 through the portal: diagnosed in 30 min (met, 60), resolved.
  Ticket(customer, "consulting", "P3", "portal", "2026-03-20T09:00:00+08:00",
         {{"diagnosed", 1800}, {"resolved", 3600}});
  // Outside the period (April) and another customer's: not counted.
  Ticket(customer, "fault", "P1", "phone", "2026-04-05T09:00:00+08:00", {{"first_contact", 900}});
  Ticket(other, "fault", "P1", "phone", "2026-03-05T09:00:00+08:00", {{"first_contact", 900}});

  HttpClient& manager = As("manager");
  HttpClient& party_a = PartyA(customer);
  HttpClient& foreign = PartyA(other);
  const json body = {{"kind", "health_check"},
                     {"contract_id", contract},
                     {"from", "2026-03-01"},
                     {"to", "2026-04-01"}};
  // Roles: only managers generate; agents and engineers do not read reports.
  for (const char* role : {"agent", "engineer", "team_leader"}) {
    ExpectError(As(role).Post("/api/v1/reports", body), 403, "forbidden");
  }
  ExpectError(party_a.Post("/api/v1/reports", body), 403, "forbidden");
  ExpectError(As("engineer").Get("/api/v1/reports"), 403, "forbidden");
  // Bad input: named, and nothing is made.
  const std::string before = Snapshot();
  auto with = [&](json patch) {
    json out = body;
    out.merge_patch(patch);
    return out;
  };
  ExpectError(manager.Post("/api/v1/reports", with({{"kind", "weekly"}})), 422, "invalid_input",
              "kind");
  ExpectError(manager.Post("/api/v1/reports", with({{"to", "2026-02-01"}})), 422, "invalid_input",
              "to");
  ExpectError(manager.Post("/api/v1/reports", with({{"from", "2026-3-1"}})), 422, "invalid_input",
              "from");
  ExpectError(manager.Post("/api/v1/reports", with({{"to", "2027-06-01"}})), 422, "invalid_input",
              "to");
  ExpectError(manager.Post("/api/v1/reports", with({{"findings", "x"}})), 422, "invalid_input",
              "findings");
  ExpectError(manager.Post("/api/v1/reports", with({{"contract_id", 999999}})), 404, "not_found");
  ExpectError(manager.Post("/api/v1/reports",
                           with({{"kind", "assessment"},
                                 {"recommendations", {{{"title", "t"}, {"priority", "urgent"}}}}})),
              422, "invalid_input", "recommendations.priority");
  ExpectError(manager.Post("/api/v1/reports",
                           with({{"kind", "assessment"}, {"recommendations", {{{"detail", "d"}}}}})),
              400, "bad_request", "recommendations.title");
  EXPECT_EQ(Snapshot(), before);

  const json made = Expect(manager.Post("/api/v1/reports", body), 201).Json();
  const json& f = made["figures"];
  EXPECT_EQ(f["tickets"]["total"], 3);
  EXPECT_EQ(f["tickets"]["by_type"], json({{"consulting", 1}, {"fault", 2}}));
  EXPECT_EQ(f["tickets"]["by_priority"], json({{"P1", 1}, {"P2", 1}, {"P3", 1}}));
  EXPECT_EQ(f["tickets"]["resolved"], 3);
  std::map<std::string, json> sla;
  for (const json& m : f["sla"]) sla[m["metric"]] = m;
  EXPECT_EQ(sla["acknowledge"]["finished"], 2);
  EXPECT_EQ(sla["acknowledge"]["late"], 1);
  EXPECT_EQ(sla["acknowledge"]["met_rate"], 50.0);
  EXPECT_EQ(sla["response"]["finished"], 3);
  EXPECT_EQ(sla["response"]["met"], 2);
  EXPECT_EQ(sla["response"]["met_rate"], 66.7);
  EXPECT_EQ(sla["response"]["timeout_rate"], 33.3);
  EXPECT_EQ(sla["repair"]["finished"], 2);
  EXPECT_EQ(sla["repair"]["timeout_rate"], 0.0);
  EXPECT_EQ(f["penalties"]["count"], 2);
  EXPECT_EQ(f["penalties"]["amount_fen"], 60000);
  EXPECT_EQ(f["penalties"]["events"][0]["metric"], "acknowledge");
  // 3 h of P1 downtime in March's 31 days: 99.6 %.
  EXPECT_EQ(f["availability"]["downtime_s"], 10800);
  EXPECT_EQ(f["availability"]["percent"], 99.6);
  EXPECT_EQ(f["problems"]["by_title"][0], json({{"title", "打印机卡纸"}, {"count", 2}}));
  EXPECT_EQ(f["months"].size(), 1u);
  EXPECT_TRUE(f["inspections"].empty());

  // Twice: the same figures (the period is over: the SLA as of its end); the same
  // PDF bytes when generated the same day (its date is printed on the cover).
  const json again = Expect(manager.Post("/api/v1/reports", body), 201).Json();
  EXPECT_EQ(again["id"], made["id"]);
  EXPECT_EQ(again["figures"], made["figures"]);
  if (again["generated_at"].get<std::string>().substr(0, 10) ==
      made["generated_at"].get<std::string>().substr(0, 10)) {
    EXPECT_EQ(again["pdf_sha256"], made["pdf_sha256"]);
  }

  // Party A reads its own, not another customer's (a foreign id is a 404).
  const std::string path = "/api/v1/reports/" + std::to_string(made["id"].get<std::int64_t>());
  EXPECT_EQ(Expect(party_a.Get("/api/v1/reports"), 200).Json()["items"].size(), 1u);
  EXPECT_TRUE(Expect(foreign.Get("/api/v1/reports"), 200).Json()["items"].empty());
  ExpectError(foreign.Get(path), 404, "not_found");
  ExpectError(foreign.Get(path + "/pdf"), 404, "not_found");
  EXPECT_EQ(Expect(As("team_leader").Get(path), 200).Json()["figures"], made["figures"]);
  ExpectError(manager.Post("/api/v1/reports", with({{"contract_id", foreign_contract},
                                                    {"from", "2027-01-01"},
                                                    {"to", "2027-02-01"}})),
              422, "invalid_input", "from");
  // Party A was told.
  bool told = false;
  const json inbox = Expect(party_a.Get("/api/v1/notifications"), 200).Json();
  for (const json& n : inbox["items"]) told = told || n["kind"] == "report_ready";
  EXPECT_TRUE(told) << inbox.dump();

  const HttpResponse pdf = Expect(party_a.Get(path + "/pdf"), 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(static_cast<std::int64_t>(pdf.body.size()), made["pdf_size"].get<std::int64_t>());
  if (!HavePoppler()) {
    GTEST_SKIP() << "poppler-utils is not installed: scripts/setup.sh test installs it";
  }
  const PdfFacts health = ReadPdf(pdf.body);
  EXPECT_NE(health.info.find("595.28 x 841.89 pts (A4)"), std::string::npos) << health.info;
  EXPECT_NE(health.text.find("系统健康检查报告"), std::string::npos);
  EXPECT_NE(health.text.find("第一人民医院"), std::string::npos);
  EXPECT_NE(health.text.find("66.7%"), std::string::npos);  // the response clocks' met rate
  EXPECT_NE(health.text.find("¥600.00"), std::string::npos);

  // The assessment: the same machinery with an exchange visit's findings and
  // recommendations (OPS-5); the visit then names its report. An unknown visit
  // changes nothing.
  const std::int64_t visit =
      Expect(manager.Post("/api/v1/visits/exchange-visits",
                          {{"contract_id", contract},
                           {"planned_at", Rfc3339(NowUnix() - 2 * 3600)},
                           {"duration_minutes", 120},
                           {"expert_ids", {UserId("engineer")}},
                           {"participants", {"信息科 张主任"}}}),
             201)
          .Json()["id"];
  json unknown = with({{"kind", "assessment"}, {"exchange_visit_id", visit + 1000}});
  const std::string before_unknown = Snapshot();
  ExpectError(manager.Post("/api/v1/reports", unknown), 404, "not_found");
  EXPECT_EQ(Snapshot(), before_unknown);
  json assessment = with({{"kind", "assessment"},
                          {"findings", "机房空调故障导致服务器过热。"},
                          {"exchange_visit_id", visit},
                          {"recommendations",
                           {{{"title", "更换空调"}, {"detail", "两周内完成"}, {"priority", "high"}}}}});
  const json a = Expect(manager.Post("/api/v1/reports", assessment), 201).Json();
  EXPECT_EQ(a["kind"], "assessment");
  EXPECT_EQ(a["inputs"]["recommendations"][0]["title"], "更换空调");
  EXPECT_EQ(a["inputs"]["exchange_visit_id"], visit);
  EXPECT_EQ(Expect(manager.Get("/api/v1/visits/exchange-visits/" + std::to_string(visit)), 200)
                .Json()["report_id"],
            a["id"]);
  EXPECT_EQ(a["figures"], made["figures"]);
  const std::string apath = "/api/v1/reports/" + std::to_string(a["id"].get<std::int64_t>());
  {
    const std::string text = ReadPdf(Expect(party_a.Get(apath + "/pdf"), 200).body).text;
    EXPECT_NE(text.find("系统运行质量评估报告"), std::string::npos);
    EXPECT_NE(text.find("更换空调"), std::string::npos);
  }
  const json kinds = Expect(manager.Get("/api/v1/reports?kind=assessment&contract_id=" +
                                        std::to_string(contract)),
                            200)
                         .Json();
  ASSERT_EQ(kinds["items"].size(), 1u);
  EXPECT_EQ(kinds["items"][0]["id"], a["id"]);
}

AFTERCARE_API_BACKENDS(ReportsApi);

}  // namespace
}  // namespace aftercare::apitest
