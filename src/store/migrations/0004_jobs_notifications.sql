-- name: job queue and in-app notifications
-- The durable queue of background work (src/service/jobs/queue.h): each job runs once,
-- also across a restart or a kill -9 (its lease runs out and it is taken again), and
-- `dedupe_key` makes enqueuing idempotent. A job about a ticket (an SLA timer) names
-- it, so a change to the ticket replaces its pending timers. The (state, run_at) index
-- is the index of due instants: nothing scans every open ticket.
CREATE TABLE jobs (
  id @ID@,
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL DEFAULT '{}',
  run_at BIGINT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts BIGINT NOT NULL DEFAULT 0,
  lease_until BIGINT,
  leased_by TEXT,
  last_error TEXT NOT NULL DEFAULT '',
  ticket_id BIGINT REFERENCES tickets(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (state IN ('pending', 'running', 'dead'))
);
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_ticket ON jobs (ticket_id);
-- What a user is told in the app (the bell and the inbox): one row per user and
-- event, `dedupe_key` keeping a warning that fires again (after a restart, a
-- recomputation) from reaching anyone twice. The text is rendered by the client in
-- its language from `kind` and `data`.
CREATE TABLE notifications (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  ticket_id BIGINT REFERENCES tickets(id),
  contract_id BIGINT REFERENCES contracts(id),
  data TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
