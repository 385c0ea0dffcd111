#include "cli/audit_commands.h"

#include <iostream>
#include <memory>

#include "cli/db_options.h"
#include "cli/replay_command.h"
#include "core/money.h"
#include "core/time.h"
#include "service/accounts/accounts.h"
#include "service/audit/chain.h"
#include "service/audit/evidence_key.h"
#include "service/evidence/evidence_verify.h"
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

int RunEvidenceVerify(const std::string& bundle, const std::string& public_key) {
  std::optional<std::string> trusted;
  if (!public_key.empty()) trusted = public_key;
  auto check = service::VerifyEvidenceBundle(bundle, trusted);
  if (!check.ok()) {
    std::cerr << bundle << ": " << check.error().message;
    if (!check.error().detail.empty()) std::cerr << " (" << check.error().detail << ")";
    std::cerr << "\n";
    return check.error().code == ErrorCode::kIo ? 1 : kExitBadInput;
  }
  std::cout << "aftercare: evidence bundle of contract " << check->contract << " as of "
            << FormatRfc3339(Instant{check->as_of}, DefaultZone()) << "\n"
            << "aftercare: " << check->tickets << " tickets, " << check->events
            << " events checked against " << check->entries << " audit entries (" << check->withheld
            << " others' entries by hash); chain to the signed head #" << check->head_seq << "\n"
            << "aftercare: replayed: state " << check->state << ", " << check->strikes
            << " strikes, penalties " << FormatYuan(check->penalty_total_fen) << " yuan\n"
            << "aftercare: signed by key " << check->public_key
            << (trusted ? " (the key you trust)" : " (give --public-key to require it)") << "\n";
  if (!check->problems.empty()) {
    for (const auto& p : check->problems) std::cerr << "aftercare: TAMPERED: " << p << "\n";
    return kExitTampered;
  }
  std::cout << "aftercare: the evidence bundle is intact\n";
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
  auto bundle = std::make_shared<std::string>();
  auto bundle_key = std::make_shared<std::string>();
  CLI::App* evidence = app.add_subcommand("evidence", "Evidence bundles of a contract");
  evidence->require_subcommand(1);
  CLI::App* check = evidence->add_subcommand(
      "verify",
      "Check an evidence bundle offline: signatures, the audit chain, every event "
      "against its audit entry, and the replay");
  check->add_option("BUNDLE", *bundle, "the bundle (.tar) downloaded from aftercare")->required();
  check->add_option("--public-key", *bundle_key,
                    "the vendor's public key (hex, /api/v1/evidence/key) the bundle must be "
                    "signed with");
  return [=]() -> int {
    if (!verify->parsed() && !check->parsed()) return -1;
    if (!service::InitCrypto()) return Fail(Error::Io("libsodium cannot be initialised"));
    if (verify->parsed()) return RunAuditVerify(*o);
    if (check->parsed()) return RunEvidenceVerify(*bundle, *bundle_key);
    return -1;
  };
}

}  // namespace aftercare::cli
