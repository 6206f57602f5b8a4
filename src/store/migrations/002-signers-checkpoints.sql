-- kubevidence store, schema version 2: the certificates the store's packs were signed with (so `verify --db`
-- can refuse a pack re-signed by another key), and signed checkpoints of each cluster's chain head (so deleting
-- the newest runs or cutting off the oldest ones is detectable). Append-only, like every migration.

CREATE TABLE signers (
  fingerprint   TEXT PRIMARY KEY,   -- SHA-256 of the certificate DER, AA:BB:... (as openssl x509 -fingerprint -sha256)
  subject       TEXT NOT NULL,
  certificate   TEXT NOT NULL,      -- PEM
  first_used_at TEXT NOT NULL
);

-- statement is the exact canonical JSON that was signed: {format, clusterUid, clusterName, runCount, firstRunId,
-- firstRunHash, headRunId, headHash, createdAt}; signature is RSA/ECDSA-SHA256 over those bytes, so
-- `openssl dgst -sha256 -verify` checks it after `SELECT writefile(...)`.
CREATE TABLE chain_checkpoints (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  cluster_uid TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  statement   TEXT NOT NULL,
  signature   BLOB NOT NULL,
  certificate TEXT NOT NULL
);
CREATE INDEX chain_checkpoints_by_cluster ON chain_checkpoints (cluster_uid, id);
