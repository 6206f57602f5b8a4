import type { Assessment, RunRecord, RunSummary } from '../domain/run.js';
import type { Attestation } from '../domain/attestation.js';
import type { RequirementHistory, RunDiff, ScorePoint } from '../domain/history.js';
import type { Snapshot } from '../domain/snapshot.js';

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

export interface EvidenceStore {
  /** Stores one run in one transaction; returns it with its id and hash. Same cluster + same snapshot digest + same collectedAt = the existing run (idempotent). */
  insertRun(run: NewRun): { readonly summary: RunSummary; readonly created: boolean };
  getRun(id: number): RunRecord;
  latestRun(clusterUid?: string): RunSummary | null;
  listRuns(query?: RunQuery): readonly RunSummary[];
  scoreTrend(framework: string, query?: RunQuery): readonly ScorePoint[];
  requirementHistory(framework: string, query?: RunQuery): readonly RequirementHistory[];
  diffRuns(fromRunId: number, toRunId: number): RunDiff;
  addAttestation(attestation: NewAttestation): Attestation;
  listAttestations(query?: { readonly framework?: string }): readonly Attestation[];
  /** Bytes of a stored attachment, by SHA-256, for copying into a pack. */
  readAttachment(sha256: string): Buffer;
  verifyChain(clusterUid?: string): ChainVerification;
  prune(keepDays: number, now: Date): { readonly runsRemoved: number; readonly evidenceRemoved: number };
  close(): void;
}
