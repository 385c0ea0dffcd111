// What the commands that open the database share: --data and --db, opening it, and
// printing an error.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"
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

void AddDbOptions(CLI::App* cmd, DbOptions& o);
// Prints "aftercare: message (detail)" on stderr; returns 1.
int Fail(const Error& e);
// Opens the database (making the data folder for a SQLite file in it).
Result<std::unique_ptr<store::Database>> Open(const DbOptions& o);
// A key file: `named`, else `name` in the data folder (the folder made if missing).
std::string KeyPath(const DbOptions& o, const std::string& named, const char* name);

}  // namespace aftercare::cli
