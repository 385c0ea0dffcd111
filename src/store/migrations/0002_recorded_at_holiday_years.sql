-- name: recorded_at, holiday years
-- recorded_at stays NULL on entries made before it existed: they were recorded at `at`.
ALTER TABLE ticket_events ADD COLUMN recorded_at BIGINT;
CREATE TABLE holiday_years (
  year BIGINT PRIMARY KEY,
  body TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  updated_at BIGINT NOT NULL
);
