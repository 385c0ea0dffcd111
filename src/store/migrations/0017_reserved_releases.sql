-- name: reserved for releases (placeholder on the reports branch: drop at merge)
CREATE TABLE reserved_releases (id BIGINT);
DROP TABLE reserved_releases;
