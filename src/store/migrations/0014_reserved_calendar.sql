-- name: reserved for calendar (placeholder on the reports branch: drop at merge)
CREATE TABLE reserved_calendar (id BIGINT);
DROP TABLE reserved_calendar;
