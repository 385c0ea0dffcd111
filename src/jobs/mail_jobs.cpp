// The support mailbox (service/mail): read over IMAP by one job at a time, which
// queues its next run. The network runs outside the database; each mail is
// recorded in its own transaction with the ticket it makes (IngestMail), so a
// kill between two mails loses nothing and repeats nothing.
#include <algorithm>
#include <cstdio>

#include "jobs/job_areas.h"
#include "jobs/mail/imap.h"
#include "jobs/mail/mail_parse.h"
#include "service/mail/mail_intake.h"
#include "service/tx.h"

namespace aftercare::jobs {
namespace {

using service::mail::kPollJob;

// Mails taken per mailbox per run: a full mailbox is read in steps, each recorded.
constexpr std::size_t kMailsPerRun = 25;
constexpr Seconds kIdlePoll = 60;

mail::ImapSettings SettingsOf(const service::mail::MailboxForReading& m) {
  const nlohmann::json& s = m.mailbox.settings;
  mail::ImapSettings out;
  out.host = s.value("host", "");
  out.port = s.value("port", 993);
  out.security = mail::ParseSmtpSecurity(s.value("security", "tls")).ok()
                     ? *mail::ParseSmtpSecurity(s.value("security", "tls"))
                     : mail::SmtpSecurity::kTls;
  out.username = s.value("username", "");
  out.password = m.password;
  out.mailbox = s.value("folder", "INBOX");
  return out;
}

service::mail::InboundMail InboundOf(const service::mail::MailboxForReading& box,
                                     std::uint32_t validity, std::uint32_t uid,
                                     const Result<mail::ParsedMail>& parsed) {
  service::mail::InboundMail m;
  m.mailbox_id = box.mailbox.id;
  m.uid_validity = validity;
  m.uid = uid;
  if (!parsed.ok()) {
    // Kept, so that it is seen and the mailbox moves on.
    m.message_id = "<uid-" + std::to_string(uid) + "." + std::to_string(validity) + ".box-" +
                   std::to_string(box.mailbox.id) + "@aftercare-intake>";
    m.from_address = "unknown@invalid";
    m.subject = "（无法读取的邮件）";
    m.text = parsed.error().message;
    return m;
  }
  const mail::ParsedMail& p = *parsed;
  m.message_id = !p.message_id.empty()
                     ? p.message_id
                     : "<uid-" + std::to_string(uid) + "." + std::to_string(validity) + ".box-" +
                           std::to_string(box.mailbox.id) + "@aftercare-intake>";
  m.from_address = p.from.address;
  m.from_name = p.from.name;
  for (const auto& a : p.to) m.to.push_back(a.address);
  m.subject = p.subject;
  m.text = p.text;
  m.in_reply_to = p.in_reply_to;
  m.references = p.references;
  for (const auto& a : p.attachments) {
    // Inline images of a signature are not the customer's files.
    if (a.inline_part && a.filename.empty()) continue;
    m.files.push_back({a.filename, a.content_type, a.bytes});
  }
  return m;
}

// Reads what is new in `box`; true when more is waiting.
bool ReadMailbox(JobEnv& env, const service::mail::MailboxForReading& box) {
  const mail::ImapSettings settings = SettingsOf(box);
  auto state = mail::OpenMailbox(settings);
  if (!state.ok()) {
    (void)service::mail::RecordPoll(env.db, box.mailbox.id, 0, state.error().message, Now());
    return false;
  }
  const std::uint32_t validity = state->uid_validity;
  const std::uint32_t from =
      box.mailbox.uid_validity == static_cast<std::int64_t>(validity)
          ? static_cast<std::uint32_t>(box.mailbox.last_uid) + 1
          : 1;
  auto uids = mail::ListUidsFrom(settings, validity, from);
  if (!uids.ok()) {
    (void)service::mail::RecordPoll(env.db, box.mailbox.id, validity, uids.error().message, Now());
    return false;
  }
  std::string error;
  std::size_t taken = 0;
  for (std::uint32_t uid : *uids) {
    if (taken == kMailsPerRun) break;
    auto raw = mail::FetchMessage(settings, validity, uid);
    if (!raw.ok() && raw.error().code == ErrorCode::kIo) {
      error = raw.error().message;  // the server: try again next time
      break;
    }
    Result<mail::ParsedMail> parsed =
        raw.ok() ? mail::ParseMail(*raw) : Result<mail::ParsedMail>(raw.error());
    auto done = service::mail::IngestMail(env.db, env.attachments_dir,
                                          InboundOf(box, validity, uid, parsed), Now());
    if (!done.ok()) {
      error = done.error().message;
      std::fprintf(stderr, "aftercare: mail: cannot record mail %u of %s: %s %s\n", uid,
                   box.mailbox.name.c_str(), done.error().message.c_str(),
                   done.error().detail.c_str());
      break;
    }
    ++taken;
  }
  (void)service::mail::RecordPoll(env.db, box.mailbox.id, validity, error, Now());
  return error.empty() && taken < uids->size();
}

}  // namespace

void RegisterMailJobs(Runner& runner, JobEnv& env) {
  runner.RegisterOutside(
      std::string(kPollJob),
      [&env](const service::jobs::Job& job, const Runner::Record& record) -> Status {
        AFTERCARE_ASSIGN_OR_RETURN(auto boxes,
                                   service::mail::MailboxesToRead(env.db, env.secrets));
        bool more = false;
        Seconds every = kIdlePoll;
        for (const auto& box : boxes) {
          more = ReadMailbox(env, box) || more;
          every = std::min<Seconds>(every, box.mailbox.settings.value("poll_seconds", kIdlePoll));
        }
        return record([&](store::Transaction& tx, const service::jobs::Job&) -> Status {
          // One chain of polls: this run's next replaces any other queued (the
          // first run's, or one asked for when a mailbox was saved).
          AFTERCARE_RETURN_IF_ERROR(
              tx.Exec("DELETE FROM jobs WHERE kind = $1 AND state = 'pending' AND id <> $2",
                      {std::string(kPollJob), job.id}));
          const Instant now = Now();
          const Instant next = now + (more ? 1 : every);
          return service::jobs::Enqueue(tx,
                                        service::jobs::NewJob{std::string(kPollJob),
                                                              std::string(kPollJob) + ":" +
                                                                  std::to_string(next.unix) +
                                                                  ":" + std::to_string(job.id),
                                                              {}, next, std::nullopt},
                                        now)
              .status();
        });
      });
  runner.OnStart([&env] {
    Status s = service::InTransaction(env.db, true, [](store::Transaction& tx) -> Status {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto queued, tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND state <> 'dead' LIMIT 1",
                                {std::string(kPollJob)}));
      if (!queued.empty()) return {};
      const Instant now = Now();
      return service::jobs::Enqueue(tx,
                                    service::jobs::NewJob{std::string(kPollJob),
                                                          std::string(kPollJob) + ":start:" +
                                                              std::to_string(now.unix),
                                                          {}, now, std::nullopt},
                                    now)
          .status();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "aftercare: jobs: cannot queue the mailbox reader: %s\n",
                   s.error().message.c_str());
    }
  });
}

}  // namespace aftercare::jobs
