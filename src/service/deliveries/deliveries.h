// Notices on their way out (issue 12 points 4, 6 and 7; SLA-4's evidence): one
// event announced to people and groups, each copy a delivery with its attempts.
//
// Announce (in the caller's transaction, so a notice exists exactly when the
// change that caused it committed) writes each person's in-app notification and,
// by their preferences (preferences.h), an e-mail delivery through the mail
// channel; and a delivery to each enabled robot whose kinds and scope (global, the
// team, the contract) take the event. Each delivery gets a job (kDeliveryJob) on
// the durable queue; one event never makes two deliveries to one address
// (`dedupe_key`), and each carries an idempotency key sent with every attempt
// (the mail's Message-ID, the webhook-id).
//
// The sender (src/jobs/delivery_jobs.cpp) runs each delivery's job: BeginAttempt
// (its own short transaction: a robot's rate limit is kept by deferring, never by
// dropping; the attempt is recorded as `sending` before the network is touched,
// so one cut short by a crash stays in the log), the network outside any
// transaction, then FinishAttempt in the job's transaction; the sender takes the
// deliveries of a claim together (BeginAttempts, then FinishAttempts in one
// transaction for all of their jobs). A transient failure
// retries after the queue's back-off (5 s doubling); a permanent one, or the
// last of kDeliveryMaxAttempts, makes the delivery dead: administrators see it
// in the delivery log and can send it again.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/channels/channels.h"
#include "service/context.h"
#include "service/jobs/queue.h"
#include "service/notifications/notifications.h"
#include "store/db.h"

namespace aftercare::service {

inline constexpr std::string_view kDeliveryJob = "delivery.send";
inline constexpr int kDeliveryMaxAttempts = 8;
// The notice kind of a channel's test message.
inline constexpr std::string_view kChannelTestNotice = "channel_test";

struct Announcement {
  NotificationKind kind = NotificationKind::kSlaWarning;
  std::string event_key;  // the event: with the address it makes each copy's key
  std::optional<std::int64_t> ticket_id, contract_id, team_id;
  nlohmann::json data = nlohmann::json::object();
};

struct Person {
  std::int64_t user_id = 0;
  std::string name;
};

// One copy of an announcement: to a person in the app or by e-mail, or to a group.
struct Told {
  std::optional<std::int64_t> user_id;  // nullopt: a group's robot
  std::string name;                     // the person's, or the channel's
  std::string channel;                  // "in_app", "email", or the robot's kind
  std::optional<std::int64_t> delivery_id;
};

// Tells `people` and the groups of `a`; returns the copies made now (none that an
// earlier announcement of the same event made).
Result<std::vector<Told>> Announce(store::Transaction& tx, const Announcement& a,
                                   std::span<const Person> people, Instant now);

// A mail of a ticket's thread (an engineer's reply), sent through the e-mail
// channel as a delivery of kind kTicketMailNotice: its subject, text and threading
// headers as given, from `from` (the support mailbox). Returns the Message-ID it
// goes out with; kInvalidInput when no e-mail channel is enabled.
inline constexpr std::string_view kTicketMailNotice = "ticket_mail";
struct OutgoingMail {
  std::string from, to, subject, text, in_reply_to;
  std::vector<std::string> references;
  std::optional<std::int64_t> ticket_id, created_by;
};
Result<std::string> QueueTicketMail(store::Transaction& tx, const OutgoingMail& m, Instant now);

struct DeliveryAttempt {
  std::int64_t id = 0;
  Instant started_at;
  std::optional<Instant> finished_at;
  std::string outcome;  // sending (cut short if it stays so), sent, failed
  std::string answer;   // the remote answer, or why it could not be reached
  std::string worker;
};

struct Delivery {
  std::int64_t id = 0;
  std::int64_t channel_id = 0;
  std::string channel_name;
  ChannelKind channel_kind = ChannelKind::kSmtp;
  std::string notice_kind;
  std::optional<std::int64_t> user_id, ticket_id, contract_id;
  std::string user_name, address, ticket_number, idempotency_key;
  nlohmann::json data;
  std::string subject, body;  // as sent (empty until the first attempt)
  std::string state;          // pending, sent, dead
  std::int64_t attempts = 0;
  std::string last_error;
  std::optional<Instant> next_attempt_at, sent_at;
  Instant created_at;
  std::vector<DeliveryAttempt> log;  // GetDelivery only, oldest first
};

struct DeliveryFilter {
  std::optional<std::string> state;  // pending, sent, dead
  std::optional<std::int64_t> channel_id, ticket_id, before_id;
  int limit = 50;  // 1 to 200
};

// Administrators: the log, newest first.
Result<std::vector<Delivery>> ListDeliveries(store::Database& db, const Context& ctx,
                                             const DeliveryFilter& f);
Result<Delivery> GetDelivery(store::Database& db, const Context& ctx, std::int64_t id);
// Sends a dead delivery again, from a fresh count of attempts (kConflict unless dead).
Result<Delivery> ResendDelivery(store::Database& db, const Context& ctx, std::int64_t id);
// A test message through a channel; by mail to `to` (default: the administrator's
// own notice address; kInvalidInput when there is none).
Result<Delivery> TestChannel(store::Database& db, const Context& ctx, std::int64_t channel_id,
                             const std::optional<std::string>& to);

// The sender's side. A plan for one attempt of the delivery the job names.
struct SendPlan {
  enum class Step { kSend, kSkip, kDefer } step = Step::kSkip;
  Delivery delivery;
  std::int64_t attempt_id = 0;
  Instant defer_until;  // kDefer: the robot's minute is full until then
  // kSend with `secrets`: the channel opened for sending, read in the same
  // transaction; or why it cannot be (sealed under a key this server lacks).
  std::optional<ChannelForSending> channel;
  std::string channel_error;
};
Result<SendPlan> BeginAttempt(store::Database& db, std::int64_t delivery_id,
                              std::string_view worker, Instant now,
                              const SecretBox* secrets = nullptr);

struct AttemptOutcome {
  bool sent = false;
  bool permanent = false;  // a failure that sending again cannot mend
  std::string answer;
  std::string subject, body;  // what was sent
};
// Records the attempt's outcome in the job's transaction: sent, retried after
// the back-off (a new job), or dead.
Status FinishAttempt(store::Transaction& tx, const SendPlan& plan, const AttemptOutcome& out,
                     Instant now);
// BeginAttempt for several deliveries in one transaction, a statement for each
// step rather than for each delivery: a plan for each id, in order (an error for
// one that does not exist; a repeated id is skipped). A robot's rate limit counts
// the attempts begun here too.
Result<std::vector<Result<SendPlan>>> BeginAttempts(store::Database& db,
                                                    std::span<const std::int64_t> ids,
                                                    std::string_view worker, Instant now,
                                                    const SecretBox* secrets = nullptr);
struct FinishedAttempt {
  const SendPlan* plan = nullptr;
  AttemptOutcome outcome;
};
// FinishAttempt for several attempts in one transaction; those sent are recorded
// together.
Status FinishAttempts(store::Transaction& tx, std::span<const FinishedAttempt> done, Instant now);
// Puts the delivery's job off until the plan's instant (a full minute of a robot).
Status DeferDelivery(store::Transaction& tx, const SendPlan& plan, Instant now);

}  // namespace aftercare::service
