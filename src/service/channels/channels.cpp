#include "service/channels/channels.h"

#include <algorithm>
#include <array>

#include "core/contact.h"
#include "core/text.h"
#include "service/audit/audit.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, kChannelKindCount> kKindNames = {
    "email", "wecom", "dingtalk", "feishu", "webhook"};
constexpr std::string_view kColumns =
    "c.id, c.name, c.kind, c.team_id, c.contract_id, c.settings, c.sealed_secret, "
    "c.notice_kinds, c.rate_per_minute, c.enabled, c.created_at, c.updated_at, "
    "tm.name AS team_name, k.number AS contract_number";
constexpr std::string_view kFrom =
    " FROM channels c LEFT JOIN teams tm ON tm.id = c.team_id LEFT JOIN contracts k ON k.id = "
    "c.contract_id";
constexpr std::size_t kMaxText = 200;
constexpr std::size_t kMaxUrl = 2048;

bool IsRobot(ChannelKind k) { return k != ChannelKind::kSmtp; }

std::int64_t DefaultRate(ChannelKind k) {
  switch (k) {
    case ChannelKind::kWeCom:
    case ChannelKind::kDingTalk:
      return 20;  // both robots allow 20 messages a minute
    case ChannelKind::kFeishu:
      return 100;
    default:
      return 0;
  }
}

// The settings each kind keeps in the clear, and the secrets it may have.
struct KindFields {
  std::vector<std::string_view> settings, secrets;
};
KindFields FieldsOf(ChannelKind k) {
  switch (k) {
    case ChannelKind::kSmtp:
      return {{"host", "port", "security", "username", "from", "from_name"}, {"password"}};
    case ChannelKind::kWeCom:
      return {{"format"}, {"url"}};
    case ChannelKind::kDingTalk:
      return {{"format"}, {"url", "secret"}};
    case ChannelKind::kFeishu:
    case ChannelKind::kWebhook:
      return {{}, {"url", "secret"}};
  }
  return {};
}

Status CheckText(const json& v, const std::string& field, std::size_t max, bool required) {
  if (!v.is_string()) return Error::Invalid(field + " must be a string", 0, field);
  const auto& s = v.get_ref<const std::string&>();
  if (!IsValidUtf8(s)) return Error::Invalid(field + " must be UTF-8 text", 0, field);
  if (required && s.empty()) return Error::Invalid(field + " is required", 0, field);
  if (CodePoints(s) > max) {
    return Error::Invalid(field + " is longer than " + std::to_string(max) + " characters", 0,
                          field);
  }
  if (s.find_first_of("\r\n") != std::string::npos) {
    return Error::Invalid(field + " must not contain a line break", 0, field);
  }
  return {};
}

// Settings merged from `stored` and `patch`, only the kind's own keys, checked.
Result<json> MergeSettings(ChannelKind kind, const json& stored, const json* patch) {
  json out = stored.is_object() ? stored : json::object();
  const KindFields fields = FieldsOf(kind);
  if (patch) {
    if (!patch->is_object()) return Error::Invalid("settings must be an object", 0, "settings");
    for (const auto& [key, value] : patch->items()) {
      if (std::find(fields.settings.begin(), fields.settings.end(), key) == fields.settings.end()) {
        return Error::Invalid("settings." + key + " is not a setting of this kind of channel", 0,
                              "settings." + key);
      }
      out[key] = value;
    }
  }
  if (kind == ChannelKind::kSmtp) {
    if (!out.contains("port")) out["port"] = 587;
    if (!out.contains("security")) out["security"] = "starttls";
    for (const char* k : {"username", "from_name"}) {
      if (!out.contains(k)) out[k] = "";
    }
    AFTERCARE_RETURN_IF_ERROR(CheckText(out.value("host", json()), "settings.host", 253, true));
    const json& port = out["port"];
    if (!port.is_number_integer() || port.get<std::int64_t>() < 1 ||
        port.get<std::int64_t>() > 65535) {
      return Error::Invalid("settings.port must be 1 to 65535", 0, "settings.port");
    }
    const json& sec = out["security"];
    if (!sec.is_string() || (sec != "none" && sec != "starttls" && sec != "tls")) {
      return Error::Invalid("security must be none, starttls or tls", 0, "settings.security");
    }
    AFTERCARE_RETURN_IF_ERROR(CheckText(out["username"], "settings.username", kMaxText, false));
    AFTERCARE_RETURN_IF_ERROR(CheckText(out.value("from", json()), "settings.from", 254, true));
    if (!IsMailAddress(out["from"].get_ref<const std::string&>())) {
      return Error::Invalid("settings.from must be an e-mail address", 0, "settings.from");
    }
    AFTERCARE_RETURN_IF_ERROR(CheckText(out["from_name"], "settings.from_name", kMaxText, false));
  } else if (kind == ChannelKind::kWeCom || kind == ChannelKind::kDingTalk) {
    if (!out.contains("format")) out["format"] = "markdown";
    if (out["format"] != "text" && out["format"] != "markdown") {
      return Error::Invalid("settings.format must be text or markdown", 0, "settings.format");
    }
  }
  return out;
}

// The scheme, host and path of a URL: what the channels page shows of it.
std::string UrlHint(std::string_view url) {
  auto cut = url.find_first_of("?#");
  std::string hint(url.substr(0, cut));
  if (cut != std::string_view::npos) hint += "?…";
  return hint;
}

Status CheckUrl(const std::string& url) {
  if (url.size() > kMaxUrl) {
    return Error::Invalid("secrets.url is longer than 2048 characters", 0, "secrets.url");
  }
  if ((url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) ||
      url.find_first_of(" \r\n\t") != std::string::npos) {
    return Error::Invalid("secrets.url must be an http or https URL", 0, "secrets.url");
  }
  return {};
}

// Secrets merged from the stored ones and `patch` (an empty string removes one).
Result<json> MergeSecrets(ChannelKind kind, json stored, const json* patch) {
  const KindFields fields = FieldsOf(kind);
  if (patch) {
    if (!patch->is_object()) return Error::Invalid("secrets must be an object", 0, "secrets");
    for (const auto& [key, value] : patch->items()) {
      const std::string field = "secrets." + key;
      if (std::find(fields.secrets.begin(), fields.secrets.end(), key) == fields.secrets.end()) {
        return Error::Invalid(field + " is not a secret of this kind of channel", 0, field);
      }
      AFTERCARE_RETURN_IF_ERROR(CheckText(value, field, kMaxUrl, false));
      if (value.get_ref<const std::string&>().empty()) {
        stored.erase(key);
      } else {
        stored[key] = value;
      }
    }
  }
  if (IsRobot(kind)) {
    if (!stored.contains("url")) return Error::Invalid("secrets.url is required", 0, "secrets.url");
    AFTERCARE_RETURN_IF_ERROR(CheckUrl(stored["url"].get<std::string>()));
  }
  if (kind == ChannelKind::kWebhook && !stored.contains("secret")) {
    return Error::Invalid("secrets.secret is required", 0, "secrets.secret");
  }
  return stored;
}

Channel ChannelFrom(const store::Row& r, const json& secrets) {
  Channel c;
  c.id = r.Int("id");
  c.name = r.Text("name");
  c.kind = ParseChannelKind(r.Text("kind")).value_or(ChannelKind::kSmtp);
  c.team_id = r.OptInt("team_id");
  c.contract_id = r.OptInt("contract_id");
  c.team_name = r.OptText("team_name").value_or("");
  c.contract_name = r.OptText("contract_number").value_or("");
  c.settings = json::parse(r.Text("settings"), nullptr, false);
  if (!c.settings.is_object()) c.settings = json::object();
  for (const auto& [key, value] : secrets.items()) c.secrets_set.push_back(key);
  if (secrets.contains("url")) c.url_hint = UrlHint(secrets["url"].get<std::string>());
  json kinds = json::parse(r.Text("notice_kinds"), nullptr, false);
  if (kinds.is_array()) {
    for (const auto& k : kinds) {
      if (auto kind = k.is_string() ? ParseNotificationKind(k.get<std::string>()) : std::nullopt)
        c.notice_kinds.push_back(*kind);
    }
  }
  c.rate_per_minute = r.Int("rate_per_minute");
  c.enabled = r.Int("enabled") != 0;
  c.created_at = Instant{r.Int("created_at")};
  c.updated_at = Instant{r.Int("updated_at")};
  return c;
}

// The names of the stored secrets and the URL's hint, without opening them for
// anything else: the listing needs to say which are set.
Result<json> OpenSecrets(const SecretBox& box, const store::Row& r) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string plain, box.Open(r.Text("sealed_secret")));
  if (plain.empty()) return json::object();
  json j = json::parse(plain, nullptr, false);
  if (!j.is_object()) return Error::Io("a sealed secret cannot be opened", "not JSON");
  return j;
}

Result<store::Row> LoadRow(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT ") + std::string(kColumns) + std::string(kFrom) +
                              " WHERE c.id = $1",
                          {id}));
  if (rows.empty()) return NotFound("channel");
  return rows[0];
}

// What the audit log keeps of a channel: never a secret, only which are set.
json AuditView(const Channel& c) {
  json kinds = json::array();
  for (auto k : c.notice_kinds) kinds.push_back(Name(k));
  return json{{"name", c.name},
              {"channel_kind", Name(c.kind)},
              {"team_id", c.team_id ? json(*c.team_id) : json(nullptr)},
              {"contract_id", c.contract_id ? json(*c.contract_id) : json(nullptr)},
              {"settings", c.settings},
              {"secrets_set", c.secrets_set},
              {"url_hint", c.url_hint},
              {"notice_kinds", kinds},
              {"rate_per_minute", c.rate_per_minute},
              {"enabled", c.enabled}};
}

Status CheckScope(store::Transaction& tx, ChannelKind kind, std::optional<std::int64_t> team,
                  std::optional<std::int64_t> contract) {
  if (team && contract) {
    return Error::Invalid("a channel serves a team or a contract, not both", 0, "contract_id");
  }
  if (kind == ChannelKind::kSmtp && (team || contract)) {
    return Error::Invalid("an SMTP channel serves everyone: no team or contract", 0,
                          team ? "team_id" : "contract_id");
  }
  if (team) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT 1 FROM teams WHERE id = $1", {*team}));
    if (rows.empty()) return Error::Invalid("team_id: no such team", 0, "team_id");
  }
  if (contract) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query("SELECT 1 FROM contracts WHERE id = $1", {*contract}));
    if (rows.empty()) return Error::Invalid("contract_id: no such contract", 0, "contract_id");
  }
  return {};
}

json KindsJson(const std::vector<NotificationKind>& kinds) {
  json out = json::array();
  for (auto k : kinds) out.push_back(Name(k));
  return out;
}

// Writes the channel `id` (0: a new one) from the stored state and `in`.
Result<Channel> Save(store::Transaction& tx, const Context& ctx, const SecretBox& box,
                     std::int64_t id, const ChannelInput& in) {
  std::optional<store::Row> row;
  json secrets = json::object();
  if (id != 0) {
    AFTERCARE_ASSIGN_OR_RETURN(row, LoadRow(tx, id));
    AFTERCARE_ASSIGN_OR_RETURN(secrets, OpenSecrets(box, *row));
  }
  const Channel before = row ? ChannelFrom(*row, secrets) : Channel{};
  Channel c = before;
  if (!row) {
    if (!in.kind) return Error::Invalid("channel_kind is required", 0, "channel_kind");
    c.kind = *in.kind;
    c.rate_per_minute = DefaultRate(c.kind);
    c.notice_kinds = {NotificationKind::kSlaWarning, NotificationKind::kSlaEscalation};
    c.settings = json::object();
  } else if (in.kind && *in.kind != c.kind) {
    return Error::Invalid("channel_kind cannot change: make a new channel", 0, "channel_kind");
  }
  if (in.name) c.name = *in.name;
  AFTERCARE_RETURN_IF_ERROR(CheckText(json(c.name), "name", 100, true));
  if (in.team_id) c.team_id = *in.team_id;
  if (in.contract_id) c.contract_id = *in.contract_id;
  AFTERCARE_RETURN_IF_ERROR(CheckScope(tx, c.kind, c.team_id, c.contract_id));
  AFTERCARE_ASSIGN_OR_RETURN(
      c.settings, MergeSettings(c.kind, c.settings, in.settings ? &*in.settings : nullptr));
  AFTERCARE_ASSIGN_OR_RETURN(secrets,
                             MergeSecrets(c.kind, secrets, in.secrets ? &*in.secrets : nullptr));
  if (in.notice_kinds) c.notice_kinds = *in.notice_kinds;
  if (in.rate_per_minute) {
    if (*in.rate_per_minute < 0 || *in.rate_per_minute > 600) {
      return Error::Invalid("rate_per_minute must be 0 to 600", 0, "rate_per_minute");
    }
    c.rate_per_minute = *in.rate_per_minute;
  }
  if (in.enabled) c.enabled = *in.enabled;
  AFTERCARE_ASSIGN_OR_RETURN(auto dup, tx.Query("SELECT id FROM channels WHERE name = $1 AND id <> $2",
                                                {c.name, id}));
  if (!dup.empty()) {
    return Error{ErrorCode::kConflict, "channel " + c.name + " exists", "name", 0, {}};
  }
  const std::string sealed = secrets.empty() ? std::string() : box.Seal(secrets.dump());
  store::ParamList p;
  std::vector<store::Value> values = {c.name,
                                      store::OrNull(c.team_id),
                                      store::OrNull(c.contract_id),
                                      c.settings.dump(),
                                      sealed,
                                      KindsJson(c.notice_kinds).dump(),
                                      c.rate_per_minute,
                                      std::int64_t{c.enabled ? 1 : 0},
                                      ctx.now.unix};
  if (!row) {
    values.push_back(std::string(Name(c.kind)));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto ins, tx.Query("INSERT INTO channels (name, team_id, contract_id, settings, "
                           "sealed_secret, notice_kinds, rate_per_minute, enabled, updated_at, "
                           "kind, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                           "$9) RETURNING id",
                           values));
    id = ins.at(0).Int("id");
  } else {
    values.push_back(id);
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE channels SET name = $1, team_id = $2, contract_id = $3, settings = $4, "
                "sealed_secret = $5, notice_kinds = $6, rate_per_minute = $7, enabled = $8, "
                "updated_at = $9 WHERE id = $10",
                values));
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto saved, LoadRow(tx, id));
  Channel out = ChannelFrom(saved, secrets);
  AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, row ? "update" : "create", "channel",
                                  std::to_string(id), row ? AuditView(before) : json(nullptr),
                                  AuditView(out)));
  return out;
}

Status RequireChannelAdmin(const Context& ctx) { return RequireRole(ctx, roles::kAdmins); }

// For display: a channel sealed under another key (the key file was lost) lists
// with no secret set, so an administrator sees they must be entered again.
json ReadableSecrets(const SecretBox& box, const store::Row& r) {
  auto secrets = OpenSecrets(box, r);
  return secrets.ok() ? *secrets : json::object();
}

}  // namespace

std::optional<ChannelKind> ParseChannelKind(std::string_view s) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == s) return static_cast<ChannelKind>(i);
  }
  return std::nullopt;
}

std::string_view Name(ChannelKind k) { return kKindNames.at(static_cast<std::size_t>(k)); }

Result<Channel> CreateChannel(store::Database& db, const Context& ctx, const SecretBox& box,
                              const ChannelInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireChannelAdmin(ctx));
  return InTransaction(db, true,
                       [&](store::Transaction& tx) { return Save(tx, ctx, box, 0, in); });
}

Result<Channel> UpdateChannel(store::Database& db, const Context& ctx, const SecretBox& box,
                              std::int64_t id, const ChannelInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireChannelAdmin(ctx));
  return InTransaction(db, true,
                       [&](store::Transaction& tx) { return Save(tx, ctx, box, id, in); });
}

Result<std::vector<Channel>> ListChannels(store::Database& db, const Context& ctx,
                                          const SecretBox& box) {
  AFTERCARE_RETURN_IF_ERROR(RequireChannelAdmin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Channel>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(std::string("SELECT ") + std::string(kColumns) + std::string(kFrom) +
                 " ORDER BY c.id"));
    std::vector<Channel> out;
    for (const auto& r : rows) out.push_back(ChannelFrom(r, ReadableSecrets(box, r)));
    return out;
  });
}

Result<Channel> GetChannel(store::Database& db, const Context& ctx, const SecretBox& box,
                           std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireChannelAdmin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<Channel> {
    AFTERCARE_ASSIGN_OR_RETURN(auto row, LoadRow(tx, id));
    return ChannelFrom(row, ReadableSecrets(box, row));
  });
}

Result<std::optional<Channel>> DeleteChannel(store::Database& db, const Context& ctx,
                                             const SecretBox& box, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireChannelAdmin(ctx));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::optional<Channel>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto row, LoadRow(tx, id));
    const Channel before = ChannelFrom(row, ReadableSecrets(box, row));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto used, tx.Query("SELECT 1 FROM deliveries WHERE channel_id = $1 LIMIT 1", {id}));
    if (used.empty()) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec("DELETE FROM channels WHERE id = $1", {id}));
      AFTERCARE_RETURN_IF_ERROR(
          Audit(tx, ctx, "delete", "channel", std::to_string(id), AuditView(before), nullptr));
      return std::optional<Channel>();
    }
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE channels SET enabled = 0, updated_at = $1 WHERE id = $2", {ctx.now.unix, id}));
    Channel after = before;
    after.enabled = false;
    after.updated_at = ctx.now;
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "update", "channel", std::to_string(id),
                                    AuditView(before), AuditView(after)));
    return std::optional<Channel>(after);
  });
}

Result<ChannelForSending> LoadChannelForSending(store::Transaction& tx, const SecretBox& box,
                                                std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto row, LoadRow(tx, id));
  AFTERCARE_ASSIGN_OR_RETURN(json secrets, OpenSecrets(box, row));
  return ChannelForSending{ChannelFrom(row, secrets), secrets};
}

Result<std::vector<Channel>> RobotChannelsFor(store::Transaction& tx, NotificationKind kind,
                                              std::optional<std::int64_t> team_id,
                                              std::optional<std::int64_t> contract_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT ") + std::string(kColumns) + std::string(kFrom) +
                   " WHERE c.enabled = 1 AND c.kind <> 'email' AND (c.team_id IS NULL OR "
                   "c.team_id = $1) AND (c.contract_id IS NULL OR c.contract_id = $2) ORDER BY "
                   "c.id",
               {store::OrNull(team_id), store::OrNull(contract_id)}));
  std::vector<Channel> out;
  for (const auto& r : rows) {
    Channel c = ChannelFrom(r, json::object());
    if (std::find(c.notice_kinds.begin(), c.notice_kinds.end(), kind) != c.notice_kinds.end()) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

Result<std::optional<Channel>> MailChannel(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT ") + std::string(kColumns) + std::string(kFrom) +
                          " WHERE c.enabled = 1 AND c.kind = 'email' ORDER BY c.id LIMIT 1"));
  if (rows.empty()) return std::optional<Channel>();
  return std::optional<Channel>(ChannelFrom(rows[0], json::object()));
}

}  // namespace aftercare::service
