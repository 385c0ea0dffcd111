-- name: complaints
-- Complaints (QA-2; service/complaints/complaints.h): a complaint is a ticket of
-- type complaint (its reply clock, complaint_reply, is the ticket's), with its
-- record here from its finding on, and each step after the reply timed.
-- `state` is NULL before the finding (received or investigating, read from the
-- ticket's first_reply), then one of the states after it.
CREATE TABLE complaints (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
  state TEXT,
  state_since BIGINT NOT NULL,
  outcome TEXT,
  finding TEXT NOT NULL DEFAULT '',
  team_id BIGINT REFERENCES teams(id),
  refusals BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  CHECK (state IS NULL OR state IN ('result_returned', 'assigned', 'proposed', 'agreed',
                                    'implemented', 'closed')),
  CHECK (outcome IS NULL OR outcome IN ('valid', 'invalid')),
  CHECK (refusals >= 0)
);
CREATE INDEX complaints_state ON complaints (state, state_since);
CREATE INDEX complaints_team ON complaints (team_id);
CREATE TABLE complaint_steps (
  id @ID@,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  action TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES users(id),
  text TEXT NOT NULL DEFAULT '',
  team_id BIGINT REFERENCES teams(id)
);
CREATE INDEX complaint_steps_ticket ON complaint_steps (ticket_id, id);
-- The complaints list reads tickets by type, newest first.
CREATE INDEX tickets_type_received ON tickets (type, received_at);
