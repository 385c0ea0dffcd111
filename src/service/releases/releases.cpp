#include "service/releases/releases.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "service/attachments/attachments.h"
#include "service/audit/audit.h"
#include "service/blob_store.h"
#include "service/calendar/calendar.h"
#include "service/closed_sets.h"
#include "service/deliveries/deliveries.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, kReleaseKindCount> kKindNames = {"patch", "upgrade"};
constexpr std::array<std::string_view, kReleaseStateCount> kStateNames = {"draft", "published"};
constexpr std::array<std::string_view, kInstallationStateCount> kInstallationStateNames = {
    "scheduled", "installed", "cancelled"};
constexpr std::array<std::string_view, kInstallMethodCount> kMethodNames = {"onsite", "remote",
                                                                            "self"};
constexpr std::size_t kMaxProductChars = 100;
constexpr std::int64_t kMaxWindowSeconds = 31 * 86400;

Error Conflict(std::string message, std::string field) {
  return Error{ErrorCode::kConflict, std::move(message), std::move(field), 0, {}};
}

Error Unchangeable() { return Conflict("a published release no longer changes", "state"); }

// ---- reading releases

// The counts of a release within the actor's reach (Party A: its own systems).
std::string ReleaseSelect(const Context& ctx, store::ParamList& p) {
  std::string own_systems, own_installs;
  if (!ctx.actor->vendor()) {
    const std::string c = p.Add(ctx.actor->customer_id.value_or(-1));
    own_systems = " AND x.customer_id = " + c;
    own_installs = " AND i.customer_id = " + c;
  }
  return "SELECT r.id, r.product, r.kind, r.version, r.title, r.notes, r.state, r.created_at, "
         "r.updated_at, r.published_at, COALESCE(u.display_name, '') AS published_by_name, "
         "(SELECT COUNT(*) FROM release_systems x WHERE x.release_id = r.id" +
         own_systems +
         ") AS system_count, (SELECT COUNT(*) FROM release_installations i WHERE i.release_id = "
         "r.id AND i.state = 'installed'" +
         own_installs +
         ") AS installed_count FROM releases r LEFT JOIN users u ON u.id = r.published_by "
         "WHERE 1 = 1";
}

// Party A reaches the published releases for one of its own systems.
std::string ReachCondition(const Context& ctx, store::ParamList& p) {
  if (ctx.actor->vendor()) return "";
  return " AND r.state = 'published' AND EXISTS (SELECT 1 FROM release_systems rs WHERE "
         "rs.release_id = r.id AND rs.customer_id = " +
         p.Add(ctx.actor->customer_id.value_or(-1)) + ")";
}

Release ReleaseFrom(const store::Row& r) {
  Release out;
  out.id = r.Int("id");
  out.product = r.Text("product");
  out.kind = ParseReleaseKind(r.Text("kind")).value_or(ReleaseKind::kPatch);
  out.version = r.Text("version");
  out.title = r.Text("title");
  out.notes = r.Text("notes");
  out.state = ParseReleaseState(r.Text("state")).value_or(ReleaseState::kDraft);
  out.created_at = Instant{r.Int("created_at")};
  out.updated_at = Instant{r.Int("updated_at")};
  if (auto at = r.OptInt("published_at")) out.published_at = Instant{*at};
  out.published_by_name = r.Text("published_by_name");
  out.system_count = r.Int("system_count");
  out.installed_count = r.Int("installed_count");
  return out;
}

Result<Release> LoadRelease(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  store::ParamList p;
  std::string sql = ReleaseSelect(ctx, p) + " AND r.id = " + p.Add(id) + ReachCondition(ctx, p);
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
  if (rows.empty()) return NotFound("release");
  return ReleaseFrom(rows[0]);
}

constexpr const char* kInstallationSelect =
    "SELECT i.id, i.release_id, i.system_id, i.customer_id, r.product, r.version, s.name AS "
    "system_name, c.name AS customer_name, i.state, i.method, i.engineer_id, "
    "COALESCE(u.display_name, '') AS engineer_name, i.starts_at, i.ends_at, i.installed_at, "
    "i.recorded_by_name, i.note, i.created_at, i.updated_at FROM release_installations i JOIN "
    "releases r ON r.id = i.release_id JOIN systems s ON s.id = i.system_id JOIN customers c ON "
    "c.id = i.customer_id LEFT JOIN users u ON u.id = i.engineer_id";

std::optional<Instant> OptInstant(const store::Row& r, const char* column) {
  if (auto v = r.OptInt(column)) return Instant{*v};
  return std::nullopt;
}

Installation InstallationFrom(const store::Row& r) {
  Installation i;
  i.id = r.Int("id");
  i.release_id = r.Int("release_id");
  i.system_id = r.Int("system_id");
  i.customer_id = r.Int("customer_id");
  i.product = r.Text("product");
  i.version = r.Text("version");
  i.system_name = r.Text("system_name");
  i.customer_name = r.Text("customer_name");
  i.state = ParseInstallationState(r.Text("state")).value_or(InstallationState::kScheduled);
  if (auto m = r.OptText("method")) i.method = ParseInstallMethod(*m);
  i.engineer_id = r.OptInt("engineer_id");
  i.engineer_name = r.Text("engineer_name");
  i.starts_at = OptInstant(r, "starts_at");
  i.ends_at = OptInstant(r, "ends_at");
  i.installed_at = OptInstant(r, "installed_at");
  i.recorded_by_name = r.Text("recorded_by_name");
  i.note = r.Text("note");
  i.created_at = Instant{r.Int("created_at")};
  i.updated_at = Instant{r.Int("updated_at")};
  return i;
}

// Installations matching `where` (Party A: its own), oldest first.
Result<std::vector<Installation>> QueryInstallations(store::Transaction& tx, const Context& ctx,
                                                     std::string where, store::ParamList& p) {
  if (!ctx.actor->vendor()) where += " AND i.customer_id = " + p.Add(*ctx.actor->customer_id);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string(kInstallationSelect) + " WHERE " + where + " ORDER BY i.id",
                          p.values()));
  std::vector<Installation> out;
  for (const auto& r : rows) out.push_back(InstallationFrom(r));
  return out;
}

Result<Installation> LoadInstallation(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  store::ParamList p;
  AFTERCARE_ASSIGN_OR_RETURN(auto list, QueryInstallations(tx, ctx, "i.id = " + p.Add(id), p));
  if (list.empty()) return NotFound("installation");
  return list[0];
}

Status LoadDetails(store::Transaction& tx, const Context& ctx, Release& r) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto files, tx.Query("SELECT id, release_id, name, content_type, size, sha256, at FROM "
                           "release_files WHERE release_id = $1 ORDER BY id",
                           {r.id}));
  for (const auto& f : files) {
    r.files.push_back({f.Int("id"), f.Int("release_id"), f.Text("name"), f.Text("content_type"),
                       f.Text("sha256"), f.Int("size"), Instant{f.Int("at")}});
  }
  store::ParamList p;
  std::string sql =
      "SELECT rs.system_id, rs.customer_id, s.name AS system_name, c.name AS customer_name, "
      "COALESCE(cr.version, '') AS current_version FROM release_systems rs JOIN systems s ON "
      "s.id = rs.system_id JOIN customers c ON c.id = rs.customer_id LEFT JOIN system_versions "
      "sv ON sv.system_id = rs.system_id LEFT JOIN releases cr ON cr.id = sv.release_id WHERE "
      "rs.release_id = " +
      p.Add(r.id);
  if (!ctx.actor->vendor()) sql += " AND rs.customer_id = " + p.Add(*ctx.actor->customer_id);
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(sql + " ORDER BY rs.customer_id, rs.system_id", p.values()));
  store::ParamList ip;
  AFTERCARE_ASSIGN_OR_RETURN(auto installs,
                             QueryInstallations(tx, ctx, "i.release_id = " + ip.Add(r.id), ip));
  for (const auto& row : rows) {
    ReleaseSystem s{row.Int("system_id"),      row.Int("customer_id"),      row.Text("system_name"),
                    row.Text("customer_name"), row.Text("current_version"), std::nullopt};
    // The latest installation, a cancelled one only when there is no other.
    for (const Installation& i : installs) {
      if (i.system_id != s.system_id) continue;
      if (i.state != InstallationState::kCancelled || !s.installation ||
          s.installation->state == InstallationState::kCancelled) {
        s.installation = i;
      }
    }
    r.systems.push_back(std::move(s));
  }
  return {};
}

Result<Release> Reload(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(Release r, LoadRelease(tx, ctx, id));
  AFTERCARE_RETURN_IF_ERROR(LoadDetails(tx, ctx, r));
  return r;
}

// ---- checks

Result<ReleaseVersion> CheckVersion(const std::string& text) {
  auto v = ParseReleaseVersion(text);
  if (!v) {
    return Error::Invalid(
        "version must be like 3.2.1: an optional V, then 1 to 4 numbers joined by dots", 0,
        "version");
  }
  return *v;
}

Status CheckTexts(const std::optional<std::string>& title,
                  const std::optional<std::string>& notes) {
  if (title) AFTERCARE_RETURN_IF_ERROR(RequireText(*title, "title"));
  if (title && CodePoints(*title) > 200) {
    return Error::Invalid("title must have at most 200 characters", 0, "title");
  }
  if (notes && CodePoints(*notes) > kMaxReleaseNotesChars) {
    return Error::Invalid("notes must have at most 20000 characters", 0, "notes");
  }
  return {};
}

// Conflict when another release of the product has the same version.
Status CheckUniqueVersion(store::Transaction& tx, const std::string& product,
                          const ReleaseVersion& v, std::int64_t except_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM releases WHERE product = $1 AND version_key = $2 AND "
                          "id <> $3",
                          {product, ReleaseVersionKey(v), except_id}));
  if (!rows.empty())
    return Conflict("the product already has a release of this version", "version");
  return {};
}

struct SystemRef {
  std::int64_t system_id = 0, customer_id = 0;
};

// The systems a release is for: those given (each of the product), or every
// customer's system named `product`.
Result<std::vector<SystemRef>> ResolveSystems(store::Transaction& tx, const std::string& product,
                                              const std::optional<std::vector<std::int64_t>>& ids) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT id, customer_id FROM systems WHERE name = $1 ORDER BY id", {product}));
  std::map<std::int64_t, std::int64_t> of_product;
  for (const auto& r : rows) of_product[r.Int("id")] = r.Int("customer_id");
  std::vector<SystemRef> out;
  if (!ids) {
    if (of_product.empty()) {
      return Error::Invalid("product: no customer's system has this name", 0, "product");
    }
    for (const auto& [id, customer] : of_product) out.push_back({id, customer});
    return out;
  }
  if (ids->empty()) {
    return Error::Invalid("system_ids: a release is for at least one system", 0, "system_ids");
  }
  for (std::int64_t id : std::set<std::int64_t>(ids->begin(), ids->end())) {
    auto it = of_product.find(id);
    if (it == of_product.end()) {
      return Error::Invalid("system_ids must name customers' systems of the release's product", 0,
                            "system_ids");
    }
    out.push_back({id, it->second});
  }
  return out;
}

Status PutSystems(store::Transaction& tx, std::int64_t release_id,
                  const std::vector<SystemRef>& systems) {
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM release_systems WHERE release_id = $1", {release_id}));
  for (const SystemRef& s : systems) {
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO release_systems (release_id, system_id, customer_id) VALUES ($1, $2, $3)",
        {release_id, s.system_id, s.customer_id}));
  }
  return {};
}

// A draft for a change by release staff.
Result<Release> DraftForChange(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(Release r, LoadRelease(tx, ctx, id));
  if (r.state != ReleaseState::kDraft) return Unchangeable();
  return r;
}

// OPS-4: each affected customer's active Party A users are told, once per customer.
Status AnnouncePublished(store::Transaction& tx, const Release& r, Instant now) {
  std::map<std::int64_t, std::string> names_by_customer;
  for (const ReleaseSystem& s : r.systems) {
    std::string& names = names_by_customer[s.customer_id];
    names += (names.empty() ? "" : "、") + s.system_name;
  }
  for (const auto& [customer, names] : names_by_customer) {
    AFTERCARE_ASSIGN_OR_RETURN(auto people, ActivePartyAUsers(tx, customer));
    if (people.empty()) continue;
    Announcement a;
    a.kind = NotificationKind::kReleasePublished;
    a.event_key = "release_published:" + std::to_string(r.id) + ":" + std::to_string(customer);
    a.data = {{"release_id", r.id},   {"product", r.product}, {"version", r.version},
              {"kind", Name(r.kind)}, {"title", r.title},     {"systems", names}};
    AFTERCARE_RETURN_IF_ERROR(Announce(tx, a, people, now).status());
  }
  return {};
}

json ReleaseAudit(const Release& r) {
  return {{"product", r.product},
          {"kind", Name(r.kind)},
          {"version", r.version},
          {"title", r.title},
          {"state", Name(r.state)}};
}

// ---- installations

// The release for an installation: published, and the system one of its own
// (Party A: its own customer's, else not found).
Result<std::int64_t> AffectedCustomer(store::Transaction& tx, const Context& ctx, const Release& r,
                                      std::int64_t system_id) {
  if (r.state != ReleaseState::kPublished) {
    return Conflict("the release is not published yet", "state");
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT customer_id FROM release_systems WHERE release_id = $1 AND system_id = $2",
               {r.id, system_id}));
  if (!ctx.actor->vendor() &&
      (rows.empty() || rows[0].Int("customer_id") != ctx.actor->customer_id)) {
    return NotFound("system");
  }
  if (rows.empty()) {
    return Error::Invalid("system_id must be a system the release is for", 0, "system_id");
  }
  return rows[0].Int("customer_id");
}

// The installation of (release, system) in `state`, if any.
Result<std::optional<std::int64_t>> FindInstallation(store::Transaction& tx,
                                                     std::int64_t release_id,
                                                     std::int64_t system_id,
                                                     InstallationState state) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM release_installations WHERE release_id = $1 AND "
                          "system_id = $2 AND state = $3 ORDER BY id DESC",
                          {release_id, system_id, std::string(Name(state))}));
  if (rows.empty()) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{rows[0].Int("id")};
}

// Conflict when the system already runs this release's version or a newer one.
Status CheckNotAhead(store::Transaction& tx, const Release& r, std::int64_t system_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT cr.version FROM system_versions sv JOIN releases cr ON cr.id = "
                          "sv.release_id WHERE sv.system_id = $1",
                          {system_id}));
  if (rows.empty()) return {};
  auto current = ParseReleaseVersion(rows[0].Text("version"));
  auto mine = ParseReleaseVersion(r.version);
  if (current && mine && CompareReleaseVersions(*current, *mine) >= 0) {
    return Conflict("the system already runs this version or a newer one", "system_id");
  }
  return {};
}

Status CheckInstaller(store::Transaction& tx, std::int64_t engineer_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT role, disabled FROM users WHERE id = $1", {engineer_id}));
  if (rows.empty() || rows[0].Int("disabled") != 0 ||
      (rows[0].Text("role") != "engineer" && rows[0].Text("role") != "team_leader")) {
    return Error::Invalid("engineer_id must be an active engineer or team leader", 0,
                          "engineer_id");
  }
  return {};
}

// The calendar keeps an installation's window (issue 15, point 8).
Status PutCalendar(store::Transaction& tx, const Installation& i) {
  if (!i.starts_at || !i.ends_at) return {};
  calendar::Entry e;
  e.source = calendar::Source::kInstallation;
  e.source_id = i.id;
  e.customer_id = i.customer_id;
  e.system_id = i.system_id;
  e.engineer_id = i.engineer_id;
  e.starts_at = *i.starts_at;
  e.ends_at = *i.ends_at;
  e.title = "上门安装：" + i.system_name + " " + i.version;
  e.state =
      i.state == InstallationState::kInstalled ? calendar::State::kDone : calendar::State::kPlanned;
  return calendar::Put(tx, e);
}

json InstallationAudit(const Installation& i) {
  json j = {{"release_id", i.release_id},
            {"system_id", i.system_id},
            {"state", Name(i.state)},
            {"version", i.version}};
  if (i.method) j["method"] = Name(*i.method);
  if (i.engineer_id) j["engineer_id"] = *i.engineer_id;
  return j;
}

// The version the system runs now follows its latest installation by date.
Status PutSystemVersion(store::Transaction& tx, const Installation& i) {
  return tx.Exec(
      "INSERT INTO system_versions (system_id, release_id, installation_id, installed_at) VALUES "
      "($1, $2, $3, $4) ON CONFLICT (system_id) DO UPDATE SET release_id = excluded.release_id, "
      "installation_id = excluded.installation_id, installed_at = excluded.installed_at WHERE "
      "system_versions.installed_at <= excluded.installed_at",
      {i.system_id, i.release_id, i.id, i.installed_at->unix});
}

}  // namespace

// ---- versions and names

std::optional<ReleaseVersion> ParseReleaseVersion(std::string_view text) {
  if (!text.empty() && (text[0] == 'V' || text[0] == 'v')) text.remove_prefix(1);
  ReleaseVersion v;
  while (true) {
    std::size_t digits = 0;
    std::int64_t n = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
      n = n * 10 + (text[digits] - '0');
      if (++digits > 9) return std::nullopt;
    }
    if (digits == 0 || v.count == 4) return std::nullopt;
    v.parts[static_cast<std::size_t>(v.count++)] = n;
    text.remove_prefix(digits);
    if (text.empty()) return v;
    if (text[0] != '.') return std::nullopt;
    text.remove_prefix(1);
  }
}

int CompareReleaseVersions(const ReleaseVersion& a, const ReleaseVersion& b) {
  for (std::size_t i = 0; i < a.parts.size(); ++i) {
    if (a.parts[i] != b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1;
  }
  return 0;
}

std::string ReleaseVersionKey(const ReleaseVersion& v) {
  std::string out;
  for (std::int64_t part : v.parts) out += (out.empty() ? "" : ".") + std::to_string(part);
  return out;
}

std::optional<ReleaseKind> ParseReleaseKind(std::string_view s) {
  return ParseIn<ReleaseKind>(kKindNames, s);
}
std::string_view Name(ReleaseKind k) { return NameIn(kKindNames, k); }
std::optional<ReleaseState> ParseReleaseState(std::string_view s) {
  return ParseIn<ReleaseState>(kStateNames, s);
}
std::string_view Name(ReleaseState s) { return NameIn(kStateNames, s); }
std::optional<InstallationState> ParseInstallationState(std::string_view s) {
  return ParseIn<InstallationState>(kInstallationStateNames, s);
}
std::string_view Name(InstallationState s) { return NameIn(kInstallationStateNames, s); }
std::optional<InstallMethod> ParseInstallMethod(std::string_view s) {
  return ParseIn<InstallMethod>(kMethodNames, s);
}
std::string_view Name(InstallMethod m) { return NameIn(kMethodNames, m); }

Error UnknownReleaseKind() { return Error::Invalid("kind must be patch or upgrade", 0, "kind"); }
Error UnknownReleaseState() {
  return Error::Invalid("state must be draft or published", 0, "state");
}
Error UnknownInstallMethod() {
  return Error::Invalid("method must be onsite, remote or self", 0, "method");
}

// ---- releases

Result<Release> CreateRelease(store::Database& db, const Context& ctx, const NewRelease& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kReleaseStaff));
  AFTERCARE_RETURN_IF_ERROR(RequireText(in.product, "product"));
  if (CodePoints(in.product) > kMaxProductChars) {
    return Error::Invalid("product must have at most 100 characters", 0, "product");
  }
  AFTERCARE_ASSIGN_OR_RETURN(ReleaseVersion v, CheckVersion(in.version));
  AFTERCARE_RETURN_IF_ERROR(CheckTexts(in.title, in.notes));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Release> {
    AFTERCARE_ASSIGN_OR_RETURN(auto systems, ResolveSystems(tx, in.product, in.system_ids));
    AFTERCARE_RETURN_IF_ERROR(CheckUniqueVersion(tx, in.product, v, 0));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO releases (product, kind, version, version_key, title, notes, state, "
                 "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, "
                 "$8, $8) RETURNING id",
                 {in.product, std::string(Name(in.kind)), in.version, ReleaseVersionKey(v),
                  in.title, in.notes, ctx.actor->user_id, ctx.now.unix}));
    const std::int64_t id = rows.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(PutSystems(tx, id, systems));
    AFTERCARE_ASSIGN_OR_RETURN(Release r, Reload(tx, ctx, id));
    json after = ReleaseAudit(r);
    after["systems"] = systems.size();
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "create", "release", std::to_string(id), nullptr, after));
    return r;
  });
}

Result<Release> EditRelease(store::Database& db, const Context& ctx, std::int64_t id,
                            const ReleaseEdit& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kReleaseStaff));
  AFTERCARE_RETURN_IF_ERROR(CheckTexts(in.title, in.notes));
  std::optional<ReleaseVersion> v;
  if (in.version) {
    AFTERCARE_ASSIGN_OR_RETURN(v, CheckVersion(*in.version));
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Release> {
    AFTERCARE_ASSIGN_OR_RETURN(Release before, DraftForChange(tx, ctx, id));
    if (v) AFTERCARE_RETURN_IF_ERROR(CheckUniqueVersion(tx, before.product, *v, id));
    if (in.system_ids) {
      AFTERCARE_ASSIGN_OR_RETURN(auto systems, ResolveSystems(tx, before.product, in.system_ids));
      AFTERCARE_RETURN_IF_ERROR(PutSystems(tx, id, systems));
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE releases SET kind = $1, version = $2, version_key = $3, title = $4, notes = $5, "
        "updated_at = $6 WHERE id = $7",
        {std::string(Name(in.kind.value_or(before.kind))), in.version.value_or(before.version),
         v ? ReleaseVersionKey(*v) : ReleaseVersionKey(*ParseReleaseVersion(before.version)),
         in.title.value_or(before.title), in.notes.value_or(before.notes), ctx.now.unix, id}));
    AFTERCARE_ASSIGN_OR_RETURN(Release r, Reload(tx, ctx, id));
    json after = ReleaseAudit(r);
    after["systems"] = r.systems.size();
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "update", "release", std::to_string(id), ReleaseAudit(before), after));
    return r;
  });
}

Result<Release> PublishRelease(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kReleasePublishers));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Release> {
    AFTERCARE_RETURN_IF_ERROR(DraftForChange(tx, ctx, id).status());
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE releases SET state = 'published', published_by = $1, published_at = $2, "
                "updated_at = $2 WHERE id = $3",
                {ctx.actor->user_id, ctx.now.unix, id}));
    AFTERCARE_ASSIGN_OR_RETURN(Release r, Reload(tx, ctx, id));
    AFTERCARE_RETURN_IF_ERROR(AnnouncePublished(tx, r, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "publish", "release", std::to_string(id), nullptr, ReleaseAudit(r)));
    return r;
  });
}

Result<ReleasePage> ListReleases(store::Database& db, const Context& ctx, const ReleaseFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 500) return Error::Invalid("limit must be 1 to 500", 0, "limit");
  store::ParamList p;
  std::string sql = ReleaseSelect(ctx, p) + ReachCondition(ctx, p);
  if (f.product) sql += " AND r.product = " + p.Add(*f.product);
  if (f.kind) sql += " AND r.kind = " + p.Add(std::string(Name(*f.kind)));
  if (f.state) sql += " AND r.state = " + p.Add(std::string(Name(*f.state)));
  if (f.customer_id) {
    sql +=
        " AND EXISTS (SELECT 1 FROM release_systems y WHERE y.release_id = r.id AND "
        "y.customer_id = " +
        p.Add(*f.customer_id) + ")";
  }
  if (f.system_id) {
    sql +=
        " AND EXISTS (SELECT 1 FROM release_systems y WHERE y.release_id = r.id AND "
        "y.system_id = " +
        p.Add(*f.system_id) + ")";
  }
  if (f.q && !f.q->empty()) {
    const std::string like = p.Add(LikePattern(*f.q));
    sql += " AND (LOWER(r.title) LIKE " + like + " ESCAPE '!' OR LOWER(r.notes) LIKE " + like +
           " ESCAPE '!' OR LOWER(r.version) LIKE " + like + " ESCAPE '!')";
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto after, ReadIdCursor(f.cursor));
  if (after) sql += " AND r.id < " + p.Add(*after);
  sql += " ORDER BY r.id DESC LIMIT " + std::to_string(f.limit + 1);
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<ReleasePage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    ReleasePage page;
    page.next_cursor = TakePage(rows, f.limit, ReleaseFrom, page.items);
    return page;
  });
}

Result<Release> GetRelease(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto r = InTransaction(
      db, false, [&](store::Transaction& tx) -> Result<Release> { return Reload(tx, ctx, id); });
  if (!r.ok()) return r;
  // CON-4: a vendor's read of the customers' installation records, one entry each.
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const ReleaseSystem& s : r->systems) ++by_customer[s.customer_id];
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(db, ctx, "read", "release", std::to_string(id),
                                                 {{"systems", r->systems.size()}}, by_customer));
  return r;
}

// ---- files

Result<ReleaseFile> AddReleaseFile(store::Database& db, const Context& ctx, const std::string& dir,
                                   std::int64_t release_id, const std::string& name,
                                   const std::string& content_type, const std::string& bytes) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kReleaseStaff));
  AFTERCARE_RETURN_IF_ERROR(CheckFileName(name));
  if (!content_type.empty() && !IsMediaType(content_type)) {
    return Error::Invalid("Content-Type must be a media type such as image/png", 0, "Content-Type");
  }
  if (bytes.empty()) return Error::Invalid("the file is empty", 0, "body");
  if (bytes.size() > kMaxReleaseFileBytes) {
    return Error::Invalid("a release file may have at most 20 MB", 0, "body");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<ReleaseFile> {
    AFTERCARE_RETURN_IF_ERROR(DraftForChange(tx, ctx, release_id).status());
    AFTERCARE_ASSIGN_OR_RETURN(
        auto count,
        tx.Query("SELECT COUNT(*) AS n FROM release_files WHERE release_id = $1", {release_id}));
    if (count.at(0).Int("n") >= static_cast<std::int64_t>(kMaxReleaseFiles)) {
      return Error::Invalid("a release may have at most 20 files", 0, "body");
    }
    AFTERCARE_ASSIGN_OR_RETURN(std::string sha, StoreBlob(dir, bytes));
    const std::string type = content_type.empty() ? "application/octet-stream" : content_type;
    const auto size = static_cast<std::int64_t>(bytes.size());
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO release_files (release_id, name, content_type, size, sha256, "
                 "uploaded_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                 {release_id, name, type, size, sha, ctx.actor->user_id, ctx.now.unix}));
    ReleaseFile f{rows.at(0).Int("id"), release_id, name, type, sha, size, ctx.now};
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE releases SET updated_at = $1 WHERE id = $2", {ctx.now.unix, release_id}));
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "create", "release_file", std::to_string(f.id), nullptr,
              {{"release_id", release_id}, {"name", name}, {"size", size}, {"sha256", sha}}));
    return f;
  });
}

Status RemoveReleaseFile(store::Database& db, const Context& ctx, std::int64_t release_id,
                         std::int64_t file_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kReleaseStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_RETURN_IF_ERROR(DraftForChange(tx, ctx, release_id).status());
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT name FROM release_files WHERE id = $1 AND release_id = $2",
                            {file_id, release_id}));
    if (rows.empty()) return NotFound("release file");
    // The blob stays: content is stored once and may be another file's too.
    AFTERCARE_RETURN_IF_ERROR(tx.Exec("DELETE FROM release_files WHERE id = $1", {file_id}));
    return Audit(tx, ctx, "delete", "release_file", std::to_string(file_id),
                 {{"release_id", release_id}, {"name", rows[0].Text("name")}}, nullptr);
  });
}

Result<std::pair<ReleaseFile, std::string>> DownloadReleaseFile(
    store::Database& db, const Context& ctx, const std::string& dir, std::int64_t file_id,
    std::optional<std::int64_t> for_customer_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (!ctx.actor->vendor()) for_customer_id = ctx.actor->customer_id;
  return InTransaction(
      db, true, [&](store::Transaction& tx) -> Result<std::pair<ReleaseFile, std::string>> {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows, tx.Query("SELECT id, release_id, name, content_type, size, sha256, at FROM "
                                "release_files WHERE id = $1",
                                {file_id}));
        if (rows.empty()) return NotFound("release file");
        const store::Row& row = rows[0];
        ReleaseFile f{row.Int("id"),         row.Int("release_id"),
                      row.Text("name"),      row.Text("content_type"),
                      row.Text("sha256"),    row.Int("size"),
                      Instant{row.Int("at")}};
        auto release = LoadRelease(tx, ctx, f.release_id);
        if (!release.ok()) return NotFound("release file");
        if (for_customer_id && ctx.actor->vendor()) {
          AFTERCARE_ASSIGN_OR_RETURN(
              auto affected,
              tx.Query("SELECT 1 FROM release_systems WHERE release_id = $1 AND customer_id = $2",
                       {f.release_id, *for_customer_id}));
          if (affected.empty()) {
            return Error::Invalid("for_customer_id must be a customer the release is for", 0,
                                  "for_customer_id");
          }
        }
        AFTERCARE_ASSIGN_OR_RETURN(std::string bytes, ReadBlob(dir, f.sha256, f.size));
        AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "download", "release_file", std::to_string(f.id),
                                        nullptr, {{"release_id", f.release_id}, {"name", f.name}},
                                        for_customer_id));
        return std::pair{f, std::move(bytes)};
      });
}

// ---- installations

Result<Installation> ScheduleInstallation(store::Database& db, const Context& ctx,
                                          std::int64_t release_id, const NewInstallation& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kReleaseStaff));
  if (in.ends_at.unix <= in.starts_at.unix ||
      in.ends_at.unix - in.starts_at.unix > kMaxWindowSeconds) {
    return Error::Invalid("ends_at must be after starts_at, within 31 days", 0, "ends_at");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Installation> {
    AFTERCARE_ASSIGN_OR_RETURN(Release r, LoadRelease(tx, ctx, release_id));
    AFTERCARE_ASSIGN_OR_RETURN(std::int64_t customer, AffectedCustomer(tx, ctx, r, in.system_id));
    AFTERCARE_RETURN_IF_ERROR(CheckInstaller(tx, in.engineer_id));
    AFTERCARE_ASSIGN_OR_RETURN(auto scheduled, FindInstallation(tx, release_id, in.system_id,
                                                                InstallationState::kScheduled));
    if (scheduled) {
      return Conflict("an installation of this release is already scheduled for the system",
                      "system_id");
    }
    AFTERCARE_RETURN_IF_ERROR(CheckNotAhead(tx, r, in.system_id));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO release_installations (release_id, system_id, customer_id, state, "
                 "engineer_id, starts_at, ends_at, recorded_by_name, note, created_by, "
                 "created_at, updated_at) VALUES ($1, $2, $3, 'scheduled', $4, $5, $6, '', $7, "
                 "$8, $9, $9) RETURNING id",
                 {release_id, in.system_id, customer, in.engineer_id, in.starts_at.unix,
                  in.ends_at.unix, in.note, ctx.actor->user_id, ctx.now.unix}));
    AFTERCARE_ASSIGN_OR_RETURN(Installation i, LoadInstallation(tx, ctx, rows.at(0).Int("id")));
    AFTERCARE_RETURN_IF_ERROR(PutCalendar(tx, i));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "schedule", "installation", std::to_string(i.id),
                                    nullptr, InstallationAudit(i)));
    return i;
  });
}

Result<Installation> CancelInstallation(store::Database& db, const Context& ctx,
                                        std::int64_t installation_id, const std::string& note) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kReleaseStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Installation> {
    AFTERCARE_ASSIGN_OR_RETURN(Installation before, LoadInstallation(tx, ctx, installation_id));
    if (before.state != InstallationState::kScheduled) {
      return Conflict("only a scheduled installation can be cancelled", "state");
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE release_installations SET state = 'cancelled', note = $1, updated_at = $2 WHERE "
        "id = $3",
        {note.empty() ? before.note : note, ctx.now.unix, installation_id}));
    AFTERCARE_RETURN_IF_ERROR(
        calendar::Remove(tx, calendar::Source::kInstallation, installation_id));
    AFTERCARE_ASSIGN_OR_RETURN(Installation i, LoadInstallation(tx, ctx, installation_id));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "cancel", "installation", std::to_string(i.id),
                                    InstallationAudit(before), InstallationAudit(i)));
    return i;
  });
}

Result<Installation> RecordInstallation(store::Database& db, const Context& ctx,
                                        std::int64_t release_id, const InstallationRecord& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kInstallationRecorders));
  if (!ctx.actor->vendor() && in.method != InstallMethod::kSelf) {
    return Error::Invalid("Party A records only an installation of its own (method self)", 0,
                          "method");
  }
  const Instant at = in.installed_at.value_or(ctx.now);
  if (at.unix > ctx.now.unix) {
    return Error::Invalid("installed_at cannot be in the future", 0, "installed_at");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Installation> {
    AFTERCARE_ASSIGN_OR_RETURN(Release r, LoadRelease(tx, ctx, release_id));
    AFTERCARE_ASSIGN_OR_RETURN(std::int64_t customer, AffectedCustomer(tx, ctx, r, in.system_id));
    if (r.published_at && at.unix < r.published_at->unix) {
      return Error::Invalid("installed_at cannot be before the release was published", 0,
                            "installed_at");
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto done, FindInstallation(tx, release_id, in.system_id, InstallationState::kInstalled));
    if (done) {
      return Conflict("this release's installation on the system is already recorded", "system_id");
    }
    AFTERCARE_ASSIGN_OR_RETURN(auto scheduled, FindInstallation(tx, release_id, in.system_id,
                                                                InstallationState::kScheduled));
    std::int64_t id = 0;
    const std::string method(Name(in.method));
    if (scheduled) {
      id = *scheduled;
      AFTERCARE_ASSIGN_OR_RETURN(Installation planned, LoadInstallation(tx, ctx, id));
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(
          "UPDATE release_installations SET state = 'installed', method = $1, installed_at = $2, "
          "recorded_by = $3, recorded_by_name = $4, note = $5, updated_at = $6 WHERE id = $7",
          {method, at.unix, ctx.actor->user_id, ctx.actor->display_name,
           in.note.empty() ? planned.note : in.note, ctx.now.unix, id}));
    } else {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto rows,
          tx.Query("INSERT INTO release_installations (release_id, system_id, customer_id, state, "
                   "method, installed_at, recorded_by, recorded_by_name, note, created_by, "
                   "created_at, updated_at) VALUES ($1, $2, $3, 'installed', $4, $5, $6, $7, $8, "
                   "$6, $9, $9) RETURNING id",
                   {release_id, in.system_id, customer, method, at.unix, ctx.actor->user_id,
                    ctx.actor->display_name, in.note, ctx.now.unix}));
      id = rows.at(0).Int("id");
    }
    AFTERCARE_ASSIGN_OR_RETURN(Installation i, LoadInstallation(tx, ctx, id));
    AFTERCARE_RETURN_IF_ERROR(PutCalendar(tx, i));
    AFTERCARE_RETURN_IF_ERROR(PutSystemVersion(tx, i));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "install", "installation", std::to_string(i.id),
                                    nullptr, InstallationAudit(i)));
    return i;
  });
}

Result<Installation> GetInstallation(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto i = InTransaction(db, false, [&](store::Transaction& tx) -> Result<Installation> {
    return LoadInstallation(tx, ctx, id);
  });
  if (!i.ok()) return i;
  AFTERCARE_RETURN_IF_ERROR(AuditRead(db, ctx, "installation", std::to_string(id), i->customer_id));
  return i;
}

Result<std::vector<Installation>> ListInstallations(store::Database& db, const Context& ctx,
                                                    std::optional<std::int64_t> release_id,
                                                    std::optional<std::int64_t> system_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  auto list =
      InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Installation>> {
        store::ParamList p;
        std::string where = "1 = 1";
        if (release_id) {
          AFTERCARE_RETURN_IF_ERROR(LoadRelease(tx, ctx, *release_id).status());
          where += " AND i.release_id = " + p.Add(*release_id);
        }
        if (system_id) {
          AFTERCARE_ASSIGN_OR_RETURN(
              auto rows, tx.Query("SELECT customer_id FROM systems WHERE id = $1", {*system_id}));
          if (rows.empty()) return NotFound("system");
          AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, rows[0].Int("customer_id"), "system"));
          where += " AND i.system_id = " + p.Add(*system_id);
        }
        AFTERCARE_ASSIGN_OR_RETURN(auto out, QueryInstallations(tx, ctx, where, p));
        std::reverse(out.begin(), out.end());  // newest first
        return out;
      });
  if (!list.ok()) return list;
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const Installation& i : *list) ++by_customer[i.customer_id];
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(
      db, ctx, "list", "installation", std::to_string(release_id.value_or(0)),
      {{"release_id", release_id.value_or(0)}, {"system_id", system_id.value_or(0)}}, by_customer));
  return list;
}

// ---- who is behind

namespace {

struct Published {
  ReleaseVersion version;
  std::string text;
  std::int64_t id = 0;
  std::set<std::int64_t> systems;  // those it is for
};

// A system's place against its product's published releases: the latest of the
// product, and how many of those for this system are newer than what it runs.
void Compare(SystemVersion& v, const std::vector<Published>& releases) {
  std::optional<ReleaseVersion> current;
  if (!v.current_version.empty()) current = ParseReleaseVersion(v.current_version);
  const Published* latest = nullptr;
  for (const Published& p : releases) {
    if (!latest || CompareReleaseVersions(p.version, latest->version) > 0) latest = &p;
    if (p.systems.contains(v.system_id) &&
        (!current || CompareReleaseVersions(p.version, *current) > 0)) {
      ++v.behind;
    }
  }
  if (latest) {
    v.latest_version = latest->text;
    v.latest_release_id = latest->id;
  }
}

Result<std::map<std::string, std::vector<Published>>> PublishedByProduct(
    store::Transaction& tx, const std::set<std::string>& products) {
  std::map<std::string, std::vector<Published>> out;
  for (const std::string& product : products) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT r.id, r.version, rs.system_id FROM releases r JOIN release_systems rs ON "
                 "rs.release_id = r.id WHERE r.product = $1 AND r.state = 'published' ORDER BY "
                 "r.id",
                 {product}));
    std::vector<Published>& list = out[product];
    for (const auto& r : rows) {
      auto v = ParseReleaseVersion(r.Text("version"));
      if (!v) continue;  // never: versions are checked when written
      if (list.empty() || list.back().id != r.Int("id")) {
        list.push_back({*v, r.Text("version"), r.Int("id"), {}});
      }
      list.back().systems.insert(r.Int("system_id"));
    }
  }
  return out;
}

}  // namespace

Result<VersionPage> ListSystemVersions(store::Database& db, const Context& ctx,
                                       const VersionFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 500) return Error::Invalid("limit must be 1 to 500", 0, "limit");
  store::ParamList p;
  std::string sql =
      "SELECT s.id AS system_id, s.customer_id, s.name AS product, c.name AS customer_name, "
      "COALESCE(cr.version, '') AS current_version, sv.release_id AS current_release_id, "
      "sv.installed_at, CASE WHEN EXISTS (SELECT 1 FROM release_installations i WHERE "
      "i.system_id = s.id AND i.state = 'scheduled') THEN 1 ELSE 0 END AS scheduled FROM "
      "systems s JOIN customers c ON c.id = s.customer_id LEFT JOIN system_versions sv ON "
      "sv.system_id = s.id LEFT JOIN releases cr ON cr.id = sv.release_id WHERE EXISTS (SELECT 1 "
      "FROM releases pr WHERE pr.product = s.name AND pr.state = 'published')";
  std::optional<std::int64_t> customer = f.customer_id;
  if (!ctx.actor->vendor()) customer = ctx.actor->customer_id.value_or(-1);
  if (customer) sql += " AND s.customer_id = " + p.Add(*customer);
  if (f.product) sql += " AND s.name = " + p.Add(*f.product);
  AFTERCARE_ASSIGN_OR_RETURN(auto after, ReadIdCursor(f.cursor));
  if (after) sql += " AND s.id > " + p.Add(*after);
  sql += " ORDER BY s.id LIMIT " + std::to_string(f.limit + 1);
  auto page = InTransaction(db, false, [&](store::Transaction& tx) -> Result<VersionPage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    VersionPage out;
    if (rows.size() > static_cast<std::size_t>(f.limit)) {
      rows.erase(rows.begin() + f.limit, rows.end());
      out.next_cursor = IdCursor(rows.back().Int("system_id"));
    }
    std::set<std::string> products;
    for (const auto& r : rows) products.insert(r.Text("product"));
    AFTERCARE_ASSIGN_OR_RETURN(auto published, PublishedByProduct(tx, products));
    for (const auto& r : rows) {
      SystemVersion v{r.Int("system_id"),
                      r.Int("customer_id"),
                      r.Text("product"),
                      r.Text("customer_name"),
                      r.Text("current_version"),
                      r.OptInt("current_release_id"),
                      OptInstant(r, "installed_at"),
                      "",
                      0,
                      0,
                      r.Int("scheduled") != 0};
      Compare(v, published[v.product]);
      if (!f.behind_only || v.behind > 0) out.items.push_back(std::move(v));
    }
    return out;
  });
  if (!page.ok()) return page;
  std::map<std::int64_t, std::int64_t> by_customer;
  for (const SystemVersion& v : page->items) ++by_customer[v.customer_id];
  AFTERCARE_RETURN_IF_ERROR(AuditReadsByCustomer(db, ctx, "list", "system_version", "",
                                                 {{"returned", page->items.size()}}, by_customer));
  return page;
}

}  // namespace aftercare::service
