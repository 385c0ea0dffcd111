#include "cli/server_commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/db_options.h"
#include "cli/demo_command.h"
#include "cli/install_layout.h"
#include "cli/replay_command.h"
#include "cli/server_settings.h"
#include "http/api.h"
#include "http/server.h"
#include "jobs/job_areas.h"
#include "service/accounts/accounts.h"
#include "store/migrations.h"

namespace aftercare::cli {
namespace {

// The key that seals channel secrets: --secret-key, else beside the data (made on
// first use). `serve` and `demo` find the same one, so the demo's channels send.
Result<service::SecretBox> OpenSecretBox(const DbOptions& db_opts, const std::string& secret_key) {
  return service::SecretBox::FromKeyFile(KeyPath(db_opts, secret_key, "secret.key"));
}

// `aftercare demo`: an empty database filled with demo data.
int RunDemo(const DbOptions& db_opts, const std::string& secret_key) {
  auto database = Open(db_opts);
  if (!database.ok()) return Fail(database.error());
  auto n = store::Migrate(**database);
  if (!n.ok()) return Fail(n.error());
  auto box = OpenSecretBox(db_opts, secret_key);
  if (!box.ok()) return Fail(box.error());
  std::string summary;
  if (Status s = LoadDemo(**database, *box, summary, db_opts.data_dir); !s.ok()) {
    return Fail(s.error());
  }
  std::cout << "aftercare: " << summary << " in " << RedactedDatabaseUrl(db_opts.Url()) << "\n"
            << "aftercare: every demo user's password is " << kDemoPassword << "\n"
            << "  admin (administrator), manager, leader (team leader), agent, agent2,\n"
            << "  engineer, engineer2, and Party A: hospital, transport, education, bank\n";
  return 0;
}

// `aftercare user add`: a user made by the command line (the first administrator).
int RunUserAdd(const DbOptions& db_opts, service::NewUser user, const std::string& role,
               bool password_stdin) {
  if (password_stdin) std::getline(std::cin, user.password);
  auto r = service::ParseRole(role);
  if (!r) return Fail(Error::Invalid("unknown role " + role));
  user.role = *r;
  auto database = Open(db_opts);
  if (!database.ok()) return Fail(database.error());
  if (Status s = store::CheckSchema(**database); !s.ok()) return Fail(s.error());
  service::Context ctx;
  ctx.actor = service::Actor{0, "cli", service::Role::kAdmin, std::nullopt, "cli"};
  ctx.request_id = "cli";
  ctx.now = Now();
  auto created = service::CreateUser(**database, ctx, user);
  if (!created.ok()) {
    std::cerr << "aftercare: " << created.error().message;
    if (!created.error().field.empty()) std::cerr << " (" << created.error().field << ")";
    std::cerr << "\n";
    return 2;
  }
  std::cout << "aftercare: created user " << created->login << " (id " << created->id << ", "
            << service::Name(created->role) << ")\n";
  return 0;
}

// `aftercare serve`: the API (and the web UI) until SIGINT or SIGTERM.
int RunServe(const DbOptions& db_opts, const std::shared_ptr<http::ServerOptions>& server,
             const std::shared_ptr<http::ApiOptions>& api_options, const std::string& web_root,
             int job_threads, int job_lease, const std::string& secret_key,
             const std::string& evidence_key) {
  auto database = Open(db_opts);
  if (!database.ok()) return Fail(database.error());
  if (Status s = store::CheckSchema(**database); !s.ok()) return Fail(s.error());
  server->on_response = nullptr;
  api_options->attachments_dir = (std::filesystem::path(db_opts.data_dir) / "attachments").string();
  api_options->data_dir = db_opts.data_dir;
  api_options->web_root = web_root;
  auto box = OpenSecretBox(db_opts, secret_key);
  if (!box.ok()) return Fail(box.error());
  api_options->secrets = std::make_shared<const service::SecretBox>(*box);
  auto signer = service::EvidenceKey::FromKeyFile(KeyPath(db_opts, evidence_key, "evidence.key"));
  if (!signer.ok()) return Fail(signer.error());
  api_options->evidence = std::make_shared<const service::EvidenceKey>(*signer);
  http::Api api(**database, *api_options);
  if (api.WebFiles() == 0) {
    std::cout << "aftercare: no web UI at '" << web_root
              << "' (build it: cd web && npm ci && npm run build); serving the API only"
              << std::endl;
  }
  server->on_response = [&api](unsigned status) { api.Observe(status); };
  // Background work (SLA timers, deliveries) on threads of its own, beside the
  // HTTP threads; servers sharing a PostgreSQL database share its queue.
  jobs::Runner runner(**database, jobs::RunnerOptions{.threads = std::max(1, job_threads),
                                                      .poll = std::chrono::milliseconds(250),
                                                      .lease = job_lease});
  jobs::JobEnv job_env{**database, *api_options->secrets, api_options->attachments_dir,
                       *api_options->evidence, db_opts.data_dir};
  jobs::RegisterAllJobs(runner, job_env);
  if (job_threads > 0) runner.Start();
  Status s = http::Serve(
      *server, [&api](http::Request& req, http::Exchange& x) { return api.Handle(req, x); },
      [&](unsigned short port) {
        std::cout << "aftercare: serving on http://" << server->address << ":" << port
                  << "/ (database: " << RedactedDatabaseUrl(db_opts.Url()) << ")" << std::endl;
      });
  runner.Stop();
  if (!s.ok()) return Fail(s.error());
  return 0;
}

}  // namespace

std::function<int()> AddServerCommands(CLI::App& app) {
  auto db_opts = std::make_shared<DbOptions>();
  auto server = std::make_shared<http::ServerOptions>();
  auto user = std::make_shared<service::NewUser>();
  auto role = std::make_shared<std::string>("admin");
  auto password_stdin = std::make_shared<bool>(false);

  CLI::App* demo =
      app.add_subcommand("demo", "Create an empty database and fill it with demo data");
  AddDbOptions(demo, *db_opts);
  auto secret_key = std::make_shared<std::string>();
  demo->add_option("--secret-key", *secret_key,
                   "the key file that seals the demo channels' secrets (default: DATA/secret.key, "
                   "made if missing); serve with the same one");

  CLI::App* serve = app.add_subcommand("serve", "Run the HTTP server (API under /api/v1)");
  AddDbOptions(serve, *db_opts);
  serve->add_option("--listen", server->address, "address to listen on")->capture_default_str();
  serve->add_option("--port", server->port, "port (0: any free port)")->capture_default_str();
  serve->add_option("--threads", server->threads, "worker threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  auto job_threads = std::make_shared<int>(1);
  serve
      ->add_option("--jobs", *job_threads,
                   "background job threads (SLA timers); 0: this server runs none, another "
                   "server on the same database does")
      ->check(CLI::Range(0, 16))
      ->capture_default_str();
  auto job_lease = std::make_shared<int>(60);
  serve
      ->add_option("--job-lease", *job_lease,
                   "seconds a job stays with the server that took it; a killed server's jobs "
                   "are taken up again after it (keep it at least twice a delivery's longest "
                   "attempt, 20 s, or a slow attempt may be sent again)")
      ->check(CLI::Range(5, 3600))
      ->capture_default_str();
  auto web_root = std::make_shared<std::string>(DefaultWebRoot());
  serve->add_option("--web", *web_root,
                    "the built web UI, served at / ('': none; default: PREFIX/share/aftercare/web "
                    "beside an installed binary, web/dist from the build tree)")
      ->capture_default_str();
  auto api_options = std::make_shared<http::ApiOptions>();
  serve->add_option("--secret-key", *secret_key,
                    "the key file that seals channel secrets (default: DATA/secret.key, made on "
                    "first start); servers sharing a database share it");
  auto evidence_key = std::make_shared<std::string>();
  serve->add_option("--evidence-key", *evidence_key,
                    "the Ed25519 key file that signs the audit chain and evidence bundles "
                    "(default: DATA/evidence.key, made on first start); servers sharing a "
                    "database share it");
  serve->add_option("--metrics-token", api_options->metrics_token,
                    "bearer token for /metrics from other hosts (without one, loopback only); "
                    "keep it out of the command line: AFTERCARE_METRICS_TOKEN or --config");
  serve->add_flag("--behind-proxy", api_options->behind_proxy,
                  "a reverse proxy on this machine terminates TLS: trust its X-Forwarded-Proto "
                  "and X-Forwarded-For");
  auto check_config = std::make_shared<bool>(false);

  CLI::App* db = app.add_subcommand("db", "Database administration");
  db->require_subcommand(1);
  CLI::App* migrate = db->add_subcommand("migrate", "Apply pending schema migrations");
  AddDbOptions(migrate, *db_opts);

  CLI::App* users = app.add_subcommand("user", "User administration");
  users->require_subcommand(1);
  CLI::App* add = users->add_subcommand("add", "Create a user (e.g. the first administrator)");
  AddDbOptions(add, *db_opts);
  add->add_option("--login", user->login, "login name")->required();
  add->add_option("--name", user->display_name, "display name")->required();
  add->add_option("--role", *role, "agent, engineer, team_leader, manager, party_a or admin")
      ->capture_default_str();
  add->add_option("--customer", user->customer_id, "customer id (party_a users)");
  add->add_option("--password", user->password, "password (prefer --password-stdin)");
  add->add_flag("--password-stdin", *password_stdin, "read the password from standard input");

  // The settings are serve's options; every command that has some of them reads
  // them from the environment and the --config file too.
  auto settings = std::make_shared<ServerSettings>(*serve);
  for (CLI::App* cmd : {serve, demo, migrate, add}) settings->AddConfigOption(cmd);
  serve->add_flag("--check-config", *check_config,
                  "print the settings serve would run with and where each came from (secrets "
                  "hidden), then exit");

  return [=]() -> int {
    for (CLI::App* cmd : {serve, demo, migrate, add}) {
      if (!cmd->parsed()) continue;
      auto sources = settings->Fill(*cmd);
      if (!sources.ok()) {
        std::cerr << "aftercare: " << sources.error().message << "\n";
        return kExitBadInput;
      }
      if (cmd == serve && *check_config) {
        std::cout << ServerSettings::Describe(*serve, *sources);
        return 0;
      }
    }
    if (!service::InitCrypto()) return Fail(Error::Io("libsodium cannot be initialised"));
    if (migrate->parsed()) {
      auto database = Open(*db_opts);
      if (!database.ok()) return Fail(database.error());
      auto n = store::Migrate(**database);
      if (!n.ok()) return Fail(n.error());
      std::cout << "aftercare: applied " << *n << " migration(s); schema version "
                << store::LatestSchemaVersion() << "\n";
      return 0;
    }
    if (demo->parsed()) return RunDemo(*db_opts, *secret_key);
    if (add->parsed()) return RunUserAdd(*db_opts, *user, *role, *password_stdin);
    if (serve->parsed()) {
      return RunServe(*db_opts, server, api_options, *web_root, *job_threads, *job_lease,
                      *secret_key, *evidence_key);
    }
    return -1;
  };
}

}  // namespace aftercare::cli
