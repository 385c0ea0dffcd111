// Accounts, sessions and API tokens (SEC-1, STAFF-1). Passwords are hashed with
// Argon2id (libsodium, interactive limits). Session and API tokens are 256-bit
// random values; only their BLAKE2b hash is stored. Failed logins are slowed down,
// and 5 in a row lock the account for 15 minutes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

inline constexpr int kMaxFailedLogins = 5;
inline constexpr int kFailedLoginDelayMs = 300;
inline constexpr Seconds kLockout = 15 * 60;
inline constexpr Seconds kSessionLifetime = 12 * 3600;
inline constexpr int kMaxApiTokenDays = 365;
inline constexpr std::size_t kMinPasswordLength = 8;

// libsodium must be initialised once before any call here; false when it cannot be.
bool InitCrypto();

struct NewUser {
  std::string login;
  std::string display_name;
  Role role = Role::kAgent;
  std::string password;
  std::optional<std::int64_t> customer_id;  // required for party_a, forbidden otherwise
  std::string phone;
};

struct User {
  std::int64_t id = 0;
  std::string login;
  std::string display_name;
  Role role = Role::kAgent;
  std::optional<std::int64_t> customer_id;
  std::string phone;
  bool disabled = false;
};

struct Session {
  std::int64_t id = 0;  // API tokens: the id to revoke it by
  std::string token;    // shown once; never stored
  Instant expires_at;
  User user;
};

// Administrators only; `ctx.actor` may also be the CLI's bootstrap actor.
Result<User> CreateUser(store::Database& db, const Context& ctx, const NewUser& u);
Result<std::vector<User>> ListUsers(store::Database& db, const Context& ctx);
// The logged-in user's own account.
Result<User> GetMe(store::Database& db, const Context& ctx);

// An administrator's change to a user (SEC-1): any of the fields. A new password
// also lifts a lockout; a new password, a new role or disabling ends the user's
// sessions and API tokens. The rules of CreateUser hold afterwards (a party_a user
// has a customer, no one else does); administrators cannot disable themselves or
// take away their own role.
struct UserChange {
  std::optional<std::string> display_name, phone, password;
  std::optional<Role> role;
  std::optional<std::int64_t> customer_id;
  std::optional<bool> disabled;
};
Result<User> UpdateUser(store::Database& db, const Context& ctx, std::int64_t id,
                        const UserChange& change);

// Errors: kUnauthorized "wrong login or password", also for unknown, locked and
// disabled accounts, after the same Argon2id work. The hashing runs outside any
// transaction; it is slow (tens of ms): callers run it off their request threads.
// Callers add the failure penalty (kFailedLoginDelay) without holding a thread.
Result<Session> Login(store::Database& db, const Context& ctx, const std::string& login,
                      const std::string& password);
Status Logout(store::Database& db, const Context& ctx, const std::string& token);
// The actor a session or API token stands for; kUnauthorized when unknown or expired.
Result<Actor> Authenticate(store::Database& db, Instant now, const std::string& token);
// An API token of the logged-in user, valid for `days` (1..kMaxApiTokenDays).
Result<Session> CreateApiToken(store::Database& db, const Context& ctx, const std::string& name,
                               int days = kMaxApiTokenDays);

// The logged-in user's unexpired API tokens (never the tokens themselves).
struct ApiToken {
  std::int64_t id = 0;
  std::string name;
  Instant created_at, expires_at;
};
Result<std::vector<ApiToken>> ListApiTokens(store::Database& db, const Context& ctx);
// Revokes one of the logged-in user's API tokens at once. Errors: kNotFound (also
// for another user's token).
Status RevokeApiToken(store::Database& db, const Context& ctx, std::int64_t id);

}  // namespace aftercare::service
