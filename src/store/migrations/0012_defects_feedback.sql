-- name: defects and the feedback library
-- Defects (QA-1; service/defects/defects.h): the record with its state and its
-- owner (never none), the tickets that reported it, and the history of its steps.
CREATE TABLE defects (
  id @ID@,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  severity TEXT NOT NULL,
  module TEXT NOT NULL,
  system_id BIGINT REFERENCES systems(id),
  fix_version TEXT NOT NULL,
  state TEXT NOT NULL,
  owner_id BIGINT NOT NULL REFERENCES users(id),
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  closed_at BIGINT,
  CHECK (severity IN ('critical', 'major', 'minor', 'trivial')),
  CHECK (state IN ('identified', 'analysed', 'fixed', 'reviewed', 'verified', 'closed'))
);
CREATE INDEX defects_state ON defects (state, id);
CREATE INDEX defects_owner ON defects (owner_id, id);
CREATE TABLE defect_tickets (
  defect_id BIGINT NOT NULL REFERENCES defects(id),
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (defect_id, ticket_id)
);
CREATE INDEX defect_tickets_ticket ON defect_tickets (ticket_id, defect_id);
CREATE TABLE defect_history (
  id @ID@,
  defect_id BIGINT NOT NULL REFERENCES defects(id),
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES users(id),
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  owner_id BIGINT REFERENCES users(id),
  ticket_id BIGINT,
  note TEXT NOT NULL
);
CREATE INDEX defect_history_defect ON defect_history (defect_id, id);
-- The feedback library (QA-4; service/feedback/feedback.h): each item, the
-- customers who raised it (a merged duplicate's raisers move to the survivor),
-- and the history of its routing, progress and merges.
CREATE TABLE feedback (
  id @ID@,
  type TEXT NOT NULL,
  urgency TEXT NOT NULL,
  impact TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  state TEXT NOT NULL,
  team_id BIGINT REFERENCES teams(id),
  merged_into BIGINT REFERENCES feedback(id),
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (type IN ('suggestion', 'problem')),
  CHECK (urgency IN ('high', 'medium', 'low')),
  CHECK (impact IN ('wide', 'partial', 'single')),
  CHECK (state IN ('new', 'accepted', 'evaluating', 'planned', 'done', 'declined'))
);
CREATE INDEX feedback_state ON feedback (state, id);
CREATE TABLE feedback_raisers (
  feedback_id BIGINT NOT NULL REFERENCES feedback(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  raised_at BIGINT NOT NULL,
  PRIMARY KEY (feedback_id, customer_id)
);
CREATE INDEX feedback_raisers_customer ON feedback_raisers (customer_id, feedback_id);
CREATE TABLE feedback_history (
  id @ID@,
  feedback_id BIGINT NOT NULL REFERENCES feedback(id),
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES users(id),
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  team_id BIGINT,
  other_id BIGINT,
  note TEXT NOT NULL
);
CREATE INDEX feedback_history_item ON feedback_history (feedback_id, id);
