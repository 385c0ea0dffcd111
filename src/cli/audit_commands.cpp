#include "cli/audit_commands.h"

#include <iostream>
#include <memory>

#include "cli/db_options.h"
#include "core/time.h"
#include "service/audit/chain.h"
#include "service/audit/evidence_key.h"
#include "store/migrations.h"

namespace aftercare::cli {
namespace {

struct AuditOptions {
  DbOptions db;
  std::string public_key;    // hex, or empty
  std::string evidence_key;  // the key file whose public key is trusted
};

int RunAuditVerify(const AuditOptions& o) {
  auto database = Open(o.db);
  if (!database.ok()) return Fail(database.error());
  if (Status s = store::CheckSchema(**database); !s.ok()) return Fail(s.error());
  std::optional<std::string> trusted;
  if (!o.public_key.empty()) {
    trusted = o.public_key;
  } else {
    // The server's own key when it is here: heads signed by any other key are news.
    auto key = service::EvidenceKey::FromKeyFile(KeyPath(o.db, o.evidence_key, "evidence.key"),
                                                 /*make=*/false);
    if (key.ok()) trusted = key->public_key_hex();
  }
  auto report = service::VerifyAuditChain(**database, trusted);
  if (!report.ok()) return Fail(report.error());
  std::cout << "aftercare: audit chain: " << report->entries << " entries, head #"
            << report->head_seq << " " << report->head_hash << "\n"
            << "aftercare: " << report->signed_heads << " signed head(s)";
  if (trusted) std::cout << ", trusted key " << *trusted;
  std::cout << "\n";
  if (report->unsealed > 0) {
    std::cout << "aftercare: " << report->unsealed
              << " newer entries are not sealed yet (the server seals them every "
              << service::kSealEvery << " s), the oldest from "
              << FormatRfc3339(Instant{report->oldest_unsealed_at.value_or(0)}, DefaultZone())
              << "\n";
  }
  if (report->problem) {
    std::cerr << "aftercare: TAMPERED: " << *report->problem << "\n";
    return kExitTampered;
  }
  std::cout << "aftercare: the audit chain is intact\n";
  return 0;
}

}  // namespace

std::function<int()> AddAuditCommands(CLI::App& app) {
  auto o = std::make_shared<AuditOptions>();
  CLI::App* audit = app.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify", "Walk the audit chain; name the first entry altered, deleted or reordered");
  AddDbOptions(verify, o->db);
  verify->add_option("--public-key", o->public_key,
                     "the public key (hex) heads must be signed with (default: the key in "
                     "DATA/evidence.key)");
  verify->add_option("--evidence-key", o->evidence_key,
                     "the server's key file, when not DATA/evidence.key");
  return [=]() -> int {
    if (verify->parsed()) return RunAuditVerify(*o);
    return -1;
  };
}

}  // namespace aftercare::cli
