-- kubevidence store on PostgreSQL, schema version 2: the SQLite store's 002-signers-checkpoints.sql (read it for
-- what each table holds) in PostgreSQL types.

CREATE TABLE signers (
  fingerprint   TEXT COLLATE "C" PRIMARY KEY,
  subject       TEXT NOT NULL,
  certificate   TEXT NOT NULL,
  first_used_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE chain_checkpoints (
  id          BIGSERIAL PRIMARY KEY,
  cluster_uid TEXT COLLATE "C" NOT NULL,
  created_at  TEXT COLLATE "C" NOT NULL,
  statement   TEXT NOT NULL,
  signature   BYTEA NOT NULL,
  certificate TEXT NOT NULL
);
CREATE INDEX chain_checkpoints_by_cluster ON chain_checkpoints (cluster_uid, id);
