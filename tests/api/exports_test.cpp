// Exports over HTTP (issue 13 point 5; CON-2, CON-4, SLA-5): the ticket list with
// its filters, the penalty ledger, the analytics and the audit log as CSV (UTF-8
// with a BOM) and XLSX (unzipped here: the sheet's rows, cell types and formats);
// titles in the client's language; the list's rules (Party A: their own tickets;
// roles); bad input is a 400 naming it and changes nothing; vendor exports audited.
#include <unistd.h>

#include <fstream>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

// The CSV's lines (CRLF ends; no quoted line breaks in these tests).
std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < csv.size();) {
    std::size_t end = csv.find("\r\n", at);
    if (end == std::string::npos) end = csv.size();
    out.push_back(csv.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

// A file of the XLSX package (unzip -p), "" when it is not there.
std::string XlsxPart(const std::string& xlsx, const std::string& part) {
  char tmpl[] = "/tmp/aftercare-export-test-XXXXXX";
  int fd = ::mkstemp(tmpl);
  EXPECT_GE(fd, 0);
  ::close(fd);
  std::ofstream(tmpl, std::ios::binary) << xlsx;
  ProcessResult r = RunProcess({"unzip", "-p", tmpl, part});
  std::remove(tmpl);
  EXPECT_EQ(r.status, 0) << r.err;
  return r.out;
}

class ExportsApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    customer_ = CreateCustomer("Northern Grid");
    other_ = CreateCustomer("Western Port");
    contract_ = CreateContract(customer_, "HT-EXP-1", "1234550.00")["id"];
    CreateContract(other_, "HT-EXP-2");
  }

  json Ticket(std::int64_t customer, const std::string& priority, const std::string& title,
              std::int64_t received) {
    return CreateTicket({{"customer_id", customer},
                         {"channel", "phone"},
                         {"type", "consulting"},
                         {"priority", priority},
                         {"title", title},
                         {"caller_phone", "13800000000"},
                         {"received_at", Rfc3339(received)}});
  }

  // The export entries of the audit log, newest first.
  json Exports() { return Expect(admin().Get("/api/v1/audit?action=export"), 200).Json()["items"]; }

  std::int64_t customer_ = 0, other_ = 0, contract_ = 0;
};
AFTERCARE_API_BACKENDS(ExportsApi);

TEST_P(ExportsApi, TicketsCsvHasABomHeadersInTheClientsLanguageAndTheListsFilter) {
  const std::int64_t t0 = ParseTime("2026-11-16T10:00:00+08:00");
  json p2 = Ticket(customer_, "P2", "=HYPERLINK(\"x\")", t0);
  Ticket(customer_, "P3", "printer, jammed", t0 + 60);
  json p2b = Ticket(other_, "P2", "other customer's", t0 + 120);
  HttpClient& manager = As("manager");

  manager.SetHeader("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");
  HttpResponse zh = Expect(manager.Get("/api/v1/tickets/export?format=csv&priority=P2"), 200);
  EXPECT_EQ(zh.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(zh.Header("x-export-rows"), "2");
  // 工单 in the UTF-8 name, an ASCII one for old clients.
  EXPECT_NE(zh.Header("content-disposition").find("filename*=UTF-8''%E5%B7%A5%E5%8D%95-"),
            std::string::npos)
      << zh.Header("content-disposition");
  EXPECT_NE(zh.Header("content-disposition").find("filename=\"tickets-"), std::string::npos);
  ASSERT_EQ(zh.body.rfind(kBom, 0), 0u);
  std::vector<std::string> lines = Lines(zh.body.substr(3));
  ASSERT_EQ(lines.size(), 3u) << zh.body;  // header and the two P2 tickets, newest first
  EXPECT_EQ(lines[0].rfind("工单编号,客户,系统,标题,类型,优先级,状态,渠道,来电人,来电号码,", 0), 0u)
      << lines[0];
  EXPECT_EQ(lines[1].rfind(p2b["number"].get<std::string>() + ",Western Port,,", 0), 0u)
      << lines[1];
  // The title a customer typed as a formula is text, quoted for its quotes; the
  // time is the contract's local time.
  EXPECT_EQ(lines[2].rfind(p2["number"].get<std::string>() +
                               ",Northern Grid,,\"'=HYPERLINK(\"\"x\"\")\",咨询服务,P2,处理中,"
                               "热线电话,,13800000000,,2026-11-16 10:00:00,",
                           0),
            0u)
      << lines[2];

  manager.SetHeader("Accept-Language", "en");
  HttpResponse en = Expect(manager.Get("/api/v1/tickets/export?format=csv&q=printer"), 200);
  lines = Lines(en.body.substr(3));
  ASSERT_EQ(lines.size(), 2u) << en.body;
  EXPECT_EQ(lines[0].rfind("Ticket number,Customer,System,Title,Type,Priority,Status,Channel,", 0),
            0u)
      << lines[0];
  EXPECT_NE(lines[1].find(",\"printer, jammed\",Consulting,P3,"), std::string::npos) << lines[1];

  // Each vendor export is audited with its filter and its rows, once per customer
  // whose tickets it held (CON-4: each customer's access log names it): the P2
  // export held one ticket of each of two customers.
  json audit = Exports();
  ASSERT_EQ(audit.size(), 3u) << audit.dump(1);
  for (int i : {1, 2}) {
    EXPECT_EQ(audit[i]["entity"], "ticket");
    EXPECT_EQ(audit[i]["after"]["format"], "csv");
    EXPECT_EQ(audit[i]["after"]["filter"]["priority"], "P2");
    EXPECT_EQ(audit[i]["after"]["rows"], 2);
    EXPECT_EQ(audit[i]["after"]["count"], 1);
    EXPECT_EQ(audit[i]["actor"], "manager1");
  }
  EXPECT_EQ(audit[0]["after"]["filter"]["q"], "printer");
}

TEST_P(ExportsApi, PartyAExportsOnlyTheirOwnTicketsUnaudited) {
  const std::int64_t t0 = NowUnix() - 3600;
  json mine = Ticket(customer_, "P3", "ours", t0);
  Ticket(other_, "P3", "theirs", t0 + 10);
  HttpClient& pa = PartyA(customer_);
  HttpResponse all = Expect(pa.Get("/api/v1/tickets/export?format=csv"), 200);
  std::vector<std::string> lines = Lines(all.body.substr(3));
  ASSERT_EQ(lines.size(), 2u) << all.body;
  EXPECT_EQ(lines[1].rfind(mine["number"].get<std::string>() + ",", 0), 0u);
  // Naming the other customer gives nothing of theirs, as the list does.
  HttpResponse other = Expect(
      pa.Get("/api/v1/tickets/export?format=csv&customer_id=" + std::to_string(other_)), 200);
  EXPECT_EQ(Lines(other.body.substr(3)).size(), 1u) << other.body;
  EXPECT_EQ(other.Header("x-export-rows"), "0");
  // Their own data: not audited (a vendor's export is).
  EXPECT_TRUE(Exports().empty());
  // The analytics are theirs too; the audit log is not.
  Expect(pa.Get("/api/v1/analytics/response/export?format=csv"), 200);
  ExpectError(pa.Get("/api/v1/audit/export?format=csv"), 403, "forbidden");
  ExpectError(As("engineer").Get("/api/v1/audit/export?format=csv"), 403, "forbidden");
  ExpectError(As("agent").Get("/api/v1/analytics/response/export?format=csv"), 403, "forbidden");
  ExpectError(Anonymous()->Get("/api/v1/tickets/export?format=csv"), 401, "unauthorized");
  // Another customer's ledger is not found, as its compliance is not.
  ExpectError(
      pa.Get("/api/v1/contracts/" + std::to_string(contract_ + 1) + "/ledger/export?format=csv"),
      404, "not_found");
}

TEST_P(ExportsApi, BadFormatOrFilterIsA400NamingItAndChangesNothing) {
  Ticket(customer_, "P3", "one", NowUnix() - 60);
  HttpClient& manager = As("manager");
  manager.SetHeader("Accept-Language", "en");
  std::string before = Snapshot();
  ExpectError(manager.Get("/api/v1/tickets/export?format=pdf"), 400, "bad_request", "format");
  ExpectError(manager.Get("/api/v1/tickets/export?format=xls"), 400, "bad_request", "format");
  HttpResponse r = manager.Get("/api/v1/tickets/export?format=XLSX");
  ExpectError(r, 400, "bad_request", "format");
  EXPECT_EQ(r.Json()["error"]["message"], "Format must be xlsx or csv");
  ExpectError(manager.Get("/api/v1/tickets/export?format=csv&customer_id=x"), 400, "bad_request",
              "customer_id");
  ExpectError(manager.Get("/api/v1/tickets/export?format=csv&received_from=yesterday"), 400,
              "bad_request", "received_from");
  ExpectError(manager.Get("/api/v1/tickets/export?format=csv&priority=P9"), 422, "invalid_input",
              "priority");
  ExpectError(manager.Get("/api/v1/tickets/export?format=csv&limit=5"), 400, "bad_request",
              "limit");
  ExpectError(manager.Get("/api/v1/analytics/response/export?format=csv&from=2026-13-01"), 400,
              "bad_request", "from");
  ExpectError(admin().Get("/api/v1/audit/export?format=csv&actor_id=me"), 400, "bad_request",
              "actor_id");
  manager.SetHeader("Accept-Language", "zh-CN");
  r = manager.Get("/api/v1/contracts/" + std::to_string(contract_) + "/ledger/export?format=ods");
  ExpectError(r, 400, "bad_request", "format");
  EXPECT_EQ(r.Json()["error"]["message"], "导出格式须为 xlsx 或 csv");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(ExportsApi, LedgerXlsxHoldsYuanNumbersAndDateTimeCells) {
  // 1,234,550.00 CNY x 0.0003 = 370.37 CNY a late event (CON-2).
  const std::int64_t received = ParseTime("2026-11-16T10:00:00+08:00");
  json t = CreateTicket({{"customer_id", customer_},
                         {"contract_id", contract_},
                         {"channel", "phone"},
                         {"type", "consulting"},
                         {"title", "late one"},
                         {"received_at", Rfc3339(received)}});
  AddEvent(t["id"], "first_contact", received + 301);
  AddEvent(t["id"], "diagnosed", received + 600);
  HttpClient& manager = As("manager");
  manager.SetHeader("Accept-Language", "zh-CN");
  HttpResponse x = Expect(
      manager.Get("/api/v1/contracts/" + std::to_string(contract_) + "/ledger/export?format=xlsx"),
      200);
  EXPECT_EQ(x.Header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(x.Header("x-export-rows"), "1");
  ASSERT_EQ(x.body.rfind("PK", 0), 0u);
  std::string sheet = XlsxPart(x.body, "xl/worksheets/sheet1.xml");
  std::string styles = XlsxPart(x.body, "xl/styles.xml");
  std::string workbook = XlsxPart(x.body, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"违约金台账\""), std::string::npos) << workbook;
  // The header row: text in Chinese; then the event.
  EXPECT_NE(sheet.find("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>工单编号</t></is></c>"),
            std::string::npos)
      << sheet;
  EXPECT_NE(sheet.find("<t>违约金（元）</t>"), std::string::npos);
  EXPECT_NE(sheet.find("<c r=\"A2\" t=\"inlineStr\"><is><t>" + t["number"].get<std::string>() +
                       "</t></is></c>"),
            std::string::npos)
      << sheet;
  EXPECT_NE(sheet.find("<t>首次响应</t>"), std::string::npos) << sheet;
  // Money: the number 370.37 with the yuan format; the due time: the serial date
  // of 2026-11-16 10:05:00 local with a date-time format; late by: an integer.
  auto cell = [&](const std::string& ref) {
    std::size_t at = sheet.find("<c r=\"" + ref + "\"");
    return at == std::string::npos ? std::string() : sheet.substr(at, sheet.find("</c>", at) - at);
  };
  EXPECT_EQ(cell("E2"), "<c r=\"E2\"><v>1</v>");
  std::string money = cell("F2");
  EXPECT_NE(money.find("<v>370.37</v>"), std::string::npos) << money;
  std::string due = cell("C2");
  // 2026-11-16 is day 46342 of Excel's calendar; 10:05 is 0.420138...
  EXPECT_NE(due.find("<v>46342.42013"), std::string::npos) << due;
  EXPECT_NE(styles.find("formatCode=\"#,##0.00\""), std::string::npos) << styles;
  EXPECT_NE(styles.find("formatCode=\"yyyy-mm-dd hh:mm:ss\""), std::string::npos) << styles;
  // The cells' styles are those formats (style 2: the first added after bold).
  std::string money_style = money.substr(money.find("s=\"") + 3, 1);
  std::string due_style = due.substr(due.find("s=\"") + 3, 1);
  EXPECT_NE(money_style, due_style);
  json audit = Exports();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["entity"], "compliance");
  EXPECT_EQ(audit[0]["entity_id"], std::to_string(contract_));
  EXPECT_EQ(audit[0]["after"]["rows"], 1);
}

TEST_P(ExportsApi, TicketsXlsxAndTheAuditLogExport) {
  const std::int64_t t0 = NowUnix() - 7200;
  for (int i = 0; i < 3; ++i) Ticket(customer_, "P3", "t" + std::to_string(i), t0 + i);
  HttpClient& manager = As("manager");
  manager.SetHeader("Accept-Language", "en");
  // XLSX is the default.
  HttpResponse x = Expect(manager.Get("/api/v1/tickets/export?status=open"), 200);
  std::string sheet = XlsxPart(x.body, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<dimension ref=\"A1:O4\"/>"), std::string::npos) << sheet.substr(0, 400);
  EXPECT_NE(sheet.find("<t>Received at</t>"), std::string::npos);
  EXPECT_NE(sheet.find("<t>Consulting</t>"), std::string::npos);
  // The administrator's export of the log holds the manager's export, and is
  // audited itself.
  admin().SetHeader("Accept-Language", "en");
  HttpResponse log = Expect(admin().Get("/api/v1/audit/export?format=csv&action=export"), 200);
  std::vector<std::string> lines = Lines(log.body.substr(3));
  ASSERT_EQ(lines.size(), 2u) << log.body;
  EXPECT_EQ(lines[0], "Entry,Time,User,Action,Record,Record id,Request id,Before,After");
  EXPECT_NE(lines[1].find(",manager1,export,ticket,,"), std::string::npos) << lines[1];
  json audit = Exports();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0]["entity"], "audit_log");
  EXPECT_EQ(audit[0]["after"]["filter"]["action"], "export");
  EXPECT_EQ(audit[0]["after"]["rows"], 1);
}

}  // namespace
}  // namespace aftercare::apitest
