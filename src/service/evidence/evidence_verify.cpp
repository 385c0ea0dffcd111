#include "service/evidence/evidence_verify.h"

#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/money.h"
#include "core/tar.h"
#include "service/audit/chain.h"
#include "service/audit/evidence_key.h"
#include "service/evidence/bundle_format.h"
#include "service/evidence/evidence.h"
#include "sla/result_writer.h"
#include "sla/scenario_reader.h"

namespace aftercare::service {
namespace {

constexpr std::size_t kMaxMember = std::size_t{1} << 30;  // 1 GiB
using json = nlohmann::json;

struct Member {
  std::string text, sha256;
};

Result<std::map<std::string, Member>> ReadMembers(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Error::Io("cannot read the bundle", path);
  tar::Reader reader(f.get());
  std::map<std::string, Member> out;
  for (;;) {
    auto m = reader.Next();
    if (!m.ok()) return Error::Invalid("not an evidence bundle: " + m.error().message);
    if (!*m) return out;
    auto text = reader.ReadAll(kMaxMember);
    if (!text.ok()) return Error::Invalid("not an evidence bundle: " + text.error().message);
    out[(*m)->name] = Member{std::move(*text), reader.MemberSha256()};
  }
}

std::string At(std::int64_t t) { return FormatRfc3339(Instant{t}, DefaultZone()); }

// The first place where two JSON values differ, as a JSON pointer; "" when equal.
std::string FirstDifference(const json& a, const json& b, const std::string& at, std::string& said,
                            std::string& gives) {
  if (a.type() != b.type() || (!a.is_object() && !a.is_array() && a != b)) {
    said = a.dump();
    gives = b.dump();
    return at.empty() ? "/" : at;
  }
  if (a.is_array()) {
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      auto d = FirstDifference(a[i], b[i], at + "/" + std::to_string(i), said, gives);
      if (!d.empty()) return d;
    }
    if (a.size() != b.size()) {
      said = std::to_string(a.size()) + " items";
      gives = std::to_string(b.size());
      return at.empty() ? "/" : at;
    }
  } else if (a.is_object()) {
    for (const auto& [k, v] : a.items()) {
      if (!b.contains(k)) {
        said = v.dump();
        gives = "nothing";
        return at + "/" + k;
      }
      auto d = FirstDifference(v, b.at(k), at + "/" + k, said, gives);
      if (!d.empty()) return d;
    }
    for (const auto& [k, v] : b.items()) {
      if (!a.contains(k)) {
        said = "nothing";
        gives = v.dump();
        return at + "/" + k;
      }
    }
  }
  return "";
}

// One SLA event as the audit chain recorded it.
struct Recorded {
  std::int64_t seq = 0, at = 0;
  sla::EventKind kind = sla::EventKind::kReceived;
  std::optional<sla::Priority> to;
};

struct ChainFacts {
  std::map<std::string, std::vector<Recorded>> events;  // by ticket id
  std::vector<std::pair<std::int64_t, json>> notices;   // seq, after
  std::optional<std::pair<std::int64_t, json>> terms;   // the last create/update of the contract
};

void Collect(const ChainEntry& e, ChainFacts& facts) {
  const json after = e.after_json ? json::parse(*e.after_json, nullptr, false) : json();
  if (!after.is_object()) return;
  if (e.entity == "ticket" && e.action == "create") {
    Recorded r{e.seq, IntAt(after, "received_at").value_or(e.at), sla::EventKind::kReceived,
               sla::ParsePriority(TextAt(after, "priority").value_or(""))};
    facts.events[e.entity_id].push_back(r);
  } else if (e.entity == "ticket" && e.action == "event") {
    auto kind = sla::ParseEventKind(TextAt(after, "kind").value_or(""));
    if (!kind) return;  // notes, contacts: not SLA events
    Recorded r{e.seq, IntAt(after, "at").value_or(e.at), *kind, std::nullopt};
    if (*kind == sla::EventKind::kPriority)
      r.to = sla::ParsePriority(TextAt(after, "priority").value_or(""));
    facts.events[e.entity_id].push_back(r);
  } else if (e.entity == "notice") {
    facts.notices.emplace_back(e.seq, after);
  } else if (e.entity == "contract") {
    facts.terms = std::make_pair(e.seq, after);
  }
}

// chain.jsonl through to the head; the whole entries' facts.
void CheckChain(const std::string& text, const json& head, EvidenceCheck& out, ChainFacts& facts) {
  std::istringstream in(text);
  std::string line;
  std::int64_t n = 0;
  std::optional<ChainChecker> checker;
  bool reported = false;
  auto problem = [&](const std::string& p) {
    if (!reported) out.problems.push_back("chain.jsonl line " + std::to_string(n) + ": " + p);
    reported = true;
  };
  while (std::getline(in, line)) {
    ++n;
    json j = json::parse(line, nullptr, false);
    if (!j.is_object()) {
      problem("not a JSON object");
      continue;
    }
    if (!checker) {
      checker.emplace(IntAt(j, "after_seq").value_or(0), TextAt(j, "prev_hash").value_or(""));
      continue;
    }
    const std::int64_t seq = IntAt(j, "seq").value_or(0);
    std::string content_hash;
    std::int64_t id = 0;
    if (j.contains("entry") && j["entry"].is_object()) {
      ChainEntry e = EntryFromJson(seq, j["entry"]);
      content_hash = ContentHash(e);
      id = e.id;
      Collect(e, facts);
      ++out.entries;
    } else {
      content_hash = TextAt(j, "content_hash").value_or("");
      ++out.withheld;
    }
    auto p =
        checker->Next(seq, id, content_hash, checker->last_hash(), TextAt(j, "hash").value_or(""));
    if (p) problem(*p);
  }
  if (!checker) return problem("empty");
  const std::int64_t head_seq = IntAt(head, "seq").value_or(-1);
  if (!reported && (checker->last_seq() != head_seq ||
                    checker->last_hash() != TextAt(head, "hash").value_or(""))) {
    out.problems.push_back(
        "chain.jsonl: the chain ends at #" + std::to_string(checker->last_seq()) +
        " with another hash than head.json's signed head #" + std::to_string(head_seq));
  }
}

std::string EventWords(const std::string& number, std::size_t i, sla::EventKind kind) {
  return "scenario.yaml: ticket " + number + ", event " + std::to_string(i + 1) + " (" +
         std::string(sla::Name(kind)) + ")";
}

// Every ticket event and notice of the scenario against its audit entry.
void CheckFacts(const sla::EvaluationInput& in, const ChainFacts& facts, EvidenceCheck& out) {
  std::map<std::string, bool> seen;
  for (const sla::Ticket& t : in.tickets) {
    ++out.tickets;
    // "TK-000042" names ticket 42.
    const std::string id =
        std::to_string(std::strtoll(t.id.c_str() + (t.id.size() > 3 ? 3 : 0), nullptr, 10));
    seen[id] = true;
    auto it = facts.events.find(id);
    const std::vector<Recorded> none;
    const std::vector<Recorded>& rec = it == facts.events.end() ? none : it->second;
    for (std::size_t i = 0; i < t.events.size(); ++i) {
      const sla::Event& e = t.events[i];
      ++out.events;
      if (i >= rec.size()) {
        out.problems.push_back(EventWords(t.id, i, e.kind) + " at " + At(e.at.unix) +
                               " has no audit entry");
        break;
      }
      const Recorded& r = rec[i];
      if (r.kind != e.kind) {
        out.problems.push_back(EventWords(t.id, i, e.kind) + ": its audit entry #" +
                               std::to_string(r.seq) + " records " +
                               std::string(sla::Name(r.kind)));
      } else if (r.at != e.at.unix) {
        out.problems.push_back(EventWords(t.id, i, e.kind) + ": at " + At(e.at.unix) +
                               ", its audit entry #" + std::to_string(r.seq) + " says " + At(r.at));
      } else if (e.kind == sla::EventKind::kPriority && r.to && *r.to != e.to) {
        out.problems.push_back(EventWords(t.id, i, e.kind) + ": to " +
                               std::string(sla::Name(e.to)) + ", its audit entry #" +
                               std::to_string(r.seq) + " says " + std::string(sla::Name(*r.to)));
      } else if (i == 0 && r.to && *r.to != t.priority) {
        out.problems.push_back("scenario.yaml: ticket " + t.id + ": priority " +
                               std::string(sla::Name(t.priority)) + ", its audit entry #" +
                               std::to_string(r.seq) + " says " + std::string(sla::Name(*r.to)));
      }
    }
    if (rec.size() > t.events.size()) {
      out.problems.push_back("scenario.yaml: ticket " + t.id + " has " +
                             std::to_string(t.events.size()) +
                             " events, its audit entries record " + std::to_string(rec.size()) +
                             " (the next: #" + std::to_string(rec[t.events.size()].seq) + ")");
    }
  }
  for (const auto& [id, rec] : facts.events) {
    if (!seen.contains(id)) {
      out.problems.push_back("scenario.yaml: ticket " + id + " is missing: its audit entry #" +
                             std::to_string(rec.front().seq) + " is in the chain");
    }
  }
  for (std::size_t i = 0; i < std::max(in.notices.size(), facts.notices.size()); ++i) {
    const std::string where = "scenario.yaml: written notice " + std::to_string(i + 1);
    if (i >= facts.notices.size()) {
      out.problems.push_back(where + " has no audit entry");
    } else if (i >= in.notices.size()) {
      out.problems.push_back(where + " is missing: its audit entry #" +
                             std::to_string(facts.notices[i].first) + " is in the chain");
    } else if (IntAt(facts.notices[i].second, "at").value_or(0) != in.notices[i].at.unix ||
               IntAt(facts.notices[i].second, "cure_days").value_or(0) != in.notices[i].cure_days) {
      out.problems.push_back(
          where + " at " + At(in.notices[i].at.unix) + ": its audit entry #" +
          std::to_string(facts.notices[i].first) + " says " +
          At(IntAt(facts.notices[i].second, "at").value_or(0)) + ", " +
          std::to_string(IntAt(facts.notices[i].second, "cure_days").value_or(0)) + " cure days");
    }
  }
  if (facts.terms && facts.terms->second.contains("value")) {
    auto value = ParseYuan(facts.terms->second["value"].is_string()
                               ? facts.terms->second["value"].get<std::string>()
                               : facts.terms->second["value"].dump());
    if (value.ok() && *value != in.contract.value_fen) {
      out.problems.push_back("scenario.yaml: the contract's value is " +
                             FormatYuan(in.contract.value_fen) + ", its audit entry #" +
                             std::to_string(facts.terms->first) + " says " + FormatYuan(*value));
    }
  }
}

void CheckSignatures(const std::map<std::string, Member>& files, const json& manifest,
                     const json& head, const std::optional<std::string>& trusted_key,
                     EvidenceCheck& out) {
  const std::string key = TextAt(manifest, "public_key").value_or("");
  out.public_key = key;
  if (trusted_key && key != *trusted_key) {
    out.problems.push_back("manifest.json: signed by key " + key + ", not the key you trust " +
                           *trusted_key);
  }
  std::string sig = files.at("manifest.sig").text;
  while (!sig.empty() && (sig.back() == '\n' || sig.back() == '\r')) sig.pop_back();
  if (!EvidenceKey::Verify(key, ManifestMessage(files.at("manifest.json").text), sig)) {
    out.problems.push_back("manifest.sig: the manifest's signature does not check");
  }
  const SignedHead h = HeadFromJson(head);
  if (!SignatureValid(h)) out.problems.push_back("head.json: the head's signature does not check");
  if (h.public_key != key)
    out.problems.push_back("head.json: signed by another key than the manifest");
  if (manifest.contains("files") && manifest["files"].is_object()) {
    for (const auto& [name, sha] : manifest["files"].items()) {
      auto it = files.find(name);
      if (it == files.end()) {
        out.problems.push_back(name + ": missing from the bundle");
      } else if (!sha.is_string() || it->second.sha256 != sha.get<std::string>()) {
        out.problems.push_back(name +
                               ": changed after the bundle was signed (its SHA-256 is not "
                               "the manifest's)");
      }
    }
  }
}

}  // namespace

Result<EvidenceCheck> VerifyEvidenceBundle(const std::string& path,
                                           const std::optional<std::string>& trusted_key) {
  AFTERCARE_ASSIGN_OR_RETURN(auto files, ReadMembers(path));
  for (const char* name : {"manifest.json", "manifest.sig", "head.json", "chain.jsonl",
                           "scenario.yaml", "result.json"}) {
    if (!files.contains(name)) {
      return Error::Invalid("not an evidence bundle: " + std::string(name) + " is missing");
    }
  }
  EvidenceCheck out;
  const json manifest = json::parse(files["manifest.json"].text, nullptr, false);
  const json head = json::parse(files["head.json"].text, nullptr, false);
  if (!manifest.is_object()) out.problems.push_back("manifest.json: not JSON");
  if (!head.is_object()) out.problems.push_back("head.json: not JSON");
  if (!out.problems.empty()) return out;
  out.contract = TextAt(manifest, "contract").value_or("");
  out.as_of = IntAt(manifest, "as_of").value_or(0);
  out.head_seq = IntAt(head, "seq").value_or(0);
  ChainFacts facts;
  CheckChain(files["chain.jsonl"].text, head, out, facts);
  auto scenario = sla::ReadScenario(files["scenario.yaml"].text, sla::DefaultShipped());
  if (!scenario.ok()) {
    out.problems.push_back("scenario.yaml line " + std::to_string(scenario.error().line) + ": " +
                           scenario.error().message);
  } else {
    CheckFacts(scenario->input, facts, out);
    const sla::Evaluation ev = sla::Evaluate(scenario->input);
    const json replay = json::parse(sla::ResultJson(scenario->input, ev).dump());
    out.state = std::string(sla::Name(ev.compliance.state));
    out.penalty_total_fen = ev.penalty_total_fen;
    out.strikes = ev.compliance.strikes;
    const json stated = json::parse(files["result.json"].text, nullptr, false);
    std::string said, gives;
    const std::string where = FirstDifference(stated, replay, "", said, gives);
    if (!where.empty()) {
      out.problems.push_back("result.json " + where + ": says " + said +
                             ", replaying scenario.yaml gives " + gives);
    }
  }
  CheckSignatures(files, manifest, head, trusted_key, out);
  return out;
}

}  // namespace aftercare::service
