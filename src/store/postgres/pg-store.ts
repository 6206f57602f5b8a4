import { SigningRecords } from '../signing-records.js';
import type { ChainCheckpoint, ChainHead, KnownSigner, SigningRecord } from '../../domain/chain-head.js';
import type { Attestation } from '../../domain/attestation.js';
import type { Finding } from '../../domain/finding.js';
import type { RequirementHistory, RunDiff, ScorePoint } from '../../domain/history.js';
import type { JsonValue } from '../../domain/json.js';
import type { RunRecord, RunSummary } from '../../domain/run.js';
import { AttestationTables } from '../attestations.js';
import { ContentTables } from '../content.js';
import type { Db, OpenOptions } from '../db.js';
import { RunDiffer } from '../diff.js';
import { EvidenceObjects } from '../evidence.js';
import type {
  AttestationQuery,
  ChainVerification,
  ClusterSummary,
  EvidenceStore,
  IntegrityReport,
  NewAttestation,
  NewRun,
  PruneOutcome,
  RunQuery,
} from '../evidence-store.js';
import { FindingPacks } from '../findings.js';
import { HistoryQueries } from '../history.js';
import { Pruner } from '../prune.js';
import { clusterUidOf, type PreparedRun } from '../run-content.js';
import { RunTables } from '../runs.js';
import { ChainVerifier } from '../verify-chain.js';
import { parsePostgresTarget } from './connection.js';
import { guardedPg, isRetryable, translatePgError } from './errors.js';
import { checkPostgresIntegrity } from './integrity.js';
import { migratePostgres, requireCurrentPostgresSchema } from './migrate.js';
import { SyncPgClient } from './sync-client.js';
import { SyncPgDatabase, type WriteLock } from './sync-db.js';

/** How often an insert that lost a race on shared content (another cluster stored the same object first) is retried. */
const INSERT_ATTEMPTS = 5;

/**
 * Opens the evidence store in a PostgreSQL database: connects, migrates (unless read-only, when the schema must
 * be current and every transaction is read-only) and returns the same contract the SQLite store implements.
 */
export function openPostgresStore(target: string, options: OpenOptions = {}): PostgresEvidenceStore {
  const { display, settings } = parsePostgresTarget(target);
  const client = new SyncPgClient(settings);
  const db = new SyncPgDatabase(client);
  try {
    guardedPg(display, () => {
      if (options.readonly === true) {
        requireCurrentPostgresSchema(db, display);
        client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
      } else {
        migratePostgres(db, display);
      }
    });
    return new PostgresEvidenceStore(display, db);
  } catch (error) {
    client.close();
    throw translatePgError(error, display);
  }
}

/**
 * The shared store classes are written against better-sqlite3's Database; SyncPgDatabase implements the part
 * of it they use (prepare/get/all/run/pluck/raw/transaction), with SQL translated per statement. This is the one
 * place the two are treated as the same type.
 */
function asStoreDb(db: SyncPgDatabase): Db {
  return db as unknown as Db;
}

export class PostgresEvidenceStore implements EvidenceStore {
  private readonly stores;
  private readonly runs;
  private readonly history;
  private readonly differ;
  private readonly attestations;
  private readonly verifier;
  private readonly pruner;
  private readonly clustersStmt;
  private readonly signing;

  constructor(
    readonly path: string,
    private readonly pg: SyncPgDatabase,
  ) {
    const db = asStoreDb(pg);
    this.stores = { content: new ContentTables(db), objects: new EvidenceObjects(db), findings: new FindingPacks(db) };
    this.runs = new RunTables(db, this.stores);
    this.history = new HistoryQueries(db, this.stores.content);
    this.differ = new RunDiffer(this.runs, this.stores);
    this.attestations = new AttestationTables(db, this.stores.content);
    this.verifier = new ChainVerifier(db, this.runs, this.stores);
    this.pruner = new Pruner(db, this.runs, this.stores);
    this.signing = new SigningRecords(db);
    this.clustersStmt = db.prepare<[], ClusterSummary>(
      `SELECT cluster_uid AS uid,
         (SELECT cluster_name FROM runs latest WHERE latest.cluster_uid = runs.cluster_uid ORDER BY collected_at DESC, id DESC LIMIT 1) AS name,
         count(*) AS runs, min(collected_at) AS firstCollectedAt, max(collected_at) AS lastCollectedAt
       FROM runs GROUP BY cluster_uid ORDER BY name, uid`,
    );
  }

  /**
   * Runs of one cluster are written one at a time (an advisory lock on the cluster UID, held by the transaction
   * that reads the chain head and appends), runs of different clusters in parallel. Two clusters storing the same
   * new object at once: the second waits on the unique index, fails, and is retried, finding the object stored.
   */
  insertRun(run: NewRun): { readonly summary: RunSummary; readonly created: boolean } {
    const lock: WriteLock = { kind: 'cluster', clusterUid: clusterUidOf(run.snapshot.cluster) };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return this.write(lock, () => this.runs.insert(run));
      } catch (error) {
        if (attempt >= INSERT_ATTEMPTS || !isRetryable(error)) throw translatePgError(error, this.path);
      }
    }
  }

  /** `db copy`: stores a run read back from another store, with its hash unchanged (see copy.ts). */
  insertPrepared(prepared: PreparedRun, anchor: string | null): { readonly summary: RunSummary; readonly created: boolean } {
    const lock: WriteLock = { kind: 'cluster', clusterUid: prepared.clusterUid };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return this.write(lock, () => this.runs.insertPrepared(prepared, anchor));
      } catch (error) {
        if (attempt >= INSERT_ATTEMPTS || !isRetryable(error)) throw translatePgError(error, this.path);
      }
    }
  }

  getRun(id: number): RunRecord {
    return this.read(() => this.runs.record(id));
  }

  getRunFindings(id: number): readonly Finding[] {
    return this.read(() => this.runs.findings(this.runs.row(id)));
  }

  getRunSummary(id: number): RunSummary {
    return this.read(() => this.runs.summary(id));
  }

  latestRun(clusterUid?: string): RunSummary | null {
    return this.read(() => this.runs.latest(clusterUid === undefined ? {} : { clusterUid }));
  }

  listRuns(query?: RunQuery): readonly RunSummary[] {
    return this.read(() => this.runs.list(query));
  }

  scoreTrend(framework: string, query?: RunQuery): readonly ScorePoint[] {
    return this.read(() => this.history.scoreTrend(framework, query));
  }

  requirementHistory(framework: string, query?: RunQuery): readonly RequirementHistory[] {
    return this.read(() => this.history.requirementHistory(framework, query));
  }

  diffRuns(fromRunId: number, toRunId: number): RunDiff {
    return this.read(() => this.differ.diff(fromRunId, toRunId));
  }

  addAttestation(attestation: NewAttestation): Attestation {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return this.write({ kind: 'shared' }, () => this.attestations.add(attestation));
      } catch (error) {
        if (attempt >= INSERT_ATTEMPTS || !isRetryable(error)) throw translatePgError(error, this.path);
      }
    }
  }

  listAttestations(query?: AttestationQuery): readonly Attestation[] {
    return this.read(() => this.attestations.list(query));
  }

  readAttachment(sha256: string): Buffer {
    return this.read(() => this.attestations.readAttachment(sha256));
  }

  verifyChain(clusterUid?: string): ChainVerification {
    return this.read(() => this.verifier.verify(clusterUid));
  }

  /** Prune takes the whole store: no insert may reuse an object it is about to delete. */
  prune(keepDays: number, now: Date): PruneOutcome {
    return guardedPg(this.path, () => this.write({ kind: 'exclusive' }, () => this.pruner.prune(keepDays, now)));
  }

  listClusters(): readonly ClusterSummary[] {
    return this.read(() => this.clustersStmt.all());
  }

  readEvidenceObject(sha256: string): JsonValue | null {
    if (!/^[0-9a-f]{64}$/i.test(sha256)) return null;
    return this.read(() => this.stores.objects.bySha256(Buffer.from(sha256, 'hex')));
  }

  checkIntegrity(): IntegrityReport {
    return this.read(() => checkPostgresIntegrity(this.pg, this.stores.content));
  }

  close(): void {
    this.pg.client.close();
  }

  /**
   * Reads that span several statements see one snapshot (REPEATABLE READ): a run being inserted or pruned by
   * another process meanwhile is either wholly visible or not at all.
   */
  recordSigning(record: SigningRecord): void {
    this.write({ kind: 'shared' }, () => this.signing.record(record));
  }

  listSigners(): readonly KnownSigner[] {
    return this.read(() => this.signing.signers());
  }

  latestCheckpoint(clusterUid: string): ChainCheckpoint | null {
    return this.read(() => this.signing.latestCheckpoint(clusterUid));
  }

  chainHead(clusterUid: string): ChainHead | null {
    return this.read(() => this.signing.chainHead(clusterUid));
  }

  private read<T>(operation: () => T): T {
    return guardedPg(this.path, () => {
      this.pg.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      try {
        const result = operation();
        this.pg.client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          this.pg.client.query('ROLLBACK');
        } catch {
          // The connection is gone; the server has ended the transaction with it.
        }
        throw error;
      }
    });
  }

  /** Runs a writing operation whose transactions take `lock`; errors come back untranslated, for retrying. */
  private write<T>(lock: WriteLock, operation: () => T): T {
    this.pg.writeLock = lock;
    try {
      return operation();
    } finally {
      this.pg.writeLock = { kind: 'exclusive' };
    }
  }
}
