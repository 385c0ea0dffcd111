-- name: reserved for visits (placeholder on the reports branch: drop at merge)
CREATE TABLE reserved_visits (id BIGINT);
DROP TABLE reserved_visits;
