import type { Finding } from '../domain/finding.js';
import type { JsonValue } from '../domain/json.js';
import type { Attestation } from '../domain/attestation.js';
import type { RequirementHistory, RunDiff, ScorePoint } from '../domain/history.js';
import type { RunRecord, RunSummary } from '../domain/run.js';
import { AttestationTables } from './attestations.js';
import { ContentTables } from './content.js';
import { EvidenceObjects } from './evidence.js';
import { FindingPacks } from './findings.js';
import { guarded, openDatabase, translateSqliteError, type Db, type OpenOptions } from './db.js';
import { RunDiffer } from './diff.js';
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
} from './evidence-store.js';
import { HistoryQueries } from './history.js';
import { checkIntegrity } from './integrity.js';
import { Pruner } from './prune.js';
import { RunTables } from './runs.js';
import { ChainVerifier } from './verify-chain.js';
import { SigningRecords } from './signing-records.js';
import type { ChainCheckpoint, ChainHead, KnownSigner, SigningRecord } from '../domain/chain-head.js';

export type { OpenOptions } from './db.js';

/** The default database when neither `--db` nor the environment names one. */
export const DEFAULT_DB_PATH = './kubevidence.db';

/**
 * Which database a command uses: the `--db` flag, else `KUBEVIDENCE_DB`, else ./kubevidence.db.
 * (The config file's `database` sits between the environment and the default once commands read it.)
 */
export function resolveDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env['KUBEVIDENCE_DB'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_DB_PATH;
}

/**
 * Opens the evidence store at `path`: creates and migrates it when writable, checks its schema version, and
 * turns every SQLite failure into a one-line store error (exit code 5).
 */
export function openStore(path: string, options: OpenOptions = {}): EvidenceStore {
  const db = openDatabase(path, options);
  try {
    return new SqliteEvidenceStore(path, db);
  } catch (error) {
    db.close();
    throw translateSqliteError(error, path);
  }
}

class SqliteEvidenceStore implements EvidenceStore {
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
    private readonly db: Db,
  ) {
    // Every statement is prepared here, once per store, and reused for the store's lifetime.
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

  insertRun(run: NewRun): { readonly summary: RunSummary; readonly created: boolean } {
    return guarded(this.path, () => this.runs.insert(run));
  }

  getRun(id: number): RunRecord {
    return guarded(this.path, () => this.runs.record(id));
  }

  getRunFindings(id: number): readonly Finding[] {
    return guarded(this.path, () => this.runs.findings(this.runs.row(id)));
  }

  getRunSummary(id: number): RunSummary {
    return guarded(this.path, () => this.runs.summary(id));
  }

  latestRun(clusterUid?: string): RunSummary | null {
    return guarded(this.path, () => this.runs.latest(clusterUid === undefined ? {} : { clusterUid }));
  }

  listRuns(query?: RunQuery): readonly RunSummary[] {
    return guarded(this.path, () => this.runs.list(query));
  }

  scoreTrend(framework: string, query?: RunQuery): readonly ScorePoint[] {
    return guarded(this.path, () => this.history.scoreTrend(framework, query));
  }

  requirementHistory(framework: string, query?: RunQuery): readonly RequirementHistory[] {
    return guarded(this.path, () => this.history.requirementHistory(framework, query));
  }

  diffRuns(fromRunId: number, toRunId: number): RunDiff {
    return guarded(this.path, () => this.differ.diff(fromRunId, toRunId));
  }

  addAttestation(attestation: NewAttestation): Attestation {
    return guarded(this.path, () => this.attestations.add(attestation));
  }

  listAttestations(query?: AttestationQuery): readonly Attestation[] {
    return guarded(this.path, () => this.attestations.list(query));
  }

  readAttachment(sha256: string): Buffer {
    return guarded(this.path, () => this.attestations.readAttachment(sha256));
  }

  verifyChain(clusterUid?: string): ChainVerification {
    return guarded(this.path, () => this.verifier.verify(clusterUid));
  }

  prune(keepDays: number, now: Date): PruneOutcome {
    return guarded(this.path, () => this.pruner.prune(keepDays, now));
  }

  listClusters(): readonly ClusterSummary[] {
    return guarded(this.path, () => this.clustersStmt.all());
  }

  readEvidenceObject(sha256: string): JsonValue | null {
    if (!/^[0-9a-f]{64}$/i.test(sha256)) return null;
    return guarded(this.path, () => this.stores.objects.bySha256(Buffer.from(sha256, 'hex')));
  }

  recordSigning(record: SigningRecord): void {
    guarded(this.path, () => this.signing.record(record));
  }

  listSigners(): readonly KnownSigner[] {
    return guarded(this.path, () => this.signing.signers());
  }

  latestCheckpoint(clusterUid: string): ChainCheckpoint | null {
    return guarded(this.path, () => this.signing.latestCheckpoint(clusterUid));
  }

  chainHead(clusterUid: string): ChainHead | null {
    return guarded(this.path, () => this.signing.chainHead(clusterUid));
  }

  checkIntegrity(): IntegrityReport {
    return guarded(this.path, () => checkIntegrity(this.db));
  }

  close(): void {
    this.db.close();
  }
}
