-- kubevidence store, schema version 1.
-- Storage grows with change, not with time: evidence objects, findings, requirement-result details and every
-- larger per-run part are content-addressed (SHA-256 of their canonical JSON or bytes) and stored once; a run
-- is one row pointing at them plus one small row per framework (score and requirement statuses).
-- Append-only: later changes are new files (002-..., 003-...), never edits to this one.

-- Content-addressed bytes: per-run JSON parts, per-run id lists and attestation files. body is raw DEFLATE.
-- An id list is stored whole or as a patch of the previous run's list (see codec.ts for both layouts).
CREATE TABLE blobs (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so a list cached by a long-lived reader stays right
  sha256  BLOB    NOT NULL UNIQUE,  -- of the uncompressed bytes
  size    INTEGER NOT NULL,         -- uncompressed length
  body    BLOB    NOT NULL
);

-- What an evidence object is about, once per resource however many versions of it are stored.
-- namespace is '' for cluster-scoped objects (so that UNIQUE holds: NULLs never compare equal).
CREATE TABLE resources (
  id          INTEGER PRIMARY KEY,
  api_version TEXT NOT NULL,
  kind        TEXT NOT NULL,
  namespace   TEXT NOT NULL,
  name        TEXT NOT NULL,
  UNIQUE (kind, namespace, name, api_version)
);

-- One version of an API object or node configuration, by the SHA-256 of its canonical JSON. A new version of a
-- resource already stored is usually a small edit, so its body is compressed with an earlier version's text
-- as the DEFLATE dictionary (base_id): a changed label costs a few bytes, not the whole object again. A base is
-- always a self-contained version (base_id NULL), so reading any version takes at most two inflates.
CREATE TABLE evidence_objects (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a writer may have encoded against a base id
  sha256      BLOB    NOT NULL UNIQUE,
  resource_id INTEGER NOT NULL REFERENCES resources (id),
  base_id     INTEGER REFERENCES evidence_objects (id),
  body        BLOB    NOT NULL
);
CREATE INDEX evidence_objects_by_resource ON evidence_objects (resource_id, id);

-- Findings, in packs: the findings a run adds (all of them on a cluster's first run; on later runs only those
-- its previous run did not have) are written in run order, up to 512 to a pack, as one DEFLATE stream of
-- canonical JSON lines, with the SHA-256 of each line beside it. Neighbours in run order are the same check on
-- similar subjects, so a pack compresses them against each other. A finding's id is pack id x 512 + its line;
-- a finding that holds from run to run keeps its id, so it costs nothing after the run that first stored it.
CREATE TABLE finding_packs (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: finding ids derive from it
  body      BLOB NOT NULL,
  addresses BLOB NOT NULL                       -- 32 bytes per line: the SHA-256 of each line, in order
);

-- Everything in a requirement result besides framework, requirement and status, as canonical JSON.
CREATE TABLE result_details (
  id      INTEGER PRIMARY KEY,
  sha256  BLOB NOT NULL UNIQUE,
  body    TEXT NOT NULL
);

-- A run's hash chain is per cluster and in insertion (id) order: AUTOINCREMENT so a pruned id is never reused.
CREATE TABLE runs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  cluster_uid      TEXT NOT NULL,
  cluster_name     TEXT NOT NULL,
  collected_at     TEXT NOT NULL,   -- ISO-8601 UTC with milliseconds, so text order is time order
  started_at       TEXT NOT NULL,
  finished_at      TEXT NOT NULL,
  tool_version     TEXT NOT NULL,
  snapshot_digest  TEXT NOT NULL,
  catalogue_digest TEXT NOT NULL,
  context_blob     INTEGER NOT NULL REFERENCES blobs (id),  -- cluster, collector, gaps, catalogues, waivers, attestations
  checks_blob      INTEGER NOT NULL REFERENCES blobs (id),  -- metadata of the checks that ran
  evidence_blob    INTEGER NOT NULL REFERENCES blobs (id),  -- id list into evidence_objects
  findings_blob    INTEGER NOT NULL REFERENCES blobs (id),  -- id list into findings
  previous_hash    TEXT,
  hash             TEXT NOT NULL UNIQUE,
  UNIQUE (cluster_uid, snapshot_digest, collected_at)
);
CREATE INDEX runs_by_cluster_time ON runs (cluster_uid, collected_at, id);

-- A run's results and score for one framework, column-wise: the framework's requirement ids (a JSON array,
-- content-addressed, so the same list is stored once for every run), one status byte per requirement in that
-- order (0 pass, 1 fail, 2 partial, 3 unknown, 4 manual, 5 not-applicable), and the id list of each result's
-- details. History over a year of runs reads 365 such rows per framework, not 365 x its requirement count.
CREATE TABLE run_frameworks (
  run_id            INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,  -- order of the frameworks in the run's results and scores
  framework         TEXT    NOT NULL,
  requirements_blob INTEGER NOT NULL REFERENCES blobs (id),
  statuses          BLOB    NOT NULL,
  details_blob      INTEGER NOT NULL REFERENCES blobs (id),  -- id list into result_details
  score             REAL,
  score_detail      TEXT,              -- the rest of the FrameworkScore, canonical JSON; NULL = the run has no score for it
  PRIMARY KEY (run_id, framework)
) WITHOUT ROWID;
CREATE INDEX run_frameworks_by_framework ON run_frameworks (framework, run_id);

-- After a prune, the oldest kept run of a cluster links to a run that is gone; this row records that link as
-- deliberate, with the previous hash it had at prune time, so verification of what remains still holds.
CREATE TABLE chain_anchors (
  run_id        INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  previous_hash TEXT,
  anchored_at   TEXT    NOT NULL,
  runs_removed  INTEGER NOT NULL
);

CREATE TABLE attestations (
  id          TEXT PRIMARY KEY,
  framework   TEXT NOT NULL,
  requirement TEXT NOT NULL,
  attested_by TEXT NOT NULL,
  note        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT             -- YYYY-MM-DD, valid through the end of that day (UTC); NULL = no expiry
);
CREATE INDEX attestations_by_requirement ON attestations (framework, requirement, created_at);

CREATE TABLE attestation_files (
  attestation_id TEXT    NOT NULL REFERENCES attestations (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  name           TEXT    NOT NULL,
  blob_id        INTEGER NOT NULL REFERENCES blobs (id),
  PRIMARY KEY (attestation_id, position)
) WITHOUT ROWID;
