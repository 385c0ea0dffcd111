#include "service/audit/chain.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/sha256.h"
#include "service/audit/evidence_key.h"
#include "service/jobs/queue.h"
#include "service/tx.h"

namespace aftercare::service {

const char* const kChainColumns =
    "a.id, a.seq, a.at, a.actor_id, a.action, a.entity, a.entity_id, a.before_json, "
    "a.after_json, a.request_id, a.customer_id, a.prev_hash, a.hash";

namespace {

nlohmann::json OrNullJson(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}
nlohmann::json OrNullJson(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

std::string Describe(std::int64_t seq, std::int64_t id) {
  return "audit entry #" + std::to_string(seq) + " (id " + std::to_string(id) + ")";
}

}  // namespace

std::string CanonicalContent(const ChainEntry& e) {
  const nlohmann::json a = {e.id,
                            e.at,
                            OrNullJson(e.actor_id),
                            e.action,
                            e.entity,
                            e.entity_id,
                            OrNullJson(e.before_json),
                            OrNullJson(e.after_json),
                            e.request_id,
                            OrNullJson(e.customer_id)};
  // Replacing invalid UTF-8 (never stored: bodies are checked) keeps a damaged
  // entry checkable rather than throwing.
  return a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ContentHash(const ChainEntry& e) { return Sha256Hex(CanonicalContent(e)); }

std::string LinkHash(std::string_view prev_hash, std::string_view content_hash) {
  std::string both;
  both.reserve(prev_hash.size() + content_hash.size());
  both.append(prev_hash).append(content_hash);
  return Sha256Hex(both);
}

std::string HeadMessage(std::int64_t seq, std::string_view hash, std::int64_t signed_at) {
  return "aftercare audit head\nseq " + std::to_string(seq) + "\nhash " + std::string(hash) +
         "\nsigned_at " + std::to_string(signed_at) + "\n";
}

bool SignatureValid(const SignedHead& h) {
  return EvidenceKey::Verify(h.public_key, HeadMessage(h.seq, h.hash, h.signed_at), h.signature);
}

std::optional<std::string> ChainChecker::Next(std::int64_t seq, std::int64_t id,
                                              std::string_view content_hash,
                                              std::string_view prev_hash, std::string_view hash) {
  std::optional<std::string> problem;
  if (seq > last_seq_ + 1) {
    problem = "audit entries #" + std::to_string(last_seq_ + 1) +
              (seq - 1 > last_seq_ + 1 ? " to #" + std::to_string(seq - 1) : std::string()) +
              " are missing: deleted after they were sealed";
  } else if (seq <= last_seq_) {
    problem = Describe(seq, id) + " is out of order: it follows #" + std::to_string(last_seq_);
  } else if (LinkHash(prev_hash, content_hash) != hash) {
    problem = Describe(seq, id) + " was altered: its content does not match its hash";
  } else if (prev_hash != last_hash_) {
    problem = Describe(seq, id) + " does not follow #" + std::to_string(last_seq_) +
              ": an entry before it was altered and its hash rewritten, or entries were "
              "deleted, inserted or reordered";
  }
  last_seq_ = seq;
  last_hash_ = std::string(hash);
  return problem;
}

ChainEntry ChainEntryFrom(const store::Row& r) {
  ChainEntry e;
  e.id = r.Int("id");
  e.seq = r.OptInt("seq").value_or(0);
  e.at = r.Int("at");
  e.actor_id = r.OptInt("actor_id");
  e.customer_id = r.OptInt("customer_id");
  e.action = r.Text("action");
  e.entity = r.Text("entity");
  e.entity_id = r.Text("entity_id");
  e.request_id = r.Text("request_id");
  e.before_json = r.OptText("before_json");
  e.after_json = r.OptText("after_json");
  e.prev_hash = r.OptText("prev_hash").value_or("");
  e.hash = r.OptText("hash").value_or("");
  return e;
}

Result<std::pair<std::int64_t, std::string>> ChainHead(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT seq, hash FROM audit_chain_head WHERE id = 1"));
  if (rows.empty()) {
    return Error{ErrorCode::kInternal, "the audit chain has no head row", {}, 0, {}};
  }
  return std::make_pair(rows[0].Int("seq"), rows[0].Text("hash"));
}

Result<int> SealAuditChain(store::Transaction& tx, int limit) {
  AFTERCARE_ASSIGN_OR_RETURN(auto unsealed,
                             tx.Query(std::string("SELECT ") + kChainColumns +
                                          " FROM audit_log a WHERE a.seq IS NULL ORDER BY a.id "
                                          "LIMIT $1",
                                      {static_cast<std::int64_t>(limit)}));
  if (unsealed.empty()) return 0;
  AFTERCARE_ASSIGN_OR_RETURN(auto head, ChainHead(tx));
  auto [seq, hash] = head;
  // As the job queue's MoveAll: 64 rows to a statement.
  constexpr std::size_t kRows = 64;
  for (std::size_t i = 0; i < unsealed.size(); i += kRows) {
    store::ParamList p;
    std::string sql = "WITH v (id, seq, prev_hash, hash) AS (VALUES ";
    for (std::size_t k = i; k < std::min(unsealed.size(), i + kRows); ++k) {
      ChainEntry e = ChainEntryFrom(unsealed[k]);
      std::string next = LinkHash(hash, ContentHash(e));
      ++seq;
      sql += (k > i ? ", (CAST(" : "(CAST(") + p.Add(e.id) + " AS BIGINT), CAST(" + p.Add(seq) +
             " AS BIGINT), CAST(" + p.Add(hash) + " AS TEXT), CAST(" + p.Add(next) + " AS TEXT))";
      hash = std::move(next);
    }
    sql +=
        ") UPDATE audit_log SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash FROM v "
        "WHERE audit_log.id = v.id";
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(sql, p.values()));
  }
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1", {seq, hash}));
  return static_cast<int>(unsealed.size());
}

Status SealAll(store::Database& db, int batch) {
  for (;;) {
    AFTERCARE_ASSIGN_OR_RETURN(int n, InTransaction(db, true, [&](store::Transaction& tx) {
                                 return SealAuditChain(tx, batch);
                               }));
    if (n < batch) return {};
  }
}

Result<SignedHead> SignChainHead(store::Transaction& tx, const EvidenceKey& key, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto head, ChainHead(tx));
  SignedHead h{head.first, head.second, now.unix, key.public_key_hex(), {}};
  h.signature = key.Sign(HeadMessage(h.seq, h.hash, h.signed_at));
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO audit_signed_heads (seq, hash, signed_at, public_key, signature) "
              "VALUES ($1, $2, $3, $4, $5)",
              {h.seq, h.hash, h.signed_at, h.public_key, h.signature}));
  return h;
}

namespace {

jobs::NewJob SealJob(std::int64_t n, Instant at) {
  return jobs::NewJob{std::string(kSealJob),
                      "audit.seal:" + std::to_string(at.unix) + ":" + std::to_string(n),
                      {{"n", n}},
                      at,
                      std::nullopt};
}

// Whether the head moved since the last signature and that one is kSignEvery old.
Result<bool> SignatureDue(store::Transaction& tx, std::int64_t head_seq, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto last,
      tx.Query("SELECT seq, signed_at FROM audit_signed_heads ORDER BY id DESC LIMIT 1"));
  if (last.empty()) return head_seq > 0;
  return head_seq > last[0].Int("seq") && now.unix - last[0].Int("signed_at") >= kSignEvery;
}

}  // namespace

Status SealAndSign(store::Database& db, const EvidenceKey& key, Instant now) {
  AFTERCARE_RETURN_IF_ERROR(SealAll(db));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(auto head, ChainHead(tx));
    AFTERCARE_ASSIGN_OR_RETURN(bool due, SignatureDue(tx, head.first, now));
    if (due) AFTERCARE_RETURN_IF_ERROR(SignChainHead(tx, key, now).status());
    return {};
  });
}

Status QueueNextSeal(store::Transaction& tx, std::int64_t n, Instant now) {
  return jobs::Enqueue(tx, SealJob(n + 1, now + kSealEvery), now).status();
}

Status EnsureSealJob(store::Database& db, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto queued, tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND state <> 'dead' LIMIT 1",
                              {std::string(kSealJob)}));
    if (!queued.empty()) return {};
    return jobs::Enqueue(tx, SealJob(0, now), now).status();
  });
}

}  // namespace aftercare::service
