-- name: channels, deliveries and notice preferences
-- Where notices go beyond the app (issue 12 points 4, 6 and 7). A channel is an
-- outgoing mail server or a group-chat robot (WeCom, DingTalk, Feishu, a generic
-- webhook), global or scoped to a team or a contract. Its secrets (a password, a
-- robot's URL with its key, a signing secret) are sealed with the server's key
-- (service/channels/secret_box.h) and never read back by the API.
CREATE TABLE channels (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  team_id BIGINT REFERENCES teams(id),
  contract_id BIGINT REFERENCES contracts(id),
  settings TEXT NOT NULL DEFAULT '{}',
  sealed_secret TEXT NOT NULL DEFAULT '',
  notice_kinds TEXT NOT NULL DEFAULT '[]',
  rate_per_minute BIGINT NOT NULL DEFAULT 0,
  enabled BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (kind IN ('email', 'wecom', 'dingtalk', 'feishu', 'webhook'))
);
-- One message to one address on one channel: an e-mail to a person, a post to a
-- robot. `dedupe_key` keeps one notice from becoming two deliveries;
-- `idempotency_key` is sent with every attempt (the mail's Message-ID, the
-- webhook-id) so a receiver can drop a repeat. What was sent (subject, body) is
-- kept as evidence.
CREATE TABLE deliveries (
  id @ID@,
  channel_id BIGINT NOT NULL REFERENCES channels(id),
  notice_kind TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  address TEXT NOT NULL DEFAULT '',
  ticket_id BIGINT REFERENCES tickets(id),
  contract_id BIGINT REFERENCES contracts(id),
  dedupe_key TEXT NOT NULL UNIQUE,
  idempotency_key TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'pending',
  attempts BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  next_attempt_at BIGINT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  updated_at BIGINT NOT NULL,
  CHECK (state IN ('pending', 'sent', 'dead'))
);
CREATE INDEX deliveries_state ON deliveries (state, id);
CREATE INDEX deliveries_ticket ON deliveries (ticket_id, id);
CREATE INDEX deliveries_channel ON deliveries (channel_id, id);
-- Every attempt with the remote answer. An attempt starts as 'sending' before the
-- network is touched (a robot's rate limit counts these), so one cut short by a
-- crash stays visible.
CREATE TABLE delivery_attempts (
  id @ID@,
  delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
  channel_id BIGINT NOT NULL REFERENCES channels(id),
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  outcome TEXT NOT NULL DEFAULT 'sending',
  answer TEXT NOT NULL DEFAULT '',
  worker TEXT NOT NULL DEFAULT '',
  CHECK (outcome IN ('sending', 'sent', 'failed'))
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
CREATE INDEX delivery_attempts_channel ON delivery_attempts (channel_id, started_at);
-- Each user's address for notices by e-mail and their channels per kind of notice
-- (JSON: {"sla_warning": ["in_app", "email"], ...}); no row: the defaults.
CREATE TABLE notice_preferences (
  user_id BIGINT PRIMARY KEY REFERENCES users(id),
  email TEXT NOT NULL DEFAULT '',
  channels TEXT NOT NULL DEFAULT '{}',
  updated_at BIGINT NOT NULL
);
-- How far the notice follower (service/notices) has read each source (ticket
-- events, written notices): it announces what is new after that id, once.
CREATE TABLE notice_cursors (
  name TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
-- When a team's leaders get the morning list of leftover tickets (TKT-5): a local
-- time of day in minutes and its zone; no row: 08:30 in Asia/Shanghai.
CREATE TABLE leftover_schedules (
  team_id BIGINT PRIMARY KEY REFERENCES teams(id),
  at_minute BIGINT NOT NULL,
  tz TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- The support mailbox read over IMAP (TKT-1's e-mail channel): where it is, its
-- password sealed like a channel's, and how far it has been read (UIDVALIDITY and
-- the last UID taken, moved in the transaction that records each mail).
CREATE TABLE mailboxes (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  settings TEXT NOT NULL DEFAULT '{}',
  sealed_secret TEXT NOT NULL DEFAULT '',
  enabled BIGINT NOT NULL DEFAULT 1,
  uid_validity BIGINT,
  last_uid BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  last_polled_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Every mail in and out of a ticket's thread. `message_id` is unique, and so is a
-- mailbox's (uid_validity, uid): a mail read twice (a kill while reading) is
-- recorded once and makes one ticket. An unmatched mail waits for an agent with
-- its attachments (JSON, base64) until it becomes a ticket.
CREATE TABLE mails (
  id @ID@,
  mailbox_id BIGINT REFERENCES mailboxes(id),
  direction TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  uid_validity BIGINT,
  uid BIGINT,
  ticket_id BIGINT REFERENCES tickets(id),
  from_address TEXT NOT NULL DEFAULT '',
  from_name TEXT NOT NULL DEFAULT '',
  to_addresses TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  in_reply_to TEXT NOT NULL DEFAULT '',
  refs TEXT NOT NULL DEFAULT '[]',
  attachments TEXT NOT NULL DEFAULT '[]',
  pending_files TEXT NOT NULL DEFAULT '[]',
  state TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  at BIGINT NOT NULL,
  UNIQUE (mailbox_id, uid_validity, uid),
  CHECK (direction IN ('in', 'out')),
  CHECK (state IN ('ticket', 'unmatched', 'sent'))
);
CREATE INDEX mails_ticket ON mails (ticket_id, id);
CREATE INDEX mails_state ON mails (state, id);
CREATE INDEX mails_from ON mails (from_address, id);
