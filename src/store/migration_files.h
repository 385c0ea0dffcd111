// Migration steps read from their files (src/store/migrations/, embedded into the
// binary at build time; its README.md is the convention for people):
//
//   NNNN_slug.sql            step NNNN on both databases (`@ID@` stands for an
//                            auto-assigned BIGINT primary key in each dialect)
//   NNNN_slug.sqlite.sql     step NNNN's statements for SQLite only
//   NNNN_slug.postgres.sql   step NNNN's statements for PostgreSQL only
//
// A step has any of the three, at most one of each. On each database it runs the
// shared file's statements, then its own file's (e.g. a table for both, then FTS5 on
// SQLite and a tsvector on PostgreSQL). A step with nothing for a database runs
// nothing there but is still recorded, so both databases count the same versions.
// Versions run 1, 2, 3, ... without gaps; the files of one step share their slug. Each file's first
// line is `-- name: TEXT`, the step's name in schema_migrations (the same in both dialect files).
// Statements end with `;`; a `;` inside quotes ('...', "..."), comments (--, /* */), dollar quotes
// ($$...$$, $tag$...$tag$) or a CREATE statement's BEGIN ... END block (SQLite triggers,
// PostgreSQL's BEGIN ATOMIC; CASE ... END inside is understood) does not end one.
// Comments before a statement are dropped with it. Backslash escapes in PostgreSQL's
// E'...' strings are not understood: write '' instead.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/db.h"

namespace aftercare::store {

// One file as embedded: its name (without folder) and its text.
using MigrationFile = std::pair<std::string_view, std::string_view>;

struct MigrationStep {
  int version = 0;
  std::string name;                           // as recorded in schema_migrations
  std::vector<std::string> sqlite, postgres;  // statements, `@ID@` expanded

  const std::vector<std::string>& statements(Dialect d) const {
    return d == Dialect::kSqlite ? sqlite : postgres;
  }
};

// The steps in version order, or kInternal naming the file and what is wrong with it
// (a name outside the pattern, a missing `-- name:` line, a gap, two slugs or names
// for one step, two files for one step and database, a file without statements).
Result<std::vector<MigrationStep>> ReadMigrationSteps(std::span<const MigrationFile> files);

// `sql` split into statements as above, each trimmed and without its `;`.
std::vector<std::string> SplitStatements(std::string_view sql);

}  // namespace aftercare::store
