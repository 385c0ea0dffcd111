-- name: jobs by ticket, kind and state
-- A ticket's pending timers are looked up by (ticket_id, kind, state): read for up to
-- 2000 tickets at once when open tickets are recomputed (ScheduleSlaTimers), and
-- removed when a ticket changes (CancelTicketJobs). With (ticket_id) alone SQLite,
-- which keeps no statistics, preferred jobs_due (state = 'pending') for the batch
-- read and went through every pending job for each batch: a recomputation of
-- 100,000 open tickets took a minute instead of seconds (bench/alerts_bench.sh).
DROP INDEX jobs_ticket;
CREATE INDEX jobs_ticket ON jobs (ticket_id, kind, state);
