-- name: satisfaction surveys
-- Issue 14 points 2 and 5 (QA-3, QA-5): the 《客户满意度调查表》 after each completed
-- service and the periodic questionnaires, one row per survey with its six scores as
-- columns, so that the dashboard's figures by month come from one indexed scan.
-- `month` (YYYYMM in Asia/Shanghai) is the month of the service (its resolution; a
-- questionnaire: when sent), for the scores and the response rate alike.
CREATE TABLE survey_campaigns (
  id @ID@,
  title TEXT NOT NULL,
  asks_nps BIGINT NOT NULL DEFAULT 1,
  deadline BIGINT NOT NULL,
  remind_days BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE TABLE surveys (
  id @ID@,
  kind TEXT NOT NULL,
  ticket_id BIGINT UNIQUE REFERENCES tickets(id),
  campaign_id BIGINT REFERENCES survey_campaigns(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  team_id BIGINT REFERENCES teams(id),
  engineer_id BIGINT REFERENCES users(id),
  request_type TEXT NOT NULL DEFAULT '',
  onsite BIGINT NOT NULL DEFAULT 0,
  token_hash TEXT NOT NULL UNIQUE,
  sent_at BIGINT NOT NULL,
  month BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  answered_at BIGINT,
  source TEXT,
  entered_by BIGINT REFERENCES users(id),
  s_attitude BIGINT,
  s_efficiency BIGINT,
  s_communication BIGINT,
  s_completeness BIGINT,
  s_usability BIGINT,
  s_timeliness BIGINT,
  overall BIGINT,
  nps BIGINT,
  comment TEXT NOT NULL DEFAULT '',
  CHECK (kind IN ('service', 'campaign')),
  CHECK (source IS NULL OR source IN ('link', 'portal', 'paper')),
  CHECK (nps IS NULL OR (nps >= 0 AND nps <= 10))
);
-- The dashboard's scan: a month range, every figure from the index alone.
CREATE INDEX surveys_month ON surveys (month, answered_at, s_attitude, s_efficiency,
  s_communication, s_completeness, s_usability, s_timeliness, overall, nps);
CREATE INDEX surveys_customer ON surveys (customer_id, id);
CREATE INDEX surveys_campaign ON surveys (campaign_id, answered_at);
-- 不满意跟进: one per unsatisfied answer, for the leader of the survey's team (none:
-- the managers); open until the customer's confirmation is recorded.
CREATE TABLE survey_follow_ups (
  id @ID@,
  survey_id BIGINT NOT NULL UNIQUE REFERENCES surveys(id),
  team_id BIGINT REFERENCES teams(id),
  leader_id BIGINT REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'open',
  opened_at BIGINT NOT NULL,
  closed_at BIGINT,
  CHECK (status IN ('open', 'closed'))
);
CREATE INDEX survey_follow_ups_status ON survey_follow_ups (status, id);
CREATE TABLE survey_follow_up_actions (
  id @ID@,
  follow_up_id BIGINT NOT NULL REFERENCES survey_follow_ups(id),
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  CHECK (kind IN ('contact', 'action', 'still_unsatisfied', 'confirmed'))
);
CREATE INDEX survey_follow_up_actions_follow_up ON survey_follow_up_actions (follow_up_id, id);
-- The settings a manager changes (expiry days, the unsatisfied threshold, the target
-- line, the link's base); no row: the default.
CREATE TABLE survey_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- How far the survey follower has read the ticket events.
CREATE TABLE survey_cursors (
  name TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
