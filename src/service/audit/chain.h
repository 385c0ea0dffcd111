// The tamper-evident audit chain (issue 13 point 2; CON-4, CON-2, CON-3 as evidence).
//
// Every audit entry, once sealed, has a place `seq` (1, 2, ...) in one agreed order
// and a hash:
//   content      = the entry as a compact JSON array (CanonicalContent)
//   content_hash = SHA-256(content), lower-case hex
//   hash         = SHA-256(prev_hash + content_hash), the two in hex, concatenated
// where prev_hash is the hash of entry seq-1 (64 zeros for the first). Changing,
// deleting, inserting or reordering any entry breaks the chain from there on;
// rewriting every later hash as well is caught by the heads a server signed with
// its Ed25519 key (evidence_key.h), which no database administrator holds. An
// entry shown without its content (another customer's, in an evidence bundle) is
// shown by its content_hash, and the chain still checks through it.
//
// Entries are written unsealed in the transaction of their change (audit.h), so a
// busy server's transactions never queue on the chain; the sealer (a background
// job, every kSealEvery seconds, and before an evidence bundle) seals the committed
// ones in id order, in transactions that touch only the chain, so servers sharing
// a PostgreSQL database agree on one order (two sealers clash as a serialization
// failure and one retries). The pure parts (hashing, checking) are used offline by
// `aftercare evidence verify`, with no database.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/db.h"

namespace aftercare::service {

class EvidenceKey;

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";
inline constexpr std::string_view kSealJob = "audit.seal";
inline constexpr Seconds kSealEvery = 2;
// A head is signed when the chain moved and the last signature is this old.
inline constexpr Seconds kSignEvery = 600;

struct ChainEntry {
  std::int64_t seq = 0, id = 0, at = 0;
  std::optional<std::int64_t> actor_id, customer_id;
  std::string action, entity, entity_id, request_id;
  std::optional<std::string> before_json, after_json;  // the stored JSON text
  std::string prev_hash, hash;
};

std::string CanonicalContent(const ChainEntry& e);
std::string ContentHash(const ChainEntry& e);
std::string LinkHash(std::string_view prev_hash, std::string_view content_hash);

// A head signed by a server: Ed25519 over HeadMessage, both keys in hex.
struct SignedHead {
  std::int64_t seq = 0;
  std::string hash;
  std::int64_t signed_at = 0;
  std::string public_key, signature;
};
std::string HeadMessage(std::int64_t seq, std::string_view hash, std::int64_t signed_at);
bool SignatureValid(const SignedHead& head);

// Walks a chain in seq order and names the first problem (pure).
class ChainChecker {
 public:
  // Starts after entry `seq` whose hash is `hash` (the genesis by default).
  explicit ChainChecker(std::int64_t seq = 0, std::string hash = std::string(kGenesisHash))
      : last_seq_(seq), last_hash_(std::move(hash)) {}
  // The next entry by its content hash (its content checked by the caller, or
  // withheld). Returns the problem, in words that name the entry, or nullopt.
  std::optional<std::string> Next(std::int64_t seq, std::int64_t id, std::string_view content_hash,
                                  std::string_view prev_hash, std::string_view hash);
  std::int64_t last_seq() const { return last_seq_; }
  const std::string& last_hash() const { return last_hash_; }

 private:
  std::int64_t last_seq_;
  std::string last_hash_;
};

// Seals up to `limit` committed unsealed entries, in id order, in the caller's
// write transaction; returns how many.
Result<int> SealAuditChain(store::Transaction& tx, int limit);
// Seals everything committed (in transactions of `batch` entries).
Status SealAll(store::Database& db, int batch = 5000);
// The head of the chain as sealed so far.
Result<std::pair<std::int64_t, std::string>> ChainHead(store::Transaction& tx);
// Signs the head with `key` and keeps the signature; returns it.
Result<SignedHead> SignChainHead(store::Transaction& tx, const EvidenceKey& key, Instant now);
// The seal job's work, in transactions of its own (never the job's: on PostgreSQL a
// transaction that both seals and queues a job is a pivot between the requests
// that write audit entries and queue jobs, and fails under load): seals what
// committed, then signs the head when the chain moved and kSignEvery passed since
// the last signature.
Status SealAndSign(store::Database& db, const EvidenceKey& key, Instant now);
// The seal job's record: itself again, kSealEvery seconds later.
Status QueueNextSeal(store::Transaction& tx, std::int64_t n, Instant now);
// Queues the seal job unless one is queued (as the server starts its jobs).
Status EnsureSealJob(store::Database& db, Instant now);

// `aftercare audit verify`: the whole chain, every signed head, the head row.
struct ChainReport {
  std::int64_t entries = 0, unsealed = 0, signed_heads = 0;
  std::int64_t head_seq = 0;
  std::string head_hash;
  std::optional<std::int64_t> oldest_unsealed_at;
  std::vector<std::string> keys;       // the public keys that signed heads
  std::optional<std::string> problem;  // the first one found; nullopt: intact
};
// `trusted_key` (hex): when given, a head signed by any other key is a problem.
Result<ChainReport> VerifyAuditChain(store::Database& db,
                                     const std::optional<std::string>& trusted_key,
                                     const std::function<void(std::int64_t)>& progress = {});
// Reads an entry's chain columns (the mapper of audit_log rows for the chain).
ChainEntry ChainEntryFrom(const store::Row& r);
// The columns ChainEntryFrom reads, for SELECT lists ("a." prefixed).
extern const char* const kChainColumns;

}  // namespace aftercare::service
