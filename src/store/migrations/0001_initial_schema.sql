-- name: initial schema
CREATE TABLE customers (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  contact TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE TABLE systems (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  name TEXT NOT NULL,
  UNIQUE (customer_id, name)
);
CREATE TABLE teams (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  leader_id BIGINT
);
CREATE TABLE users (
  id @ID@,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  customer_id BIGINT REFERENCES customers(id),
  team_id BIGINT REFERENCES teams(id),
  phone TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  disabled BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE roster (
  id @ID@,
  team_id BIGINT NOT NULL REFERENCES teams(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL
);
CREATE TABLE sla_policies (
  name TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE calendars (
  name TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE contracts (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  number TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL DEFAULT '',
  value_fen BIGINT NOT NULL,
  penalty_rate TEXT NOT NULL,
  policy TEXT NOT NULL,
  cure_days BIGINT NOT NULL,
  tz TEXT NOT NULL,
  signed_on TEXT NOT NULL,
  construction_deadline TEXT NOT NULL,
  accepted_on TEXT,
  warranty_months BIGINT NOT NULL,
  free_resident_engineers BIGINT NOT NULL,
  coverage_from TEXT,
  coverage_to TEXT,
  maintenance_fee_terms TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX contracts_customer ON contracts (customer_id);
CREATE TABLE contract_systems (
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  system_id BIGINT NOT NULL REFERENCES systems(id),
  PRIMARY KEY (contract_id, system_id)
);
CREATE TABLE tickets (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  contract_id BIGINT REFERENCES contracts(id),
  system_id BIGINT REFERENCES systems(id),
  channel TEXT NOT NULL,
  type TEXT NOT NULL,
  priority TEXT NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  caller_name TEXT NOT NULL DEFAULT '',
  caller_phone TEXT NOT NULL DEFAULT '',
  received_at BIGINT NOT NULL,
  assignee_id BIGINT REFERENCES users(id),
  fault_grade TEXT,
  form TEXT NOT NULL DEFAULT '{}',
  next_due_at BIGINT,
  queue_key BIGINT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tickets_queue ON tickets (queue_key, id);
CREATE INDEX tickets_received ON tickets (received_at, id);
CREATE INDEX tickets_customer ON tickets (customer_id, received_at);
CREATE INDEX tickets_contract ON tickets (contract_id);
CREATE INDEX tickets_phone ON tickets (caller_phone);
CREATE TABLE ticket_events (
  id @ID@,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  to_priority TEXT,
  actor_id BIGINT REFERENCES users(id),
  note TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}',
  UNIQUE (ticket_id, seq)
);
CREATE TABLE attachments (
  id @ID@,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by BIGINT REFERENCES users(id),
  at BIGINT NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id);
CREATE TABLE notices (
  id @ID@,
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  at BIGINT NOT NULL,
  cure_days BIGINT NOT NULL,
  recorded_by BIGINT REFERENCES users(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notices_contract ON notices (contract_id, at);
CREATE TABLE waivers (
  id @ID@,
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  metric TEXT NOT NULL,
  manager_id BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  at BIGINT NOT NULL,
  UNIQUE (ticket_id, metric)
);
CREATE TABLE audit_log (
  id @ID@,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
