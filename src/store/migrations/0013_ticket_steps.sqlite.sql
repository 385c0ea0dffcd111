-- name: ticket steps
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
  PRIMARY KEY (received_at, ticket_id, step)
) WITHOUT ROWID;
CREATE INDEX ticket_steps_ticket ON ticket_steps (ticket_id);
CREATE TABLE ticket_step_months (
  dim TEXT NOT NULL,
  month BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  value TEXT NOT NULL,
  step TEXT NOT NULL,
  bucket BIGINT NOT NULL,
  n BIGINT NOT NULL,
  seconds BIGINT NOT NULL,
  PRIMARY KEY (dim, customer_id, month, value, step, bucket)
) WITHOUT ROWID;
