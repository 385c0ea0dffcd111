// Releases and installations (OPS-4; seed 7.8.2.1.3 修补程序发布): patches (补丁)
// and upgrades (升级) of a product, announced to the customers whose systems run
// it, downloadable in the portal, installed on site, remotely or by Party A
// itself, with the version each customer's system runs and who is behind.
//
// The model. A customer's system (`systems`: a customer's row with a name such as
// "HIS 医院信息系统") runs a product line; a release names its product by that
// name, and its affected systems default to every customer's system of that name
// when it is created (the draft's `system_ids` edit the list). A release is a
// draft until published; a published release does not change (its version,
// notes, files and systems are what the customers were told).
//
// A version is an optional V then 1 to 4 numbers of at most 9 digits joined by
// dots ("3.2.1", "V3.10"); versions compare numerically part by part, a missing
// part as 0 (3.10 > 3.9; 3.2 = 3.2.0). One product has one release per version.
//
// Publishing tells the affected customers' active Party A users
// (NotificationKind::kReleasePublished, once per customer), by their channels.
//
// Installations, per release and affected system: scheduled (a window and an
// engineer, with a calendar entry written in the same transaction) -> installed
// (the entry is kept, done) or cancelled (the entry is removed). Recording an
// installation (on site, remote, or by Party A itself: `self`) completes the
// scheduled one if any and makes the release's version the one the system runs
// now (system_versions; the installations are the system's history).
//
// Who (src/service/roles.h): every logged-in user reads; Party A reads only the
// published releases that affect one of its own systems, and of them only its
// own systems and installations (any other id is not found). Engineers, team
// leaders and managers prepare drafts, schedule, cancel and record
// installations (kReleaseStaff); team leaders and managers publish
// (kReleasePublishers); Party A records only "we installed it ourselves" for its
// own systems. Every file download is audited, naming the customer (Party A's,
// or the one a vendor names with `for_customer_id`).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

// ---- versions
struct ReleaseVersion {
  std::array<std::int64_t, 4> parts{};  // missing parts are 0
  int count = 0;                        // how many were written
};
// nullopt unless `text` is an optional V/v, then 1 to 4 numbers of 1 to 9 digits
// joined by dots.
std::optional<ReleaseVersion> ParseReleaseVersion(std::string_view text);
// <0, 0, >0 as a is older than, the same as, newer than b.
int CompareReleaseVersions(const ReleaseVersion& a, const ReleaseVersion& b);
// The form unique per product: the four parts, "3.10.0.0".
std::string ReleaseVersionKey(const ReleaseVersion& v);

enum class ReleaseKind : std::uint8_t { kPatch, kUpgrade };  // 补丁 升级
inline constexpr int kReleaseKindCount = 2;
enum class ReleaseState : std::uint8_t { kDraft, kPublished };
inline constexpr int kReleaseStateCount = 2;
enum class InstallationState : std::uint8_t { kScheduled, kInstalled, kCancelled };
inline constexpr int kInstallationStateCount = 3;
enum class InstallMethod : std::uint8_t { kOnsite, kRemote, kSelf };  // 上门 远程 甲方自行安装
inline constexpr int kInstallMethodCount = 3;

std::optional<ReleaseKind> ParseReleaseKind(std::string_view s);
std::string_view Name(ReleaseKind k);
std::optional<ReleaseState> ParseReleaseState(std::string_view s);
std::string_view Name(ReleaseState s);
std::optional<InstallationState> ParseInstallationState(std::string_view s);
std::string_view Name(InstallationState s);
std::optional<InstallMethod> ParseInstallMethod(std::string_view s);
std::string_view Name(InstallMethod m);
Error UnknownReleaseKind();    // kind
Error UnknownReleaseState();   // state
Error UnknownInstallMethod();  // method

// A release file is at most this big (the body of one request).
inline constexpr std::size_t kMaxReleaseFileBytes = 20 * 1024 * 1024;
inline constexpr std::size_t kMaxReleaseFiles = 20;
inline constexpr std::size_t kMaxReleaseNotesChars = 20000;

struct ReleaseFile {
  std::int64_t id = 0, release_id = 0;
  std::string name, content_type, sha256;
  std::int64_t size = 0;
  Instant at;
};

struct Installation {
  std::int64_t id = 0, release_id = 0, system_id = 0, customer_id = 0;
  std::string product, version, system_name, customer_name;
  InstallationState state = InstallationState::kScheduled;
  std::optional<InstallMethod> method;
  std::optional<std::int64_t> engineer_id;
  std::string engineer_name;
  std::optional<Instant> starts_at, ends_at, installed_at;
  std::string recorded_by_name, note;
  Instant created_at, updated_at;
};

// An affected system with the version it runs and this release's installation.
struct ReleaseSystem {
  std::int64_t system_id = 0, customer_id = 0;
  std::string system_name, customer_name;
  std::string current_version;               // "" when none was recorded
  std::optional<Installation> installation;  // the latest (not cancelled, if any)
};

struct Release {
  std::int64_t id = 0;
  std::string product;
  ReleaseKind kind = ReleaseKind::kPatch;
  std::string version, title, notes;
  ReleaseState state = ReleaseState::kDraft;
  Instant created_at, updated_at;
  std::optional<Instant> published_at;
  std::string published_by_name;
  std::int64_t system_count = 0, installed_count = 0;  // of the actor's reach
  std::vector<ReleaseFile> files;                      // GetRelease only
  std::vector<ReleaseSystem> systems;                  // GetRelease only, by customer then system
};

struct NewRelease {
  std::string product, version, title, notes;
  ReleaseKind kind = ReleaseKind::kPatch;
  // nullopt: every customer's system named `product`.
  std::optional<std::vector<std::int64_t>> system_ids;
};

struct ReleaseEdit {  // a draft's changes; absent fields stay
  std::optional<std::string> version, title, notes;
  std::optional<ReleaseKind> kind;
  std::optional<std::vector<std::int64_t>> system_ids;
};

struct ReleaseFilter {
  std::optional<std::string> product, q;
  std::optional<ReleaseKind> kind;
  std::optional<ReleaseState> state;
  std::optional<std::int64_t> customer_id, system_id;
  std::string cursor;
  int limit = 50;  // 1 to 500
};

struct ReleasePage {
  std::vector<Release> items;  // newest first
  std::string next_cursor;
};

// kReleaseStaff. Errors (Invalid, naming the field): product, title required;
// version not a version; kind; a system that is not of the product; no system at
// all. Conflict naming `version` when the product already has that version.
Result<Release> CreateRelease(store::Database& db, const Context& ctx, const NewRelease& in);
Result<Release> EditRelease(store::Database& db, const Context& ctx, std::int64_t id,
                            const ReleaseEdit& in);
// kReleasePublishers: draft -> published, and the affected customers are told.
Result<Release> PublishRelease(store::Database& db, const Context& ctx, std::int64_t id);
Result<ReleasePage> ListReleases(store::Database& db, const Context& ctx, const ReleaseFilter& f);
Result<Release> GetRelease(store::Database& db, const Context& ctx, std::int64_t id);

// kReleaseStaff, on a draft. Stored with blob_store.h under `dir`.
Result<ReleaseFile> AddReleaseFile(store::Database& db, const Context& ctx, const std::string& dir,
                                   std::int64_t release_id, const std::string& name,
                                   const std::string& content_type, const std::string& bytes);
Status RemoveReleaseFile(store::Database& db, const Context& ctx, std::int64_t release_id,
                         std::int64_t file_id);
// The file and its bytes; audited as a download of `for_customer_id`'s data
// (Party A: its own customer, whatever it gives).
Result<std::pair<ReleaseFile, std::string>> DownloadReleaseFile(
    store::Database& db, const Context& ctx, const std::string& dir, std::int64_t file_id,
    std::optional<std::int64_t> for_customer_id);

struct NewInstallation {  // a scheduled on-site installation
  std::int64_t system_id = 0, engineer_id = 0;
  Instant starts_at, ends_at;  // ends after it starts, within 31 days
  std::string note;
};
// kReleaseStaff, on a published release and one of its systems, once at a time
// (Conflict naming `system_id` while one is scheduled, or when the system runs
// this version or a newer one); the engineer an active engineer or team leader.
Result<Installation> ScheduleInstallation(store::Database& db, const Context& ctx,
                                          std::int64_t release_id, const NewInstallation& in);
// kReleaseStaff: scheduled -> cancelled; the calendar entry goes.
Result<Installation> CancelInstallation(store::Database& db, const Context& ctx,
                                        std::int64_t installation_id, const std::string& note);

struct InstallationRecord {
  std::int64_t system_id = 0;
  InstallMethod method = InstallMethod::kOnsite;
  std::optional<Instant> installed_at;  // default now; not in the future nor before publishing
  std::string note;
};
// kInstallationRecorders (Party A: method self, its own systems). Completes the
// scheduled installation of that system if any; Conflict naming `system_id` when
// this release's installation on the system is already recorded.
Result<Installation> RecordInstallation(store::Database& db, const Context& ctx,
                                        std::int64_t release_id, const InstallationRecord& in);

// One installation (the calendar's entries link to it); Party A: its own only.
Result<Installation> GetInstallation(store::Database& db, const Context& ctx, std::int64_t id);

// A release's installations (every state), or a system's history (newest first).
Result<std::vector<Installation>> ListInstallations(store::Database& db, const Context& ctx,
                                                    std::optional<std::int64_t> release_id,
                                                    std::optional<std::int64_t> system_id);

// Who is behind: every system of a product that has a published release, with
// the version it runs, its product's latest published release and how many
// published releases it lacks (newer than what it runs; all when none recorded).
struct SystemVersion {
  std::int64_t system_id = 0, customer_id = 0;
  std::string product, customer_name;
  std::string current_version;  // "" when none recorded
  std::optional<std::int64_t> current_release_id;
  std::optional<Instant> installed_at;
  std::string latest_version;
  std::int64_t latest_release_id = 0;
  int behind = 0;
  bool scheduled = false;  // an installation is scheduled for it
};
struct VersionFilter {
  std::optional<std::string> product;
  std::optional<std::int64_t> customer_id;
  bool behind_only = false;
  std::string cursor;
  int limit = 100;  // 1 to 500 systems scanned, by id
};
struct VersionPage {
  std::vector<SystemVersion> items;
  std::string next_cursor;
};
Result<VersionPage> ListSystemVersions(store::Database& db, const Context& ctx,
                                       const VersionFilter& f);

}  // namespace aftercare::service
