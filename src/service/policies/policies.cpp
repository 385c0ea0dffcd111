#include "service/policies/policies.h"

#include <map>
#include <mutex>
#include <optional>

#include "service/audit/audit.h"
#include "service/holidays/holidays.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {

Result<std::shared_ptr<const sla::CompiledPolicy>> LoadPolicy(store::Transaction& tx,
                                                              const std::string& name,
                                                              const TimeZone& tz) {
  // Compiled once per (policy, zone). A policy whose calendars use the Chinese
  // schedule is compiled again when an administrator stores a holiday year (the
  // version is one small query, asked only for those policies).
  struct Entry {
    std::shared_ptr<const sla::CompiledPolicy> compiled;
    bool uses_cn = false;
    std::string holidays;  // the version it was compiled with
  };
  static std::mutex mu;
  static std::map<std::string, Entry> cache;
  const std::string key = name + "|" + tz.name();
  std::optional<Entry> cached;
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(key); it != cache.end()) cached = it->second;
  }
  std::string version;
  if (cached) {
    if (!cached->uses_cn) return cached->compiled;
    AFTERCARE_ASSIGN_OR_RETURN(version, HolidayVersion(tx));
    if (version == cached->holidays) return cached->compiled;
  }
  AFTERCARE_ASSIGN_OR_RETURN(CurrentHolidays current, LoadCurrentHolidays(tx));
  Entry entry;
  entry.holidays = current.version;
  Result<sla::CompiledPolicy> compiled = sla::BuiltinPolicy(name, tz, current.shipped);
  if (compiled.ok()) {
    for (const auto& [n, yaml] : current.shipped.policies) {
      if (n == name) entry.uses_cn = yaml.find("builtin_holidays") != std::string_view::npos;
    }
  } else {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query("SELECT body FROM sla_policies WHERE name = $1", {name}));
    if (rows.empty()) return NotFound("policy " + name);
    const std::string& body = rows[0].Text("body");
    entry.uses_cn = body.find("builtin_holidays") != std::string::npos;
    compiled = sla::ReadPolicyDocument(body, tz, current.shipped);
    if (!compiled.ok()) {
      return Error{ErrorCode::kInternal,
                   "stored policy " + name + " cannot be read",
                   {},
                   0,
                   compiled.error().message};
    }
  }
  entry.compiled = std::make_shared<const sla::CompiledPolicy>(std::move(compiled).value());
  std::lock_guard lock(mu);
  cache[key] = entry;
  return entry.compiled;
}

Result<StoredPolicy> CreatePolicy(store::Database& db, const Context& ctx, const StoredPolicy& p) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  if (p.name.empty() || p.name.size() > 64 || p.name.find_first_of(" \t|") != std::string::npos) {
    return Error::Invalid("name must be 1-64 characters without spaces", 0, "name");
  }
  const sla::Shipped& shipped = sla::DefaultShipped();
  for (const auto& [n, yaml] : shipped.policies) {
    if (n == p.name) {
      return Error{ErrorCode::kConflict, "policy " + p.name + " is built in", "name", 0, {}};
    }
  }
  auto compiled = sla::ReadPolicyDocument(p.body, DefaultZone(), shipped);
  if (!compiled.ok()) {
    const Error& e = compiled.error();
    std::string where = e.line > 0 ? "line " + std::to_string(e.line) + ": " : "";
    return Error::Invalid("body: " + where + e.message, 0, "body");
  }
  // The name inside the document is the one exports and replays use.
  if (!compiled->policy.name.empty() && compiled->policy.name != p.name) {
    return Error::Invalid("name must match the body's policy name (" + compiled->policy.name + ")",
                          0, "name");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<StoredPolicy> {
    AFTERCARE_ASSIGN_OR_RETURN(auto dup,
                               tx.Query("SELECT 1 FROM sla_policies WHERE name = $1", {p.name}));
    if (!dup.empty()) {
      return Error{ErrorCode::kConflict,
                   "policy " + p.name + " exists (policies are immutable)",
                   "name",
                   0,
                   {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO sla_policies (name, body, created_at) VALUES ($1, $2, $3)",
                {p.name, p.body, ctx.now.unix}));
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "create", "sla_policy", p.name, nullptr, {{"body", p.body}}));
    return StoredPolicy{p.name, p.body, false};
  });
}

Result<std::vector<StoredPolicy>> ListPolicies(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<StoredPolicy>> {
    std::vector<StoredPolicy> out;
    for (const auto& [n, yaml] : sla::DefaultShipped().policies) {
      out.push_back({n, std::string(yaml), true});
    }
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query("SELECT name, body FROM sla_policies ORDER BY name"));
    for (const auto& r : rows) out.push_back({r.Text("name"), r.Text("body"), false});
    return out;
  });
}

}  // namespace aftercare::service
