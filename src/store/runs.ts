import type { CheckMetadata } from '../domain/check.js';
import type { FrameworkScore, RequirementResult } from '../domain/catalogue.js';
import type { Finding } from '../domain/finding.js';
import type { EvidenceRef, RunFacts, RunRecord, RunSummary } from '../domain/run.js';
import { EXIT_CODES, invalidInput, KvError, usageError } from '../errors.js';
import { canonicalJson, digestOfDigests, sha256Hex } from './canonical.js';
import { runHashOf, type RunHashInput } from './chain.js';
import { FindingPool } from './finding-pool.js';
import { addressed, type ContentStores } from './content.js';
import type { Db } from './db.js';
import type { NewRun, RunQuery } from './evidence-store.js';
import type { PreEncoded } from './evidence.js';
import type { AddressedFindings, KnownFindings, PackedFindings } from './findings.js';
import { prepareRun, resultsOf, scoresOf, STATUS_CODES, type FrameworkContent, type PreparedRun, type RunContext } from './run-content.js';

/** A run row as stored, blob references included. */
export interface RunRow extends RunFacts {
  readonly id: number;
  readonly contextBlob: number;
  readonly checksBlob: number;
  readonly evidenceBlob: number;
  readonly findingsBlob: number;
  readonly previousHash: string | null;
  readonly hash: string;
  /** 0 or 1 (migration 002). */
  readonly backfilled: number;
}

interface FrameworkRow {
  readonly framework: string;
  readonly requirementsBlob: number;
  readonly statuses: Buffer;
  readonly detailsBlob: number;
  readonly score: number | null;
  readonly scoreDetail: string | null;
}

type ScoreRow = Pick<FrameworkRow, 'framework' | 'score' | 'scoreDetail'>;

const RUN_COLUMNS = `id, cluster_uid AS clusterUid, cluster_name AS clusterName, collected_at AS collectedAt,
  started_at AS startedAt, finished_at AS finishedAt, tool_version AS toolVersion, snapshot_digest AS snapshotDigest,
  catalogue_digest AS catalogueDigest, context_blob AS contextBlob, checks_blob AS checksBlob,
  evidence_blob AS evidenceBlob, findings_blob AS findingsBlob, previous_hash AS previousHash, hash, backfilled`;

export const QUERY_FILTER = `(@cluster IS NULL OR cluster_uid = @cluster)
  AND (@since IS NULL OR collected_at >= @since) AND (@until IS NULL OR collected_at <= @until)`;

export interface QueryParams {
  readonly cluster: string | null;
  readonly since: string | null;
  readonly until: string | null;
}

/** The run tables: writing one run atomically, and reading runs back as domain types. */
export class RunTables {
  private readonly byId;
  private readonly byIdentity;
  private readonly lastOfCluster;
  private readonly newestOfCluster;
  private readonly latestStmt;
  private readonly listStmt;
  private readonly chainStmt;
  private readonly insertRunStmt;
  private readonly insertFrameworkStmt;
  private readonly frameworksStmt;
  private readonly scoresStmt;
  private readonly insertAnchorStmt;

  constructor(
    private readonly db: Db,
    private readonly stores: ContentStores,
  ) {
    this.byId = db.prepare<[number], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`);
    this.byIdentity = db.prepare<[string, string, string], RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE cluster_uid = ? AND snapshot_digest = ? AND collected_at = ?`,
    );
    this.lastOfCluster = db.prepare<[string], PreviousRun>(
      'SELECT id, hash, evidence_blob AS evidenceBlob, findings_blob AS findingsBlob FROM runs WHERE cluster_uid = ? ORDER BY id DESC LIMIT 1',
    );
    this.newestOfCluster = db.prepare<[string], { id: number; collectedAt: string }>(
      'SELECT id, collected_at AS collectedAt FROM runs WHERE cluster_uid = ? ORDER BY collected_at DESC, id DESC LIMIT 1',
    );
    this.latestStmt = db.prepare<QueryParams, RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE ${QUERY_FILTER} ORDER BY collected_at DESC, id DESC LIMIT 1`);
    this.listStmt = db.prepare<QueryParams, RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE ${QUERY_FILTER} ORDER BY collected_at, id`);
    this.chainStmt = db.prepare<{ cluster: string | null }, RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE @cluster IS NULL OR cluster_uid = @cluster ORDER BY cluster_uid, id`,
    );
    this.insertRunStmt = db.prepare<Omit<RunRow, 'id'>>(
      `INSERT INTO runs (cluster_uid, cluster_name, collected_at, started_at, finished_at, tool_version, snapshot_digest,
         catalogue_digest, context_blob, checks_blob, evidence_blob, findings_blob, previous_hash, hash, backfilled)
       VALUES (@clusterUid, @clusterName, @collectedAt, @startedAt, @finishedAt, @toolVersion, @snapshotDigest,
         @catalogueDigest, @contextBlob, @checksBlob, @evidenceBlob, @findingsBlob, @previousHash, @hash, @backfilled)`,
    );
    this.insertFrameworkStmt = db.prepare<FrameworkRow & { runId: number; position: number }>(
      `INSERT INTO run_frameworks (run_id, position, framework, requirements_blob, statuses, details_blob, score, score_detail)
       VALUES (@runId, @position, @framework, @requirementsBlob, @statuses, @detailsBlob, @score, @scoreDetail)`,
    );
    this.frameworksStmt = db.prepare<[number], FrameworkRow>(
      `SELECT framework, requirements_blob AS requirementsBlob, statuses, details_blob AS detailsBlob, score, score_detail AS scoreDetail
       FROM run_frameworks WHERE run_id = ? ORDER BY position`,
    );
    this.insertAnchorStmt = db.prepare<[number, string, string, number]>(
      'INSERT INTO chain_anchors (run_id, previous_hash, anchored_at, runs_removed) VALUES (?, ?, ?, ?)',
    );
    this.scoresStmt = db.prepare<[number], ScoreRow>(
      'SELECT framework, score, score_detail AS scoreDetail FROM run_frameworks WHERE run_id = ? AND score_detail IS NOT NULL ORDER BY position',
    );
  }

  /**
   * Hashing, digests and compression of new content happen first, without the lock; then one IMMEDIATE
   * transaction takes the write lock, re-checks idempotency, stores what is new and links the run to the
   * cluster's last run read inside that same transaction, so two writers can never fork or interleave a chain.
   */
  insert(run: NewRun): { readonly summary: RunSummary; readonly created: boolean } {
    return this.insertPrepared(prepareRun(run));
  }

  /**
   * Stores a run already canonicalised: a new run, or one read back from another store (`db copy`). `anchor` is
   * the previous hash such a run had where its cluster's chain started after a prune; it is kept, with an anchor row.
   */
  insertPrepared(prepared: PreparedRun, anchor: string | null = null): { readonly summary: RunSummary; readonly created: boolean } {
    const existing = this.existing(prepared);
    if (existing !== null) return { summary: existing, created: false };
    const { objects, findings } = this.stores;
    this.refuseBackdating(prepared);
    const previous = this.lastOfCluster.get(prepared.clusterUid) ?? null;
    const known = this.knownFindings(previous);
    const hashed = findings.hashAndPack(prepared.findings, known);
    const digests = contentDigestsOf(prepared, hashed.findings.addresses);
    const encoded: NewContent = {
      objects: objects.encodeAll(objects.newItems(prepared.evidence)),
      findings: { previousRunId: previous?.id ?? null, known, packed: hashed.packed },
    };
    return this.db.transaction(() => this.write(prepared, hashed.findings, digests, encoded, anchor)).immediate();
  }

  private write(prepared: PreparedRun, addressed: AddressedFindings, digests: ContentDigests, encoded: NewContent, anchor: string | null): { readonly summary: RunSummary; readonly created: boolean } {
    const existing = this.existing(prepared);
    if (existing !== null) return { summary: existing, created: false };
    const { content, objects, findings } = this.stores;
    this.refuseBackdating(prepared);
    const previous = this.lastOfCluster.get(prepared.clusterUid) ?? null;
    // Another writer may have stored a run of this cluster since the findings were packed: pack against that one.
    const known = previous?.id === encoded.findings.previousRunId ? encoded.findings.known : this.knownFindings(previous);
    const packed = previous?.id === encoded.findings.previousRunId ? encoded.findings.packed : findings.pack(addressed, known);
    const evidenceIds = prepared.evidence.map((item) => objects.put(item, encoded.objects));
    const findingIds = findings.put(addressed.addresses, packed, known);
    const previousHash = previous?.hash ?? anchor;
    const id = Number(
      this.insertRunStmt.run({
        ...runIdentityOf(prepared),
        contextBlob: content.putText(prepared.context.text),
        checksBlob: content.putText(prepared.checks.text),
        evidenceBlob: content.putIdList(evidenceIds, previous?.evidenceBlob),
        findingsBlob: content.putIdList(findingIds, previous?.findingsBlob),
        previousHash,
        hash: runHashOf({ ...runIdentityOf(prepared), ...digests, previousHash }),
        backfilled: prepared.backfilled ? 1 : 0,
      }).lastInsertRowid,
    );
    prepared.frameworks.forEach((framework, position) => this.insertFrameworkStmt.run({ runId: id, position, ...this.frameworkRowOf(framework) }));
    if (previous === null && anchor !== null) this.insertAnchorStmt.run(id, anchor, prepared.finishedAt, 0);
    return { summary: this.summary(id), created: true };
  }

  /**
   * A run collected before the newest run already stored for its cluster would rewrite the past: the chain is in
   * insertion order, so history and reports would read it as news. It is refused unless the caller says it is a
   * backfill, and then the run carries the mark everywhere it appears. Checked again inside the write lock.
   */
  private refuseBackdating(prepared: PreparedRun): void {
    const newest = this.newestOfCluster.get(prepared.clusterUid);
    if (newest === undefined || prepared.backfilled || prepared.collectedAt >= newest.collectedAt) return;
    throw new KvError({
      code: 'run.backdated',
      exitCode: EXIT_CODES.usage,
      message: `collected at ${prepared.collectedAt}, before run ${newest.id} of ${prepared.clusterName} (${newest.collectedAt}); pass --backfill to store an older run, marked as backfilled`,
    });
  }

  /** The findings of the cluster's previous run, by address: a new run reuses their ids instead of storing them again. */
  private knownFindings(previous: PreviousRun | null): KnownFindings {
    const { content, findings } = this.stores;
    return previous === null ? new Map<string, number>() : findings.known(content.idList(previous.findingsBlob));
  }

  private frameworkRowOf(framework: FrameworkContent): FrameworkRow {
    const { content } = this.stores;
    return {
      framework: framework.framework,
      requirementsBlob: content.putText(canonicalJson(framework.requirements)),
      statuses: Buffer.from(framework.statuses.map(statusCodeOf)),
      detailsBlob: content.putIdList(framework.details.map((detail) => content.putDetail(addressed(detail)))),
      score: framework.score,
      scoreDetail: framework.scoreDetail,
    };
  }

  private existing(prepared: PreparedRun): RunSummary | null {
    const row = this.byIdentity.get(prepared.clusterUid, prepared.snapshotDigest, prepared.collectedAt);
    return row === undefined ? null : this.summaryOf(row);
  }

  row(id: number): RunRow {
    const row = this.byId.get(id);
    if (row === undefined) throw runNotFound(id);
    return row;
  }

  summary(id: number): RunSummary {
    return this.summaryOf(this.row(id));
  }

  latest(query: RunQuery = {}): RunSummary | null {
    const row = this.latestStmt.get(queryParamsOf(query));
    return row === undefined ? null : this.summaryOf(row);
  }

  list(query: RunQuery = {}): RunSummary[] {
    return this.listStmt.all(queryParamsOf(query)).map((row) => this.summaryOf(row));
  }

  /** Every run row, cluster by cluster, each cluster's in chain (insertion) order: for the verifier and for prune. */
  chainRows(clusterUid?: string): RunRow[] {
    return this.chainStmt.all({ cluster: clusterUid ?? null });
  }

  /** A run's results and scores per framework, decoded from its rows. */
  frameworks(runId: number): FrameworkContent[] {
    const { content } = this.stores;
    return this.frameworksStmt.all(runId).map((row) => ({
      framework: row.framework,
      requirements: content.blobJson<string[]>(row.requirementsBlob),
      statuses: statusesOf(row.statuses),
      details: content.idList(row.detailsBlob).map((id) => content.detailText(id)),
      score: row.score,
      scoreDetail: row.scoreDetail,
    }));
  }

  results(runId: number): RequirementResult[] {
    return resultsOf(this.frameworks(runId));
  }

  findings(row: RunRow): Finding[] {
    const pool = new FindingPool();
    return this.stores.content.idList(row.findingsBlob).map((id) => pool.adopt(JSON.parse(this.stores.findings.text(id)) as Finding));
  }

  evidence(row: RunRow): EvidenceRef[] {
    return this.stores.content.idList(row.evidenceBlob).map((id) => {
      const { ref, sha256 } = this.stores.objects.ref(id);
      return { resource: ref, sha256: sha256.toString('hex') };
    });
  }

  /** A run loaded back in full: summary, context, checks, findings, results and evidence references. */
  record(id: number): RunRecord {
    const row = this.row(id);
    const context = this.stores.content.blobJson<RunContext>(row.contextBlob);
    return {
      ...this.summaryOf(row),
      ...context,
      checks: this.stores.content.blobJson<CheckMetadata[]>(row.checksBlob),
      findings: this.findings(row),
      results: this.results(id),
      evidence: this.evidence(row),
    };
  }

  private summaryOf(row: RunRow): RunSummary {
    return {
      id: row.id,
      clusterUid: row.clusterUid,
      clusterName: row.clusterName,
      collectedAt: row.collectedAt,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      toolVersion: row.toolVersion,
      snapshotDigest: row.snapshotDigest,
      catalogueDigest: row.catalogueDigest,
      hash: row.hash,
      previousHash: row.previousHash,
      scores: this.scores(row.id),
      backfilled: row.backfilled === 1,
    };
  }

  private scores(runId: number): FrameworkScore[] {
    return scoresOf(this.scoresStmt.all(runId));
  }
}

interface PreviousRun {
  readonly id: number;
  readonly hash: string;
  readonly evidenceBlob: number;
  readonly findingsBlob: number;
}

/** A run's new findings, packed against the findings of the run stored before it. */
interface NewFindings {
  readonly previousRunId: number | null;
  readonly known: KnownFindings;
  readonly packed: PackedFindings;
}

/** New content encoded before the write lock is taken. */
interface NewContent {
  readonly objects: PreEncoded;
  readonly findings: NewFindings;
}

export type ContentDigests = Pick<RunHashInput, 'contextDigest' | 'checksDigest' | 'evidenceDigest' | 'findingsDigest' | 'resultsDigest' | 'scoresDigest'>;

/** The run's facts alone, from a row or a prepared run that carry more. */
export function runIdentityOf(source: RunFacts): RunFacts {
  const { clusterUid, clusterName, collectedAt, startedAt, finishedAt, toolVersion, snapshotDigest, catalogueDigest } = source;
  return { clusterUid, clusterName, collectedAt, startedAt, finishedAt, toolVersion, snapshotDigest, catalogueDigest };
}

function contentDigestsOf(prepared: PreparedRun, findingAddresses: readonly Buffer[]): ContentDigests {
  return {
    contextDigest: prepared.context.sha256.toString('hex'),
    checksDigest: prepared.checks.sha256.toString('hex'),
    evidenceDigest: digestOfDigests(prepared.evidence.map((item) => item.sha256)),
    findingsDigest: digestOfDigests(findingAddresses),
    ...frameworkDigestsOf(prepared.frameworks),
  };
}

/** Over results and scores rebuilt from framework rows, in stored order: insert and verify hash the same form. */
export function frameworkDigestsOf(frameworks: readonly FrameworkContent[]): Pick<ContentDigests, 'resultsDigest' | 'scoresDigest'> {
  return { resultsDigest: sha256Hex(canonicalJson(resultsOf(frameworks))), scoresDigest: sha256Hex(canonicalJson(scoresOf(frameworks))) };
}

function statusCodeOf(status: FrameworkContent['statuses'][number]): number {
  const code = STATUS_CODES.indexOf(status);
  if (code < 0) throw usageError(`unknown requirement status '${String(status)}'`);
  return code;
}

export function statusesOf(codes: Uint8Array): FrameworkContent['statuses'] {
  return [...codes].map((code) => {
    const status = STATUS_CODES[code];
    if (status === undefined) throw new Error(`unknown stored requirement status code ${code}`);
    return status;
  });
}

export function queryParamsOf(query: RunQuery): QueryParams {
  return {
    cluster: query.clusterUid ?? null,
    since: query.since === undefined ? null : instantOf('since', query.since, 'start'),
    until: query.until === undefined ? null : instantOf('until', query.until, 'end'),
  };
}

/** A query bound as stored times compare: a bare date covers its whole UTC day. */
export function instantOf(input: 'since' | 'until', value: string, edge: 'start' | 'end'): string {
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const text = bareDate ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw invalidInput(input, `{input} must be a date (YYYY-MM-DD) or an ISO date-time (got '${value}')`);
  return new Date(time).toISOString();
}

function runNotFound(id: number): KvError {
  return new KvError({ code: 'store.run-not-found', exitCode: EXIT_CODES.usage, message: `there is no run ${id} in this database` });
}
