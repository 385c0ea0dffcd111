#include "service/accounts/accounts.h"

#include <sodium.h>

#include "core/contact.h"
#include "core/sha256.h"
#include "core/text.h"
#include "service/audit/audit.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

std::string NewToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  return HexOf(raw, sizeof raw);
}

std::string TokenHash(const std::string& token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return HexOf(h, sizeof h);
}

Result<std::string> HashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Error{ErrorCode::kInternal, "cannot hash the password", {}, 0, "out of memory"};
  }
  return std::string(out);
}

constexpr const char* kUserColumns = "id, login, display_name, role, customer_id, phone, disabled";

User UserFrom(const store::Row& r) {
  User u;
  u.id = r.Int("id");
  u.login = r.Text("login");
  u.display_name = r.Text("display_name");
  u.role = ParseRole(r.Text("role")).value_or(Role::kAgent);
  u.customer_id = r.OptInt("customer_id");
  u.phone = r.Text("phone");
  u.disabled = r.Int("disabled") != 0;
  return u;
}

// A party_a user belongs to a customer; no one else does.
Status CheckUserCustomer(Role role, const std::optional<std::int64_t>& customer_id) {
  if ((role == Role::kPartyA) != customer_id.has_value()) {
    return Error::Invalid(role == Role::kPartyA ? "a party_a user needs customer_id"
                                                : "only party_a users belong to a customer",
                          0, "customer_id");
  }
  return {};
}

Status CheckCustomerExists(store::Transaction& tx, const std::optional<std::int64_t>& customer_id) {
  if (!customer_id) return {};
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT 1 FROM customers WHERE id = $1", {*customer_id}));
  if (rows.empty()) return Error::Invalid("customer_id: no such customer", 0, "customer_id");
  return {};
}

Actor ActorOf(const User& u) { return Actor{u.id, u.login, u.role, u.customer_id, u.display_name}; }

Result<Session> StartSession(store::Transaction& tx, const User& user, std::string_view kind,
                             std::string_view name, Instant now, Seconds lifetime) {
  Session s;
  s.token = NewToken();
  s.expires_at = now + lifetime;
  s.user = user;
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO sessions (token_hash, user_id, kind, name, created_at, expires_at) "
              "VALUES ($1, $2, $3, $4, $5, $6)",
              {TokenHash(s.token), user.id, std::string(kind), std::string(name), now.unix,
               s.expires_at.unix}));
  return s;
}

}  // namespace

bool InitCrypto() { return sodium_init() >= 0; }

Result<User> CreateUser(store::Database& db, const Context& ctx, const NewUser& u) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  if (u.login.empty() || u.login.size() > 64 ||
      u.login.find_first_of(" \t\r\n") != std::string::npos) {
    return Error::Invalid("login must be 1-64 characters without spaces", 0, "login");
  }
  if (u.display_name.empty()) return Error::Invalid("display_name is required", 0, "display_name");
  if (u.password.size() < kMinPasswordLength) {
    return Error::Invalid("password must have at least 8 characters", 0, "password");
  }
  AFTERCARE_RETURN_IF_ERROR(CheckPhone(u.phone, "phone"));
  AFTERCARE_RETURN_IF_ERROR(CheckUserCustomer(u.role, u.customer_id));
  AFTERCARE_ASSIGN_OR_RETURN(std::string hash, HashPassword(u.password));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<User> {
    AFTERCARE_RETURN_IF_ERROR(CheckCustomerExists(tx, u.customer_id));
    AFTERCARE_ASSIGN_OR_RETURN(auto dup,
                               tx.Query("SELECT 1 FROM users WHERE login = $1", {u.login}));
    if (!dup.empty()) {
      return Error{ErrorCode::kConflict, "login " + u.login + " is taken", "login", 0, {}};
    }
    store::Value customer = store::Null{};
    if (u.customer_id) customer = *u.customer_id;
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(std::string("INSERT INTO users (login, display_name, role, customer_id, phone, "
                             "password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                             "RETURNING ") +
                     kUserColumns,
                 {u.login, u.display_name, std::string(Name(u.role)), customer, u.phone, hash,
                  ctx.now.unix}));
    User created = UserFrom(rows.at(0));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "user", std::to_string(created.id), nullptr,
                                    {{"login", created.login},
                                     {"role", Name(created.role)},
                                     {"display_name", created.display_name}}));
    return created;
  });
}

Result<User> GetMe(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<User> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1",
                            {ctx.actor->user_id}));
    if (rows.empty()) return NotFound("user");
    return UserFrom(rows[0]);
  });
}

Result<User> UpdateUser(store::Database& db, const Context& ctx, std::int64_t id,
                        const UserChange& change) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  if (change.display_name && change.display_name->find_first_not_of(" \t") == std::string::npos) {
    return Error::Invalid("display_name must not be blank", 0, "display_name");
  }
  if (change.password && change.password->size() < kMinPasswordLength) {
    return Error::Invalid("password must have at least 8 characters", 0, "password");
  }
  if (change.phone) AFTERCARE_RETURN_IF_ERROR(CheckPhone(*change.phone, "phone"));
  if (id == ctx.actor->user_id &&
      ((change.disabled && *change.disabled) || (change.role && *change.role != Role::kAdmin))) {
    return Error{ErrorCode::kConflict,
                 "administrators cannot disable themselves or drop their own role",
                 {},
                 0,
                 {}};
  }
  std::string hash;
  if (change.password) {
    AFTERCARE_ASSIGN_OR_RETURN(hash, HashPassword(*change.password));
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<User> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", {id}));
    if (rows.empty()) return NotFound("user");
    const User before = UserFrom(rows[0]);
    User u = before;
    if (change.display_name) u.display_name = *change.display_name;
    if (change.phone) u.phone = *change.phone;
    if (change.role) u.role = *change.role;
    if (change.disabled) u.disabled = *change.disabled;
    if (change.customer_id) u.customer_id = *change.customer_id;
    if (u.role != Role::kPartyA && !change.customer_id) u.customer_id.reset();
    AFTERCARE_RETURN_IF_ERROR(CheckUserCustomer(u.role, u.customer_id));
    AFTERCARE_RETURN_IF_ERROR(CheckCustomerExists(tx, u.customer_id));
    store::Value customer = store::Null{};
    if (u.customer_id) customer = *u.customer_id;
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE users SET display_name = $1, phone = $2, role = $3, customer_id = $4, "
                "disabled = $5 WHERE id = $6",
                {u.display_name, u.phone, std::string(Name(u.role)), customer,
                 std::int64_t{u.disabled ? 1 : 0}, id}));
    if (change.password) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(
          "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = 0 WHERE id = $2",
          {hash, id}));
    }
    if (change.password || u.role != before.role || u.customer_id != before.customer_id ||
        (u.disabled && !before.disabled)) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec("DELETE FROM sessions WHERE user_id = $1", {id}));
    }
    auto view = [](const User& x) {
      return nlohmann::json{
          {"display_name", x.display_name},
          {"phone", x.phone},
          {"role", Name(x.role)},
          {"customer_id", x.customer_id ? nlohmann::json(*x.customer_id) : nlohmann::json(nullptr)},
          {"disabled", x.disabled}};
    };
    nlohmann::json after = view(u);
    if (change.password) after["password"] = "(changed)";
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "update", "user", std::to_string(id), view(before), after));
    return u;
  });
}

Result<std::vector<User>> ListUsers(store::Database& db, const Context& ctx) {
  // The vendor's staff directory: every vendor role (names on timelines, assignees).
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<User>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id"));
    std::vector<User> out;
    for (const auto& r : rows) out.push_back(UserFrom(r));
    return out;
  });
}

Result<Session> Login(store::Database& db, const Context& ctx, const std::string& login,
                      const std::string& password) {
  const Error wrong{ErrorCode::kUnauthorized,
                    "wrong login or password (5 failures in a row lock an account for 15 "
                    "minutes)",
                    {},
                    0,
                    {}};
  // Argon2id costs tens of milliseconds: it runs outside any transaction, so that
  // failed logins never hold the database's write lock (issue 10).
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, InTransaction(db, false, [&](store::Transaction& tx) {
                               return tx.Query(
                                   std::string("SELECT ") + kUserColumns +
                                       ", password_hash, locked_until FROM users WHERE login = $1",
                                   {login});
                             }));
  if (rows.empty()) {
    // Same work as for a real account, so the answer's timing does not tell which
    // logins exist.
    static const std::string kDummy = HashPassword("no such account").value();
    [[maybe_unused]] int ignored =
        crypto_pwhash_str_verify(kDummy.c_str(), password.data(), password.size());
    return wrong;
  }
  const User user = UserFrom(rows[0]);
  const std::string hash = rows[0].Text("password_hash");
  const bool locked = user.disabled || Instant{rows[0].Int("locked_until")} > ctx.now;
  // A locked or disabled account costs the same work and gets the same answer as
  // a wrong password: a caller cannot tell them apart.
  const bool verified =
      crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  if (locked) return wrong;
  // nullopt: a failure, committed so that it counts towards the lockout.
  auto result =
      InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::optional<Session>> {
        // The account as it is now: a password changed or a lockout begun meanwhile wins.
        AFTERCARE_ASSIGN_OR_RETURN(
            auto now_rows, tx.Query("SELECT password_hash, failed_logins, locked_until, disabled "
                                    "FROM users WHERE id = $1",
                                    {user.id}));
        if (now_rows.empty() || now_rows[0].Text("password_hash") != hash ||
            now_rows[0].Int("disabled") != 0 ||
            Instant{now_rows[0].Int("locked_until")} > ctx.now) {
          return std::optional<Session>();
        }
        if (!verified) {
          std::int64_t failed = now_rows[0].Int("failed_logins") + 1;
          bool lock = failed >= kMaxFailedLogins;
          AFTERCARE_RETURN_IF_ERROR(tx.Exec(
              "UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3",
              {lock ? std::int64_t{0} : failed, lock ? (ctx.now + kLockout).unix : 0, user.id}));
          AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "login_failed", "user", std::to_string(user.id),
                                          nullptr, {{"failed_logins", failed}, {"locked", lock}}));
          return std::optional<Session>();
        }
        AFTERCARE_RETURN_IF_ERROR(tx.Exec(
            "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1", {user.id}));
        AFTERCARE_ASSIGN_OR_RETURN(Session s,
                                   StartSession(tx, user, "cookie", "", ctx.now, kSessionLifetime));
        Context as_user = ctx;
        as_user.actor = ActorOf(user);
        AFTERCARE_RETURN_IF_ERROR(Audit(tx, as_user, "login", "user", std::to_string(user.id)));
        return std::optional<Session>(std::move(s));
      });
  if (!result.ok()) return result.error();
  if (!*result) return wrong;
  return std::move(**result);
}

Status Logout(store::Database& db, const Context& ctx, const std::string& token) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto r = InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM sessions WHERE token_hash = $1", {TokenHash(token)}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "logout", "user", std::to_string(ctx.actor->user_id)));
    return true;
  });
  if (!r.ok()) return r.error();
  return {};
}

Result<Actor> Authenticate(store::Database& db, Instant now, const std::string& token) {
  const Error unauthorized{
      ErrorCode::kUnauthorized, "log in first: the session is unknown or expired", {}, 0, {}};
  if (token.size() != 64) return unauthorized;
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<Actor> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(std::string("SELECT u.id, u.login, u.display_name, u.role, u.customer_id, "
                             "u.phone, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id "
                             "WHERE s.token_hash = $1 AND s.expires_at > $2"),
                 {TokenHash(token), now.unix}));
    if (rows.empty()) return unauthorized;
    User u = UserFrom(rows[0]);
    if (u.disabled) return unauthorized;
    return ActorOf(u);
  });
}

Result<Session> CreateApiToken(store::Database& db, const Context& ctx, const std::string& name,
                               int days) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (name.find_first_not_of(" \t") == std::string::npos || CodePoints(name) > 100) {
    return Error::Invalid("name must be 1-100 characters", 0, "name");
  }
  if (days < 1 || days > kMaxApiTokenDays) {
    return Error::Invalid("expires_in_days must be 1 to 365", 0, "expires_in_days");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Session> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1",
                            {ctx.actor->user_id}));
    if (rows.empty()) return NotFound("user");
    AFTERCARE_ASSIGN_OR_RETURN(Session s, StartSession(tx, UserFrom(rows[0]), "api", name, ctx.now,
                                                       days * kSecondsPerDay));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto id, tx.Query("SELECT id FROM sessions WHERE token_hash = $1", {TokenHash(s.token)}));
    s.id = id.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(Audit(
        tx, ctx, "create", "api_token", std::to_string(s.id), nullptr,
        {{"name", name}, {"user_id", ctx.actor->user_id}, {"expires_at", s.expires_at.unix}}));
    return s;
  });
}

Result<std::vector<ApiToken>> ListApiTokens(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<ApiToken>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT id, name, created_at, expires_at FROM sessions "
                            "WHERE user_id = $1 AND kind = 'api' AND expires_at > $2 ORDER BY id",
                            {ctx.actor->user_id, ctx.now.unix}));
    std::vector<ApiToken> out;
    for (const auto& r : rows) {
      out.push_back({r.Int("id"), r.Text("name"), Instant{r.Int("created_at")},
                     Instant{r.Int("expires_at")}});
    }
    return out;
  });
}

Status RevokeApiToken(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto r = InTransaction(db, true, [&](store::Transaction& tx) -> Result<bool> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT name FROM sessions WHERE id = $1 AND user_id = $2 AND "
                            "kind = 'api'",
                            {id, ctx.actor->user_id}));
    if (rows.empty()) return NotFound("API token");
    AFTERCARE_RETURN_IF_ERROR(tx.Exec("DELETE FROM sessions WHERE id = $1", {id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "revoke", "api_token", std::to_string(id),
                                    {{"name", rows[0].Text("name")}}, nullptr));
    return true;
  });
  if (!r.ok()) return r.error();
  return {};
}

}  // namespace aftercare::service
