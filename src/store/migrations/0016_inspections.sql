-- name: inspections
-- Inspections (OPS-1; service/inspections/inspections.h): checklist templates
-- (the built-in one is the seed's 7.8.5 list), a plan per contract and system
-- with its recurrence and lead time, the visits a job creates ahead of their due
-- dates, each with its own copy of the template's items (editing a template never
-- rewrites a past visit), the items' photos, and the tickets a failed item opened.
CREATE TABLE inspection_templates (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  items TEXT NOT NULL,
  version BIGINT NOT NULL,
  built_in BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
INSERT INTO inspection_templates (name, description, items, version, built_in, created_at,
  updated_at) VALUES ('巡检服务计划（标准）', '招标文件 7.8.5 巡检服务计划的检查内容',
  '[{"section":"系统云平台","label":"监测网络状况","kind":"check"},{"section":"系统云平台","label":"监测运行环境状况","kind":"check"},{"section":"系统云平台","label":"监测故障日志","kind":"check"},{"section":"系统云平台","label":"检查数据的备份及存储情况","kind":"check"},{"section":"项目软件平台","label":"页面反应速度","kind":"number","unit":"ms","threshold":3000,"direction":"above"},{"section":"项目软件平台","label":"使用过程中出现的问题","kind":"check"},{"section":"项目软件平台","label":"简单权限的设置工作","kind":"check"},{"section":"项目软件平台","label":"数据存储问题","kind":"check"},{"section":"项目软件平台","label":"操作问题","kind":"check"},{"section":"现场记录","label":"现场照片","kind":"photos"},{"section":"现场记录","label":"其他情况说明","kind":"text"}]',
  1, 1, 0, 0);
CREATE TABLE inspection_plans (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  system_id BIGINT NOT NULL REFERENCES systems(id),
  template_id BIGINT NOT NULL REFERENCES inspection_templates(id),
  interval_months BIGINT NOT NULL,
  lead_days BIGINT NOT NULL,
  first_due TEXT NOT NULL,
  next_seq BIGINT NOT NULL,
  engineer_id BIGINT REFERENCES users(id),
  team_id BIGINT REFERENCES teams(id),
  paused BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (contract_id, system_id),
  CHECK (interval_months BETWEEN 1 AND 24),
  CHECK (lead_days BETWEEN 0 AND 90)
);
CREATE TABLE inspection_visits (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES inspection_plans(id),
  seq BIGINT NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  system_id BIGINT NOT NULL REFERENCES systems(id),
  engineer_id BIGINT REFERENCES users(id),
  team_id BIGINT REFERENCES teams(id),
  due_on TEXT NOT NULL,
  planned_on TEXT NOT NULL,
  moved_reason TEXT NOT NULL DEFAULT '',
  overdue_at BIGINT NOT NULL,
  state TEXT NOT NULL,
  template_name TEXT NOT NULL,
  template_version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT,
  submitted_by BIGINT REFERENCES users(id),
  confirmed_at BIGINT,
  confirmed_by BIGINT REFERENCES users(id),
  confirm_kind TEXT,
  signer_name TEXT NOT NULL DEFAULT '',
  signature_sha256 TEXT,
  signature_size BIGINT,
  UNIQUE (plan_id, seq),
  CHECK (state IN ('planned', 'in_progress', 'submitted', 'confirmed'))
);
CREATE INDEX inspection_visits_customer ON inspection_visits (customer_id, id);
CREATE INDEX inspection_visits_open ON inspection_visits (state, overdue_at);
CREATE INDEX inspection_visits_contract ON inspection_visits (contract_id, confirmed_at);
CREATE TABLE inspection_items (
  id @ID@,
  visit_id BIGINT NOT NULL REFERENCES inspection_visits(id),
  position BIGINT NOT NULL,
  section TEXT NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  threshold BIGINT,
  direction TEXT,
  outcome TEXT,
  number BIGINT,
  text TEXT NOT NULL DEFAULT '',
  ticket_id BIGINT REFERENCES tickets(id),
  updated_at BIGINT,
  updated_by BIGINT REFERENCES users(id),
  UNIQUE (visit_id, position),
  CHECK (kind IN ('check', 'number', 'text', 'photos')),
  CHECK (outcome IS NULL OR outcome IN ('pass', 'flag', 'fail'))
);
CREATE TABLE inspection_photos (
  id @ID@,
  item_id BIGINT NOT NULL REFERENCES inspection_items(id),
  visit_id BIGINT NOT NULL REFERENCES inspection_visits(id),
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX inspection_photos_item ON inspection_photos (item_id, id);
