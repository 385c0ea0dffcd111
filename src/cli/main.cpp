// aftercare: one binary, subcommands. Only the CLI reads files and stdin.
#include <CLI/CLI.hpp>

#include "cli/audit_commands.h"
#include "cli/backup_command.h"
#include "cli/replay_command.h"
#include "cli/server_commands.h"

int main(int argc, char** argv) {
  CLI::App app{"aftercare: after-sales service platform that proves its SLA promises"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "aftercare 0.1.0");

  CLI::App* sla = app.add_subcommand("sla", "SLA and compliance engine");
  sla->require_subcommand(1);
  std::string path;
  CLI::App* replay = sla->add_subcommand(
      "replay", "Evaluate a scenario file (YAML, `-` for stdin) and print the result as JSON");
  replay->add_option("FILE", path, "scenario file, or - for standard input")->required();

  auto run_server_command = aftercare::cli::AddServerCommands(app);
  auto run_audit_command = aftercare::cli::AddAuditCommands(app);
  auto run_backup_command = aftercare::cli::AddBackupCommands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : aftercare::cli::kExitBadInput;
  }
  if (replay->parsed()) return aftercare::cli::RunReplay(path);
  if (int rc = run_server_command(); rc >= 0) return rc;
  if (int rc = run_audit_command(); rc >= 0) return rc;
  if (int rc = run_backup_command(); rc >= 0) return rc;
  return aftercare::cli::kExitBadInput;
}
