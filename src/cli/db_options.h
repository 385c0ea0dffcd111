// The options every subcommand that opens the store takes: --data DIR (the SQLite
// file, attachments/, the keys) and --db (a SQLite file or a postgresql:// URL).
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "store/db.h"

namespace aftercare::cli {

struct DbOptions {
  std::string data_dir = "aftercare-data";
  std::string db;
  std::string Url() const {
    if (!db.empty()) return db;
    return (std::filesystem::path(data_dir) / "aftercare.db").string();
  }
};

inline void AddDbOptions(CLI::App* cmd, DbOptions& o) {
  cmd->add_option("--data", o.data_dir, "data folder (SQLite file, attachments/)")
      ->capture_default_str();
  cmd->add_option("--db", o.db,
                  "SQLite file path or postgresql:// URL (default DATA/aftercare.db)");
}

// Prints the error on stderr; returns the exit code 1.
inline int Fail(const Error& e) {
  std::cerr << "aftercare: " << e.message;
  if (!e.detail.empty()) std::cerr << " (" << e.detail << ")";
  std::cerr << "\n";
  return 1;
}

// Opens the store, making the data folder for a SQLite file in it.
inline Result<std::unique_ptr<store::Database>> Open(const DbOptions& o) {
  if (o.db.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.data_dir, ec);
    if (ec) return Error::Io("cannot create the data folder " + o.data_dir + ": " + ec.message());
  }
  return store::OpenDatabase(o.Url());
}

}  // namespace aftercare::cli
