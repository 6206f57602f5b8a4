/**
 * collect → evaluate → map → store → report → sign, composed once. Commands, the scheduler and the demo all go
 * through here, so a run means the same thing whichever way it was started.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appliedCatalogues, catalogueDigest, deriveResults, loadCatalogues, scoreFrameworks, selectCatalogues } from './catalog/index.js';
import { loadCustomChecks } from './checks/cel/load-custom-checks.js';
import type { CheckDefinition } from './checks/define-check.js';
import { evaluateChecks } from './checks/engine.js';
import { DEFAULT_INPUTS, type CheckInputs } from './checks/inputs.js';
import { BUILT_IN_CHECKS } from './checks/registry.js';
import { SnapshotIndex } from './checks/snapshot-index.js';
import { applyWaivers, labelsInSnapshot, loadWaivers } from './checks/waivers.js';
import { collectSnapshot, loadSnapshotInput, type CollectProgress } from './collect/index.js';
import type { Attestation } from './domain/attestation.js';
import type { Catalogue, FrameworkScore, RequirementResult } from './domain/catalogue.js';
import type { CheckMetadata } from './domain/check.js';
import type { Finding } from './domain/finding.js';
import type { Assessment, RunSummary } from './domain/run.js';
import type { Snapshot } from './domain/snapshot.js';
import type { Waiver, WaiverOutcome } from './domain/waiver.js';
import { invalidInput, KvError, usageError } from './errors.js';
import { releaseMemory } from './release-memory.js';
import { buildPackModel, loadPackInput, safeDirName, writePack, type PackPeriod } from './report/index.js';
import { signPack, writeArchive, writeUnsignedManifest, type Signer } from './sign/index.js';
import { openStore, type EvidenceStore } from './store/index.js';
import { TOOL_VERSION } from './version.js';

/** Where a snapshot comes from. */
export type SnapshotSourceOption =
  | { readonly type: 'file'; readonly path: string; readonly clusterName?: string; readonly collectedAt?: string }
  | { readonly type: 'cluster'; readonly context?: string; readonly kubeconfig?: string; readonly clusterName?: string };

/** The user-supplied inputs of evaluate and map; all optional, all validated before anything is collected. */
export interface AssessmentConfig {
  readonly checksPath?: string;
  readonly waiversFile?: string;
  readonly controlsDirs?: readonly string[];
  /** Framework ids to map onto; default every catalogue. */
  readonly frameworks?: readonly string[];
  readonly inputs?: Partial<CheckInputs>;
}

/** Checks, waivers and catalogues, loaded and cross-checked once. */
export interface AssessmentInputs {
  readonly checks: readonly CheckDefinition[];
  readonly waivers: readonly Waiver[];
  readonly catalogues: readonly Catalogue[];
  readonly inputs: CheckInputs;
}

/** Loads the inputs first, so a bad custom check, waiver or catalogue fails before a slow collection. */
export function loadAssessmentInputs(config: AssessmentConfig = {}): AssessmentInputs {
  const custom = config.checksPath === undefined ? [] : loadCustomChecks(config.checksPath, BUILT_IN_CHECKS.map((check) => check.id));
  const checks = [...BUILT_IN_CHECKS, ...custom];
  const ids = checks.map((check) => check.id);
  const waivers = config.waiversFile === undefined ? [] : loadWaivers(config.waiversFile, ids);
  const all = loadCatalogues({ dirs: config.controlsDirs ?? [], knownChecks: ids });
  const catalogues = config.frameworks === undefined || config.frameworks.length === 0 ? all : selectCatalogues(all, config.frameworks);
  return { checks, waivers, catalogues, inputs: { ...DEFAULT_INPUTS, ...config.inputs } };
}

export async function acquireSnapshot(source: SnapshotSourceOption, onProgress?: (progress: CollectProgress) => void): Promise<Snapshot> {
  if (source.type === 'file') {
    return loadSnapshotInput(source.path, {
      ...(source.clusterName === undefined ? {} : { clusterName: source.clusterName }),
      ...(source.collectedAt === undefined ? {} : { collectedAt: source.collectedAt }),
    });
  }
  return collectSnapshot({
    ...(source.context === undefined ? {} : { context: source.context }),
    ...(source.kubeconfig === undefined ? {} : { kubeconfig: source.kubeconfig }),
    ...(source.clusterName === undefined ? {} : { clusterName: source.clusterName }),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
}

/** The evaluate stage's output: findings with waivers applied. */
export interface Evaluation {
  readonly snapshot: Snapshot;
  readonly checks: readonly CheckMetadata[];
  readonly findings: readonly Finding[];
  readonly waivers: WaiverOutcome;
}

/**
 * Evaluates a snapshot as of `asOf` (its collection time): waiver expiry and attestation validity are judged
 * at the moment the evidence describes, so re-evaluating an old snapshot gives the same answer.
 */
export function evaluateSnapshot(snapshot: Snapshot, inputs: AssessmentInputs, asOf: Date): Evaluation {
  const index = new SnapshotIndex(snapshot);
  const findings = evaluateChecks(snapshot, inputs.checks, inputs.inputs, index);
  const waived = applyWaivers(findings, inputs.waivers, asOf, labelsInSnapshot(index));
  return { snapshot, checks: inputs.checks.map(metadataOf), findings: waived.findings, waivers: waived.outcome };
}

/** The map step: an evaluation's findings (and attestations) as requirement results and framework scores. Pure. */
export function mapEvaluation(
  evaluation: Pick<Evaluation, 'findings' | 'checks'>,
  catalogues: readonly Catalogue[],
  attestations: readonly Attestation[],
  asOf: Date,
): { readonly results: RequirementResult[]; readonly scores: FrameworkScore[] } {
  const results = deriveResults(evaluation.findings, catalogues, attestations, asOf, evaluation.checks);
  return { results, scores: scoreFrameworks(results, evaluation.findings, evaluation.checks) };
}

/** evaluate + map: the whole content of a run, before it is stored. Pure. */
export function assess(snapshot: Snapshot, inputs: AssessmentInputs, attestations: readonly Attestation[], collectedAt: string): Assessment {
  const asOf = new Date(collectedAt);
  const evaluation = evaluateSnapshot(snapshot, inputs, asOf);
  const { results, scores } = mapEvaluation(evaluation, inputs.catalogues, attestations, asOf);
  const relevant = attestations.filter((attestation) => inputs.catalogues.some((catalogue) => catalogue.id === attestation.framework));
  return {
    cluster: snapshot.cluster,
    collectedAt,
    collector: snapshot.collector,
    gaps: snapshot.gaps,
    checks: evaluation.checks,
    findings: evaluation.findings,
    results,
    scores,
    catalogues: appliedCatalogues(inputs.catalogues),
    catalogueDigest: catalogueDigest(inputs.catalogues),
    waivers: evaluation.waivers,
    attestations: relevant,
  };
}

/** A snapshot's collection time, or the override; a run must be dated, so neither is an error naming the input. */
export function collectionTimeOf(snapshot: Snapshot, override?: string): string {
  const value = override ?? snapshot.collectedAt;
  if (value === null || value === undefined) {
    throw invalidInput('collectedAt', 'the input carries no collection time; pass {input} (e.g. 2026-09-30T02:00:00Z) so the run can be dated');
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw invalidInput('collectedAt', `{input} must be an ISO-8601 time (got '${value}')`);
  return time.toISOString();
}

export interface RunOptions {
  readonly source: SnapshotSourceOption;
  readonly inputs: AssessmentInputs;
  readonly store: EvidenceStore;
  readonly collectedAt?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CollectProgress) => void;
  readonly now?: () => Date;
}

export interface RunOutcome {
  readonly summary: RunSummary;
  readonly created: boolean;
  readonly assessment: Assessment;
}

/** collect → evaluate → map → store. Aborting before the store stage stores nothing; the store write is one transaction. */
export async function runPipeline(options: RunOptions): Promise<RunOutcome> {
  const clock = options.now ?? (() => new Date());
  const startedAt = clock().toISOString();
  const snapshot = await acquireSnapshot(options.source, options.onProgress);
  throwIfAborted(options.signal);
  const collectedAt = collectionTimeOf(snapshot, options.collectedAt);
  const assessment = assess(snapshot, options.inputs, options.store.listAttestations(), collectedAt);
  throwIfAborted(options.signal);
  const { summary, created } = options.store.insertRun({ snapshot, assessment, startedAt, finishedAt: clock().toISOString(), toolVersion: TOOL_VERSION });
  return { summary, created, assessment };
}

export interface ReportOptions {
  readonly store: EvidenceStore;
  readonly runId: number;
  readonly outDir: string;
  readonly catalogues: readonly Catalogue[];
  readonly frameworks?: readonly string[];
  readonly compareTo?: number;
  /** `2026-Q3`, `2026-09`, `2026`: trend, pass counts and the diff span the runs of that period. */
  readonly period?: PackPeriod;
  readonly signer?: Signer;
  readonly archive?: boolean;
  readonly generatedAt: Date;
}

export interface ReportOutcome {
  readonly dir: string;
  readonly files: readonly string[];
  readonly pageCount: number;
  readonly archive: string | null;
  readonly signed: boolean;
}

/**
 * report → sign for one stored run. The pack is rendered into a temporary folder, signed there (or given an
 * unsigned manifest), and only then renamed into place: it appears complete and signed, or not at all.
 */
export async function writeReport(options: ReportOptions): Promise<ReportOutcome> {
  const { store, signer, generatedAt } = options;
  // What collect, evaluate and store held is garbage now; so, once the model is built, is what loading left.
  releaseMemory();
  const loaded = loadPackInput(store, options.catalogues, {
    runId: options.runId,
    ...(options.frameworks === undefined ? {} : { frameworks: options.frameworks }),
    ...(options.compareTo === undefined ? {} : { compareTo: options.compareTo }),
    ...(options.period === undefined ? {} : { period: options.period }),
  });
  const { run } = loaded.input;
  const model = buildPackModel({
    ...loaded.input,
    generatedAt: generatedAt.toISOString(),
    ...(signer === undefined ? {} : { signer: { name: signer.name, subject: signer.subject, fingerprint: signer.fingerprint } }),
  });
  releaseMemory();
  const provenance = {
    runId: run.id,
    runHash: run.hash,
    clusterUid: run.clusterUid,
    clusterName: run.clusterName,
    frameworks: loaded.input.frameworks ?? [],
    catalogueDigest: run.catalogueDigest,
    toolVersion: TOOL_VERSION,
    generatedAt: generatedAt.toISOString(),
  };
  mkdirSync(options.outDir, { recursive: true });
  const pack = await writePack(model, options.outDir, {
    attachments: loaded.attachments,
    beforeCommit: async (tempDir) => {
      if (signer === undefined) writeUnsignedManifest(tempDir, provenance);
      else await signPack(tempDir, signer, provenance, generatedAt);
    },
  });
  const archive = options.archive === true ? `${pack.dir}.tar.gz` : null;
  if (archive !== null) await writeArchive(pack.dir, archive, new Date(run.collectedAt));
  return { dir: pack.dir, files: pack.files, pageCount: pack.pdf.pageCount, archive, signed: signer !== undefined };
}

function metadataOf(check: CheckDefinition): CheckMetadata {
  const { id, title, severity, rationale, remediation, reads, references, origin } = check;
  return { id, title, severity, rationale, remediation, reads, references, origin };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new KvError({ code: 'run.aborted', exitCode: 1, message: 'stopped before the run was stored; nothing was written' });
}

/**
 * One scheduled run against a database file: collect → evaluate → map → store, then the retention rule. The
 * store is opened for the run and closed after it, so a daemon never holds the database between runs.
 */
export async function runIntoDatabase(options: Omit<RunOptions, 'store'> & { readonly database: string; readonly retentionDays?: number }): Promise<RunOutcome> {
  const { database, retentionDays, ...run } = options;
  const store = openStore(database);
  try {
    const outcome = await runPipeline({ ...run, store });
    if (retentionDays !== undefined) store.prune(retentionDays, (options.now ?? (() => new Date()))());
    return outcome;
  } finally {
    store.close();
  }
}

/** report → sign for the newest stored run of a cluster (by name) in a database file, opened read-only. */
export async function reportLatestRun(options: Omit<ReportOptions, 'store' | 'runId'> & { readonly database: string; readonly clusterName: string }): Promise<ReportOutcome> {
  const { database, clusterName, ...report } = options;
  const store = openStore(database, { readonly: true });
  try {
    const latest = store.listRuns().filter((run) => run.clusterName === clusterName).at(-1);
    if (latest === undefined) throw usageError(`no stored run of ${clusterName} to report on`);
    return await writeReport({ ...report, store, runId: latest.id });
  } finally {
    store.close();
  }
}

/** Newest `generatedAt` among a cluster's packs under `reportsDir`, read from their manifests: derived state, nothing extra to keep. */
export function lastPackTime(reportsDir: string, clusterName: string): Date | null {
  const dir = join(reportsDir, safeDirName(clusterName));
  if (!existsSync(dir)) return null;
  const times = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .flatMap((entry) => {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, entry.name, 'manifest.json'), 'utf8')) as { generatedAt?: string };
        return manifest.generatedAt === undefined ? [] : [new Date(manifest.generatedAt).getTime()];
      } catch {
        return [];
      }
    });
  return times.length === 0 ? null : new Date(Math.max(...times));
}

export type { Signer };
