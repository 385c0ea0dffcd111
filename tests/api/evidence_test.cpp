// The proof Party A can check (issue 13 points 2-4; CON-2, CON-3, CON-4): the
// evidence bundle downloaded over HTTP and checked offline by `aftercare evidence
// verify`, which accepts it whole and names the file and place of any single
// changed timestamp, amount or entry; `aftercare audit verify` over the server's
// database; Party A's page of who read its data; who may download what.
#include <cctype>
#include <fstream>
#include <sstream>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class EvidenceApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped()) return;
    customer_ = CreateCustomer("Riverside Hospital");
    other_ = CreateCustomer("Harbour Bank");
    contract_ =
        CreateContract(customer_, "HT-EV-1", "1234550.00", {{"signed_on", "2026-01-01"}})["id"];
    const std::int64_t base = NowUnix() - 10 * 86400;
    // Three phone tickets: the first acknowledged 1 s late (a penalty event,
    // then waived), the others on time; a priority change; Party A's notice.
    for (int i = 0; i < 3; ++i) {
      json t = CreateTicket({{"customer_id", customer_},
                             {"contract_id", contract_},
                             {"channel", "phone"},
                             {"type", "consulting"},
                             {"received_at", Rfc3339(base + i * 3600)}});
      AddEvent(t["id"], "first_contact", base + i * 3600 + (i == 0 ? 301 : 120));
      AddEvent(t["id"], "diagnosed", base + i * 3600 + 600);
      tickets_.push_back(t["id"]);
    }
    Expect(As("manager").Post(
               Contract("/waivers"),
               {{"ticket_id", tickets_[0]}, {"metric", "acknowledge"}, {"reason", "Typhoon"}}),
           201);
    Expect(PartyA(customer_).Post(Contract("/notices"), {{"note", "Letter 17"}}), 201);
  }

  std::string Contract(const std::string& tail = "") {
    return "/api/v1/contracts/" + std::to_string(contract_) + tail;
  }

  // Downloads the bundle as `who` into a file; returns its path.
  std::string Download(HttpClient& who, const std::string& name) {
    HttpResponse r = Expect(who.Get(Contract("/evidence")), 200);
    EXPECT_EQ(r.Header("content-type"), "application/x-tar");
    EXPECT_NE(r.Header("content-disposition").find("evidence-HT-EV-1-"), std::string::npos);
    const std::string path = (server().dir() / name).string();
    std::ofstream(path, std::ios::binary) << r.body;
    return path;
  }

  std::string Key() {
    return Expect(PartyA(customer_).Get("/api/v1/evidence/key"), 200).Json()["public_key"];
  }

  ProcessResult Verify(const std::string& path, const std::string& key) {
    return RunProcess({AftercareBinary(), "evidence", "verify", path, "--public-key", key});
  }

  std::int64_t customer_ = 0, other_ = 0, contract_ = 0;
  std::vector<std::int64_t> tickets_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Done when: Party A downloads its contract's bundle and the verifier accepts it,
// and rejects it after one byte is changed, naming what and where.
TEST_P(EvidenceApi, PartyAsBundleVerifiesAndEverySingleChangeIsNamed) {
  const std::string key = Key();
  ASSERT_EQ(key.size(), 64u);
  const std::string path = Download(PartyA(customer_), "bundle.tar");
  ProcessResult ok = Verify(path, key);
  ASSERT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("the evidence bundle is intact"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("3 tickets"), std::string::npos) << ok.out;
  const std::string bytes = ReadFile(path);

  struct Case {
    const char* what;
    std::string find;      // a unique text in the bundle; its last byte is changed
    const char* expected;  // in the verifier's report
  };
  // The second ticket's first contact as the scenario writes it (local time).
  const std::string first_contact =
      "at: " + Rfc3339(NowUnix() - 10 * 86400 + 3600 + 120).substr(0, 18);
  const Case cases[] = {
      {"a scenario timestamp", first_contact, "scenario.yaml: ticket TK-"},
      {"the contract's value", "value: \"1234550.0", "scenario.yaml: the contract's value"},
      {"a ledger amount", "\"amount_fen\": 3703", "result.json /"},
      {"an audit entry", "\"action\":\"event\",\"actor_id", "chain.jsonl line"},
      {"the head's signature", "\"signature\": \"", "head.json"},
      {"the README", "aftercare 售后服务平", "README.txt: changed after the bundle was signed"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const auto at = bytes.find(c.find);
    ASSERT_NE(at, std::string::npos) << c.find;
    std::string changed = bytes;
    char& ch = changed[at + c.find.size() - 1];
    ch = ch == '1' ? '2' : (ch == '"' ? '\'' : '1');
    const std::string bad = path + ".changed";
    std::ofstream(bad, std::ios::binary | std::ios::trunc) << changed;
    ProcessResult r = Verify(bad, key);
    EXPECT_EQ(r.status, 3) << r.out << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
  }
  // A value of another type in an audit entry (its time as text, the same length)
  // is named like any change, never a crash of the verifier.
  {
    std::string retyped = bytes;
    const auto entry = retyped.find("\"entry\":{");
    ASSERT_NE(entry, std::string::npos);
    const auto at = retyped.find("\"at\":", entry) + 5;
    ASSERT_TRUE(std::isdigit(static_cast<unsigned char>(retyped[at])));
    retyped.replace(at, 10, "\"" + retyped.substr(at + 1, 8) + "\"");
    std::ofstream(path + ".retyped", std::ios::binary) << retyped;
    ProcessResult r = Verify(path + ".retyped", key);
    EXPECT_EQ(r.status, 3) << r.out << r.err;
    EXPECT_NE(r.err.find("chain.jsonl line"), std::string::npos) << r.err;
  }
  // Another key than the one Party A recorded; a cut file; not a file.
  ProcessResult other_key = Verify(path, std::string(64, 'a'));
  EXPECT_EQ(other_key.status, 3);
  EXPECT_NE(other_key.err.find("not the key you trust"), std::string::npos) << other_key.err;
  std::ofstream(path + ".cut", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  ProcessResult cut = Verify(path + ".cut", key);
  EXPECT_EQ(cut.status, 2) << cut.err;
  EXPECT_NE(cut.err.find("not an evidence bundle"), std::string::npos) << cut.err;
  EXPECT_EQ(Verify(path + ".missing", key).status, 1);
}

// Who may download: the two parties; another customer's contract does not exist
// for Party A; a manager's download is audited, Party A's is not (CON-4).
TEST_P(EvidenceApi, OnlyThePartiesDownloadAndTheVendorsDownloadIsAudited) {
  for (const char* role : {"agent", "engineer", "team_leader"}) {
    SCOPED_TRACE(role);
    ExpectError(As(role).Get(Contract("/evidence")), 403, "forbidden");
  }
  ExpectError(admin().Get(Contract("/evidence")), 403, "forbidden");
  ExpectError(PartyA(other_).Get(Contract("/evidence")), 404, "not_found");
  ExpectError(As("manager").Get("/api/v1/contracts/999999/evidence"), 404, "not_found");
  ExpectError(As("manager").Get(Contract("/evidence?as_of=2999-01-01T00:00:00Z")), 400,
              "bad_request", "as_of");
  const std::string before = server().QueryScalar(
      "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND after_json LIKE "
      "'%evidence%'");
  Download(PartyA(customer_), "a.tar");
  EXPECT_EQ(server().QueryScalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND "
                                 "after_json LIKE '%evidence%'"),
            before);
  const std::string path = Download(As("manager"), "m.tar");
  EXPECT_EQ(std::stoll(server().QueryScalar("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'export' AND after_json LIKE '%evidence%'")),
            std::stoll(before) + 1);
  ProcessResult r = Verify(path, Key());
  EXPECT_EQ(r.status, 0) << r.err;
}

// CON-4: Party A's page lists the vendor's reads of its data, and only its own.
TEST_P(EvidenceApi, PartyASeesWhoReadItsData) {
  Expect(As("engineer").Get("/api/v1/tickets/" + std::to_string(tickets_[1])), 200);
  Expect(As("manager").Get(Contract("/compliance")), 200);
  Expect(PartyA(customer_).Get("/api/v1/tickets/" + std::to_string(tickets_[1])), 200);
  const std::string log = "/api/v1/customers/" + std::to_string(customer_) + "/access-log";
  json items = Expect(PartyA(customer_).Get(log), 200).Json()["items"];
  ASSERT_GE(items.size(), 2u) << items.dump(1);
  EXPECT_EQ(items[0]["actor_role"], "manager");
  EXPECT_EQ(items[0]["entity"], "compliance");
  EXPECT_EQ(items[1]["actor_role"], "engineer");
  EXPECT_EQ(items[1]["entity"], "ticket");
  EXPECT_EQ(items[1]["entity_id"], std::to_string(tickets_[1]));
  for (const json& e : items) EXPECT_NE(e["actor_role"], "party_a") << e.dump();
  // Paged by before_id.
  json older = Expect(PartyA(customer_).Get(log + "?limit=1&before_id=" +
                                            std::to_string(items[0]["id"].get<std::int64_t>())),
                      200)
                   .Json()["items"];
  ASSERT_EQ(older.size(), 1u);
  EXPECT_EQ(older[0]["id"], items[1]["id"]);
  ExpectError(PartyA(other_).Get(log), 404, "not_found");
  ExpectError(As("agent").Get(log), 403, "forbidden");
  ExpectError(PartyA(customer_).Get(log + "?limit=0"), 422, "invalid_input", "limit");
  // Managers and administrators see any customer's page (the same entries).
  EXPECT_EQ(Expect(As("manager").Get(log), 200).Json()["items"].size(), items.size());
  EXPECT_EQ(Expect(admin().Get(log), 200).Json()["items"].size(), items.size());
  // A vendor's export of tickets and of the ledger (which reads the compliance
  // first) is on the page too, with how many of the customer's records it held.
  Expect(As("manager").Get("/api/v1/tickets/export?format=csv"), 200);
  Expect(As("manager").Get(Contract("/ledger/export?format=csv")), 200);
  json now = Expect(PartyA(customer_).Get(log + "?limit=3"), 200).Json()["items"];
  ASSERT_EQ(now.size(), 3u);
  EXPECT_EQ(now[0]["action"], "export");
  EXPECT_EQ(now[0]["entity"], "compliance");
  EXPECT_EQ(now[1]["action"], "read");
  EXPECT_EQ(now[2]["action"], "export");
  EXPECT_EQ(now[2]["entity"], "ticket");
  EXPECT_EQ(now[2]["what"]["count"], 3);
}

// `aftercare audit verify` over the server's database: intact, then one entry
// changed behind the server's back is named.
TEST_P(EvidenceApi, AuditVerifyNamesAnEntryChangedInTheDatabase) {
  Download(As("manager"), "seal.tar");  // seals what committed and signs the head
  const std::string key = Key();
  ProcessResult ok = server().Cli({"audit", "verify", "--public-key", key});
  ASSERT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("the audit chain is intact"), std::string::npos) << ok.out;
  const std::string seq = server().QueryScalar(
      "SELECT MIN(seq) FROM audit_log WHERE entity = 'ticket' AND action = 'event'");
  server().QueryScalar("UPDATE audit_log SET at = at + 60 WHERE seq = " + seq + " RETURNING seq");
  ProcessResult bad = server().Cli({"audit", "verify", "--public-key", key});
  EXPECT_EQ(bad.status, 3) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("audit entry #" + seq + " "), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("was altered"), std::string::npos) << bad.err;
}

AFTERCARE_API_BACKENDS(EvidenceApi);

}  // namespace
}  // namespace aftercare::apitest
