#include "service/backups/backup_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/tar.h"
#include "store/migrations.h"

namespace aftercare::service::backups {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kManifestName = "manifest.json";
constexpr std::string_view kSealName = "manifest.sha256";
constexpr std::size_t kMaxManifest = 256 * 1024 * 1024;
constexpr std::size_t kChunk = 256 * 1024;

std::string DatabaseMember(std::string_view dialect) {
  return dialect == "sqlite" ? "database/aftercare.sqlite" : "database/aftercare.pgdump";
}

bool IsHex(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// attachments/<xx>/<sha256>, as service/attachments stores them.
bool IsAttachmentName(std::string_view name) {
  constexpr std::string_view kPrefix = "attachments/";
  if (name.substr(0, kPrefix.size()) != kPrefix) return false;
  name.remove_prefix(kPrefix.size());
  return name.size() == 67 && name[2] == '/' && IsHex(name.substr(3), 64) &&
         name.substr(0, 2) == name.substr(3, 2);
}

// keys/<name>.key: a plain file name.
bool IsKeyName(std::string_view name) {
  constexpr std::string_view kPrefix = "keys/";
  if (name.substr(0, kPrefix.size()) != kPrefix) return false;
  name.remove_prefix(kPrefix.size());
  return name.size() > 4 && name.size() <= 100 && name.front() != '.' && name.ends_with(".key") &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
         });
}

nlohmann::json ToJson(const Manifest& m) {
  nlohmann::json members = nlohmann::json::array();
  for (const ManifestMember& x : m.members) {
    members.push_back({{"name", x.name}, {"size", x.size}, {"sha256", x.sha256}});
  }
  return {{"format", m.format},
          {"application", "aftercare"},
          {"schema_version", m.schema_version},
          {"created_at", FormatRfc3339(m.created_at, DefaultZone())},
          {"created_at_unix", m.created_at.unix},
          {"dialect", m.dialect},
          {"members", members}};
}

Result<Manifest> ManifestFrom(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  Manifest m;
  try {
    if (j.is_discarded() || !j.is_object() || j.value("application", "") != "aftercare") {
      return Error::Invalid(
          "the backup file is damaged: its manifest is not an aftercare manifest");
    }
    m.format = j.at("format").get<int>();
    if (m.format != kFormatVersion) {
      return Error::Invalid("the backup file's format " + std::to_string(m.format) +
                            " is not one this aftercare reads (upgrade aftercare)");
    }
    m.schema_version = j.at("schema_version").get<int>();
    m.created_at = Instant{j.at("created_at_unix").get<std::int64_t>()};
    m.dialect = j.at("dialect").get<std::string>();
    for (const auto& x : j.at("members")) {
      m.members.push_back({x.at("name").get<std::string>(), x.at("size").get<std::uint64_t>(),
                           x.at("sha256").get<std::string>()});
    }
  } catch (const nlohmann::json::exception&) {
    return Error::Invalid("the backup file is damaged: its manifest is not an aftercare manifest");
  }
  if (m.dialect != "sqlite" && m.dialect != "postgresql") {
    return Error::Invalid("the backup file is damaged: its manifest is not an aftercare manifest");
  }
  return m;
}

// A new file, mode 0600, written through stdio and synced as it is closed.
class OutFile {
 public:
  ~OutFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  Status Open(const std::string& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error::Io("cannot write \"" + path + "\"", std::strerror(errno));
    file_ = ::fdopen(fd, "wb");
    path_ = path;
    return {};
  }
  std::FILE* get() const { return file_; }
  Status Write(const char* data, std::size_t n) {
    if (std::fwrite(data, 1, n, file_) != n) {
      return Error::Io("cannot write \"" + path_ + "\"", std::strerror(errno));
    }
    return {};
  }
  Status Close(bool sync) {
    std::FILE* f = std::exchange(file_, nullptr);
    bool ok = std::fflush(f) == 0 && (!sync || ::fsync(fileno(f)) == 0);
    ok = std::fclose(f) == 0 && ok;
    if (!ok) return Error::Io("cannot write \"" + path_ + "\"", std::strerror(errno));
    return {};
  }

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
};

void SyncFolder(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Removes the files it names when it goes out of scope, unless released.
struct Cleanup {
  std::vector<fs::path> paths;
  ~Cleanup() {
    std::error_code ec;
    for (const fs::path& p : paths) fs::remove_all(p, ec);
  }
};

// The data folder's files that go into a backup, by member name: attachments
// (sorted, so two backups of one folder list them alike) and keys.
Result<std::vector<std::pair<std::string, fs::path>>> DataFiles(const std::string& data_dir) {
  std::vector<std::pair<std::string, fs::path>> out;
  std::error_code ec;
  const fs::path attachments = fs::path(data_dir) / "attachments";
  if (fs::is_directory(attachments, ec)) {
    for (auto it = fs::recursive_directory_iterator(attachments, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      std::string name = "attachments/" + fs::relative(it->path(), attachments).string();
      if (IsAttachmentName(name)) out.emplace_back(std::move(name), it->path());
    }
    if (ec) return Error::Io("cannot read the attachments folder", ec.message());
  }
  std::sort(out.begin(), out.end());
  for (const auto& e : fs::directory_iterator(data_dir, ec)) {
    std::string name = "keys/" + e.path().filename().string();
    if (e.is_regular_file() && IsKeyName(name)) out.emplace_back(std::move(name), e.path());
  }
  if (ec) return Error::Io("cannot read the data folder", ec.message());
  return out;
}

// Writes the archive into the open `out`: the database copy, the data files, the
// manifest and its seal.
Status WriteArchive(std::FILE* out, Manifest& m, const std::string& db_copy,
                    const std::vector<std::pair<std::string, fs::path>>& files) {
  tar::Writer w(out);
  auto add = [&](const std::string& name, const std::string& path, std::uint32_t mode) -> Status {
    AFTERCARE_RETURN_IF_ERROR(w.AddFile(tar::Member{name, 0, mode, m.created_at.unix}, path));
    std::error_code ec;
    m.members.push_back({name, fs::file_size(path, ec), w.MemberSha256()});
    return Status{};
  };
  AFTERCARE_RETURN_IF_ERROR(add(DatabaseMember(m.dialect), db_copy, 0600));
  for (const auto& [name, path] : files) {
    AFTERCARE_RETURN_IF_ERROR(add(name, path.string(), name.starts_with("keys/") ? 0600 : 0640));
  }
  const std::string manifest = ToJson(m).dump(1);
  AFTERCARE_RETURN_IF_ERROR(
      w.AddString(tar::Member{std::string(kManifestName), 0, 0600, m.created_at.unix}, manifest));
  AFTERCARE_RETURN_IF_ERROR(w.AddString(
      tar::Member{std::string(kSealName), 0, 0600, m.created_at.unix}, w.HashSoFar() + "\n"));
  return w.Finish();
}

// What one reading of a backup file found.
struct Walk {
  std::vector<ManifestMember> seen;
  std::optional<Manifest> manifest;
  bool sealed = false;
  bool seal_matches = false;
};

// Where a member's content goes as the file is read: `sink(name)` returns the
// file to write it to, or "" to only hash it.
using Sink = std::function<std::string(const std::string& name)>;

Status ReadMember(tar::Reader& r, const tar::Member& member, const std::string& to,
                  ManifestMember& seen) {
  std::optional<OutFile> out;
  if (!to.empty()) {
    std::error_code ec;
    fs::create_directories(fs::path(to).parent_path(), ec);
    AFTERCARE_RETURN_IF_ERROR(out.emplace().Open(to));
  }
  std::vector<char> buf(kChunk);
  while (true) {
    AFTERCARE_ASSIGN_OR_RETURN(std::size_t n, r.Read(buf.data(), buf.size()));
    if (n == 0) break;
    if (out) AFTERCARE_RETURN_IF_ERROR(out->Write(buf.data(), n));
  }
  if (out) AFTERCARE_RETURN_IF_ERROR(out->Close(false));
  seen = {member.name, member.size, r.MemberSha256()};
  return {};
}

Status WalkMembers(tar::Reader& r, const Sink& sink, Walk& walk) {
  while (true) {
    AFTERCARE_ASSIGN_OR_RETURN(auto member, r.Next());
    if (!member) return {};
    const std::string& name = member->name;
    if (walk.sealed)
      return Error::Invalid("the backup file is damaged: member \"" + name +
                            "\" follows the manifest's seal");
    if (name == kManifestName) {
      if (walk.manifest) return Error::Invalid("the backup file is damaged: it has two manifests");
      AFTERCARE_ASSIGN_OR_RETURN(std::string text, r.ReadAll(kMaxManifest));
      AFTERCARE_ASSIGN_OR_RETURN(walk.manifest, ManifestFrom(text));
    } else if (name == kSealName) {
      if (!walk.manifest)
        return Error::Invalid(
            "the backup file is damaged: the manifest's seal comes before the manifest");
      const std::string expected = r.HashBeforeMember() + "\n";
      AFTERCARE_ASSIGN_OR_RETURN(std::string seal, r.ReadAll(100));
      walk.seal_matches = seal == expected;
      walk.sealed = true;
    } else {
      if (walk.manifest)
        return Error::Invalid("the backup file is damaged: member \"" + name +
                              "\" follows the manifest");
      if (!name.starts_with("database/") && !IsAttachmentName(name) && !IsKeyName(name)) {
        return Error::Invalid("the backup file is damaged: member \"" + name +
                              "\" is not part of a backup");
      }
      AFTERCARE_RETURN_IF_ERROR(ReadMember(r, *member, sink(name), walk.seen.emplace_back()));
    }
  }
}

// The members read against the manifest's list.
Status CompareWithManifest(const Walk& walk) {
  if (!walk.manifest) {
    return Error::Invalid("the backup file is truncated or damaged: it has no manifest");
  }
  if (!walk.sealed) {
    return Error::Invalid("the backup file is truncated or damaged: its manifest has no seal");
  }
  const auto& listed = walk.manifest->members;
  for (std::size_t i = 0; i < std::max(listed.size(), walk.seen.size()); ++i) {
    if (i >= walk.seen.size())
      return Error::Invalid("the backup file is damaged: member \"" + listed[i].name +
                            "\" is missing");
    const ManifestMember& got = walk.seen[i];
    if (i >= listed.size() || listed[i].name != got.name) {
      return Error::Invalid("the backup file is damaged: member \"" + got.name +
                            "\" is not in the manifest");
    }
    if (listed[i].size != got.size || listed[i].sha256 != got.sha256) {
      return Error::Invalid("the backup file is damaged: member \"" + got.name +
                            "\" does not match its checksum");
    }
  }
  if (walk.seen.empty() || walk.seen[0].name != DatabaseMember(walk.manifest->dialect)) {
    return Error::Invalid("the backup file is damaged: it holds no database");
  }
  // Last: a changed member is named above; what else changed is caught here.
  if (!walk.seal_matches)
    return Error::Invalid(
        "the backup file is damaged: the manifest's seal does not match the file");
  return {};
}

// Reads `path` once, each member's content to where `sink` says; then the checks.
Result<BackupFile> ReadBackup(const std::string& path, const Sink& sink) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) {
    return Error::Io("cannot read the backup file \"" + path + "\"", std::strerror(errno));
  }
  tar::Reader r(in);
  Walk walk;
  Status s = WalkMembers(r, sink, walk);
  std::fclose(in);
  if (!s.ok()) {
    if (s.error().code != ErrorCode::kInvalidInput) return s.error();
    if (s.error().message.starts_with("the backup file")) return s.error();
    return Error::Invalid("the backup file cannot be used: " + s.error().message);
  }
  AFTERCARE_RETURN_IF_ERROR(CompareWithManifest(walk));
  return BackupFile{path, r.offset(), r.HashSoFar(), std::move(*walk.manifest)};
}

std::string Stage(const std::string& beside, std::string_view what) {
  return beside + "." + std::string(what) + "-" + std::to_string(::getpid()) + ".tmp";
}

}  // namespace

Result<BackupFile> VerifyBackup(const std::string& path) {
  const std::string copy = Stage(path, "check");
  Cleanup cleanup{{copy}};
  AFTERCARE_ASSIGN_OR_RETURN(BackupFile f, ReadBackup(path, [&](const std::string& name) {
                               return name.starts_with("database/") ? copy : std::string();
                             }));
  auto dialect =
      f.manifest.dialect == "sqlite" ? store::Dialect::kSqlite : store::Dialect::kPostgres;
  if (Status s = store::CheckBackupCopy(dialect, copy); !s.ok()) {
    if (s.error().code != ErrorCode::kInvalidInput) return s.error();
    return Error::Invalid("the backup file is damaged: member \"" +
                          DatabaseMember(f.manifest.dialect) + "\" is not a whole database");
  }
  return f;
}

Result<BackupFile> WriteBackup(store::Database& db, const std::string& data_dir,
                               const std::string& path, Instant now) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return Error{
        ErrorCode::kConflict, "the backup file \"" + path + "\" already exists", {}, 0, {}};
  }
  const std::string partial = path + ".partial";
  const std::string db_copy = Stage(path, "db");
  Cleanup cleanup{{partial, db_copy}};
  fs::remove(partial, ec);
  Manifest m;
  m.created_at = now;
  m.dialect = std::string(store::DialectName(db.dialect()));
  AFTERCARE_ASSIGN_OR_RETURN(m.schema_version, store::CurrentSchemaVersion(db));
  // The database first: every attachment its rows name is on disk by then.
  AFTERCARE_RETURN_IF_ERROR(db.BackupTo(db_copy));
  AFTERCARE_ASSIGN_OR_RETURN(auto files, DataFiles(data_dir));
  OutFile out;
  AFTERCARE_RETURN_IF_ERROR(out.Open(partial));
  AFTERCARE_RETURN_IF_ERROR(WriteArchive(out.get(), m, db_copy, files));
  AFTERCARE_RETURN_IF_ERROR(out.Close(true));
  fs::remove(db_copy, ec);
  AFTERCARE_ASSIGN_OR_RETURN(BackupFile f, VerifyBackup(partial));
  fs::rename(partial, path, ec);
  if (ec) return Error::Io("cannot write \"" + path + "\"", ec.message());
  SyncFolder(fs::absolute(path).parent_path());
  f.path = path;
  return f;
}

namespace {

// The data folder takes the backup's files: no attachments there yet, and no key
// that is not the backup's.
Status CheckDataFolder(const std::string& data_dir) {
  std::error_code ec;
  const fs::path attachments = fs::path(data_dir) / "attachments";
  if (fs::exists(attachments, ec) && !fs::is_empty(attachments, ec)) {
    return Error{ErrorCode::kConflict,
                 "the data folder already holds attachments: restore into an empty one",
                 {},
                 0,
                 attachments.string()};
  }
  for (const auto& e : fs::directory_iterator(data_dir, ec)) {
    if (IsKeyName("keys/" + e.path().filename().string())) {
      return Error{ErrorCode::kConflict,
                   "the data folder already holds " + e.path().filename().string() +
                       ": restore into an empty one",
                   {},
                   0,
                   {}};
    }
  }
  return {};
}

}  // namespace

Status RestoreBackup(store::Database& db, const std::string& data_dir, const BackupFile& checked) {
  const Manifest& m = checked.manifest;
  const std::string& path = checked.path;
  if (m.dialect != store::DialectName(db.dialect())) {
    return Error::Invalid("the backup is of a " + m.dialect + " database: restore it into one");
  }
  if (m.schema_version > store::LatestSchemaVersion()) {
    return Error::Invalid("the backup's schema version " + std::to_string(m.schema_version) +
                          " is newer than this aftercare knows (" +
                          std::to_string(store::LatestSchemaVersion()) + "): upgrade aftercare");
  }
  AFTERCARE_RETURN_IF_ERROR(store::RequireEmpty(db));
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  AFTERCARE_RETURN_IF_ERROR(CheckDataFolder(data_dir));
  // Everything into a staging folder first, checked against the manifest again (the
  // file is read a second time), then the database, then the files moved in.
  const fs::path stage = fs::path(data_dir) / (".restore-" + std::to_string(::getpid()));
  Cleanup cleanup{{stage}};
  fs::remove_all(stage, ec);
  AFTERCARE_ASSIGN_OR_RETURN(BackupFile again, ReadBackup(path, [&](const std::string& name) {
                               return (stage / name).string();
                             }));
  if (again.sha256 != checked.sha256)
    return Error::Invalid("the backup file is damaged: it changed while it was restored");
  ::sync();
  AFTERCARE_RETURN_IF_ERROR(db.RestoreFrom((stage / DatabaseMember(m.dialect)).string()));
  if (fs::exists(stage / "attachments", ec)) {
    fs::remove(fs::path(data_dir) / "attachments", ec);  // empty, checked above
    fs::rename(stage / "attachments", fs::path(data_dir) / "attachments", ec);
    if (ec) return Error::Io("cannot write the attachments folder", ec.message());
  }
  for (const ManifestMember& x : m.members) {
    if (!x.name.starts_with("keys/")) continue;
    fs::rename(stage / x.name, fs::path(data_dir) / fs::path(x.name).filename(), ec);
    if (ec) return Error::Io("cannot write " + x.name, ec.message());
  }
  SyncFolder(data_dir);
  return {};
}

}  // namespace aftercare::service::backups
