// Issue 15 point 6 (TKT-2, TKT-5): the printed forms through the API on both
// databases. The service request form prints every field of the ticket's form and
// the three approvals with their signers and dates; the service record prints the
// timeline's contacts and actions but never an internal note; both are A4 PDFs
// whose Chinese text extracts (poppler-utils); Party A prints its own tickets only.
#include "api_fixture.h"
#include "pdf_text.h"

namespace aftercare::apitest {
namespace {

class FormsApi : public ApiTest {};

TEST_P(FormsApi, Tkt2Tkt5_PrintedFormsCarryTheTicketAndTheApprovals) {
  const std::int64_t customer = CreateCustomer("湖滨医院");
  const std::int64_t other = CreateCustomer("城西教育局");
  const std::int64_t system = CreateSystem(customer, "HIS");
  const std::int64_t received = NowUnix() - 6 * 3600;
  json t = CreateTicket({{"customer_id", customer},
                         {"system_id", system},
                         {"type", "upgrade"},
                         {"priority", "P2"},
                         {"title", "门诊系统升级到 5.2"},
                         {"description", "需要上门升级并迁移历史数据"},
                         {"caller_name", "周建国"},
                         {"caller_phone", "13800138000"},
                         {"received_at", Rfc3339(received)},
                         {"form",
                          {{"service_address", "滨湖路 18 号信息科"},
                           {"postcode", "230001"},
                           {"fax", "0551-62345678"},
                           {"other_staff", "吴工"},
                           {"estimated_cost", "1200.00"},
                           {"chargeable", false}}}});
  const std::int64_t id = t["id"];
  const std::string events = "/api/v1/tickets/" + std::to_string(id) + "/events";
  AddEvent(id, "first_contact", received + 120, {{"note", "电话确认升级窗口"}});
  AddEvent(id, "note", received + 600, {{"note", "内部：客户预算偏紧"}, {"data", {{"internal", true}}}});
  AddEvent(id, "note", received + 900, {{"note", "已准备升级包"}});
  Expect(PartyA(customer).Post(events, {{"kind", "form"},
                                        {"data",
                                         {{"approvals",
                                           {{"applicant_unit",
                                             {{"signer", "李主任"}, {"opinion", "同意升级"}}}}}}}}),
         201);
  Expect(As("team_leader")
             .Post(events, {{"kind", "form"},
                            {"data",
                             {{"approvals",
                               {{"supervisor", {{"signer", "王经理"}, {"date", "2026-01-05"}}}}}}}}),
         201);

  const std::string base = "/api/v1/tickets/" + std::to_string(id) + "/forms/";
  HttpResponse request = Expect(PartyA(customer).Get(base + "request"), 200);
  EXPECT_EQ(request.Header("content-type"), "application/pdf");
  EXPECT_NE(request.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  PdfFacts form = ReadPdf(request.body);
  EXPECT_TRUE(form.a4) << form.info;
  EXPECT_EQ(form.pages, 1);
  const std::string number = t["number"];
  for (const char* want : {"服务申请表", number.c_str(), "湖滨医院", "HIS",
                           "滨湖路 18 号信息科", "230001", "周建国", "13800138000",
                           "0551-62345678", "吴工", "门诊系统升级到 5.2", "¥1200.00", "李主任",
                           "同意升级", "王经理", "2026-01-05", "事业部总经理审批", "升级服务"}) {
    EXPECT_NE(form.text.find(want), std::string::npos) << want << "\n" << form.text;
  }

  PdfFacts record = ReadPdf(Expect(As("engineer").Get(base + "record"), 200).body);
  EXPECT_TRUE(record.a4) << record.info;
  for (const char* want : {"售后服务处理记录表", "处理记录", "首次联系", "电话确认升级窗口",
                           "已准备升级包", "周建国", "客户签字"}) {
    EXPECT_NE(record.text.find(want), std::string::npos) << want << "\n" << record.text;
  }
  EXPECT_EQ(record.text.find("客户预算偏紧"), std::string::npos) << "an internal note was printed";

  // A foreign tenant's ticket is not found; signed-out callers are refused.
  ExpectError(PartyA(other).Get(base + "request"), 404, "not_found");
  ExpectError(PartyA(other).Get(base + "record"), 404, "not_found");
  ExpectError(Anonymous()->Get(base + "record"), 401, "unauthorized");
  ExpectError(As("agent").Get("/api/v1/tickets/999999/forms/request"), 404, "not_found");

  PdfFacts blank = ReadPdf(Expect(As("agent").Get("/api/v1/forms/request"), 200).body);
  EXPECT_TRUE(blank.a4);
  EXPECT_NE(blank.text.find("服务申请内容"), std::string::npos) << blank.text;
}

AFTERCARE_API_BACKENDS(FormsApi);

}  // namespace
}  // namespace aftercare::apitest
