-- name: the team calendar
-- The team calendar (issue 15; service/calendar/calendar.h): one entry per planned
-- visit or installation, kept by the area that owns it in the transaction of its
-- change. Read by a window of time, optionally for one engineer, team or customer.
CREATE TABLE calendar_entries (
  id @ID@,
  source TEXT NOT NULL,
  source_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  contract_id BIGINT REFERENCES contracts(id),
  system_id BIGINT REFERENCES systems(id),
  engineer_id BIGINT REFERENCES users(id),
  team_id BIGINT REFERENCES teams(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  title TEXT NOT NULL,
  state TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (source, source_id),
  CHECK (source IN ('inspection', 'return_visit', 'exchange_visit', 'installation')),
  CHECK (state IN ('planned', 'done')),
  CHECK (ends_at >= starts_at)
);
CREATE INDEX calendar_entries_starts ON calendar_entries (starts_at, id);
CREATE INDEX calendar_entries_engineer ON calendar_entries (engineer_id, starts_at);
CREATE INDEX calendar_entries_team ON calendar_entries (team_id, starts_at);
CREATE INDEX calendar_entries_customer ON calendar_entries (customer_id, starts_at);
