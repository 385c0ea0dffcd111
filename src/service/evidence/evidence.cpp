#include "service/evidence/evidence.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "core/tar.h"
#include "service/audit/audit.h"
#include "service/audit/chain.h"
#include "service/contracts/contracts.h"
#include "service/evidence/bundle_format.h"
#include "service/evidence/evidence_readme.h"
#include "service/permissions.h"
#include "service/roles.h"
#include "service/tx.h"
#include "sla/result_writer.h"
#include "sla/scenario_reader.h"

namespace aftercare::service {
namespace {

constexpr std::int64_t kPage = 20000;

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// Whose entries go into the bundle whole: the contract's own.
struct Relevant {
  std::string contract_id;
  std::set<std::string> tickets, notices, waivers;
  bool Has(const ChainEntry& e) const {
    if (e.entity == "contract") {
      return e.entity_id == contract_id && (e.action == "create" || e.action == "update");
    }
    if (e.entity == "ticket") {
      return (e.action == "create" || e.action == "event") && tickets.contains(e.entity_id);
    }
    if (e.entity == "notice") return e.action == "create" && notices.contains(e.entity_id);
    if (e.entity == "penalty_event") return e.action == "waive" && waivers.contains(e.entity_id);
    return false;
  }
};

Result<Relevant> LoadRelevant(store::Transaction& tx, std::int64_t contract_id) {
  Relevant r;
  r.contract_id = std::to_string(contract_id);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto tickets, tx.Query("SELECT id FROM tickets WHERE contract_id = $1", {contract_id}));
  for (const auto& t : tickets) r.tickets.insert(std::to_string(t.Int("id")));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto notices, tx.Query("SELECT id FROM notices WHERE contract_id = $1", {contract_id}));
  for (const auto& n : notices) r.notices.insert(std::to_string(n.Int("id")));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto waivers,
      tx.Query("SELECT ticket_id, metric FROM waivers WHERE contract_id = $1", {contract_id}));
  for (const auto& w : waivers) {
    r.waivers.insert(std::to_string(w.Int("ticket_id")) + "/" + w.Text("metric"));
  }
  return r;
}

std::string Line(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

struct Parts {
  std::string scenario;
  SignedHead head;
  FilePtr chain{nullptr, &std::fclose};
  EvidenceSummary summary;
};

// The chain from the contract's first entry to the head, one JSON line each.
Status WriteChain(store::Transaction& tx, const Relevant& relevant, std::int64_t head_seq,
                  Parts& out) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto first,
      tx.Query("SELECT MIN(a.seq) AS s FROM audit_log a WHERE a.seq IS NOT NULL AND "
               "((a.entity = 'contract' AND a.entity_id = $1) OR (a.entity = 'ticket' AND "
               "a.entity_id IN (SELECT CAST(t.id AS TEXT) FROM tickets t WHERE t.contract_id = "
               "$2)))",
               {relevant.contract_id, std::stoll(relevant.contract_id)}));
  const std::int64_t start = first[0].OptInt("s").value_or(head_seq + 1);
  std::string prev(kGenesisHash);
  if (start > 1) {
    AFTERCARE_ASSIGN_OR_RETURN(auto before,
                               tx.Query("SELECT hash FROM audit_log WHERE seq = $1", {start - 1}));
    if (before.empty())
      return Error::Io("the audit chain has a gap", "seq " + std::to_string(start - 1));
    prev = before[0].Text("hash");
  }
  out.chain.reset(std::tmpfile());
  if (!out.chain) return Error::Io("the evidence bundle could not be written", "tmpfile");
  auto put = [&](const nlohmann::json& j) {
    const std::string s = Line(j);
    return std::fwrite(s.data(), 1, s.size(), out.chain.get()) == s.size();
  };
  bool ok = put({{"after_seq", start - 1}, {"prev_hash", prev}});
  for (std::int64_t after = start - 1; after < head_seq;) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(std::string("SELECT ") + kChainColumns +
                     " FROM audit_log a WHERE a.seq > $1 AND a.seq <= $2 ORDER BY a.seq LIMIT $3",
                 {after, head_seq, kPage}));
    if (rows.empty()) break;
    for (const auto& r : rows) {
      ChainEntry e = ChainEntryFrom(r);
      if (relevant.Has(e)) {
        ok = ok && put({{"seq", e.seq}, {"hash", e.hash}, {"entry", EntryJson(e)}});
        ++out.summary.entries;
      } else {
        ok = ok && put({{"seq", e.seq}, {"hash", e.hash}, {"content_hash", ContentHash(e)}});
        ++out.summary.withheld;
      }
      after = e.seq;
    }
  }
  if (!ok || std::fflush(out.chain.get()) != 0) {
    return Error::Io("the evidence bundle could not be written", "chain");
  }
  return {};
}

Result<Parts> Collect(store::Database& db, const Context& ctx, const EvidenceKey& key,
                      std::int64_t contract_id, Instant when) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Parts> {
    Parts p;
    AFTERCARE_ASSIGN_OR_RETURN(std::int64_t customer, CheckContractVisible(tx, ctx, contract_id));
    // Everything committed joins the chain before the head is signed.
    for (int n = kPage; n == kPage;) {
      AFTERCARE_ASSIGN_OR_RETURN(n, SealAuditChain(tx, kPage));
    }
    AFTERCARE_ASSIGN_OR_RETURN(p.scenario, ScenarioText(tx, contract_id, when));
    AFTERCARE_ASSIGN_OR_RETURN(Relevant relevant, LoadRelevant(tx, contract_id));
    AFTERCARE_ASSIGN_OR_RETURN(p.head, SignChainHead(tx, key, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(WriteChain(tx, relevant, p.head.seq, p));
    AFTERCARE_ASSIGN_OR_RETURN(Contract c, LoadContractRow(tx, contract_id));
    p.summary.contract_number = c.number;
    p.summary.head_seq = p.head.seq;
    if (ctx.actor->vendor()) {
      AFTERCARE_RETURN_IF_ERROR(Audit(
          tx, ctx, "export", "contract", std::to_string(contract_id), nullptr,
          {{"format", "evidence"}, {"as_of", when.unix}, {"head_seq", p.head.seq}}, customer));
    }
    return p;
  });
}

}  // namespace

std::string ManifestMessage(std::string_view manifest_json) {
  return "aftercare evidence manifest\n" + std::string(manifest_json);
}

Result<EvidenceSummary> WriteEvidenceBundle(store::Database& db, const Context& ctx,
                                            const EvidenceKey& key, std::int64_t contract_id,
                                            std::optional<Instant> as_of, const std::string& path) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kEvidenceParties));
  const Instant when = as_of.value_or(ctx.now);
  if (when > ctx.now) return Error::Invalid("as_of must not be in the future", 0, "as_of");
  AFTERCARE_ASSIGN_OR_RETURN(Parts p, Collect(db, ctx, key, contract_id, when));
  auto scenario = sla::ReadScenario(p.scenario, sla::DefaultShipped());
  if (!scenario.ok()) {
    return Error{ErrorCode::kInternal,
                 "the contract's scenario does not read back",
                 {},
                 0,
                 scenario.error().message};
  }
  const std::string result =
      sla::ResultJson(scenario->input, sla::Evaluate(scenario->input)).dump(2) + "\n";
  const std::string readme = EvidenceReadme(p.summary.contract_number, when, p.head);
  const std::string head = HeadJson(p.head).dump(2) + "\n";

  FilePtr out(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!out) return Error::Io("the evidence bundle could not be written", path);
  tar::Writer w(out.get());
  nlohmann::ordered_json files = nlohmann::ordered_json::object();
  const std::int64_t mtime = ctx.now.unix;
  auto add = [&](const char* name, const std::string& text) -> Status {
    AFTERCARE_RETURN_IF_ERROR(w.AddString(tar::Member{name, 0, 0644, mtime}, text));
    files[name] = w.MemberSha256();
    return {};
  };
  AFTERCARE_RETURN_IF_ERROR(add("README.txt", readme));
  AFTERCARE_RETURN_IF_ERROR(add("scenario.yaml", p.scenario));
  AFTERCARE_RETURN_IF_ERROR(add("result.json", result));
  {
    std::FILE* chain = p.chain.get();
    const long size = std::ftell(chain);
    std::rewind(chain);
    AFTERCARE_RETURN_IF_ERROR(
        w.Begin(tar::Member{"chain.jsonl", static_cast<std::uint64_t>(size), 0644, mtime}));
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, chain)) > 0;) {
      AFTERCARE_RETURN_IF_ERROR(w.Write({buf, n}));
    }
    AFTERCARE_RETURN_IF_ERROR(w.End());
    files["chain.jsonl"] = w.MemberSha256();
  }
  AFTERCARE_RETURN_IF_ERROR(add("head.json", head));
  nlohmann::ordered_json manifest = {{"format", kEvidenceFormat},
                                     {"contract", p.summary.contract_number},
                                     {"contract_id", contract_id},
                                     {"as_of", when.unix},
                                     {"built_at", ctx.now.unix},
                                     {"public_key", key.public_key_hex()},
                                     {"files", files}};
  const std::string manifest_text = manifest.dump(2) + "\n";
  AFTERCARE_RETURN_IF_ERROR(
      w.AddString(tar::Member{"manifest.json", 0, 0644, mtime}, manifest_text));
  AFTERCARE_RETURN_IF_ERROR(w.AddString(tar::Member{"manifest.sig", 0, 0644, mtime},
                                        key.Sign(ManifestMessage(manifest_text)) + "\n"));
  AFTERCARE_RETURN_IF_ERROR(w.Finish());
  if (std::fflush(out.get()) != 0)
    return Error::Io("the evidence bundle could not be written", path);
  return p.summary;
}

}  // namespace aftercare::service
