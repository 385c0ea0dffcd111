-- name: return visits and exchange visits
-- Return visits (OPS-3) and exchange visits (OPS-5); service/visits/visits.h.
-- A customer's plan: how often it is called back (days), whether it is a key
-- customer (重点客户), who is responsible. Booleans are 0/1.
CREATE TABLE return_visit_plans (
  customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
  interval_days BIGINT NOT NULL,
  key_customer BIGINT NOT NULL DEFAULT 0,
  responsible_id BIGINT REFERENCES users(id),
  active BIGINT NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  CHECK (interval_days BETWEEN 1 AND 366),
  CHECK (key_customer IN (0, 1)),
  CHECK (active IN (0, 1))
);
-- One return visit: planned (due_at), then done (its record) or cancelled; a done
-- one is collated (summary, strategy) by collation_due_at (visited_at + 7 days).
CREATE TABLE return_visits (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  responsible_id BIGINT REFERENCES users(id),
  state TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  visited_at BIGINT,
  visitor_id BIGINT REFERENCES users(id),
  method TEXT,
  contact_person TEXT NOT NULL DEFAULT '',
  topics TEXT NOT NULL DEFAULT '',
  problems TEXT NOT NULL DEFAULT '',
  opinions TEXT NOT NULL DEFAULT '',
  collation_due_at BIGINT,
  collated_at BIGINT,
  collated_by BIGINT REFERENCES users(id),
  summary TEXT NOT NULL DEFAULT '',
  strategy TEXT NOT NULL DEFAULT '',
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (state IN ('planned', 'done', 'cancelled')),
  CHECK (method IS NULL OR method IN ('phone', 'email', 'onsite', 'im', 'fax')),
  CHECK (state <> 'done' OR (visited_at IS NOT NULL AND collation_due_at IS NOT NULL))
);
CREATE INDEX return_visits_customer ON return_visits (customer_id, state, due_at);
CREATE INDEX return_visits_responsible ON return_visits (responsible_id, state);
CREATE INDEX return_visits_collation ON return_visits (state, collated_at, collation_due_at);
-- The tickets opened from the problems a return visit raised.
CREATE TABLE return_visit_tickets (
  visit_id BIGINT NOT NULL REFERENCES return_visits(id),
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  PRIMARY KEY (visit_id, ticket_id)
);
-- A return visit's follow-up actions: each with its owner and due date.
CREATE TABLE visit_actions (
  id @ID@,
  visit_id BIGINT NOT NULL REFERENCES return_visits(id),
  title TEXT NOT NULL,
  owner_id BIGINT NOT NULL REFERENCES users(id),
  due_at BIGINT NOT NULL,
  done_at BIGINT,
  done_by BIGINT REFERENCES users(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visit_actions_visit ON visit_actions (visit_id, id);
CREATE INDEX visit_actions_owner ON visit_actions (owner_id, done_at, due_at);
-- Exchange visits (定期访问交流) per contract: planned, then held (the record:
-- the system's state, findings and recommendations as JSON lists) or cancelled.
-- report_id: the assessment report made from it (set when linked).
CREATE TABLE exchange_visits (
  id @ID@,
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  title TEXT NOT NULL,
  state TEXT NOT NULL,
  planned_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  participants TEXT NOT NULL DEFAULT '[]',
  held_at BIGINT,
  system_state TEXT NOT NULL DEFAULT '',
  findings TEXT NOT NULL DEFAULT '[]',
  recommendations TEXT NOT NULL DEFAULT '[]',
  internal_notes TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT REFERENCES users(id),
  report_id BIGINT,
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (state IN ('planned', 'done', 'cancelled')),
  CHECK (ends_at >= planned_at)
);
CREATE INDEX exchange_visits_contract ON exchange_visits (contract_id, planned_at);
CREATE INDEX exchange_visits_customer ON exchange_visits (customer_id, planned_at);
-- The vendor's experts attending an exchange visit.
CREATE TABLE exchange_visit_experts (
  visit_id BIGINT NOT NULL REFERENCES exchange_visits(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX exchange_visit_experts_user ON exchange_visit_experts (user_id);
