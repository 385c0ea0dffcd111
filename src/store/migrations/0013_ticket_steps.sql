-- name: ticket steps
-- The slowest links (SLA-5, 7.8.6.2.2; service/analytics/links.h): each ticket's time
-- in each step of its flow, kept up to date from its events by a follower job (the
-- cursor: the last ticket event read; a new server reads every event from the
-- first, which is the backfill), and the same steps summed by month (received, in
-- Asia/Shanghai) and by type, priority or team in buckets of 2 % width, from which
-- a long period's median and 90th percentile are read: summed from the rows once
-- the backfill is done, then kept with each change. Customer 0 in the counts is
-- every customer's tickets together, so that a period of all customers reads one
-- row a cell. Both tables are in the databases' own files, so that a period is
-- read from one index alone, in order: SQLite keeps them WITHOUT ROWID, the steps
-- in the order they were received; PostgreSQL's indexes INCLUDE what is read
-- (index-only scans).
CREATE TABLE analytics_cursors (
  name TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
