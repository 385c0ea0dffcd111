-- name: session ids (API tokens listed and revoked one by one)
-- A token is revoked by its id, so sessions get one. SQLite cannot add a primary key
-- to a table, so the table is rebuilt (the same text serves PostgreSQL).
CREATE TABLE sessions_v3 (
  id @ID@,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
INSERT INTO sessions_v3 (token_hash, user_id, kind, name, created_at, expires_at)
  SELECT token_hash, user_id, kind, name, created_at, expires_at FROM sessions ORDER BY created_at;
DROP TABLE sessions;
ALTER TABLE sessions_v3 RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);
