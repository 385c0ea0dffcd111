// The server's backups (issue 13 point 1; SEC-2, bid 7.8.7.5.3): the list with the
// age and size of the last good backup, the schedule's settings, and a backup now
// (queued as a job: never written on an HTTP thread). Administrators only.
#include <filesystem>

#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/backups/backups.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
namespace backups = service::backups;
using nlohmann::json;

json BackupView(const backups::BackupRecord& b, const TimeZone& tz) {
  return json{{"id", b.id},
              {"started_at", FormatRfc3339(b.started_at, tz)},
              {"finished_at", FormatRfc3339(b.finished_at, tz)},
              {"file", b.file},
              {"file_name", std::filesystem::path(b.file).filename().string()},
              {"size_bytes", b.size},
              {"sha256", b.sha256},
              {"state", b.state},
              {"error", b.error},
              {"requested_by", views::Opt(b.requested_by)},
              {"requested_by_name", b.requested_by_name},
              {"pruned_at", views::Time(b.pruned_at, tz)}};
}

json SettingsView(const backups::Overview& o, const TimeZone& tz) {
  const backups::Settings& x = o.settings;
  return json{{"enabled", x.enabled},
              {"time", backups::FormatTimeOfDay(x.second)},
              {"tz", x.tz},
              {"keep_days", x.keep_days},
              {"folder", o.folder},
              {"folder_is_default", x.folder.empty()},
              {"next_run", views::Time(o.next_run, tz)},
              {"updated_at", views::Time(x.updated_at, tz)},
              {"updated_by", x.updated_by}};
}

json OverviewView(const backups::Overview& o, Instant now) {
  const TimeZone tz = views::ZoneOr(o.settings.tz);
  json items = json::array();
  for (const auto& b : o.items) items.push_back(BackupView(b, tz));
  json age = nullptr;
  if (o.last_good) age = now - o.last_good->finished_at;
  return json{{"items", items},
              {"last_good", o.last_good ? BackupView(*o.last_good, tz) : json(nullptr)},
              {"last_good_age_seconds", age},
              {"overdue", o.overdue},
              {"queued", o.queued},
              {"settings", SettingsView(o, tz)}};
}

// A rule of the settings broken is the request's fault: a 400 naming the field.
Reply Answer(Call& c, const Result<backups::Overview>& r) {
  if (!r.ok()) return c.Fail(r.error(), r.error().code == ErrorCode::kInvalidInput);
  return c.Json(SettingsView(*r, views::ZoneOr(r->settings.tz)));
}

}  // namespace

void RegisterBackupsRoutes(Router& router, ApiEnv& env) {
  using service::roles::kAdmins;
  const json backup = s::Record({{"id", s::Int()},
                                 {"started_at", s::Time()},
                                 {"finished_at", s::Time()},
                                 {"file", s::Str()},
                                 {"file_name", s::Str()},
                                 {"size_bytes", s::Int()},
                                 {"sha256", s::Str()},
                                 {"state", s::Enum({"ok", "failed"})},
                                 {"error", s::Str()},
                                 {"requested_by", s::Nullable(s::Int())},
                                 {"requested_by_name", s::Str()},
                                 {"pruned_at", s::Nullable(s::Time())}});
  router.AddSchema("Backup", backup);
  router.Add({.method = Method::kGet,
              .path = "/api/v1/backups",
              .summary = "the backups, newest first (limit 1 to 100, default 30), the last good "
                         "one with its age, whether one is overdue or queued, and the settings",
              .roles = kAdmins,
              .query = {{"limit", "integer", "1 to 100, default 30"}},
              .response = s::Record({{"items", s::Array(s::Ref("Backup"))},
                                     {"last_good", s::Nullable(backup)},
                                     {"last_good_age_seconds", s::Nullable(s::Int())},
                                     {"overdue", s::Bool()},
                                     {"queued", s::Bool()},
                                     {"settings", s::Ref("BackupSettings")}}),
              .handler = [&env](Call& c) {
                auto limit = c.QueryLimit("limit");
                if (!limit.ok()) return c.Fail(limit.error(), true);
                auto o = backups::GetOverview(env.db, c.ctx, env.data_dir, limit->value_or(30));
                if (!o.ok()) {
                  return c.Fail(o.error(), o.error().code == ErrorCode::kInvalidInput);
                }
                return c.Json(OverviewView(*o, c.ctx.now));
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/backups",
              .summary = "back up now: queued as a job (one at a time); follow it in the list",
              .roles = kAdmins,
              .response = s::Record({{"queued", s::Bool()}}),
              .status = 202,
              .handler = [&env](Call& c) {
                return c.Render(
                    backups::RequestBackup(env.db, c.ctx),
                    [](bool queued) {
                      return json{{"queued", queued}};
                    },
                    202);
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/backups/settings",
              .summary = "when the server backs up, how many days it keeps, and where",
              .roles = kAdmins,
              .response = s::Ref("BackupSettings"),
              .handler = [&env](Call& c) {
                return Answer(c, backups::GetOverview(env.db, c.ctx, env.data_dir, 1));
              }});
  router.Add({.method = Method::kPut,
              .path = "/api/v1/backups/settings",
              .summary = "change the schedule: enabled, time (HH:MM or HH:MM:SS), tz, keep_days "
                         "(1 to 365), folder (absolute and writable; \"\" for DATA/backups); "
                         "what is left out stays",
              .roles = kAdmins,
              .request = s::Object({{"enabled", s::Bool()},
                                    {"time", s::Str()},
                                    {"tz", s::Str()},
                                    {"keep_days", s::Int()},
                                    {"folder", s::Str()}},
                                   {}),
              .response = s::Ref("BackupSettings"),
              .handler = [&env](Call& c) {
                JsonBody b(c.req.body());
                backups::SettingsChange x;
                x.enabled = b.OptBool("enabled");
                x.time = b.OptStr("time");
                x.tz = b.OptStr("tz");
                x.keep_days = b.OptInt32("keep_days");
                x.folder = b.OptStr("folder");
                AFTERCARE_BODY_OK(c, b);
                return Answer(c, backups::ChangeSettings(env.db, c.ctx, env.data_dir, x));
              }});
  router.AddSchema("BackupSettings", s::Record({{"enabled", s::Bool()},
                                                {"time", s::Str()},
                                                {"tz", s::Str()},
                                                {"keep_days", s::Int()},
                                                {"folder", s::Str()},
                                                {"folder_is_default", s::Bool()},
                                                {"next_run", s::Nullable(s::Time())},
                                                {"updated_at", s::Nullable(s::Time())},
                                                {"updated_by", s::Str()}}));
}

}  // namespace aftercare::http
