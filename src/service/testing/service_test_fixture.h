// The shared fixture of the service-level tests (issue 11 point 6): each test gets
// a scratch SQLite database of its own, migrated, with one user of every role and
// two customers, and a fixed clock. No HTTP: a rule is tested in milliseconds.
//
// The database is built once per process as a template that each test copies (a
// file copy). Its customers are created through the service; its users are
// inserted with a precomputed Argon2id hash of kPassword, because CreateUser
// would hash six passwords in every test process (ctest runs each test in a
// process of its own), about half a second each time. The accounts tests create
// users through CreateUser.
//
// Header-only: the unit test binary compiles it into the tests that include it.
//
// Process-wide state the copies share: compiled policies are cached by name and
// zone (service/policies), so a test that stores a policy gives it a name no other
// test uses.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/accounts/accounts.h"
#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/customers/customers.h"
#include "service/tickets/tickets.h"
#include "service/tx.h"
#include "store/migrations.h"

namespace aftercare::service {

// The template users' password, and its Argon2id hash (libsodium's interactive
// limits, as CreateUser stores it).
inline constexpr const char* kPassword = "password-1";
inline constexpr const char* kPasswordHash =
    "$argon2id$v=19$m=65536,t=2,p=1$7k6S4lb/Q+F5qd/g74OvsA$"
    "wbkhb3l8Ni/S7O/z0CLhGnfC5JQoeCgHsi6O2Kx2MHM";

// The database every test starts from, built once per process.
class TemplateDatabase {
 public:
  static const TemplateDatabase& Get() {
    static const TemplateDatabase instance;
    return instance;
  }
  TemplateDatabase(const TemplateDatabase&) = delete;
  TemplateDatabase& operator=(const TemplateDatabase&) = delete;
  ~TemplateDatabase() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  std::filesystem::path dir, file;
  std::string error;  // why the template could not be built; empty when it was
  // One user per role (login and display name are the role's name); the party_a
  // user belongs to customer_a.
  std::array<std::int64_t, 6> user_ids{};
  std::int64_t customer_a = 0, customer_b = 0;

 private:
  TemplateDatabase() {
    dir = ScratchRoot() / ("aftercare-service-tests-" + std::to_string(::getpid()));
    file = dir / "template.db";
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      error = "cannot create " + dir.string() + ": " + ec.message();
      return;
    }
    if (Status built = Build(); !built.ok()) {
      error = built.error().message + " " + built.error().detail;
    }
  }

  // Memory-backed when the system has it (closing a database syncs its files):
  // /dev/shm unless TMPDIR names another folder.
  static std::filesystem::path ScratchRoot() {
    std::error_code ec;
    if (std::getenv("TMPDIR") == nullptr && std::filesystem::is_directory("/dev/shm", ec) &&
        ::access("/dev/shm", W_OK) == 0) {
      return "/dev/shm";
    }
    return std::filesystem::temp_directory_path();
  }

  Status Build() {
    if (!InitCrypto()) return Error::Io("libsodium cannot be initialised");
    auto db = store::OpenDatabase(file.string());
    if (!db.ok()) return db.error();
    if (auto m = store::Migrate(**db); !m.ok()) return m.error();
    const Context root{Actor{0, "test", Role::kAdmin, std::nullopt, "test"}, "setup", Instant{}};
    auto a = CreateCustomer(**db, root, {0, "湖滨医院", "王主任", "0571-88001234", "湖滨路 1 号"});
    if (!a.ok()) return a.error();
    auto b = CreateCustomer(**db, root, {0, "江北医院", "", "", ""});
    if (!b.ok()) return b.error();
    customer_a = a->id;
    customer_b = b->id;
    for (Role role : {Role::kAgent, Role::kEngineer, Role::kTeamLeader, Role::kManager,
                      Role::kPartyA, Role::kAdmin}) {
      const std::string login(Name(role));
      store::Value customer = store::Null{};
      if (role == Role::kPartyA) customer = customer_a;
      auto id = InTransaction(**db, true, [&](store::Transaction& tx) -> Result<std::int64_t> {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows, tx.Query("INSERT INTO users (login, display_name, role, customer_id, "
                                "password_hash, created_at) VALUES ($1, $2, $3, $4, $5, 0) "
                                "RETURNING id",
                                {login, login, login, customer, std::string(kPasswordHash)}));
        return rows.at(0).Int("id");
      });
      if (!id.ok()) return id.error();
      user_ids[static_cast<std::size_t>(role)] = *id;
    }
    // Closing the last connection checkpoints the WAL: the file alone is the database.
    db->reset();
    return {};
  }
};

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const TemplateDatabase& t = TemplateDatabase::Get();
    ASSERT_EQ(t.error, "") << "the template database";
    static std::atomic<int> counter{0};
    dir_ = t.dir / ("test-" + std::to_string(++counter));
    std::filesystem::create_directories(dir_);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::path from = t.file;
      from += suffix;
      if (std::filesystem::exists(from)) {
        std::filesystem::copy_file(from, dir_ / ("aftercare.db" + std::string(suffix)));
      }
    }
    auto db = store::OpenDatabase((dir_ / "aftercare.db").string());
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    customer_a_ = t.customer_a;
    customer_b_ = t.customer_b;
    for (std::size_t i = 0; i < as_.size(); ++i) {
      const Role role = static_cast<Role>(i);
      std::optional<std::int64_t> customer;
      if (role == Role::kPartyA) customer = customer_a_;
      const std::string login(Name(role));
      as_[i] = Context{Actor{t.user_ids[i], login, role, customer, login}, "test-request", now_};
    }
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  store::Database& db() { return *db_; }
  // The template's user of that role, at now_ (party_a: customer A's).
  const Context& As(Role r) const { return as_[static_cast<std::size_t>(r)]; }
  std::int64_t UserId(Role r) const { return as_[static_cast<std::size_t>(r)].actor->user_id; }
  // No one logged in.
  Context Anonymous() const { return Context{std::nullopt, "test-request", now_}; }
  // The same actor at another time.
  static Context At(Context ctx, Instant when) {
    ctx.now = when;
    return ctx;
  }
  // Every role but the given ones, for tables of who may not.
  static std::vector<Role> RolesExcept(std::initializer_list<Role> allowed) {
    std::vector<Role> out;
    for (Role r : {Role::kAgent, Role::kEngineer, Role::kTeamLeader, Role::kManager, Role::kPartyA,
                   Role::kAdmin}) {
      if (std::find(allowed.begin(), allowed.end(), r) == allowed.end()) out.push_back(r);
    }
    return out;
  }

  // A contract of `customer` on the built-in policy (value 1,000,000.00 CNY, rate
  // 0.0003: 300.00 CNY a penalty event), entered by the manager.
  Result<Contract> AddContract(std::int64_t customer, const std::string& number,
                               const std::string& signed_on = "2026-01-01") {
    NewContract c;
    c.fields.customer_id = customer;
    c.fields.number = number;
    c.value_text = "1000000.00";
    c.fields.signed_on = signed_on;
    return CreateContract(*db_, As(Role::kManager), c);
  }
  // A phone ticket (fault, P3) of `customer` received at `received`, logged by `by`.
  Result<Ticket> AddTicket(const Context& by, std::int64_t customer, Instant received,
                           const std::string& title = "系统无法登录") {
    NewTicket t;
    t.customer_id = customer;
    t.title = title;
    t.received_at = received;
    return CreateTicket(*db_, by, t);
  }
  // A timeline entry of `kind` (an SLA event or a flow record) dated `at`.
  Result<Ticket> AddEvent(const Context& by, std::int64_t ticket, TicketEventKind kind,
                          Instant at) {
    NewEvent e;
    e.kind = kind;
    e.at = at;
    return AddTicketEvent(*db_, by, ticket, e);
  }
  // The audit entries of one record, newest first (read as the administrator);
  // only those of `action` when one is given.
  std::vector<AuditEntry> AuditOf(const std::string& entity, const std::string& entity_id,
                                  const std::string& action = "") {
    AuditFilter f;
    f.entity = entity;
    f.entity_id = entity_id;
    if (!action.empty()) f.action = action;
    auto entries = QueryAudit(*db_, As(Role::kAdmin), f);
    EXPECT_TRUE(entries.ok()) << entries.error().message;
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }

  // Monday 2026-03-02 10:00 in Shanghai: every test's clock.
  const Instant now_ = DefaultZone().ToInstant(MakeDate(2026, 3, 2), 10 * 3600);
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::int64_t customer_a_ = 0, customer_b_ = 0;

 private:
  std::array<Context, 6> as_;
};

// For EXPECT_*: the error's code and field, or "ok".
inline std::string Outcome(const Error& e) {
  static constexpr const char* kCodes[] = {"invalid_input", "not_found", "conflict", "retry",
                                           "unauthorized",  "forbidden", "io",       "internal"};
  std::string out = kCodes[static_cast<int>(e.code)];
  if (!e.field.empty()) out += " " + e.field;
  return out;
}
template <typename T>
std::string Outcome(const Result<T>& r) {
  return r.ok() ? "ok" : Outcome(r.error());
}

}  // namespace aftercare::service
