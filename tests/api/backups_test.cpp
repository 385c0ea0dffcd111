// SEC-2 (bid 7.8.7.5.3): `aftercare backup` and `aftercare restore` through the
// built binary, beside a started server, on SQLite and PostgreSQL. A backup taken
// while a load generator writes tickets and attachments over HTTP restores every
// row and attachment acknowledged before it began, each equal to the server's, and
// nothing half-written; a truncated or damaged file, and a target that is not
// empty, are refused with a clear message and change nothing.
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

namespace fs = std::filesystem;

// Every row of `table` as one line of text (columns joined by tabs, NULL as \N).
std::multiset<std::string> Rows(Backend backend, const std::string& url, const std::string& table) {
  std::multiset<std::string> rows;
  if (backend == Backend::kPostgres) {
    ProcessResult r = RunProcess(
        {"psql", url, "-XqA", "-v", "ON_ERROR_STOP=1", "-c", "COPY " + table + " TO STDOUT"});
    EXPECT_EQ(r.status, 0) << r.err;
    std::size_t at = 0;
    for (std::size_t nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1) {
      rows.insert(r.out.substr(at, nl - at));
    }
    return rows;
  }
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(url.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK) << url;
  sqlite3_busy_timeout(db, 10000);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, ("SELECT * FROM " + table).c_str(), -1, &stmt, nullptr),
            SQLITE_OK);
  while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
      row += (c ? "\t" : "") + (text ? std::string(text) : std::string("\\N"));
    }
    rows.insert(row);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

std::vector<std::string> Tables(const TestServer& s, Backend backend, const std::string& url) {
  std::string sql = backend == Backend::kPostgres
                        ? "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = "
                          "'public'"
                        : "SELECT group_concat(name, ',') FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'";
  std::string list;
  if (backend == Backend::kPostgres) {
    ProcessResult r = RunProcess({"psql", url, "-XqtA", "-c", sql});
    list = r.out.substr(0, r.out.find('\n'));
  } else {
    (void)s;
    sqlite3* db = nullptr;
    sqlite3_open_v2(url.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      list = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  std::vector<std::string> out;
  for (std::size_t at = 0; at <= list.size();) {
    std::size_t comma = std::min(list.find(',', at), list.size());
    if (comma > at) out.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class BackupsApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    // The server keeps its attachments in the test's folder (--data).
    server().Stop();
    server().set_serve_args({"--data", data_dir()});
    server().Start();
    customer_ = CreateCustomer("Harbour Hospital");
    CreateContract(customer_, "HT-BACKUP-1");
  }
  void TearDown() override {
    if (!restored_db_.empty()) {
      RunProcess({"psql", *PostgresUrlFromEnv(), "-XqA", "-c",
                  "DROP DATABASE IF EXISTS " + restored_db_ + " WITH (FORCE)"});
    }
    ApiTest::TearDown();
  }

  std::string data_dir() { return server().dir().string(); }
  std::string backup_file() { return (server().dir() / "backup.tar").string(); }
  fs::path target_dir() { return server().dir() / "restored"; }

  // A URL for the restore target: a new empty PostgreSQL database, or the SQLite
  // file in the target folder.
  std::string TargetUrl() {
    if (GetParam() == Backend::kSqlite) return (target_dir() / "aftercare.db").string();
    if (restored_db_.empty()) {
      restored_db_ = "aftercare_restored_" + std::to_string(::getpid());
      ProcessResult r = RunProcess({"psql", *PostgresUrlFromEnv(), "-XqA", "-v", "ON_ERROR_STOP=1",
                                    "-c", "CREATE DATABASE " + restored_db_});
      EXPECT_EQ(r.status, 0) << r.err;
    }
    std::string url = server().db_url();
    std::size_t slash = url.find('/', url.find("://") + 3);
    std::size_t query = url.find('?');
    return url.substr(0, slash) + "/" + restored_db_ +
           (query == std::string::npos ? "" : url.substr(query));
  }

  ProcessResult Backup() {
    return RunProcess({AftercareBinary(), "backup", "--data", data_dir(), "--db", server().db_url(),
                       "--to", backup_file()},
                      "", 300);
  }
  ProcessResult Restore(const std::string& file) {
    return RunProcess(
        {AftercareBinary(), "restore", file, "--data", target_dir().string(), "--db", TargetUrl()},
        "", 300);
  }
  // Whether the restore target is as it was: no folder (SQLite) or no table.
  bool TargetUntouched() {
    if (GetParam() == Backend::kSqlite) return !fs::exists(target_dir());
    return Tables(server(), GetParam(), TargetUrl()).empty() && !fs::exists(target_dir());
  }

  std::int64_t customer_ = 0;
  std::string restored_db_;
};

struct Acknowledged {
  std::mutex mu;
  std::set<std::int64_t> tickets;
  std::map<std::int64_t, std::string> attachments;  // id -> content
};

TEST_P(BackupsApi, ABackupUnderLoadRestoresEverythingAcknowledgedBeforeIt) {
  std::atomic<bool> backing_up{false}, stop{false};
  Acknowledged before;
  std::atomic<int> written{0};
  std::vector<std::thread> load;
  std::vector<std::unique_ptr<HttpClient>> clients;
  As("team_leader");
  for (int t = 0; t < 4; ++t) clients.push_back(LoginAs("team_leader1"));
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&, t] {
      HttpClient& c = *clients[t];
      for (int i = 0; !stop; ++i) {
        const bool acked_before = !backing_up;
        HttpResponse r = c.Post("/api/v1/tickets",
                                {{"customer_id", customer_},
                                 {"title", "load " + std::to_string(t) + "-" + std::to_string(i)}});
        if (r.status != 201) continue;
        const std::int64_t id = r.Json()["id"];
        std::string content = "attachment " + std::to_string(id) + std::string(1000 + i, 'x');
        HttpResponse a =
            c.Send("POST", "/api/v1/tickets/" + std::to_string(id) + "/attachments?name=photo.bin",
                   content, "application/octet-stream");
        ++written;
        if (!acked_before) continue;  // acknowledged once the backup may have begun
        std::lock_guard lock(before.mu);
        before.tickets.insert(id);
        if (a.status == 201) before.attachments[a.Json()["id"]] = content;
      }
    });
  }
  while (written < 40) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  backing_up = true;
  const int at_start = written;
  ProcessResult b = Backup();
  const int at_end = written;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& th : load) th.join();
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_NE(b.out.find("backed up to"), std::string::npos) << b.out;
  EXPECT_EQ(fs::status(backup_file()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(fs::exists(backup_file() + ".partial"));
  std::cout << "backup while " << (at_end - at_start) << " tickets were written\n";

  ProcessResult r = Restore(backup_file());
  ASSERT_EQ(r.status, 0) << r.err;

  // Every table: each restored row is a row the server has (nothing half-written or
  // made up); the tables the load wrote hold every acknowledged row.
  const std::string target = TargetUrl();
  for (const std::string& table : Tables(server(), GetParam(), target)) {
    if (table == "sessions" || table == "jobs") continue;  // touched by every request
    auto live = Rows(GetParam(), server().db_url(), table);
    for (const std::string& row : Rows(GetParam(), target, table)) {
      EXPECT_TRUE(live.contains(row)) << table << ": " << row;
    }
  }
  std::set<std::string> ticket_ids;
  for (const std::string& row : Rows(GetParam(), target, "tickets")) {
    ticket_ids.insert(row.substr(0, row.find('\t')));
  }
  for (std::int64_t id : before.tickets) {
    EXPECT_TRUE(ticket_ids.contains(std::to_string(id))) << "ticket " << id << " is missing";
  }
  ASSERT_GT(before.attachments.size(), 10u);

  // The restored data folder holds each acknowledged attachment, byte for byte, and
  // the keys.
  std::set<std::string> blobs;
  for (const auto& e : fs::recursive_directory_iterator(target_dir() / "attachments")) {
    if (e.is_regular_file()) blobs.insert(ReadFile(e.path()));
  }
  for (const auto& [id, content] : before.attachments) {
    EXPECT_TRUE(blobs.contains(content)) << "attachment " << id << " is missing or changed";
  }
  EXPECT_EQ(ReadFile(target_dir() / "secret.key"), ReadFile(server().dir() / "secret.key"));
}

TEST_P(BackupsApi, ATruncatedOrDamagedFileIsRefusedAndChangesNothing) {
  CreateTicket({{"customer_id", customer_}});
  ASSERT_EQ(Backup().status, 0);
  const std::string whole = ReadFile(backup_file());
  const std::string cut = (server().dir() / "cut.tar").string();
  for (std::size_t at :
       {std::size_t{0}, std::size_t{100}, std::size_t{512}, whole.size() / 3, whole.size() / 2,
        whole.size() - 2048, whole.size() - 1024, whole.size() - 1}) {
    std::ofstream(cut, std::ios::binary | std::ios::trunc) << whole.substr(0, at);
    ProcessResult r = Restore(cut);
    EXPECT_EQ(r.status, 2) << at;
    EXPECT_NE(r.err.find("aftercare: the backup file"), std::string::npos) << at << ": " << r.err;
    EXPECT_TRUE(r.err.find("truncated") != std::string::npos ||
                r.err.find("damaged") != std::string::npos)
        << r.err;
    EXPECT_TRUE(TargetUntouched()) << at;
  }
  for (std::size_t at : {std::size_t{600}, std::size_t{4000}, whole.size() / 2, whole.size() - 1500,
                         whole.size() - 600}) {
    std::string bad = whole;
    bad[at] = static_cast<char>(bad[at] ^ 0x04);
    std::ofstream(cut, std::ios::binary | std::ios::trunc) << bad;
    ProcessResult r = Restore(cut);
    EXPECT_EQ(r.status, 2) << at;
    EXPECT_NE(r.err.find("aftercare: the backup file"), std::string::npos) << at << ": " << r.err;
    EXPECT_TRUE(TargetUntouched()) << at;
    ProcessResult v = RunProcess({AftercareBinary(), "backup", "verify", cut});
    EXPECT_EQ(v.status, 2) << at;
  }
  // The database member flipped: named.
  std::string bad = whole;
  bad[2048] = static_cast<char>(bad[2048] ^ 0x01);
  std::ofstream(cut, std::ios::binary | std::ios::trunc) << bad;
  ProcessResult r = Restore(cut);
  EXPECT_NE(r.err.find("member \"database/aftercare."), std::string::npos) << r.err;
}

TEST_P(BackupsApi, ATargetThatIsNotEmptyIsRefused) {
  CreateTicket({{"customer_id", customer_}});
  ASSERT_EQ(Backup().status, 0);
  ProcessResult first = Restore(backup_file());
  ASSERT_EQ(first.status, 0) << first.err;
  const std::string tickets_before = Rows(GetParam(), TargetUrl(), "tickets").begin()->c_str();
  ProcessResult again = Restore(backup_file());
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.err.find("the database is not empty: restore into an empty one"),
            std::string::npos)
      << again.err;
  // A backup file that exists is not overwritten.
  ProcessResult twice = Backup();
  EXPECT_EQ(twice.status, 1);
  EXPECT_NE(twice.err.find("already exists"), std::string::npos) << twice.err;
  EXPECT_EQ(Rows(GetParam(), TargetUrl(), "tickets").size(), 1u);
  EXPECT_EQ(*Rows(GetParam(), TargetUrl(), "tickets").begin(), tickets_before);
}

AFTERCARE_API_BACKENDS(BackupsApi);

}  // namespace
}  // namespace aftercare::apitest
