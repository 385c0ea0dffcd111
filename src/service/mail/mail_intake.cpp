#include "service/mail/mail_intake.h"

#include <algorithm>

#include "core/base64.h"
#include "core/contact.h"
#include "core/text.h"
#include "service/attachments/attachments.h"
#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/deliveries/deliveries.h"
#include "service/jobs/queue.h"
#include "service/permissions.h"
#include "service/tickets/tickets.h"
#include "service/tx.h"

namespace aftercare::service::mail {
namespace {

using nlohmann::json;

constexpr std::string_view kIntakeLogin = "mail-intake";
constexpr std::size_t kMaxTitleChars = 200;
constexpr std::size_t kMaxReferences = 20;

// The first `max` characters of valid UTF-8 `s`.
std::string Clip(const std::string& s, std::size_t max) {
  if (CodePoints(s) <= max) return s;
  std::size_t chars = 0, i = 0;
  while (i < s.size() && chars < max) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return s.substr(0, i) + "…";
}

std::string Lower(std::string s) { return AsciiLower(s); }

// The user the server records mail intake as: a disabled account (never a login,
// never on a duty chain), made on first use.
Result<Context> IntakeContext(store::Transaction& tx, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id FROM users WHERE login = $1",
                                                 {std::string(kIntakeLogin)}));
  std::int64_t id = 0;
  if (rows.empty()) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto made, tx.Query("INSERT INTO users (login, display_name, role, password_hash, "
                            "disabled, created_at) VALUES ($1, '邮件受理', 'agent', '!', 1, $2) "
                            "RETURNING id",
                            {std::string(kIntakeLogin), now.unix}));
    id = made[0].Int("id");
  } else {
    id = rows[0].Int("id");
  }
  Context ctx;
  ctx.actor = Actor{id, std::string(kIntakeLogin), Role::kAgent, std::nullopt, "邮件受理"};
  ctx.request_id = "mail-intake";
  ctx.now = now;
  return ctx;
}

// A file name the attachments keep: no path separators or control characters.
std::string SafeName(const std::string& name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f || c == '/' || c == '\\') ? '_' : c;
  }
  if (out.empty()) out = "attachment";
  return Clip(out, 120);
}

// Keeps `files` on the ticket; those the attachments refuse (too large) are listed
// by name in the result, so the ticket says what was left out.
Result<json> AttachFiles(store::Transaction& tx, const Context& ctx, const std::string& dir,
                         std::int64_t ticket_id, const std::vector<InboundFile>& files) {
  json out = json::array();
  for (const InboundFile& f : files) {
    if (f.bytes.empty()) continue;
    const std::string name = SafeName(f.name);
    if (f.bytes.size() > kMaxAttachmentBytes) {
      out.push_back({{"name", name}, {"size", f.bytes.size()}, {"kept", false}});
      continue;
    }
    const std::string type = IsMediaType(f.content_type) ? f.content_type : "";
    AFTERCARE_ASSIGN_OR_RETURN(Attachment a,
                               AddAttachment(tx, ctx, dir, ticket_id, name, type, f.bytes));
    out.push_back({{"name", a.name},
                   {"content_type", a.content_type},
                   {"size", a.size},
                   {"attachment_id", a.id},
                   {"kept", true}});
  }
  return out;
}

// The ticket a reply belongs to: one whose thread has a mail it names.
Result<std::optional<std::int64_t>> ThreadTicket(store::Transaction& tx, const InboundMail& m) {
  std::vector<std::string> ids = m.references;
  if (!m.in_reply_to.empty()) ids.insert(ids.begin(), m.in_reply_to);
  if (ids.size() > kMaxReferences) ids.resize(kMaxReferences);
  for (const std::string& id : ids) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT ticket_id FROM mails WHERE message_id = $1 AND ticket_id IS "
                            "NOT NULL",
                            {id}));
    if (!rows.empty()) return rows[0].OptInt("ticket_id");
  }
  return std::optional<std::int64_t>();
}

// The customer a sender is: a Party A user's notice address, or a sender an agent
// matched before.
Result<std::optional<std::int64_t>> SenderCustomer(store::Transaction& tx,
                                                   const std::string& address) {
  const std::string a = Lower(address);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto users, tx.Query("SELECT u.customer_id FROM notice_preferences p JOIN users u ON u.id = "
                           "p.user_id WHERE LOWER(p.email) = $1 AND u.role = 'party_a' AND "
                           "u.customer_id IS NOT NULL ORDER BY u.id LIMIT 1",
                           {a}));
  if (!users.empty()) return users[0].OptInt("customer_id");
  AFTERCARE_ASSIGN_OR_RETURN(
      auto seen, tx.Query("SELECT t.customer_id FROM mails m JOIN tickets t ON t.id = m.ticket_id "
                          "WHERE m.from_address = $1 AND m.direction = 'in' ORDER BY m.id DESC "
                          "LIMIT 1",
                          {a}));
  if (!seen.empty()) return seen[0].OptInt("customer_id");
  return std::optional<std::int64_t>();
}

NewTicket TicketOf(std::int64_t customer, const std::string& from_name,
                   const std::string& from_address, const std::string& subject,
                   const std::string& body, std::optional<Instant> received) {
  NewTicket t;
  t.customer_id = customer;
  t.channel = sla::Channel::kEmail;
  t.type = sla::TicketType::kFault;
  t.priority = sla::Priority::kP3;
  t.title = Clip(subject.empty() ? std::string("（无主题邮件）") : subject, kMaxTitleChars);
  t.description = body;
  t.caller_name = Clip(from_name.empty() ? from_address : from_name, 100);
  t.received_at = received;
  return t;
}

Status InsertMail(store::Transaction& tx, const InboundMail& m, const std::string& state,
                  std::optional<std::int64_t> ticket, const json& attachments,
                  const json& pending, Instant now) {
  return tx.Exec(
      "INSERT INTO mails (mailbox_id, direction, message_id, uid_validity, uid, ticket_id, "
      "from_address, from_name, to_addresses, subject, body, in_reply_to, refs, attachments, "
      "pending_files, state, at) VALUES ($1, 'in', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
      "$13, $14, $15, $16)",
      {m.mailbox_id, m.message_id, std::int64_t{m.uid_validity}, std::int64_t{m.uid},
       store::OrNull(ticket), Lower(m.from_address), m.from_name, json(m.to).dump(), m.subject,
       Clip(m.text, kMaxBodyChars), m.in_reply_to, json(m.references).dump(), attachments.dump(),
       pending.dump(), state, now.unix});
}

MailView ViewFrom(const store::Row& r) {
  MailView v;
  v.id = r.Int("id");
  v.direction = r.Text("direction");
  v.message_id = r.Text("message_id");
  v.from_address = r.Text("from_address");
  v.from_name = r.Text("from_name");
  v.subject = r.Text("subject");
  v.body = r.Text("body");
  v.state = r.Text("state");
  json to = json::parse(r.Text("to_addresses"), nullptr, false);
  if (to.is_array()) {
    for (const auto& a : to) {
      if (a.is_string()) v.to.push_back(a.get<std::string>());
    }
  }
  v.attachments = json::parse(r.Text("attachments"), nullptr, false);
  if (!v.attachments.is_array()) v.attachments = json::array();
  v.ticket_id = r.OptInt("ticket_id");
  v.at = Instant{r.Int("at")};
  return v;
}

constexpr std::string_view kMailColumns =
    "id, direction, message_id, from_address, from_name, to_addresses, subject, body, state, "
    "attachments, ticket_id, at";

// Mailbox settings merged and checked (the header's rules).
Result<json> MergeMailboxSettings(json stored, const json* patch) {
  if (!stored.is_object()) stored = json::object();
  static const std::vector<std::string> kKeys = {"host",   "port",    "security",    "username",
                                                 "folder", "address", "poll_seconds"};
  if (patch) {
    if (!patch->is_object()) return Error::Invalid("settings must be an object", 0, "settings");
    for (const auto& [k, v] : patch->items()) {
      if (std::find(kKeys.begin(), kKeys.end(), k) == kKeys.end()) {
        return Error::Invalid("settings." + k + " is not a setting of a mailbox", 0,
                              "settings." + k);
      }
      stored[k] = v;
    }
  }
  if (!stored.contains("port")) stored["port"] = 993;
  if (!stored.contains("security")) stored["security"] = "tls";
  if (!stored.contains("folder")) stored["folder"] = "INBOX";
  if (!stored.contains("username")) stored["username"] = "";
  if (!stored.contains("poll_seconds")) stored["poll_seconds"] = 60;
  auto text = [&](const char* k) -> std::string {
    return stored[k].is_string() ? stored[k].get<std::string>() : std::string();
  };
  const std::string host = text("host");
  if (host.empty() || host.size() > 253 || host.find_first_of(" /\r\n\t") != std::string::npos) {
    return Error::Invalid("settings.host is required", 0, "settings.host");
  }
  const json& port = stored["port"];
  if (!port.is_number_integer() || port.get<std::int64_t>() < 1 || port.get<std::int64_t>() > 65535) {
    return Error::Invalid("settings.port must be 1 to 65535", 0, "settings.port");
  }
  const std::string sec = text("security");
  if (sec != "none" && sec != "starttls" && sec != "tls") {
    return Error::Invalid("security must be none, starttls or tls", 0, "settings.security");
  }
  const std::string folder = text("folder");
  if (folder.empty() || folder.size() > 200 ||
      std::any_of(folder.begin(), folder.end(), [](char c) { return c < 0x20 || c > 0x7e; })) {
    return Error::Invalid("settings.folder must be a mailbox name in ASCII", 0, "settings.folder");
  }
  if (text("username").size() > 200) {
    return Error::Invalid("settings.username is longer than 200 characters", 0,
                          "settings.username");
  }
  if (!IsMailAddress(text("address"))) {
    return Error::Invalid("settings.address must be an e-mail address", 0, "settings.address");
  }
  const json& poll = stored["poll_seconds"];
  if (!poll.is_number_integer() || poll.get<std::int64_t>() < 10 ||
      poll.get<std::int64_t>() > 3600) {
    return Error::Invalid("settings.poll_seconds must be 10 to 3600", 0, "settings.poll_seconds");
  }
  return stored;
}

Mailbox MailboxFrom(const store::Row& r) {
  Mailbox b;
  b.id = r.Int("id");
  b.name = r.Text("name");
  b.settings = json::parse(r.Text("settings"), nullptr, false);
  if (!b.settings.is_object()) b.settings = json::object();
  b.password_set = !r.Text("sealed_secret").empty();
  b.enabled = r.Int("enabled") != 0;
  b.uid_validity = r.OptInt("uid_validity");
  b.last_uid = r.Int("last_uid");
  b.last_error = r.Text("last_error");
  if (auto t = r.OptInt("last_polled_at")) b.last_polled_at = Instant{*t};
  return b;
}

constexpr std::string_view kMailboxColumns =
    "id, name, settings, sealed_secret, enabled, uid_validity, last_uid, last_error, "
    "last_polled_at";

}  // namespace

Result<std::vector<Mailbox>> ListMailboxes(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Mailbox>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT " + std::string(kMailboxColumns) + " FROM mailboxes ORDER BY id"));
    std::vector<Mailbox> out;
    for (const auto& r : rows) out.push_back(MailboxFrom(r));
    return out;
  });
}

Result<Mailbox> SaveMailbox(store::Database& db, const Context& ctx, const SecretBox& box,
                            std::optional<std::int64_t> id, const MailboxInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  if (in.password && in.password->size() > 500) {
    return Error::Invalid("password is longer than 500 characters", 0, "password");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Mailbox> {
    Mailbox before;
    std::string sealed;
    if (id) {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto rows, tx.Query("SELECT " + std::string(kMailboxColumns) +
                                  " FROM mailboxes WHERE id = $1",
                              {*id}));
      if (rows.empty()) return NotFound("mailbox");
      before = MailboxFrom(rows[0]);
      sealed = rows[0].Text("sealed_secret");
    }
    Mailbox after = before;
    if (in.name) after.name = *in.name;
    if (after.name.empty() || CodePoints(after.name) > 100 || !IsValidUtf8(after.name)) {
      return Error::Invalid("name is required", 0, "name");
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        after.settings,
        MergeMailboxSettings(before.settings, in.settings ? &*in.settings : nullptr));
    if (in.password) sealed = in.password->empty() ? std::string() : box.Seal(*in.password);
    if (in.enabled) after.enabled = *in.enabled;
    AFTERCARE_ASSIGN_OR_RETURN(
        auto dup, tx.Query("SELECT 1 FROM mailboxes WHERE name = $1 AND id <> $2",
                           {after.name, id.value_or(0)}));
    if (!dup.empty()) {
      return Error{ErrorCode::kConflict, "mailbox " + after.name + " exists", "name", 0, {}};
    }
    std::int64_t saved = id.value_or(0);
    if (id) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(
          "UPDATE mailboxes SET name = $1, settings = $2, sealed_secret = $3, enabled = $4, "
          "updated_at = $5 WHERE id = $6",
          {after.name, after.settings.dump(), sealed, std::int64_t{after.enabled ? 1 : 0},
           ctx.now.unix, *id}));
    } else {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto rows,
          tx.Query("INSERT INTO mailboxes (name, settings, sealed_secret, enabled, created_at, "
                   "updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                   {after.name, after.settings.dump(), sealed,
                    std::int64_t{after.enabled ? 1 : 0}, ctx.now.unix}));
      saved = rows[0].Int("id");
    }
    after.id = saved;
    after.password_set = !sealed.empty();
    // Read it now rather than at the reader's next turn.
    AFTERCARE_RETURN_IF_ERROR(
        jobs::Enqueue(tx,
                      jobs::NewJob{std::string(kPollJob),
                                   std::string(kPollJob) + ":saved:" + std::to_string(saved) +
                                       ":" + std::to_string(ctx.now.unix),
                                   {}, ctx.now, std::nullopt},
                      ctx.now)
            .status());
    auto audit_view = [](const Mailbox& b) {
      return json{{"name", b.name},
                  {"settings", b.settings},
                  {"password_set", b.password_set},
                  {"enabled", b.enabled}};
    };
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, id ? "update" : "create", "mailbox",
                                    std::to_string(saved), id ? audit_view(before) : json(nullptr),
                                    audit_view(after)));
    return after;
  });
}

Result<std::vector<MailboxForReading>> MailboxesToRead(store::Database& db, const SecretBox& box) {
  return InTransaction(
      db, false, [&](store::Transaction& tx) -> Result<std::vector<MailboxForReading>> {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows, tx.Query("SELECT " + std::string(kMailboxColumns) +
                                " FROM mailboxes WHERE enabled = 1 ORDER BY id"));
        std::vector<MailboxForReading> out;
        for (const auto& r : rows) {
          auto password = box.Open(r.Text("sealed_secret"));
          out.push_back({MailboxFrom(r), password.ok() ? *password : std::string()});
        }
        return out;
      });
}

Status RecordPoll(store::Database& db, std::int64_t mailbox_id, std::uint32_t uid_validity,
                  const std::string& error, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    // A new UIDVALIDITY: the mailbox was replaced, its UIDs start again.
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE mailboxes SET last_uid = CASE WHEN uid_validity IS NULL OR uid_validity = $1 "
        "THEN last_uid ELSE 0 END, uid_validity = CASE WHEN $1 = 0 THEN uid_validity ELSE $1 END, "
        "last_error = $2, last_polled_at = $3 WHERE id = $4",
        {std::int64_t{uid_validity}, Clip(error, 500), now.unix, mailbox_id}));
    return {};
  });
}

Result<IngestOutcome> IngestMail(store::Database& db, const std::string& attachments_dir,
                                 const InboundMail& m, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<IngestOutcome> {
    IngestOutcome out;
    AFTERCARE_ASSIGN_OR_RETURN(
        auto seen, tx.Query("SELECT 1 FROM mails WHERE message_id = $1 OR (mailbox_id = $2 AND "
                            "uid_validity = $3 AND uid = $4)",
                            {m.message_id, m.mailbox_id, std::int64_t{m.uid_validity},
                             std::int64_t{m.uid}}));
    auto advance = [&]() {
      return tx.Exec(
          "UPDATE mailboxes SET uid_validity = $1, last_uid = CASE WHEN last_uid > $2 THEN "
          "last_uid ELSE $2 END WHERE id = $3",
          {std::int64_t{m.uid_validity}, std::int64_t{m.uid}, m.mailbox_id});
    };
    if (!seen.empty()) {
      out.duplicate = true;
      AFTERCARE_RETURN_IF_ERROR(advance());
      return out;
    }
    AFTERCARE_ASSIGN_OR_RETURN(Context ctx, IntakeContext(tx, now));
    const std::string body = Clip(m.text, kMaxBodyChars);
    AFTERCARE_ASSIGN_OR_RETURN(auto thread, ThreadTicket(tx, m));
    if (thread) {
      AFTERCARE_ASSIGN_OR_RETURN(auto status,
                                 tx.Query("SELECT status FROM tickets WHERE id = $1", {*thread}));
      NewEvent e;
      e.kind = !status.empty() && status[0].Text("status") == "waiting"
                   ? TicketEventKind::kCustomerReplied
                   : TicketEventKind::kContact;
      e.note = "【邮件】" + m.subject + "\n\n" + body;
      AFTERCARE_RETURN_IF_ERROR(AddTicketEvent(tx, ctx, *thread, e).status());
      AFTERCARE_ASSIGN_OR_RETURN(json files, AttachFiles(tx, ctx, attachments_dir, *thread, m.files));
      AFTERCARE_RETURN_IF_ERROR(InsertMail(tx, m, "ticket", thread, files, json::array(), now));
      out.ticket_id = thread;
      AFTERCARE_RETURN_IF_ERROR(advance());
      return out;
    }
    AFTERCARE_ASSIGN_OR_RETURN(auto customer, SenderCustomer(tx, m.from_address));
    if (customer) {
      AFTERCARE_ASSIGN_OR_RETURN(
          Ticket t, CreateTicket(tx, ctx,
                                 TicketOf(*customer, m.from_name, Lower(m.from_address),
                                          m.subject, body, std::nullopt)));
      AFTERCARE_ASSIGN_OR_RETURN(json files, AttachFiles(tx, ctx, attachments_dir, t.id, m.files));
      AFTERCARE_RETURN_IF_ERROR(InsertMail(tx, m, "ticket", t.id, files, json::array(), now));
      out.ticket_id = t.id;
      AFTERCARE_RETURN_IF_ERROR(advance());
      return out;
    }
    // Unknown sender: kept with its files until an agent matches it.
    json listed = json::array(), pending = json::array();
    for (const InboundFile& f : m.files) {
      if (f.bytes.empty()) continue;
      listed.push_back({{"name", SafeName(f.name)},
                        {"content_type", f.content_type},
                        {"size", f.bytes.size()}});
      pending.push_back({{"name", f.name}, {"content_type", f.content_type},
                         {"base64", Base64Encode(f.bytes)}});
    }
    AFTERCARE_RETURN_IF_ERROR(InsertMail(tx, m, "unmatched", std::nullopt, listed, pending, now));
    AFTERCARE_ASSIGN_OR_RETURN(auto agents,
                               tx.Query("SELECT id, display_name FROM users WHERE role IN "
                                        "('agent', 'team_leader') AND disabled = 0 ORDER BY id"));
    std::vector<Person> people;
    for (const auto& a : agents) people.push_back({a.Int("id"), a.Text("display_name")});
    Announcement a{NotificationKind::kMailUnmatched,
                   "mail:" + m.message_id,
                   std::nullopt,
                   std::nullopt,
                   std::nullopt,
                   {{"from", Lower(m.from_address)}, {"subject", Clip(m.subject, 200)}}};
    AFTERCARE_RETURN_IF_ERROR(Announce(tx, a, people, now).status());
    out.matched_later = true;
    AFTERCARE_RETURN_IF_ERROR(advance());
    return out;
  });
}

Result<std::vector<MailView>> ListUnmatchedMails(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<MailView>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT " + std::string(kMailColumns) +
                            " FROM mails WHERE state = 'unmatched' ORDER BY id DESC LIMIT 200"));
    std::vector<MailView> out;
    for (const auto& r : rows) out.push_back(ViewFrom(r));
    return out;
  });
}

Result<std::vector<MailView>> TicketMails(store::Database& db, const Context& ctx,
                                          std::int64_t ticket_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<MailView>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto t,
                               tx.Query("SELECT 1 FROM tickets WHERE id = $1", {ticket_id}));
    if (t.empty()) return NotFound("ticket");
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT " + std::string(kMailColumns) +
                                " FROM mails WHERE ticket_id = $1 ORDER BY id",
                            {ticket_id}));
    std::vector<MailView> out;
    for (const auto& r : rows) out.push_back(ViewFrom(r));
    return out;
  });
}

Result<std::int64_t> MatchMail(store::Database& db, const Context& ctx,
                               const std::string& attachments_dir, std::int64_t mail_id,
                               std::int64_t customer_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<std::int64_t> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT from_address, from_name, subject, body, state, pending_files, "
                            "at FROM mails WHERE id = $1 AND direction = 'in'",
                            {mail_id}));
    if (rows.empty()) return NotFound("mail");
    if (rows[0].Text("state") != "unmatched") {
      return Error{ErrorCode::kConflict, "the mail already has its ticket", "state", 0, {}};
    }
    const Instant at{rows[0].Int("at")};
    // Received when the mail arrived, unless that is further back than a call may
    // be logged late: then now.
    std::optional<Instant> received;
    if (ctx.now.unix - at.unix <= 86400) received = at;
    AFTERCARE_ASSIGN_OR_RETURN(
        Ticket t, CreateTicket(tx, ctx,
                               TicketOf(customer_id, rows[0].Text("from_name"),
                                        rows[0].Text("from_address"), rows[0].Text("subject"),
                                        rows[0].Text("body"), received)));
    std::vector<InboundFile> files;
    json pending = json::parse(rows[0].Text("pending_files"), nullptr, false);
    if (pending.is_array()) {
      for (const auto& f : pending) {
        files.push_back({f.value("name", ""), f.value("content_type", ""),
                         Base64Decode(f.value("base64", "")).value_or("")});
      }
    }
    AFTERCARE_ASSIGN_OR_RETURN(json kept, AttachFiles(tx, ctx, attachments_dir, t.id, files));
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE mails SET state = 'ticket', ticket_id = $1, attachments = $2, pending_files = "
        "'[]' WHERE id = $3",
        {t.id, kept.dump(), mail_id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "match", "mail", std::to_string(mail_id), nullptr,
                                    {{"customer_id", customer_id}, {"ticket_id", t.id}}));
    return t.id;
  });
}

Result<MailView> ReplyByMail(store::Database& db, const Context& ctx, std::int64_t ticket_id,
                             const std::string& text) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::Invalid("text is required", 0, "text");
  }
  if (!IsValidUtf8(text) || CodePoints(text) > kMaxBodyChars) {
    return Error::Invalid("text is longer than 20000 characters", 0, "text");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<MailView> {
    AFTERCARE_ASSIGN_OR_RETURN(auto exists,
                               tx.Query("SELECT 1 FROM tickets WHERE id = $1", {ticket_id}));
    if (exists.empty()) return NotFound("ticket");
    AFTERCARE_ASSIGN_OR_RETURN(
        auto last, tx.Query("SELECT m.message_id, m.from_address, m.subject, m.refs, b.settings "
                            "FROM mails m LEFT JOIN mailboxes b ON b.id = m.mailbox_id WHERE "
                            "m.ticket_id = $1 AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1",
                            {ticket_id}));
    if (last.empty()) {
      return Error::Invalid("the ticket has no mail to answer", 0, "ticket_id");
    }
    const store::Row& in = last[0];
    json refs = json::parse(in.Text("refs"), nullptr, false);
    std::vector<std::string> references;
    if (refs.is_array()) {
      for (const auto& r : refs) {
        if (r.is_string()) references.push_back(r.get<std::string>());
      }
    }
    references.push_back(in.Text("message_id"));
    if (references.size() > kMaxReferences) {
      references.erase(references.begin(), references.end() - kMaxReferences);
    }
    std::string subject = in.Text("subject");
    if (subject.rfind("Re:", 0) != 0 && subject.rfind("RE:", 0) != 0) subject = "Re: " + subject;
    json box = json::parse(in.OptText("settings").value_or("{}"), nullptr, false);
    OutgoingMail out{box.is_object() ? box.value("address", "") : "",
                     in.Text("from_address"),
                     subject,
                     text,
                     in.Text("message_id"),
                     references,
                     ticket_id,
                     ctx.actor->user_id};
    AFTERCARE_ASSIGN_OR_RETURN(std::string message_id, QueueTicketMail(tx, out, ctx.now));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto replied, tx.Query("SELECT 1 FROM ticket_events WHERE ticket_id = $1 AND kind = "
                               "'first_reply' LIMIT 1",
                               {ticket_id}));
    NewEvent e;
    e.kind = replied.empty() ? TicketEventKind::kFirstReply : TicketEventKind::kContact;
    e.note = "【邮件回复】" + text;
    AFTERCARE_RETURN_IF_ERROR(AddTicketEvent(tx, ctx, ticket_id, e).status());
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO mails (direction, message_id, ticket_id, from_address, "
                 "to_addresses, subject, body, in_reply_to, refs, state, created_by, at) VALUES "
                 "('out', $1, $2, $3, $4, $5, $6, $7, $8, 'sent', $9, $10) RETURNING id",
                 {message_id, ticket_id, out.from, json::array({out.to}).dump(), subject, text,
                  out.in_reply_to, json(references).dump(), ctx.actor->user_id, ctx.now.unix}));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto view, tx.Query("SELECT " + std::string(kMailColumns) + " FROM mails WHERE id = $1",
                            {rows[0].Int("id")}));
    return ViewFrom(view[0]);
  });
}

}  // namespace aftercare::service::mail
