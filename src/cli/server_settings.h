// The server's settings from outside its command line (issue 13, running it for
// real): environment variables and a configuration file, so that a service needs
// no long command line and keeps its secrets (the metrics token, a database
// password in the URL) out of `ps`.
//
// A setting is one of `aftercare serve`'s options; its key is the option's long
// name with '_' for '-' (data, db, listen, port, threads, jobs, job_lease, web,
// secret_key, evidence_key, metrics_token, behind_proxy). Where each comes from, first
// found wins:
//   1. the command line (--port 8443);
//   2. the environment: AFTERCARE_<KEY> upper-cased (AFTERCARE_PORT=8443);
//   3. the configuration file: `--config FILE`, else $AFTERCARE_CONFIG (no file is
//      read unless one is named), a YAML map of keys to single values;
//   4. the option's default.
// A value from the environment or the file goes through the option's own
// conversion and checks, exactly as if it had been typed as the flag. `db migrate`,
// `demo` and `user add` read the same places for the settings they have (data, db,
// secret_key), so an administrator runs them against the service's database with
// the same `--config`.
//
// Errors (the command then does nothing): a file that cannot be read, is over
// kMaxConfigBytes or is not YAML; a key no setting has, given twice, or without a
// single value; a bad value. Each names the file and line, or the variable, and
// the key.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <map>
#include <set>
#include <string>

#include "core/result.h"

namespace aftercare::cli {

inline constexpr std::size_t kMaxConfigBytes = 64 * 1024;
inline constexpr char kConfigEnv[] = "AFTERCARE_CONFIG";

// Where each setting of a command came from: "command line", "environment
// AFTERCARE_PORT", "FILE line 3" or "default".
using SettingSources = std::map<std::string, std::string>;

// The URL with its password (user:PASSWORD@, password=PASSWORD) as ***: for logs.
std::string RedactedDatabaseUrl(std::string url);

class ServerSettings {
 public:
  // The settings are `serve`'s options, all but --help and --config.
  explicit ServerSettings(const CLI::App& serve);

  // Adds --config to `cmd` (serve and the administration commands).
  void AddConfigOption(CLI::App* cmd);

  // After parsing: fills each setting `cmd` has that its command line did not give,
  // from the environment, then from the configuration file.
  Result<SettingSources> Fill(CLI::App& cmd) const;

  // "key: value  (source)" for every setting of `cmd`, a secret shown as "(set)"
  // and a database URL without its password: `serve --check-config`.
  static std::string Describe(const CLI::App& cmd, const SettingSources& sources);

 private:
  std::set<std::string> keys_;
  std::string config_file_;
};

}  // namespace aftercare::cli
