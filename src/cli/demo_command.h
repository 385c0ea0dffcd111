// `aftercare demo`: fills an empty database with a realistic demo data set
// (customers, systems, contracts, users of every role, a few hundred tickets over
// the last 60 days in every SLA state, one contract whose termination condition is
// met and one with Party A's notice pending) through the service layer, so every
// row is valid and audited. Prints the logins.
#pragma once

#include <string>

#include "service/channels/secret_box.h"
#include "store/db.h"

namespace aftercare::cli {

inline constexpr const char* kDemoPassword = "demo-2026";

// Errors when the database already has users (the demo never mixes with real data).
// `secrets` seals the demo channels' secrets: the key the server will run with;
// `data_dir` is where the demo's backup file goes (DATA/backups; empty: none).
Status LoadDemo(store::Database& db, const service::SecretBox& secrets, std::string& summary,
                const std::string& data_dir = {});
// With a throwaway key (the HTTP fuzzer: nothing is ever sent).
inline Status LoadDemo(store::Database& db, std::string& summary) {
  return LoadDemo(db, service::SecretBox::Random(), summary);
}

}  // namespace aftercare::cli
