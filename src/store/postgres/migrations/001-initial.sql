-- kubevidence store on PostgreSQL, schema version 1: the same tables as the SQLite store's 001-initial.sql (read
-- it for what each holds), in PostgreSQL types. Text compares byte-wise (COLLATE "C") as in SQLite, so that lists
-- come back in the same order on both backends. Append-only: later changes are new files, never edits.

CREATE TABLE blobs (
  id      BIGSERIAL PRIMARY KEY,
  sha256  BYTEA  NOT NULL UNIQUE,
  size    BIGINT NOT NULL,
  body    BYTEA  NOT NULL
);

CREATE TABLE resources (
  id          BIGSERIAL PRIMARY KEY,
  api_version TEXT COLLATE "C" NOT NULL,
  kind        TEXT COLLATE "C" NOT NULL,
  namespace   TEXT COLLATE "C" NOT NULL,
  name        TEXT COLLATE "C" NOT NULL,
  UNIQUE (kind, namespace, name, api_version)
);

CREATE TABLE evidence_objects (
  id          BIGSERIAL PRIMARY KEY,
  sha256      BYTEA  NOT NULL UNIQUE,
  resource_id BIGINT NOT NULL REFERENCES resources (id),
  base_id     BIGINT REFERENCES evidence_objects (id),
  body        BYTEA  NOT NULL
);
CREATE INDEX evidence_objects_by_resource ON evidence_objects (resource_id, id);

CREATE TABLE finding_packs (
  id        BIGSERIAL PRIMARY KEY,
  body      BYTEA NOT NULL,
  addresses BYTEA NOT NULL
);

CREATE TABLE result_details (
  id      BIGSERIAL PRIMARY KEY,
  sha256  BYTEA NOT NULL UNIQUE,
  body    TEXT  NOT NULL
);

CREATE TABLE runs (
  id               BIGSERIAL PRIMARY KEY,
  cluster_uid      TEXT COLLATE "C" NOT NULL,
  cluster_name     TEXT COLLATE "C" NOT NULL,
  collected_at     TEXT COLLATE "C" NOT NULL,
  started_at       TEXT COLLATE "C" NOT NULL,
  finished_at      TEXT COLLATE "C" NOT NULL,
  tool_version     TEXT COLLATE "C" NOT NULL,
  snapshot_digest  TEXT COLLATE "C" NOT NULL,
  catalogue_digest TEXT COLLATE "C" NOT NULL,
  context_blob     BIGINT NOT NULL REFERENCES blobs (id),
  checks_blob      BIGINT NOT NULL REFERENCES blobs (id),
  evidence_blob    BIGINT NOT NULL REFERENCES blobs (id),
  findings_blob    BIGINT NOT NULL REFERENCES blobs (id),
  previous_hash    TEXT COLLATE "C",
  hash             TEXT COLLATE "C" NOT NULL UNIQUE,
  UNIQUE (cluster_uid, snapshot_digest, collected_at)
);
CREATE INDEX runs_by_cluster_time ON runs (cluster_uid, collected_at, id);
CREATE INDEX runs_by_cluster_id ON runs (cluster_uid, id);

CREATE TABLE run_frameworks (
  run_id            BIGINT  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  framework         TEXT COLLATE "C" NOT NULL,
  requirements_blob BIGINT  NOT NULL REFERENCES blobs (id),
  statuses          BYTEA   NOT NULL,
  details_blob      BIGINT  NOT NULL REFERENCES blobs (id),
  score             DOUBLE PRECISION,
  score_detail      TEXT COLLATE "C",
  PRIMARY KEY (run_id, framework)
);
CREATE INDEX run_frameworks_by_framework ON run_frameworks (framework, run_id);

CREATE TABLE chain_anchors (
  run_id        BIGINT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  previous_hash TEXT COLLATE "C",
  anchored_at   TEXT COLLATE "C" NOT NULL,
  runs_removed  INTEGER NOT NULL
);

CREATE TABLE attestations (
  id          TEXT COLLATE "C" PRIMARY KEY,
  framework   TEXT COLLATE "C" NOT NULL,
  requirement TEXT COLLATE "C" NOT NULL,
  attested_by TEXT COLLATE "C" NOT NULL,
  note        TEXT COLLATE "C" NOT NULL,
  created_at  TEXT COLLATE "C" NOT NULL,
  expires_at  TEXT COLLATE "C"
);
CREATE INDEX attestations_by_requirement ON attestations (framework, requirement, created_at);

CREATE TABLE attestation_files (
  attestation_id TEXT COLLATE "C" NOT NULL REFERENCES attestations (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  name           TEXT COLLATE "C" NOT NULL,
  blob_id        BIGINT  NOT NULL REFERENCES blobs (id),
  PRIMARY KEY (attestation_id, position)
);
