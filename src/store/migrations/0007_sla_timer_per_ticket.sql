-- name: one SLA timer per ticket
-- A ticket's SLA timers become one job at its next instant (service/alerts/alerts.h):
-- a recomputation of every open ticket (a holiday year) then moves one row per
-- ticket whose next instant moved instead of deleting and inserting a job per
-- alert. The pending timers of one alert each become their ticket's timer, at the
-- earliest of their instants, which is the ticket's next instant; it finds what is
-- due when it fires (alerts already told are not told again: the notifications'
-- keys are unchanged). A running or dead timer of one alert stays: when it runs it
-- re-arms its ticket's timer.
UPDATE jobs SET run_at = (SELECT MIN(j.run_at) FROM jobs j WHERE j.ticket_id = jobs.ticket_id
                          AND j.kind = 'sla.timer' AND j.state = 'pending')
  WHERE kind = 'sla.timer' AND state = 'pending' AND ticket_id IS NOT NULL;
DELETE FROM jobs WHERE kind = 'sla.timer' AND state = 'pending' AND ticket_id IS NOT NULL
  AND id NOT IN (SELECT MIN(id) FROM jobs WHERE kind = 'sla.timer' AND state = 'pending'
                 AND ticket_id IS NOT NULL GROUP BY ticket_id);
UPDATE jobs SET dedupe_key = 'sla:' || CAST(ticket_id AS TEXT),
                payload = '{"ticket_id":' || CAST(ticket_id AS TEXT) || '}'
  WHERE kind = 'sla.timer' AND state = 'pending' AND ticket_id IS NOT NULL;
