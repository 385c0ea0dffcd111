-- name: reserved for inspections (placeholder on the reports branch: drop at merge)
CREATE TABLE reserved_inspections (id BIGINT);
DROP TABLE reserved_inspections;
