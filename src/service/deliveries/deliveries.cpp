#include "service/deliveries/deliveries.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/contact.h"
#include "core/sha256.h"
#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/notifications/preferences.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxAnswer = 1000;
constexpr std::string_view kColumns =
    "d.id, d.channel_id, d.notice_kind, d.user_id, d.address, d.ticket_id, d.contract_id, "
    "d.idempotency_key, d.data, d.subject, d.body, d.state, d.attempts, d.last_error, "
    "d.next_attempt_at, d.created_at, d.sent_at, c.name AS channel_name, c.kind AS channel_kind, "
    "u.display_name AS user_name";
constexpr std::string_view kFrom =
    " FROM deliveries d JOIN channels c ON c.id = d.channel_id LEFT JOIN users u ON u.id = "
    "d.user_id";

// 128 random bits in hex: the Message-ID's left part, the webhook-id.
std::string NewIdempotencyKey() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return HexOf(bytes, sizeof bytes);
}

std::string Truncated(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max;
  // Never inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

Delivery DeliveryFrom(const store::Row& r) {
  Delivery d;
  d.id = r.Int("id");
  d.channel_id = r.Int("channel_id");
  d.channel_name = r.Text("channel_name");
  d.channel_kind = ParseChannelKind(r.Text("channel_kind")).value_or(ChannelKind::kSmtp);
  d.notice_kind = r.Text("notice_kind");
  d.user_id = r.OptInt("user_id");
  d.user_name = r.OptText("user_name").value_or("");
  d.address = r.Text("address");
  d.ticket_id = r.OptInt("ticket_id");
  if (d.ticket_id) d.ticket_number = TicketNumber(*d.ticket_id);
  d.contract_id = r.OptInt("contract_id");
  d.idempotency_key = r.Text("idempotency_key");
  d.data = json::parse(r.Text("data"), nullptr, false);
  if (!d.data.is_object()) d.data = json::object();
  d.subject = r.Text("subject");
  d.body = r.Text("body");
  d.state = r.Text("state");
  d.attempts = r.Int("attempts");
  d.last_error = r.Text("last_error");
  if (auto t = r.OptInt("next_attempt_at")) d.next_attempt_at = Instant{*t};
  if (auto t = r.OptInt("sent_at")) d.sent_at = Instant{*t};
  d.created_at = Instant{r.Int("created_at")};
  return d;
}

Result<Delivery> LoadDelivery(store::Transaction& tx, std::int64_t id, bool with_log) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT " + std::string(kColumns) + std::string(kFrom) + " WHERE d.id = $1", {id}));
  if (rows.empty()) return NotFound("delivery");
  Delivery d = DeliveryFrom(rows[0]);
  if (with_log) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto log, tx.Query("SELECT id, started_at, finished_at, outcome, answer, worker FROM "
                           "delivery_attempts WHERE delivery_id = $1 ORDER BY id",
                           {id}));
    for (const auto& a : log) {
      DeliveryAttempt at{a.Int("id"),      Instant{a.Int("started_at")},
                         std::nullopt,     a.Text("outcome"),
                         a.Text("answer"), a.Text("worker")};
      if (auto f = a.OptInt("finished_at")) at.finished_at = Instant{*f};
      d.log.push_back(std::move(at));
    }
  }
  return d;
}

Status EnqueueSend(store::Transaction& tx, std::int64_t delivery_id, std::string_view tag,
                   Instant at, Instant now) {
  std::string key = "delivery:" + std::to_string(delivery_id);
  if (!tag.empty()) key += ":" + std::string(tag);
  return jobs::Enqueue(
             tx,
             jobs::NewJob{
                 std::string(kDeliveryJob), key, {{"delivery_id", delivery_id}}, at, std::nullopt},
             now)
      .status();
}

struct NewDelivery {
  std::int64_t channel_id = 0;
  std::string notice_kind;
  std::optional<std::int64_t> user_id, ticket_id, contract_id, created_by;
  std::string address, dedupe_key;
  json data;
};

// Inserts `d` and its job unless its key exists; the new delivery's id.
Result<std::optional<std::int64_t>> AddDelivery(store::Transaction& tx, const NewDelivery& d,
                                                Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("INSERT INTO deliveries (channel_id, notice_kind, user_id, address, ticket_id, "
               "contract_id, dedupe_key, idempotency_key, data, created_by, created_at, "
               "updated_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
               "$11, $11, $11) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
               {d.channel_id, d.notice_kind, store::OrNull(d.user_id), d.address,
                store::OrNull(d.ticket_id), store::OrNull(d.contract_id), d.dedupe_key,
                NewIdempotencyKey(), d.data.dump(), store::OrNull(d.created_by), now.unix}));
  if (rows.empty()) return std::optional<std::int64_t>();
  const std::int64_t id = rows[0].Int("id");
  AFTERCARE_RETURN_IF_ERROR(EnqueueSend(tx, id, "", now, now));
  return std::optional<std::int64_t>(id);
}

// What every copy of an announcement carries for its text: the ticket's number
// and title when it is about one.
Result<json> DataFor(store::Transaction& tx, const Announcement& a) {
  json data = a.data.is_object() ? a.data : json::object();
  if (a.ticket_id) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query("SELECT title FROM tickets WHERE id = $1", {*a.ticket_id}));
    data["ticket_number"] = TicketNumber(*a.ticket_id);
    if (!rows.empty()) data["ticket_title"] = rows[0].Text("title");
  }
  return data;
}

Status RequireDeliveryAdmin(const Context& ctx) { return RequireRole(ctx, roles::kAdmins); }

}  // namespace

Result<std::vector<Told>> Announce(store::Transaction& tx, const Announcement& a,
                                   std::span<const Person> people, Instant now) {
  std::vector<Told> out;
  AFTERCARE_ASSIGN_OR_RETURN(json data, DataFor(tx, a));
  std::optional<std::optional<Channel>> mail;  // looked up once, when someone wants mail
  for (const Person& p : people) {
    AFTERCARE_ASSIGN_OR_RETURN(UserChannels ch, ChannelsOf(tx, p.user_id, a.kind));
    if (ch.in_app) {
      AFTERCARE_ASSIGN_OR_RETURN(bool fresh,
                                 Notify(tx,
                                        NewNotification{p.user_id, a.kind, a.event_key, a.ticket_id,
                                                        a.contract_id, a.data},
                                        now));
      if (fresh) out.push_back({p.user_id, p.name, "in_app", std::nullopt});
    }
    if (ch.email.empty()) continue;
    if (!mail) {
      AFTERCARE_ASSIGN_OR_RETURN(mail, MailChannel(tx));
    }
    if (!*mail) continue;
    json copy = data;
    copy["recipient_name"] = p.name;
    AFTERCARE_ASSIGN_OR_RETURN(
        auto id,
        AddDelivery(
            tx,
            NewDelivery{(*mail)->id, std::string(Name(a.kind)), p.user_id, a.ticket_id,
                        a.contract_id, std::nullopt, ch.email,
                        "u" + std::to_string(p.user_id) + ":" + a.event_key + ":email", copy},
            now));
    if (id) out.push_back({p.user_id, p.name, "email", id});
  }
  AFTERCARE_ASSIGN_OR_RETURN(auto robots, RobotChannelsFor(tx, a.kind, a.team_id, a.contract_id));
  for (const Channel& c : robots) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto id, AddDelivery(tx,
                             NewDelivery{c.id, std::string(Name(a.kind)), std::nullopt, a.ticket_id,
                                         a.contract_id, std::nullopt, c.name,
                                         "c" + std::to_string(c.id) + ":" + a.event_key, data},
                             now));
    if (id) out.push_back({std::nullopt, c.name, std::string(Name(c.kind)), id});
  }
  return out;
}

Result<std::string> QueueTicketMail(store::Transaction& tx, const OutgoingMail& m, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto channel, MailChannel(tx));
  if (!channel) {
    return Error::Invalid("no e-mail channel is enabled: an administrator adds one", 0, "channel");
  }
  const std::string key = NewIdempotencyKey();
  json data = {{"from", m.from},
               {"subject", m.subject},
               {"text", m.text},
               {"in_reply_to", m.in_reply_to},
               {"references", m.references}};
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("INSERT INTO deliveries (channel_id, notice_kind, address, ticket_id, dedupe_key, "
               "idempotency_key, data, created_by, created_at, updated_at, next_attempt_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9) RETURNING id",
               {channel->id, std::string(kTicketMailNotice), m.to, store::OrNull(m.ticket_id),
                "mail:" + key, key, data.dump(), store::OrNull(m.created_by), now.unix}));
  AFTERCARE_RETURN_IF_ERROR(EnqueueSend(tx, rows[0].Int("id"), "", now, now));
  return "<" + key + "@aftercare>";
}

Result<std::vector<Delivery>> ListDeliveries(store::Database& db, const Context& ctx,
                                             const DeliveryFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireDeliveryAdmin(ctx));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  if (f.state && *f.state != "pending" && *f.state != "sent" && *f.state != "dead") {
    return Error::Invalid("state must be pending, sent or dead", 0, "state");
  }
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Delivery>> {
    store::ParamList p;
    std::string sql = "SELECT " + std::string(kColumns) + std::string(kFrom) + " WHERE 1 = 1";
    if (f.state) sql += " AND d.state = " + p.Add(*f.state);
    if (f.channel_id) sql += " AND d.channel_id = " + p.Add(*f.channel_id);
    if (f.ticket_id) sql += " AND d.ticket_id = " + p.Add(*f.ticket_id);
    if (f.before_id) sql += " AND d.id < " + p.Add(*f.before_id);
    sql += " ORDER BY d.id DESC LIMIT " + p.Add(std::int64_t{f.limit});
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    std::vector<Delivery> out;
    for (const auto& r : rows) out.push_back(DeliveryFrom(r));
    return out;
  });
}

Result<Delivery> GetDelivery(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireDeliveryAdmin(ctx));
  return InTransaction(db, false,
                       [&](store::Transaction& tx) { return LoadDelivery(tx, id, true); });
}

Result<Delivery> ResendDelivery(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireDeliveryAdmin(ctx));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Delivery> {
    AFTERCARE_ASSIGN_OR_RETURN(Delivery d, LoadDelivery(tx, id, false));
    if (d.state != "dead") {
      return Error{ErrorCode::kConflict, "only a dead delivery is sent again", "state", 0, {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = $1, "
                "updated_at = $1 WHERE id = $2",
                {ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(
        EnqueueSend(tx, id, "resent:" + std::to_string(ctx.now.unix), ctx.now, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "resend", "delivery", std::to_string(id),
                                    {{"state", "dead"}, {"attempts", d.attempts}},
                                    {{"state", "pending"}}));
    return LoadDelivery(tx, id, true);
  });
}

Result<Delivery> TestChannel(store::Database& db, const Context& ctx, std::int64_t channel_id,
                             const std::optional<std::string>& to) {
  AFTERCARE_RETURN_IF_ERROR(RequireDeliveryAdmin(ctx));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Delivery> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT kind, name FROM channels WHERE id = $1", {channel_id}));
    if (rows.empty()) return NotFound("channel");
    std::string address = rows[0].Text("name");
    if (rows[0].Text("kind") == "email") {
      if (to) {
        address = *to;
      } else {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto pref, tx.Query("SELECT email FROM notice_preferences WHERE user_id = $1",
                                {ctx.actor->user_id}));
        address = pref.empty() ? std::string() : pref[0].Text("email");
      }
      if (address.empty()) {
        return Error::Invalid("address is required: no notice address is set for you", 0,
                              "address");
      }
      if (!IsMailAddress(address)) {
        return Error::Invalid("address must be an e-mail address", 0, "address");
      }
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto id,
        AddDelivery(tx,
                    NewDelivery{channel_id,
                                std::string(kChannelTestNotice),
                                std::nullopt,
                                std::nullopt,
                                std::nullopt,
                                ctx.actor->user_id,
                                address,
                                "test:" + std::to_string(channel_id) + ":" + NewIdempotencyKey(),
                                {{"by", ctx.actor->display_name}}},
                    ctx.now));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "test", "channel", std::to_string(channel_id), nullptr,
                                    {{"delivery_id", *id}, {"to", address}}));
    return LoadDelivery(tx, *id, true);
  });
}

Result<SendPlan> BeginAttempt(store::Database& db, std::int64_t delivery_id,
                              std::string_view worker, Instant now, const SecretBox* secrets) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<SendPlan> {
    SendPlan plan;
    AFTERCARE_ASSIGN_OR_RETURN(plan.delivery, LoadDelivery(tx, delivery_id, false));
    if (plan.delivery.state != "pending") return plan;  // sent or dead meanwhile: skip
    std::int64_t rate = 0;
    if (secrets != nullptr) {
      // The channel as it is now, in this transaction (no second one per delivery).
      auto channel = LoadChannelForSending(tx, *secrets, plan.delivery.channel_id);
      if (channel.ok()) {
        rate = channel->channel.rate_per_minute;
        plan.channel = std::move(*channel);
      } else if (channel.error().code == ErrorCode::kRetry) {
        return channel.error();
      } else {
        plan.channel_error = channel.error().message;
        AFTERCARE_ASSIGN_OR_RETURN(auto row,
                                   tx.Query("SELECT rate_per_minute FROM channels WHERE id = $1",
                                            {plan.delivery.channel_id}));
        rate = row.empty() ? 0 : row[0].Int("rate_per_minute");
      }
    } else {
      AFTERCARE_ASSIGN_OR_RETURN(auto channel,
                                 tx.Query("SELECT rate_per_minute FROM channels WHERE id = $1",
                                          {plan.delivery.channel_id}));
      rate = channel.empty() ? 0 : channel[0].Int("rate_per_minute");
    }
    if (rate > 0) {
      // The robot's last minute: full means wait until its oldest attempt is a minute old.
      AFTERCARE_ASSIGN_OR_RETURN(
          auto recent,
          tx.Query("SELECT started_at FROM delivery_attempts WHERE channel_id = $1 AND "
                   "started_at > $2 ORDER BY started_at LIMIT $3",
                   {plan.delivery.channel_id, now.unix - 60, rate}));
      if (static_cast<std::int64_t>(recent.size()) >= rate) {
        plan.step = SendPlan::Step::kDefer;
        plan.defer_until = Instant{recent[0].Int("started_at") + 60};
        return plan;
      }
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto ins, tx.Query("INSERT INTO delivery_attempts (delivery_id, channel_id, started_at, "
                           "worker) VALUES ($1, $2, $3, $4) RETURNING id",
                           {delivery_id, plan.delivery.channel_id, now.unix, std::string(worker)}));
    plan.attempt_id = ins[0].Int("id");
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE deliveries SET attempts = attempts + 1, updated_at = $1 WHERE id = $2",
                {now.unix, delivery_id}));
    ++plan.delivery.attempts;
    plan.step = SendPlan::Step::kSend;
    return plan;
  });
}

Result<std::vector<Result<SendPlan>>> BeginAttempts(store::Database& db,
                                                    std::span<const std::int64_t> ids,
                                                    std::string_view worker, Instant now,
                                                    const SecretBox* secrets) {
  constexpr std::size_t kRows = 100;  // to a statement
  using Plans = std::vector<Result<SendPlan>>;
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Plans> {
    std::map<std::int64_t, Delivery> found;
    for (std::size_t i = 0; i < ids.size(); i += kRows) {
      store::ParamList p;
      std::string sql = "SELECT " + std::string(kColumns) + std::string(kFrom) + " WHERE d.id IN (";
      for (std::size_t k = i; k < std::min(ids.size(), i + kRows); ++k) {
        sql += (k > i ? ", " : "") + p.Add(ids[k]);
      }
      AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + ")", p.values()));
      for (const auto& r : rows) found.emplace(r.Int("id"), DeliveryFrom(r));
    }
    // Each channel read once, as BeginAttempt reads it.
    struct ChannelState {
      std::int64_t rate = 0;
      std::optional<ChannelForSending> channel;
      std::string error;
      std::vector<std::int64_t> recent;  // attempts' started_at in its last minute, oldest first
    };
    std::map<std::int64_t, ChannelState> channels;
    auto channel_of = [&](std::int64_t id) -> Result<ChannelState*> {
      if (auto it = channels.find(id); it != channels.end()) return &it->second;
      ChannelState c;
      bool read_rate = true;
      if (secrets != nullptr) {
        auto channel = LoadChannelForSending(tx, *secrets, id);
        if (channel.ok()) {
          c.rate = channel->channel.rate_per_minute;
          c.channel = std::move(*channel);
          read_rate = false;
        } else if (channel.error().code == ErrorCode::kRetry) {
          return channel.error();
        } else {
          c.error = channel.error().message;
        }
      }
      if (read_rate) {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto row, tx.Query("SELECT rate_per_minute FROM channels WHERE id = $1", {id}));
        c.rate = row.empty() ? 0 : row[0].Int("rate_per_minute");
      }
      if (c.rate > 0) {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto recent,
            tx.Query("SELECT started_at FROM delivery_attempts WHERE channel_id = $1 AND "
                     "started_at > $2 ORDER BY started_at LIMIT $3",
                     {id, now.unix - 60, c.rate}));
        for (const auto& r : recent) c.recent.push_back(r.Int("started_at"));
      }
      return &channels.emplace(id, std::move(c)).first->second;
    };
    std::vector<Result<SendPlan>> plans;
    plans.reserve(ids.size());
    std::set<std::int64_t> seen;
    std::vector<SendPlan*> sending;
    for (const std::int64_t id : ids) {
      auto it = found.find(id);
      if (it == found.end()) {
        plans.emplace_back(NotFound("delivery"));
        continue;
      }
      SendPlan& plan = *plans.emplace_back(SendPlan{});
      if (!seen.insert(id).second) continue;  // twice in one batch: skip
      plan.delivery = it->second;
      if (plan.delivery.state != "pending") continue;  // sent or dead meanwhile: skip
      AFTERCARE_ASSIGN_OR_RETURN(ChannelState * c, channel_of(plan.delivery.channel_id));
      if (c->channel) {
        plan.channel = c->channel;
      } else if (secrets != nullptr) {
        plan.channel_error = c->error;
      }
      if (c->rate > 0) {
        // The robot's last minute, with the attempts begun here: full means wait
        // until its oldest attempt is a minute old.
        if (static_cast<std::int64_t>(c->recent.size()) >= c->rate) {
          plan.step = SendPlan::Step::kDefer;
          plan.defer_until = Instant{c->recent[0] + 60};
          continue;
        }
        c->recent.push_back(now.unix);
      }
      plan.step = SendPlan::Step::kSend;
      sending.push_back(&plan);
    }
    for (std::size_t i = 0; i < sending.size(); i += kRows) {
      const std::size_t end = std::min(sending.size(), i + kRows);
      store::ParamList p;
      const std::string at = p.Add(now.unix);
      const std::string by = p.Add(std::string(worker));
      std::string insert =
          "INSERT INTO delivery_attempts (delivery_id, channel_id, started_at, worker) VALUES ";
      store::ParamList u;
      std::string update =
          "UPDATE deliveries SET attempts = attempts + 1, updated_at = " + u.Add(now.unix) +
          " WHERE id IN (";
      for (std::size_t k = i; k < end; ++k) {
        insert += (k > i ? ", (" : "(") + p.Add(sending[k]->delivery.id) + ", " +
                  p.Add(sending[k]->delivery.channel_id) + ", " + at + ", " + by + ")";
        update += (k > i ? ", " : "") + u.Add(sending[k]->delivery.id);
        ++sending[k]->delivery.attempts;
      }
      AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                                 tx.Query(insert + " RETURNING id, delivery_id", p.values()));
      for (const auto& r : rows) {
        for (std::size_t k = i; k < end; ++k) {
          if (sending[k]->delivery.id == r.Int("delivery_id")) sending[k]->attempt_id = r.Int("id");
        }
      }
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(update + ")", u.values()));
    }
    return plans;
  });
}

Status FinishAttempt(store::Transaction& tx, const SendPlan& plan, const AttemptOutcome& out,
                     Instant now) {
  const Delivery& d = plan.delivery;
  const std::string answer = Truncated(out.answer, kMaxAnswer);
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("UPDATE delivery_attempts SET finished_at = $1, outcome = $2, answer = $3 WHERE "
              "id = $4",
              {now.unix, std::string(out.sent ? "sent" : "failed"), answer, plan.attempt_id}));
  if (out.sent) {
    return tx.Exec(
        "UPDATE deliveries SET state = 'sent', sent_at = $1, subject = $2, body = $3, "
        "last_error = '', next_attempt_at = NULL, updated_at = $1 WHERE id = $4",
        {now.unix, out.subject, out.body, d.id});
  }
  if (out.permanent || d.attempts >= kDeliveryMaxAttempts) {
    return tx.Exec(
        "UPDATE deliveries SET state = 'dead', subject = $1, body = $2, last_error = $3, "
        "next_attempt_at = NULL, updated_at = $4 WHERE id = $5",
        {out.subject, out.body, answer, now.unix, d.id});
  }
  const Instant next = now + jobs::RetryDelay(d.attempts);
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("UPDATE deliveries SET subject = $1, body = $2, last_error = $3, next_attempt_at = "
              "$4, updated_at = $5 WHERE id = $6",
              {out.subject, out.body, answer, next.unix, now.unix, d.id}));
  return EnqueueSend(tx, d.id, "a" + std::to_string(plan.attempt_id), next, now);
}

Status FinishAttempts(store::Transaction& tx, std::span<const FinishedAttempt> done, Instant now) {
  constexpr std::size_t kRows = 100;  // to a statement
  std::vector<const FinishedAttempt*> sent;
  for (const FinishedAttempt& f : done) {
    if (f.outcome.sent) {
      sent.push_back(&f);
    } else {
      AFTERCARE_RETURN_IF_ERROR(FinishAttempt(tx, *f.plan, f.outcome, now));
    }
  }
  for (std::size_t i = 0; i < sent.size(); i += kRows) {
    const std::size_t end = std::min(sent.size(), i + kRows);
    store::ParamList a, d;
    std::string attempts = "WITH v (id, answer) AS (VALUES ";
    std::string deliveries = "WITH v (id, subject, body) AS (VALUES ";
    for (std::size_t k = i; k < end; ++k) {
      const FinishedAttempt& f = *sent[k];
      attempts += (k > i ? ", (CAST(" : "(CAST(") + a.Add(f.plan->attempt_id) +
                  " AS BIGINT), CAST(" + a.Add(Truncated(f.outcome.answer, kMaxAnswer)) +
                  " AS TEXT))";
      deliveries += (k > i ? ", (CAST(" : "(CAST(") + d.Add(f.plan->delivery.id) +
                    " AS BIGINT), CAST(" + d.Add(f.outcome.subject) + " AS TEXT), CAST(" +
                    d.Add(f.outcome.body) + " AS TEXT))";
    }
    attempts += ") UPDATE delivery_attempts SET finished_at = " + a.Add(now.unix) +
                ", outcome = 'sent', answer = v.answer FROM v WHERE delivery_attempts.id = v.id";
    const std::string at = d.Add(now.unix);
    deliveries += ") UPDATE deliveries SET state = 'sent', sent_at = " + at +
                  ", subject = v.subject, body = v.body, last_error = '', next_attempt_at = NULL, "
                  "updated_at = " +
                  at + " FROM v WHERE deliveries.id = v.id";
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(attempts, a.values()));
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(deliveries, d.values()));
  }
  return {};
}

Status DeferDelivery(store::Transaction& tx, const SendPlan& plan, Instant now) {
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("UPDATE deliveries SET next_attempt_at = $1, updated_at = $2 WHERE id = $3",
              {plan.defer_until.unix, now.unix, plan.delivery.id}));
  return EnqueueSend(tx, plan.delivery.id, "d" + std::to_string(plan.defer_until.unix),
                     plan.defer_until, now);
}

}  // namespace aftercare::service
