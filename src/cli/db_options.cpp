#include "cli/db_options.h"

#include <iostream>

namespace aftercare::cli {

void AddDbOptions(CLI::App* cmd, DbOptions& o) {
  cmd->add_option("--data", o.data_dir, "data folder (SQLite file, attachments/)")
      ->capture_default_str();
  cmd->add_option("--db", o.db,
                  "SQLite file path or postgresql:// URL (default DATA/aftercare.db); keep a "
                  "password out of the command line: AFTERCARE_DB or the --config file");
}

int Fail(const Error& e) {
  std::cerr << "aftercare: " << e.message;
  if (!e.detail.empty()) std::cerr << " (" << e.detail << ")";
  std::cerr << "\n";
  return 1;
}

Result<std::unique_ptr<store::Database>> Open(const DbOptions& o) {
  if (o.db.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.data_dir, ec);
    if (ec) return Error::Io("cannot create the data folder " + o.data_dir + ": " + ec.message());
  }
  return store::OpenDatabase(o.Url());
}

std::string KeyPath(const DbOptions& o, const std::string& named, const char* name) {
  if (!named.empty()) return named;
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  return (std::filesystem::path(o.data_dir) / name).string();
}

}  // namespace aftercare::cli
