// The migrations on both backends (SQLite on a fresh file, PostgreSQL in a fresh
// schema at $AFTERCARE_TEST_PG_URL; skipped when unset). The snapshots under
// tests/data/schema/ (`vN.sqlite.txt`, `vN.postgres.txt`: the catalog as
// DumpSchema prints it) were recorded from the migrations as version N shipped, so
// a shipped step that is edited, or a change in how steps are stored or applied
// that alters the resulting schema, fails here. AFTERCARE_RECORD_SCHEMA=1 records
// the snapshot of each version that has none (after adding a step, if wanted).
#include "store/migrations.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "store/db.h"
#include "store/migration_files.h"

namespace aftercare::store {
namespace {

namespace fs = std::filesystem;

std::string Describe(const Error& e) { return e.message + " [" + e.detail + "]"; }

enum class Backend { kSqlite, kPostgres };

void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::kSqlite ? "SQLite" : "PostgreSQL");
}

std::atomic<int> next_serial{0};

std::string Serial() { return std::to_string(getpid()) + "_" + std::to_string(next_serial++); }

// "postgresql://...[?x]" with the search path set to `schema`: every table the
// migrations create lands there.
std::string WithSearchPath(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" +
         schema;
}

// Each query's rows, one line each, columns separated by " | ".
Result<std::string> Dump(Database& db, const std::vector<std::string>& queries) {
  AFTERCARE_ASSIGN_OR_RETURN(auto tx, db.Begin(false));
  std::string out;
  for (const std::string& q : queries) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx->Query(q));
    for (const Row& r : rows) {
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (i > 0) out += " | ";
        const Value& v = r.at(i);
        if (const auto* n = std::get_if<std::int64_t>(&v)) {
          out += std::to_string(*n);
        } else if (const auto* t = std::get_if<std::string>(&v)) {
          out += *t;
        } else {
          out += "NULL";
        }
      }
      out += '\n';
    }
    out += '\n';
  }
  return out;
}

// The schema as the catalog describes it (tables, columns, keys, constraints,
// indexes) and the steps recorded in schema_migrations (without their times).
Result<std::string> DumpSchema(Database& db) {
  if (db.dialect() == Dialect::kSqlite) {
    // SQLite keeps each CREATE statement's text: compared without its trailing
    // whitespace, which depends on how the statements were split.
    return Dump(db, {"SELECT type, name, tbl_name, rtrim(sql, ' ' || char(9, 10, 13)) "
                     "FROM sqlite_master "
                     "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
                     "SELECT version, name FROM schema_migrations ORDER BY version"});
  }
  return Dump(
      db, {"SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity, "
           "identity_generation FROM information_schema.columns WHERE table_schema = "
           "current_schema() ORDER BY table_name, ordinal_position",
           "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) "
           "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace "
           "ORDER BY 1, 2",
           "SELECT tablename, indexname, replace(indexdef, current_schema() || '.', '') "
           "FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2",
           "SELECT sequence_name, data_type, start_value, increment FROM "
           "information_schema.sequences WHERE sequence_schema = current_schema() ORDER BY 1",
           "SELECT version, name FROM schema_migrations ORDER BY version"});
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class MigrationsTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      const char* url = std::getenv("AFTERCARE_TEST_PG_URL");
      if (url == nullptr || *url == '\0') {
        GTEST_SKIP() << "AFTERCARE_TEST_PG_URL is not set, so the PostgreSQL backend is not "
                        "tested (scripts/pg.sh start DIR prints a URL for it)";
      }
      pg_url_ = url;
    }
  }

  void TearDown() override {
    for (const fs::path& p : files_) {
      std::error_code ignored;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        fs::remove(p.string() + suffix, ignored);
      }
    }
    for (const std::string& schema : schemas_) {
      auto admin = OpenDatabase(pg_url_);
      if (!admin.ok()) continue;
      auto tx = (*admin)->Begin(true);
      if (tx.ok() && (*tx)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE").ok()) {
        (void)(*tx)->Commit();
      }
    }
  }

  const char* dialect_name() const {
    return GetParam() == Backend::kSqlite ? "sqlite" : "postgres";
  }

  // A new empty database (a SQLite file, or a PostgreSQL schema of its own).
  std::unique_ptr<Database> EmptyDatabase() {
    std::string url;
    if (GetParam() == Backend::kSqlite) {
      fs::path p = fs::temp_directory_path() / ("aftercare_migrations_test_" + Serial() + ".db");
      files_.push_back(p);
      url = p.string();
    } else {
      std::string schema = "aftercare_migrations_test_" + Serial();
      auto admin = OpenDatabase(pg_url_);
      EXPECT_TRUE(admin.ok()) << Describe(admin.error());
      if (!admin.ok()) return nullptr;
      auto tx = (*admin)->Begin(true);
      EXPECT_TRUE(tx.ok()) << Describe(tx.error());
      if (!tx.ok()) return nullptr;
      Status s = (*tx)->Exec("CREATE SCHEMA " + schema);
      if (s.ok()) s = (*tx)->Commit();
      EXPECT_TRUE(s.ok()) << Describe(s.error());
      schemas_.push_back(schema);
      url = WithSearchPath(pg_url_, schema);
    }
    auto db = OpenDatabase(url);
    EXPECT_TRUE(db.ok()) << url << ": " << Describe(db.error());
    return db.ok() ? std::move(db).value() : nullptr;
  }

  std::string pg_url_;

 private:
  std::vector<fs::path> files_;
  std::vector<std::string> schemas_;
};

TEST_P(MigrationsTest, EachSnapshotIsTheSchemaItsStepsBuild) {
  const fs::path dir = fs::path(AFTERCARE_TEST_DATA) / "schema";
  const bool record = std::getenv("AFTERCARE_RECORD_SCHEMA") != nullptr;
  int checked = 0;
  for (int version = 1; version <= LatestSchemaVersion(); ++version) {
    const fs::path snapshot = dir / ("v" + std::to_string(version) + "." + dialect_name() + ".txt");
    if (!fs::exists(snapshot) && !record) continue;
    SCOPED_TRACE(snapshot.string());
    auto db = EmptyDatabase();
    ASSERT_NE(db, nullptr);
    auto applied = MigrateTo(*db, version);
    ASSERT_TRUE(applied.ok()) << Describe(applied.error());
    EXPECT_EQ(*applied, version);
    auto dump = DumpSchema(*db);
    ASSERT_TRUE(dump.ok()) << Describe(dump.error());
    if (!fs::exists(snapshot)) std::ofstream(snapshot, std::ios::binary) << *dump;
    EXPECT_EQ(*dump, Slurp(snapshot));
    ++checked;
  }
  // The last shipped release's schema and today's at least.
  EXPECT_GE(checked, 2);
}

TEST_P(MigrationsTest, MigrateAppliesWhatIsPendingOnceAndInOrder) {
  auto db = EmptyDatabase();
  ASSERT_NE(db, nullptr);
  auto version = SchemaVersion(*db);
  ASSERT_TRUE(version.ok()) << Describe(version.error());
  EXPECT_EQ(*version, 0);
  EXPECT_FALSE(CheckSchema(*db).ok());

  auto first = MigrateTo(*db, 1);
  ASSERT_TRUE(first.ok()) << Describe(first.error());
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(SchemaVersion(*db).value(), 1);
  auto behind = CheckSchema(*db);
  ASSERT_FALSE(behind.ok());
  EXPECT_NE(behind.error().message.find("aftercare db migrate"), std::string::npos);
  EXPECT_EQ(MigrateTo(*db, 1).value(), 0);

  auto rest = Migrate(*db);
  ASSERT_TRUE(rest.ok()) << Describe(rest.error());
  EXPECT_EQ(*rest, LatestSchemaVersion() - 1);
  EXPECT_EQ(SchemaVersion(*db).value(), LatestSchemaVersion());
  EXPECT_TRUE(CheckSchema(*db).ok());
  EXPECT_EQ(Migrate(*db).value(), 0);
  EXPECT_FALSE(MigrateTo(*db, LatestSchemaVersion() + 1).ok());
  EXPECT_FALSE(MigrateTo(*db, 0).ok());
}

TEST_P(MigrationsTest, ANewerSchemaIsRefusedAndLeftAlone) {
  auto db = EmptyDatabase();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(Migrate(*db).ok());
  {
    auto tx = db->Begin(true);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)
                    ->Exec("INSERT INTO schema_migrations (version, name, applied_at) "
                           "VALUES ($1, 'from a newer release', 0)",
                           {std::int64_t{LatestSchemaVersion() + 1}})
                    .ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto refused = Migrate(*db);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("upgrade aftercare"), std::string::npos);
  ASSERT_FALSE(CheckSchema(*db).ok());
  EXPECT_EQ(SchemaVersion(*db).value(), LatestSchemaVersion() + 1);
}

// Step 7: a ticket's pending SLA timers of one alert each become its one timer, at
// the earliest of their instants; a running one and other jobs stay as they were.
TEST_P(MigrationsTest, Step7MakesOneTimerPerTicketAtItsEarliestInstant) {
  auto db = EmptyDatabase();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(MigrateTo(*db, 6).ok());
  {
    auto tx = db->Begin(true);
    ASSERT_TRUE(tx.ok());
    for (const char* sql : {
             "INSERT INTO customers (id, name, created_at) VALUES (1, 'c', 0)",
             "INSERT INTO tickets (id, customer_id, channel, type, priority, status, title, "
             "received_at, created_at, updated_at) VALUES (7, 1, 'phone', 'fault', 'P3', "
             "'active', 't', 0, 0, 0), (8, 1, 'phone', 'fault', 'P3', 'active', 't', 0, 0, 0)",
             "INSERT INTO jobs (kind, dedupe_key, payload, run_at, state, ticket_id, created_at, "
             "updated_at) VALUES "
             "('sla.timer', 'sla:7:repair:warn:900:0', '{}', 900, 'pending', 7, 0, 0), "
             "('sla.timer', 'sla:7:acknowledge:esc:300:0', '{}', 300, 'pending', 7, 0, 0), "
             "('sla.timer', 'sla:7:acknowledge:warn:300:0', '{}', 240, 'running', 7, 0, 0), "
             "('sla.timer', 'sla:8:response:esc:600:2', '{}', 4200, 'pending', 8, 0, 0), "
             "('mail.send', 'mail:1', '{}', 100, 'pending', 7, 0, 0)",
         }) {
      Status s = (*tx)->Exec(sql);
      ASSERT_TRUE(s.ok()) << sql << ": " << Describe(s.error());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  ASSERT_TRUE(MigrateTo(*db, 7).ok());
  auto tx = db->Begin(false);
  ASSERT_TRUE(tx.ok());
  auto rows = (*tx)->Query(
      "SELECT kind, dedupe_key, payload, run_at, state FROM jobs ORDER BY kind, dedupe_key");
  ASSERT_TRUE(rows.ok()) << Describe(rows.error());
  std::vector<std::string> got;
  for (const auto& r : *rows) {
    got.push_back(r.Text("kind") + " " + r.Text("dedupe_key") + " " + r.Text("payload") + " " +
                  std::to_string(r.Int("run_at")) + " " + r.Text("state"));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "mail.send mail:1 {} 100 pending",
                     "sla.timer sla:7 {\"ticket_id\":7} 300 pending",
                     "sla.timer sla:7:acknowledge:warn:300:0 {} 240 running",
                     "sla.timer sla:8 {\"ticket_id\":8} 4200 pending",
                 }));
}

// What the coming steps need, written as files and run on the real databases: full
// text search through FTS5 and triggers on SQLite, a tsvector kept by a PL/pgSQL
// trigger on PostgreSQL (bodies full of `;`), both after a shared file of the same
// step, and a PostgreSQL-only step.
TEST_P(MigrationsTest, DialectStepsRunOnTheirOwnDatabase) {
  const std::vector<MigrationFile> files = {
      {"0001_notes.sql", "-- name: notes\nCREATE TABLE notes (id @ID@, body TEXT NOT NULL);\n"},
      {"0002_note_search.sql",
       "-- name: note search\nALTER TABLE notes ADD COLUMN kind TEXT NOT NULL DEFAULT 'note';\n"},
      {"0002_note_search.sqlite.sql",
       "-- name: note search\n"
       "CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id');\n"
       "CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN\n"
       "  INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body);\n"
       "END;\n"},
      {"0002_note_search.postgres.sql",
       "-- name: note search\n"
       "ALTER TABLE notes ADD COLUMN tsv tsvector;\n"
       "CREATE FUNCTION notes_tsv() RETURNS trigger LANGUAGE plpgsql AS $$\n"
       "BEGIN\n  NEW.tsv := to_tsvector('simple', NEW.body);\n  RETURN NEW;\nEND\n$$;\n"
       "CREATE TRIGGER notes_tsv BEFORE INSERT OR UPDATE ON notes\n"
       "  FOR EACH ROW EXECUTE FUNCTION notes_tsv();\n"},
      {"0003_note_queue.postgres.sql",
       "-- name: note queue\nCREATE INDEX notes_queue ON notes (id) WHERE tsv IS NOT NULL;\n"},
  };
  auto steps = ReadMigrationSteps(files);
  ASSERT_TRUE(steps.ok()) << Describe(steps.error());
  auto db = EmptyDatabase();
  ASSERT_NE(db, nullptr);
  {
    auto tx = db->Begin(true);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    for (const MigrationStep& step : *steps) {
      for (const std::string& sql : step.statements(db->dialect())) {
        Status s = (*tx)->Exec(sql);
        ASSERT_TRUE(s.ok()) << sql << ": " << Describe(s.error());
      }
    }
    ASSERT_TRUE((*tx)->Exec("INSERT INTO notes (body) VALUES ('printer jammed; urgent')").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto tx = db->Begin(true);
  ASSERT_TRUE(tx.ok());
  auto rows = (*tx)->Query(db->dialect() == Dialect::kSqlite
                               ? "SELECT n.id FROM notes_fts f JOIN notes n ON n.id = f.rowid "
                                 "WHERE notes_fts MATCH 'jammed' AND n.kind = 'note'"
                               : "SELECT id FROM notes WHERE tsv @@ to_tsquery('simple', "
                                 "'jammed') AND kind = 'note' FOR UPDATE SKIP LOCKED");
  ASSERT_TRUE(rows.ok()) << Describe(rows.error());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).Int("id"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest,
                         testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace aftercare::store
