// The tamper-evident audit chain (issue 13 point 2, CON-4): sealing in one order,
// `aftercare audit verify`'s walk, and each way of rewriting history it must name:
// an altered entry, a deleted one, a reordered pair, a rewritten chain under a
// signed head, a forged signature. Party A's access log (who read my data).
#include "service/audit/chain.h"

#include <gtest/gtest.h>

#include "service/audit/audit.h"
#include "service/audit/evidence_key.h"
#include "service/testing/service_test_fixture.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

class AuditChain : public ServiceTest {
 protected:
  void Write(int n) {
    for (int i = 0; i < n; ++i) {
      auto r = InTransaction(*db_, true, [&](store::Transaction& tx) -> Result<bool> {
        AFTERCARE_RETURN_IF_ERROR(Audit(tx, At(As(Role::kManager), now_ + i), "update", "widget",
                                        std::to_string(i), {{"n", i}}, {{"n", i + 1}}));
        return true;
      });
      ASSERT_TRUE(r.ok());
    }
  }
  void Exec(const std::string& sql) {
    auto r = InTransaction(*db_, true, [&](store::Transaction& tx) -> Result<bool> {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(sql));
      return true;
    });
    ASSERT_TRUE(r.ok()) << r.error().message << " " << r.error().detail;
  }
  void Sign() {
    auto r = InTransaction(*db_, true,
                           [&](store::Transaction& tx) { return SignChainHead(tx, key_, now_); });
    ASSERT_TRUE(r.ok());
  }
  ChainReport Verify() {
    auto r = VerifyAuditChain(*db_, key_.public_key_hex());
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : ChainReport{};
  }
  // The sealed entries so far (the fixture's own setup writes some).
  std::int64_t Sealed() {
    EXPECT_TRUE(SealAll(*db_).ok());
    return Verify().entries;
  }
  EvidenceKey key_ = EvidenceKey::Random();
};

TEST_F(AuditChain, SealsEveryEntryOnceInIdOrder) {
  Write(5);
  const std::int64_t before = Verify().unsealed;
  EXPECT_GE(before, 5);
  ASSERT_TRUE(SealAll(*db_, 2).ok());  // in batches smaller than the backlog
  ChainReport r = Verify();
  EXPECT_EQ(r.problem, std::nullopt);
  EXPECT_EQ(r.unsealed, 0);
  EXPECT_EQ(r.entries, before);
  EXPECT_EQ(r.head_seq, before);
  Write(2);
  ASSERT_TRUE(SealAll(*db_).ok());
  EXPECT_EQ(Verify().head_seq, before + 2);
  EXPECT_EQ(Verify().problem, std::nullopt);
}

// Each row: what a database administrator changes, and the words the report must
// hold (which entry, what happened).
TEST_F(AuditChain, NamesTheFirstEntryRewritten) {
  struct Case {
    const char* what;
    const char* sql;  // {N}: the seq of the 5th sealed entry from the end
    const char* expected;
  };
  const Case cases[] = {
      {"altered content", "UPDATE audit_log SET after_json = '{\"n\":99}' WHERE seq = {N}",
       "#{N} (id {ID}) was altered"},
      {"altered time", "UPDATE audit_log SET at = at - 1 WHERE seq = {N}",
       "#{N} (id {ID}) was altered"},
      {"deleted", "DELETE FROM audit_log WHERE seq = {N}", "#{N} are missing"},
      {"reordered", "UPDATE audit_log SET seq = CASE WHEN seq = {N} THEN -1 ELSE seq END", "#{N}"},
      {"forged hash", "UPDATE audit_log SET hash = '00' WHERE seq = {N}",
       "#{N} (id {ID}) was altered"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    SetUp();  // a fresh database per case
    Write(8);
    const std::int64_t n = Sealed() - 4;
    auto id = InTransaction(*db_, false, [&](store::Transaction& tx) -> Result<std::int64_t> {
      AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                                 tx.Query("SELECT id FROM audit_log WHERE seq = $1", {n}));
      return rows.at(0).Int("id");
    });
    ASSERT_TRUE(id.ok());
    auto fill = [&](std::string s) {
      for (std::size_t at; (at = s.find("{N}")) != std::string::npos;) {
        s.replace(at, 3, std::to_string(n));
      }
      for (std::size_t at; (at = s.find("{ID}")) != std::string::npos;) {
        s.replace(at, 4, std::to_string(*id));
      }
      return s;
    };
    if (std::string(c.what) == "reordered") {
      // Two neighbours swap places.
      Exec(fill("UPDATE audit_log SET seq = -1 WHERE seq = {N}"));
      Exec(fill("UPDATE audit_log SET seq = {N} WHERE seq = {N} + 1"));
      Exec(fill("UPDATE audit_log SET seq = {N} + 1 WHERE seq = -1"));
    } else {
      Exec(fill(c.sql));
    }
    ChainReport r = Verify();
    ASSERT_TRUE(r.problem.has_value());
    EXPECT_NE(r.problem->find(fill(c.expected)), std::string::npos) << *r.problem;
  }
}

// Recomputing every later hash hides an edit from the walk, not from a signed head.
TEST_F(AuditChain, ARewrittenChainIsCaughtByTheSignedHead) {
  Write(4);
  ASSERT_TRUE(SealAll(*db_).ok());
  Sign();
  EXPECT_EQ(Verify().problem, std::nullopt);
  EXPECT_EQ(Verify().signed_heads, 1);
  // Rewrite entry #2 and re-chain everything after it, as a DBA with the code could.
  Exec("UPDATE audit_log SET after_json = '{\"n\":99}' WHERE seq = 2");
  auto rechain = InTransaction(*db_, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query(std::string("SELECT ") + kChainColumns +
                            " FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq"));
    std::string prev(kGenesisHash);
    for (const auto& row : rows) {
      ChainEntry e = ChainEntryFrom(row);
      std::string h = LinkHash(prev, ContentHash(e));
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3", {prev, h, e.id}));
      prev = h;
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec("UPDATE audit_chain_head SET hash = $1", {prev}));
    return true;
  });
  ASSERT_TRUE(rechain.ok());
  ChainReport r = Verify();
  ASSERT_TRUE(r.problem.has_value());
  EXPECT_NE(r.problem->find("was rewritten"), std::string::npos) << *r.problem;
}

TEST_F(AuditChain, ASignatureByAnotherKeyOrForgedIsNamed) {
  Write(2);
  ASSERT_TRUE(SealAll(*db_).ok());
  Sign();
  Exec("UPDATE audit_signed_heads SET signed_at = signed_at + 1");
  ChainReport r = Verify();
  ASSERT_TRUE(r.problem.has_value());
  EXPECT_NE(r.problem->find("signature that does not check"), std::string::npos) << *r.problem;
  Exec("DELETE FROM audit_signed_heads");
  EvidenceKey other = EvidenceKey::Random();
  auto signed_by_other = InTransaction(
      *db_, true, [&](store::Transaction& tx) { return SignChainHead(tx, other, now_); });
  ASSERT_TRUE(signed_by_other.ok());
  r = Verify();
  ASSERT_TRUE(r.problem.has_value());
  EXPECT_NE(r.problem->find("another key"), std::string::npos) << *r.problem;
}

TEST_F(AuditChain, DeletingTheNewestEntriesIsCaughtByTheHead) {
  Write(3);
  const std::int64_t n = Sealed();
  Exec("DELETE FROM audit_log WHERE seq = " + std::to_string(n));
  ChainReport r = Verify();
  ASSERT_TRUE(r.problem.has_value());
  EXPECT_NE(r.problem->find("head row"), std::string::npos) << *r.problem;
}

// CON-4: a vendor's read of a customer's data is on that customer's page and on no
// other; Party A sees only its own customer's; its own reads are not there.
TEST_F(AuditChain, PartyASeesWhoReadItsData) {
  ASSERT_TRUE(AuditRead(*db_, As(Role::kAgent), "customer_archive", std::to_string(customer_a_),
                        customer_a_)
                  .ok());
  ASSERT_TRUE(AuditRead(*db_, As(Role::kEngineer), "customer_archive", std::to_string(customer_b_),
                        customer_b_)
                  .ok());
  ASSERT_TRUE(AuditRead(*db_, As(Role::kPartyA), "customer_archive", std::to_string(customer_a_),
                        customer_a_)
                  .ok());
  auto mine = QueryAccessLog(*db_, As(Role::kPartyA), AccessFilter{customer_a_, {}, 50});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].actor_role, "agent");
  EXPECT_EQ((*mine)[0].entity, "customer_archive");
  // Another customer's page does not exist for Party A (CON-4: no tenant leaks).
  EXPECT_EQ(Outcome(QueryAccessLog(*db_, As(Role::kPartyA), AccessFilter{customer_b_, {}, 50})),
            "not_found");
  EXPECT_EQ(Outcome(QueryAccessLog(*db_, As(Role::kAgent), AccessFilter{customer_a_, {}, 50})),
            "forbidden");
  auto theirs = QueryAccessLog(*db_, As(Role::kManager), AccessFilter{customer_b_, {}, 50});
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->size(), 1u);
}

}  // namespace
}  // namespace aftercare::service
