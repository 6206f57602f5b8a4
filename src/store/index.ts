/**
 * The store stage: dated runs in one SQLite file (the only importer of better-sqlite3), content-addressed
 * evidence, history, diff, attestations and the tamper-evident run chain. Nothing outside this folder knows
 * a table name; everything comes back as domain types.
 */
export type {
  AttestationQuery,
  ChainVerification,
  ClusterSummary,
  EvidenceStore,
  IntegrityReport,
  NewAttestation,
  NewRun,
  PruneOutcome,
  RunQuery,
} from './evidence-store.js';
export { DEFAULT_DB_PATH, resolveDbPath, type OpenOptions } from './sqlite-store.js';
export { checkDatabaseFile, isPostgresTarget, openStore } from './open.js';
export { clusterUidOf, snapshotDigestOf } from './run-content.js';
export { canonicalJson } from './canonical.js';
