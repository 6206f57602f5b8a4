import type { Finding } from '../domain/finding.js';
import type { Assessment, RunRecord, RunSummary } from '../domain/run.js';
import type { Attestation } from '../domain/attestation.js';
import type { RequirementHistory, RunDiff, ScorePoint } from '../domain/history.js';
import type { JsonValue } from '../domain/json.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { ChainCheckpoint, ChainHead, KnownSigner, SigningRecord } from '../domain/chain-head.js';

/**
 * The contract between the store and everything that reads or writes runs. The SQLite implementation lives in
 * this folder (the only importer of better-sqlite3); nothing outside store/ knows table names.
 */
export interface NewRun {
  readonly snapshot: Snapshot;
  readonly assessment: Assessment;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly toolVersion: string;
}

export interface RunQuery {
  readonly clusterUid?: string;
  readonly since?: string;
  readonly until?: string;
}

export interface NewAttestation {
  readonly framework: string;
  readonly requirement: string;
  readonly by: string;
  readonly note: string;
  readonly expiresAt: string | null;
  readonly files: readonly string[];
  readonly createdAt: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly runsChecked: number;
  /** First run whose stored hash no longer matches its content or its predecessor, with why. */
  readonly firstBroken: { readonly runId: number; readonly reason: string } | null;
}

/** A cluster the store holds runs of. */
export interface ClusterSummary {
  /** The kube-system namespace UID, or `name:<cluster name>` for offline input that carried none. */
  readonly uid: string;
  /** Name recorded by its latest run. */
  readonly name: string;
  readonly runs: number;
  readonly firstCollectedAt: string;
  readonly lastCollectedAt: string;
}

export interface AttestationQuery {
  readonly framework?: string;
  /** Only attestations that count at this instant: made by then and not expired. */
  readonly validAt?: Date;
}

export interface PruneOutcome {
  readonly runsRemoved: number;
  readonly evidenceRemoved: number;
  readonly findingsRemoved: number;
  /** The run that is now the first link of each pruned cluster's chain. */
  readonly anchors: readonly { readonly clusterUid: string; readonly runId: number }[];
}

export interface IntegrityReport {
  readonly ok: boolean;
  /** One line per problem SQLite found: damaged pages or indexes, rows pointing at missing rows. */
  readonly problems: readonly string[];
}

export interface EvidenceStore {
  /** The database file this store reads and writes. */
  readonly path: string;
  /**
   * Stores one run in one transaction; returns it with its id and hash. Same cluster + same snapshot digest +
   * same collectedAt = the existing run (idempotent). The run is chained to the run stored before it for the same
   * cluster (insertion order, which a hash chain needs); lists and history order runs by collectedAt.
   */
  insertRun(run: NewRun): { readonly summary: RunSummary; readonly created: boolean };
  /** A run loaded in full (every finding and evidence reference): what reports are built from. */
  getRun(id: number): RunRecord;
  /** A run's findings alone, in run order: for figures over earlier runs that need neither evidence nor results. */
  getRunFindings(id: number): readonly Finding[];
  /** A run's summary alone (hash, chain link, scores), without loading its findings. */
  getRunSummary(id: number): RunSummary;
  latestRun(clusterUid?: string): RunSummary | null;
  listRuns(query?: RunQuery): readonly RunSummary[];
  scoreTrend(framework: string, query?: RunQuery): readonly ScorePoint[];
  requirementHistory(framework: string, query?: RunQuery): readonly RequirementHistory[];
  diffRuns(fromRunId: number, toRunId: number): RunDiff;
  addAttestation(attestation: NewAttestation): Attestation;
  listAttestations(query?: AttestationQuery): readonly Attestation[];
  /** Bytes of a stored attachment, by SHA-256, for copying into a pack. */
  readAttachment(sha256: string): Buffer;
  /** Recomputes every run's hash from the content it rests on and checks each link (or prune anchor). */
  verifyChain(clusterUid?: string): ChainVerification;
  /** Removes runs collected more than keepDays before now (never a cluster's latest) and content only they used. */
  prune(keepDays: number, now: Date): PruneOutcome;
  listClusters(): readonly ClusterSummary[];
  /** An evidence object (API object or node configuration) by the SHA-256 of its canonical JSON; null when not stored. */
  readEvidenceObject(sha256: string): JsonValue | null;
  /** Records the certificate a pack was signed with and, when given, a signed checkpoint of the chain head. */
  recordSigning(record: SigningRecord): void;
  /** Every certificate the store's packs were signed with, oldest first. */
  listSigners(): readonly KnownSigner[];
  /** The newest signed checkpoint of a cluster's chain, or null when none was ever written. */
  latestCheckpoint(clusterUid: string): ChainCheckpoint | null;
  /** Where the cluster's chain stands now (run count, first and last run in chain order); null without runs. */
  chainHead(clusterUid: string): ChainHead | null;
  /** SQLite's page, index and foreign-key checks (`kubevidence db check`). */
  checkIntegrity(): IntegrityReport;
  close(): void;
}
