-- name: scheduled backups
-- The server's own backups (issue 13, SEC-2; service/backups/backups.h): when an
-- administrator wants them (one row), and each backup written, with its outcome.
CREATE TABLE backup_settings (
  id BIGINT PRIMARY KEY,
  enabled INTEGER NOT NULL,
  at_second INTEGER NOT NULL,
  tz TEXT NOT NULL,
  keep_days INTEGER NOT NULL,
  folder TEXT NOT NULL,
  enabled_since BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK (id = 1),
  CHECK (at_second >= 0 AND at_second < 86400),
  CHECK (keep_days >= 1 AND keep_days <= 365)
);
CREATE TABLE backups (
  id @ID@,
  started_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL,
  file TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  state TEXT NOT NULL,
  error TEXT NOT NULL,
  requested_by BIGINT,
  requested_by_name TEXT NOT NULL,
  pruned_at BIGINT,
  CHECK (state IN ('ok', 'failed'))
);
CREATE INDEX backups_state ON backups (state, finished_at);
