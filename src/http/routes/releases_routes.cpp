// Releases (OPS-4; service/releases/releases.h): the list with its filters and
// cursor pages, a release with its files and affected systems, drafts, files,
// publishing, installations (schedule, record, cancel, per release or system)
// and who is behind (versions). Roles: every logged-in user reads (Party A its
// own); engineers, team leaders and managers prepare and install; team leaders
// and managers publish; Party A records "we installed it ourselves".
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/routes/file_reply.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/releases/releases.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json FileView(const service::ReleaseFile& f) {
  return json{{"id", f.id},
              {"release_id", f.release_id},
              {"name", f.name},
              {"content_type", f.content_type},
              {"size", f.size},
              {"sha256", f.sha256},
              {"at", FormatRfc3339(f.at, DefaultZone())},
              {"url", "/api/v1/releases/files/" + std::to_string(f.id)}};
}

json InstallationView(const service::Installation& i) {
  const TimeZone& tz = DefaultZone();
  return json{{"id", i.id},
              {"release_id", i.release_id},
              {"system_id", i.system_id},
              {"customer_id", i.customer_id},
              {"product", i.product},
              {"version", i.version},
              {"system_name", i.system_name},
              {"customer_name", i.customer_name},
              {"state", service::Name(i.state)},
              {"method", views::OptName(i.method)},
              {"engineer_id", views::Opt(i.engineer_id)},
              {"engineer_name", i.engineer_name},
              {"starts_at", views::Time(i.starts_at, tz)},
              {"ends_at", views::Time(i.ends_at, tz)},
              {"installed_at", views::Time(i.installed_at, tz)},
              {"recorded_by_name", i.recorded_by_name},
              {"note", i.note},
              {"created_at", FormatRfc3339(i.created_at, tz)},
              {"updated_at", FormatRfc3339(i.updated_at, tz)}};
}

json ReleaseView(const service::Release& r, bool full) {
  const TimeZone& tz = DefaultZone();
  json j = {{"id", r.id},
            {"product", r.product},
            {"kind", service::Name(r.kind)},
            {"version", r.version},
            {"title", r.title},
            {"notes", r.notes},
            {"state", service::Name(r.state)},
            {"created_at", FormatRfc3339(r.created_at, tz)},
            {"updated_at", FormatRfc3339(r.updated_at, tz)},
            {"published_at", views::Time(r.published_at, tz)},
            {"published_by_name", r.published_by_name},
            {"system_count", r.system_count},
            {"installed_count", r.installed_count}};
  if (!full) return j;
  json files = json::array();
  for (const auto& f : r.files) files.push_back(FileView(f));
  j["files"] = std::move(files);
  json systems = json::array();
  for (const auto& s : r.systems) {
    systems.push_back(
        {{"system_id", s.system_id},
         {"customer_id", s.customer_id},
         {"system_name", s.system_name},
         {"customer_name", s.customer_name},
         {"current_version", s.current_version},
         {"installation", s.installation ? InstallationView(*s.installation) : json(nullptr)}});
  }
  j["systems"] = std::move(systems);
  return j;
}

json Full(const service::Release& r) { return ReleaseView(r, true); }

json VersionView(const service::SystemVersion& v) {
  return json{{"system_id", v.system_id},
              {"customer_id", v.customer_id},
              {"product", v.product},
              {"customer_name", v.customer_name},
              {"current_version", v.current_version},
              {"current_release_id", views::Opt(v.current_release_id)},
              {"installed_at", views::Time(v.installed_at, DefaultZone())},
              {"latest_version", v.latest_version},
              {"latest_release_id", v.latest_release_id},
              {"behind", v.behind},
              {"scheduled", v.scheduled}};
}

json Page(const std::string& next_cursor, json items) {
  return json{{"items", std::move(items)},
              {"next_cursor", next_cursor.empty() ? json(nullptr) : json(next_cursor)}};
}

Reply List(Call& c, ApiEnv& env) {
  service::ReleaseFilter f;
  f.product = c.QueryStr("product");
  f.q = c.QueryStr("q");
  f.cursor = c.QueryStr("cursor").value_or("");
  auto customer = c.QueryInt("customer_id");
  if (!customer.ok()) return c.Fail(customer.error(), true);
  auto system = c.QueryInt("system_id");
  if (!system.ok()) return c.Fail(system.error(), true);
  auto limit = c.QueryLimit("limit");
  if (!limit.ok()) return c.Fail(limit.error(), true);
  auto kind = c.QueryName("kind", service::ParseReleaseKind, service::UnknownReleaseKind());
  if (!kind.ok()) return c.Fail(kind.error());
  auto state = c.QueryName("state", service::ParseReleaseState, service::UnknownReleaseState());
  if (!state.ok()) return c.Fail(state.error());
  f.customer_id = *customer;
  f.system_id = *system;
  if (*limit) f.limit = **limit;
  f.kind = *kind;
  f.state = *state;
  return c.Render(service::ListReleases(env.db, c.ctx, f), [](const service::ReleasePage& p) {
    json items = json::array();
    for (const auto& r : p.items) items.push_back(ReleaseView(r, false));
    return Page(p.next_cursor, std::move(items));
  });
}

Reply Create(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::NewRelease r;
  r.product = b.Str("product");
  auto kind = b.Str("kind");
  r.version = b.Str("version");
  r.title = b.Str("title");
  r.notes = b.OptStr("notes").value_or("");
  r.system_ids = b.OptIntList("system_ids");
  AFTERCARE_BODY_OK(c, b);
  auto k = service::ParseReleaseKind(kind);
  if (!k) return c.Fail(service::UnknownReleaseKind());
  r.kind = *k;
  return c.Render(service::CreateRelease(env.db, c.ctx, r), Full, 201);
}

Reply Edit(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::ReleaseEdit e;
  auto kind = b.OptStr("kind");
  e.version = b.OptStr("version");
  e.title = b.OptStr("title");
  e.notes = b.OptStr("notes");
  e.system_ids = b.OptIntList("system_ids");
  AFTERCARE_BODY_OK(c, b);
  if (kind) {
    e.kind = service::ParseReleaseKind(*kind);
    if (!e.kind) return c.Fail(service::UnknownReleaseKind());
  }
  return c.Render(service::EditRelease(env.db, c.ctx, c.ids[0], e), Full);
}

Reply Upload(Call& c, ApiEnv& env) {
  auto name = c.QueryStr("name");
  if (!name) return c.Fail(Error::Invalid("the query needs ?name=FILE", 0, "name"), true);
  std::string type(c.req.header("Content-Type"));
  return c.Render(service::AddReleaseFile(env.db, c.ctx, env.attachments_dir, c.ids[0], *name, type,
                                          std::string(c.req.body())),
                  FileView, 201);
}

Reply Download(Call& c, ApiEnv& env) {
  auto customer = c.QueryInt("for_customer_id");
  if (!customer.ok()) return c.Fail(customer.error(), true);
  auto r = service::DownloadReleaseFile(env.db, c.ctx, env.attachments_dir, c.ids[0], *customer);
  if (!r.ok()) return c.Fail(r.error());
  return StoredFileReply(r->first.name, r->first.content_type, std::move(r->second));
}

Reply Schedule(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::NewInstallation in;
  in.system_id = b.Int("system_id");
  in.engineer_id = b.Int("engineer_id");
  auto starts = b.OptTime("starts_at");
  auto ends = b.OptTime("ends_at");
  in.note = b.OptStr("note").value_or("");
  AFTERCARE_BODY_OK(c, b);
  if (!starts) return c.Fail(Error::Invalid("starts_at is required", 0, "starts_at"), true);
  if (!ends) return c.Fail(Error::Invalid("ends_at is required", 0, "ends_at"), true);
  in.starts_at = *starts;
  in.ends_at = *ends;
  return c.Render(service::ScheduleInstallation(env.db, c.ctx, c.ids[0], in), InstallationView,
                  201);
}

Reply Record(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::InstallationRecord in;
  in.system_id = b.Int("system_id");
  auto method = b.Str("method");
  in.installed_at = b.OptTime("installed_at");
  in.note = b.OptStr("note").value_or("");
  AFTERCARE_BODY_OK(c, b);
  auto m = service::ParseInstallMethod(method);
  if (!m) return c.Fail(service::UnknownInstallMethod());
  in.method = *m;
  return c.Render(service::RecordInstallation(env.db, c.ctx, c.ids[0], in), InstallationView, 201);
}

Reply Versions(Call& c, ApiEnv& env) {
  service::VersionFilter f;
  f.product = c.QueryStr("product");
  f.cursor = c.QueryStr("cursor").value_or("");
  auto customer = c.QueryInt("customer_id");
  if (!customer.ok()) return c.Fail(customer.error(), true);
  auto behind = c.QueryFlag("behind");
  if (!behind.ok()) return c.Fail(behind.error(), true);
  auto limit = c.QueryLimit("limit");
  if (!limit.ok()) return c.Fail(limit.error(), true);
  f.customer_id = *customer;
  f.behind_only = *behind;
  if (*limit) f.limit = **limit;
  return c.Render(service::ListSystemVersions(env.db, c.ctx, f), [](const service::VersionPage& p) {
    json items = json::array();
    for (const auto& v : p.items) items.push_back(VersionView(v));
    return Page(p.next_cursor, std::move(items));
  });
}

Reply Installations(Call& c, ApiEnv& env, std::optional<std::int64_t> release,
                    std::optional<std::int64_t> system) {
  return c.Render(service::ListInstallations(env.db, c.ctx, release, system),
                  [](const auto& list) { return views::Items(list, InstallationView); });
}

json ReleaseSchema(bool full) {
  json j = s::Record({{"id", s::Int()},
                      {"product", s::Str("the name of the customers' systems it is for")},
                      {"kind", s::Ref("ReleaseKind")},
                      {"version", s::Str("e.g. 3.2.1 or V3.10")},
                      {"title", s::Str()},
                      {"notes", s::Str("the release notes")},
                      {"state", s::Ref("ReleaseState")},
                      {"created_at", s::Time()},
                      {"updated_at", s::Time()},
                      {"published_at", s::Nullable(s::Time())},
                      {"published_by_name", s::Str()},
                      {"system_count", s::Int("affected systems (Party A: its own)")},
                      {"installed_count", s::Int("of them installed")}});
  if (!full) return j;
  j["properties"]["files"] = s::Array(s::Ref("ReleaseFile"));
  j["properties"]["systems"] = s::Array(
      s::Record({{"system_id", s::Int()},
                 {"customer_id", s::Int()},
                 {"system_name", s::Str()},
                 {"customer_name", s::Str()},
                 {"current_version", s::Str("what the system runs now; empty when none recorded")},
                 {"installation", s::Nullable(s::Ref("Installation"))}}));
  j["required"].push_back("files");
  j["required"].push_back("systems");
  return j;
}

void AddSchemas(Router& router) {
  router.AddSchema("ReleaseKind", s::EnumOf<service::ReleaseKind>(service::kReleaseKindCount));
  router.AddSchema("ReleaseState", s::EnumOf<service::ReleaseState>(service::kReleaseStateCount));
  router.AddSchema("InstallationState",
                   s::EnumOf<service::InstallationState>(service::kInstallationStateCount));
  router.AddSchema("InstallMethod",
                   s::EnumOf<service::InstallMethod>(service::kInstallMethodCount));
  router.AddSchema("ReleaseRow", ReleaseSchema(false));
  router.AddSchema("Release", ReleaseSchema(true));
  router.AddSchema("ReleaseFile", s::Record({{"id", s::Int()},
                                             {"release_id", s::Int()},
                                             {"name", s::Str()},
                                             {"content_type", s::Str()},
                                             {"size", s::Int()},
                                             {"sha256", s::Str()},
                                             {"at", s::Time()},
                                             {"url", s::Str()}}));
  router.AddSchema("Installation", s::Record({{"id", s::Int()},
                                              {"release_id", s::Int()},
                                              {"system_id", s::Int()},
                                              {"customer_id", s::Int()},
                                              {"product", s::Str()},
                                              {"version", s::Str()},
                                              {"system_name", s::Str()},
                                              {"customer_name", s::Str()},
                                              {"state", s::Ref("InstallationState")},
                                              {"method", s::Nullable(s::Ref("InstallMethod"))},
                                              {"engineer_id", s::Nullable(s::Int())},
                                              {"engineer_name", s::Str()},
                                              {"starts_at", s::Nullable(s::Time())},
                                              {"ends_at", s::Nullable(s::Time())},
                                              {"installed_at", s::Nullable(s::Time())},
                                              {"recorded_by_name", s::Str()},
                                              {"note", s::Str()},
                                              {"created_at", s::Time()},
                                              {"updated_at", s::Time()}}));
  router.AddSchema("SystemVersion",
                   s::Record({{"system_id", s::Int()},
                              {"customer_id", s::Int()},
                              {"product", s::Str()},
                              {"customer_name", s::Str()},
                              {"current_version", s::Str("empty when none recorded")},
                              {"current_release_id", s::Nullable(s::Int())},
                              {"installed_at", s::Nullable(s::Time())},
                              {"latest_version", s::Str()},
                              {"latest_release_id", s::Int()},
                              {"behind", s::Int("published releases newer than it runs")},
                              {"scheduled", s::Bool()}}));
}

void AddReleaseRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/releases",
              .summary = "list releases, newest first: filters product, kind, state, customer_id, "
                         "system_id, q; cursor, limit (Party A: the published ones for its "
                         "systems)",
              .roles = kEveryone,
              .query = {{"product", "string", "the systems' name"},
                        {"kind", "string", "patch or upgrade"},
                        {"state", "string", "draft or published"},
                        {"customer_id", "integer", "releases for one of its systems"},
                        {"system_id", "integer", ""},
                        {"q", "string", "words of the title, notes or version"},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 500, default 50"}},
              .response = s::Record({{"items", s::Array(s::Ref("ReleaseRow"))},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return List(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/releases",
              .summary = "a draft release (engineers, team leaders, managers); its systems "
                         "default to every customer's system named `product`",
              .roles = kReleaseStaff,
              .request = s::Object({{"product", s::Str()},
                                    {"kind", s::Ref("ReleaseKind")},
                                    {"version", s::Str()},
                                    {"title", s::Str()},
                                    {"notes", s::Str()},
                                    {"system_ids", s::Array(s::Int())}},
                                   {"product", "kind", "version", "title"}),
              .response = s::Ref("Release"),
              .status = 201,
              .handler = [&env](Call& c) { return Create(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/releases/{id}",
              .summary = "one release with its files and affected systems (their versions and "
                         "installations)",
              .roles = kEveryone,
              .response = s::Ref("Release"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetRelease(env.db, c.ctx, c.ids[0]), Full);
              }});
  router.Add({.method = Method::kPatch,
              .path = "/api/v1/releases/{id}",
              .summary = "edit a draft (a published release no longer changes)",
              .roles = kReleaseStaff,
              .request = s::Object({{"kind", s::Ref("ReleaseKind")},
                                    {"version", s::Str()},
                                    {"title", s::Str()},
                                    {"notes", s::Str()},
                                    {"system_ids", s::Array(s::Int())}},
                                   {}),
              .response = s::Ref("Release"),
              .handler = [&env](Call& c) { return Edit(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/releases/{id}/publish",
              .summary = "publish a draft and tell the affected customers (team leaders and "
                         "managers: they answer to the customer for what is announced)",
              .roles = kReleasePublishers,
              .response = s::Ref("Release"),
              .handler = [&env](Call& c) {
                return c.Render(service::PublishRelease(env.db, c.ctx, c.ids[0]), Full);
              }});
}

void AddFileRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kPost,
              .path = "/api/v1/releases/{id}/files",
              .summary = "add a file to a draft (raw body, at most 20 MB; ?name=file name)",
              .roles = kReleaseStaff,
              .query = {{"name", "string", "the file's name"}},
              .response = s::Ref("ReleaseFile"),
              .status = 201,
              .raw_body = true,
              .handler = [&env](Call& c) { return Upload(c, env); }});
  router.Add({.method = Method::kDelete,
              .path = "/api/v1/releases/{id}/files/{id}",
              .summary = "remove a file from a draft",
              .roles = kReleaseStaff,
              .response = s::Record({{"deleted", s::Bool()}}),
              .handler = [&env](Call& c) {
                return c.Done(service::RemoveReleaseFile(env.db, c.ctx, c.ids[0], c.ids[1]),
                              {{"deleted", true}});
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/releases/files/{id}",
              .summary = "download a release file (audited; a vendor names the customer it "
                         "downloads for with for_customer_id)",
              .roles = kEveryone,
              .query = {{"for_customer_id", "integer", "the customer it is downloaded for"}},
              .response_type = "application/octet-stream",
              .handler = [&env](Call& c) { return Download(c, env); }});
}

void AddInstallationRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add(
      {.method = Method::kGet,
       .path = "/api/v1/releases/{id}/installations",
       .summary = "a release's installations, newest first (Party A: its own)",
       .roles = kEveryone,
       .response = s::Items(s::Ref("Installation")),
       .handler = [&env](Call& c) { return Installations(c, env, c.ids[0], std::nullopt); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/releases/{id}/installations",
              .summary = "schedule an on-site installation on an affected system: a window and "
                         "an engineer, on the team calendar (engineers, team leaders, managers)",
              .roles = kReleaseStaff,
              .request = s::Object({{"system_id", s::Int()},
                                    {"engineer_id", s::Int()},
                                    {"starts_at", s::Time()},
                                    {"ends_at", s::Time()},
                                    {"note", s::Str()}},
                                   {"system_id", "engineer_id", "starts_at", "ends_at"}),
              .response = s::Ref("Installation"),
              .status = 201,
              .handler = [&env](Call& c) { return Schedule(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/releases/{id}/installed",
              .summary = "record that an affected system runs the release now (on site, remote, "
                         "or self: Party A installed it itself); completes a scheduled one",
              .roles = kInstallationRecorders,
              .request = s::Object({{"system_id", s::Int()},
                                    {"method", s::Ref("InstallMethod")},
                                    {"installed_at", s::Time()},
                                    {"note", s::Str()}},
                                   {"system_id", "method"}),
              .response = s::Ref("Installation"),
              .status = 201,
              .handler = [&env](Call& c) { return Record(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/releases/installations/{id}/cancel",
              .summary = "cancel a scheduled installation (its calendar entry goes)",
              .roles = kReleaseStaff,
              .request = s::Object({{"note", s::Str()}}, {}),
              .response = s::Ref("Installation"),
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body().empty() ? std::string_view("{}") : c.req.body());
                auto note = b.OptStr("note").value_or("");
                AFTERCARE_BODY_OK(c, b);
                return c.Render(service::CancelInstallation(env.db, c.ctx, c.ids[0], note),
                                InstallationView);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/releases/installations/{id}",
              .summary = "one installation (a calendar entry's; Party A: its own)",
              .roles = kEveryone,
              .response = s::Ref("Installation"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetInstallation(env.db, c.ctx, c.ids[0]),
                                InstallationView);
              }});
  router.Add(
      {.method = Method::kGet,
       .path = "/api/v1/releases/systems/{id}/installations",
       .summary = "a system's installation history, newest first",
       .roles = kEveryone,
       .response = s::Items(s::Ref("Installation")),
       .handler = [&env](Call& c) { return Installations(c, env, std::nullopt, c.ids[0]); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/releases/versions",
              .summary = "who is behind: each system of a product with a published release, the "
                         "version it runs, the latest and how many releases it lacks (Party A: "
                         "its own)",
              .roles = kEveryone,
              .query = {{"product", "string", ""},
                        {"customer_id", "integer", ""},
                        {"behind", "integer", "1: only the systems behind"},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 500 systems, default 100"}},
              .response = s::Record({{"items", s::Array(s::Ref("SystemVersion"))},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return Versions(c, env); }});
}

}  // namespace

void RegisterReleasesRoutes(Router& router, ApiEnv& env) {
  AddReleaseRoutes(router, env);
  AddFileRoutes(router, env);
  AddInstallationRoutes(router, env);
  AddSchemas(router);
}

}  // namespace aftercare::http
