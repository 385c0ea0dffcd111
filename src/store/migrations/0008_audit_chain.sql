-- name: tamper-evident audit chain
-- The audit log becomes a hash chain (issue 13, CON-4; service/audit/chain.h):
-- `seq` is an entry's place in the one agreed order, given when the entry is
-- sealed; `hash` = SHA-256(prev_hash || SHA-256(content)); entries written before
-- this step are sealed first, in id order. `customer_id` names whose data a
-- vendor's read or export touched (Party A's "who read my data" page).
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
ALTER TABLE audit_log ADD COLUMN customer_id BIGINT;
CREATE UNIQUE INDEX audit_seq ON audit_log (seq);
CREATE INDEX audit_unsealed ON audit_log (id) WHERE seq IS NULL;
CREATE INDEX audit_customer ON audit_log (customer_id, id) WHERE customer_id IS NOT NULL;
-- The chain's head: the last sealed entry (one row).
CREATE TABLE audit_chain_head (
  id BIGINT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
-- Heads signed by a server's Ed25519 key (the key in DATA/evidence.key).
CREATE TABLE audit_signed_heads (
  id @ID@,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  signed_at BIGINT NOT NULL,
  public_key TEXT NOT NULL,
  signature TEXT NOT NULL
);
CREATE INDEX audit_signed_heads_seq ON audit_signed_heads (seq);
