-- name: ticket steps
-- The slowest links (SLA-5, 7.8.6.2.2; service/analytics/links.h): each ticket's time
-- in each step of its flow, kept up to date from its events by a follower job (the
-- cursor: the last ticket event read; a new server reads every event from the
-- first, which is the backfill), and the same steps summed by month (received, in
-- Asia/Shanghai) and by type, priority or team in buckets of 2 % width, from which
-- a long period's median and 90th percentile are read: summed from the rows once
-- the backfill is done, then kept with each change. Customer 0 in the counts is
-- every customer's tickets together, so that a period of all customers reads one
-- row a cell. The counts' table is in the databases' own files: a period's cells
-- are read from its key alone (SQLite: WITHOUT ROWID; PostgreSQL: the key INCLUDEs
-- the counts, an index-only scan).
CREATE TABLE ticket_steps (
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  step TEXT NOT NULL,
  seconds BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  type TEXT NOT NULL,
  priority TEXT NOT NULL,
  team_id BIGINT,
  month BIGINT NOT NULL,
  bucket BIGINT NOT NULL,
  PRIMARY KEY (ticket_id, step)
);
CREATE INDEX ticket_steps_received ON ticket_steps (received_at);
CREATE TABLE analytics_cursors (
  name TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
