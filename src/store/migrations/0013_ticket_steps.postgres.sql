-- name: ticket steps
CREATE TABLE ticket_step_months (
  dim TEXT NOT NULL,
  month BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  value TEXT NOT NULL,
  step TEXT NOT NULL,
  bucket BIGINT NOT NULL,
  n BIGINT NOT NULL,
  seconds BIGINT NOT NULL,
  PRIMARY KEY (dim, customer_id, month, value, step, bucket) INCLUDE (n, seconds)
);
