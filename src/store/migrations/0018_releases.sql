-- name: releases and installations
-- Releases (OPS-4; service/releases/releases.h): a patch or upgrade of a product
-- line (the name the customers' systems carry, e.g. "HIS 医院信息系统"), its
-- files, the customer systems it is for, each system's installations (scheduled,
-- installed or cancelled) and the version each system runs now.
CREATE TABLE releases (
  id @ID@,
  product TEXT NOT NULL,
  kind TEXT NOT NULL,
  version TEXT NOT NULL,
  version_key TEXT NOT NULL,
  title TEXT NOT NULL,
  notes TEXT NOT NULL,
  state TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  published_by BIGINT REFERENCES users(id),
  published_at BIGINT,
  UNIQUE (product, version_key),
  CHECK (kind IN ('patch', 'upgrade')),
  CHECK (state IN ('draft', 'published'))
);
CREATE INDEX releases_state ON releases (state, id);
CREATE TABLE release_systems (
  release_id BIGINT NOT NULL REFERENCES releases(id),
  system_id BIGINT NOT NULL REFERENCES systems(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  PRIMARY KEY (release_id, system_id)
);
CREATE INDEX release_systems_customer ON release_systems (customer_id, release_id);
CREATE TABLE release_files (
  id @ID@,
  release_id BIGINT NOT NULL REFERENCES releases(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by BIGINT REFERENCES users(id),
  at BIGINT NOT NULL
);
CREATE INDEX release_files_release ON release_files (release_id, id);
CREATE TABLE release_installations (
  id @ID@,
  release_id BIGINT NOT NULL REFERENCES releases(id),
  system_id BIGINT NOT NULL REFERENCES systems(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  state TEXT NOT NULL,
  method TEXT,
  engineer_id BIGINT REFERENCES users(id),
  starts_at BIGINT,
  ends_at BIGINT,
  installed_at BIGINT,
  recorded_by BIGINT REFERENCES users(id),
  recorded_by_name TEXT NOT NULL,
  note TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (state IN ('scheduled', 'installed', 'cancelled')),
  CHECK (method IS NULL OR method IN ('onsite', 'remote', 'self'))
);
CREATE INDEX release_installations_release ON release_installations (release_id, system_id);
CREATE INDEX release_installations_system ON release_installations (system_id, id);
CREATE TABLE system_versions (
  system_id BIGINT PRIMARY KEY REFERENCES systems(id),
  release_id BIGINT NOT NULL REFERENCES releases(id),
  installation_id BIGINT NOT NULL REFERENCES release_installations(id),
  installed_at BIGINT NOT NULL
);
