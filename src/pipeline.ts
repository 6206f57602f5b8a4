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
import { resolveInputs, type CheckInputs, type InputOverrides } from './checks/inputs.js';
import { BUILT_IN_CHECKS } from './checks/registry.js';
import { SnapshotIndex } from './checks/snapshot-index.js';
import { applyWaivers, labelsInSnapshot, loadWaivers } from './checks/waivers.js';
import { ScopeEvaluator, validateScopeSpec } from './catalog/scope.js';
import { collectSnapshot, loadSnapshotInput, provenanceOf, type CollectProgress } from './collect/index.js';
import type { EvidenceProvenance } from './domain/provenance.js';
import type { ScopeSpec } from './domain/scope.js';
import type { Attestation } from './domain/attestation.js';
import type { Catalogue, FrameworkScore, RequirementResult } from './domain/catalogue.js';
import type { CheckMetadata } from './domain/check.js';
import type { Finding } from './domain/finding.js';
import type { Assessment, RunSummary } from './domain/run.js';
import type { Snapshot } from './domain/snapshot.js';
import type { Waiver, WaiverOutcome } from './domain/waiver.js';
import { invalidInput, KvError, usageError } from './errors.js';
import { releaseMemory } from './release-memory.js';
import { buildPackModel, loadPackInput, safeDirName, signoffFrom, writePack, type PackPeriod, type SignoffInput, type SignoffSource } from './report/index.js';
import { signCheckpoint, signPack, writeArchive, writeUnsignedManifest, type Signer } from './sign/index.js';
import type { ChainHead } from './domain/chain-head.js';
import { clusterUidOf, openStore, type EvidenceStore } from './store/index.js';
import { TOOL_VERSION } from './version.js';

/** Where a snapshot comes from. */
export type SnapshotSourceOption =
  | { readonly type: 'file'; readonly path: string; readonly clusterName?: string; readonly collectedAt?: string; readonly completeKinds?: readonly string[] }
  | { readonly type: 'cluster'; readonly context?: string; readonly kubeconfig?: string; readonly clusterName?: string };

/** The user-supplied inputs of evaluate and map; all optional, all validated before anything is collected. */
export interface AssessmentConfig {
  readonly checksPath?: string;
  readonly waiversFile?: string;
  readonly controlsDirs?: readonly string[];
  /** Framework ids to map onto; default every catalogue. */
  readonly frameworks?: readonly string[];
  readonly inputs?: InputOverrides;
  /** Namespaces judged, globally and per framework; default everything. */
  readonly scope?: ScopeSpec;
}

/** Checks, waivers and catalogues, loaded and cross-checked once. */
export interface AssessmentInputs {
  readonly checks: readonly CheckDefinition[];
  readonly waivers: readonly Waiver[];
  readonly catalogues: readonly Catalogue[];
  readonly inputs: CheckInputs;
  /** Validated scope; absent = every namespace is in scope. */
  readonly scope?: ScopeSpec;
}

/** Loads the inputs first, so a bad custom check, waiver or catalogue fails before a slow collection. */
export function loadAssessmentInputs(config: AssessmentConfig = {}): AssessmentInputs {
  const custom = config.checksPath === undefined ? [] : loadCustomChecks(config.checksPath, BUILT_IN_CHECKS.map((check) => check.id));
  const checks = [...BUILT_IN_CHECKS, ...custom];
  const ids = checks.map((check) => check.id);
  const waivers = config.waiversFile === undefined ? [] : loadWaivers(config.waiversFile, ids);
  const all = loadCatalogues({ dirs: config.controlsDirs ?? [], knownChecks: ids });
  const catalogues = config.frameworks === undefined || config.frameworks.length === 0 ? all : selectCatalogues(all, config.frameworks);
  if (config.scope !== undefined) validateScopeSpec(config.scope, catalogues.map((catalogue) => catalogue.id));
  return { checks, waivers, catalogues, inputs: resolveInputs(config.inputs), ...(config.scope === undefined ? {} : { scope: config.scope }) };
}

export async function acquireSnapshot(source: SnapshotSourceOption, onProgress?: (progress: CollectProgress) => void): Promise<Snapshot> {
  if (source.type === 'file') {
    return loadSnapshotInput(source.path, {
      ...(source.clusterName === undefined ? {} : { clusterName: source.clusterName }),
      ...(source.collectedAt === undefined ? {} : { collectedAt: source.collectedAt }),
      ...(source.completeKinds === undefined ? {} : { completeKinds: source.completeKinds }),
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

/** What a run records about itself beyond its evidence: how it was obtained, and whether it is a backfill. */
export interface RunMarks {
  readonly provenance?: EvidenceProvenance;
  readonly backfilled?: boolean;
}

/**
 * The map step: an evaluation's findings (and attestations) as requirement results and framework scores. Pure.
 * With a scope, each framework's results and score rest only on the findings in its scope (see catalog/scope.ts).
 */
export function mapEvaluation(
  evaluation: Pick<Evaluation, 'findings' | 'checks'>,
  catalogues: readonly Catalogue[],
  attestations: readonly Attestation[],
  asOf: Date,
  scope?: ScopeEvaluator,
): { readonly results: RequirementResult[]; readonly scores: FrameworkScore[] } {
  if (scope === undefined) {
    const results = deriveResults(evaluation.findings, catalogues, attestations, asOf, evaluation.checks);
    return { results, scores: scoreFrameworks(results, evaluation.findings, evaluation.checks) };
  }
  const results = catalogues.flatMap((catalogue) => deriveResults(scope.findingsFor(evaluation.findings, catalogue.id), [catalogue], attestations, asOf, evaluation.checks));
  const scores = catalogues.flatMap((catalogue) =>
    scoreFrameworks(results.filter((result) => result.framework === catalogue.id), scope.findingsFor(evaluation.findings, catalogue.id), evaluation.checks),
  );
  return { results, scores };
}

/** evaluate + map: the whole content of a run, before it is stored. Pure. Every finding is kept, in scope or not. */
export function assess(snapshot: Snapshot, inputs: AssessmentInputs, attestations: readonly Attestation[], collectedAt: string, marks: RunMarks = {}): Assessment {
  const asOf = new Date(collectedAt);
  const evaluation = evaluateSnapshot(snapshot, inputs, asOf);
  const scope = new ScopeEvaluator(inputs.scope ?? {}, snapshot);
  const { results, scores } = mapEvaluation(evaluation, inputs.catalogues, attestations, asOf, scope);
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
    scope: scope.record(evaluation.findings, inputs.catalogues.map((catalogue) => catalogue.id)),
    population: scope.population(),
    ...(marks.provenance === undefined ? {} : { provenance: marks.provenance }),
    ...(marks.backfilled === true ? { backfilled: true } : {}),
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
  /** Store a run collected before the cluster's newest stored run, marked as backfilled (refused otherwise). */
  readonly backfill?: boolean;
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
  const collectedAtGiven = options.collectedAt !== undefined || (options.source.type === 'file' && options.source.collectedAt !== undefined);
  const provenance = provenanceOf(snapshot, options.source, collectedAtGiven);
  // Only a run that really is older than the cluster's newest is marked; the store refuses an unmarked one.
  const newest = options.store.latestRun(clusterUidOf(snapshot.cluster));
  const backfilled = options.backfill === true && newest !== null && collectedAt < newest.collectedAt;
  const assessment = assess(snapshot, options.inputs, options.store.listAttestations(), collectedAt, { provenance, backfilled });
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
  /** RFC 3161 time-stamping authority URL for the manifest signature (signed packs only). */
  readonly tsaUrl?: string;
  readonly archive?: boolean;
  readonly generatedAt: Date;
  /** Prepared by, reviewed by, management assertion: shown as given, "not provided" when absent. */
  readonly signoff?: SignoffInput;
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
    ...(options.signoff === undefined ? {} : { signoff: options.signoff }),
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
    ...chainHeadOf(store, run.clusterUid),
  };
  mkdirSync(options.outDir, { recursive: true });
  const pack = await writePack(model, options.outDir, {
    attachments: loaded.attachments,
    evidence: loaded.evidence,
    beforeCommit: async (tempDir) => {
      if (signer === undefined) writeUnsignedManifest(tempDir, provenance);
      else {
        await signPack(tempDir, signer, provenance, generatedAt, options.tsaUrl === undefined ? {} : { tsaUrl: options.tsaUrl });
        recordSigning(store, signer, provenance.chainHead);
      }
    },
  });
  const archive = options.archive === true ? `${pack.dir}.tar.gz` : null;
  if (archive !== null) await writeArchive(pack.dir, archive, new Date(run.collectedAt));
  return { dir: pack.dir, files: pack.files, pageCount: pack.pdf.pageCount, archive, signed: signer !== undefined };
}

function chainHeadOf(store: EvidenceStore, clusterUid: string): { chainHead?: ChainHead } {
  const head = store.chainHead(clusterUid);
  return head === null ? {} : { chainHead: head };
}

/**
 * Pins the signer in the store and writes a signed checkpoint of the chain head, before the pack is put in
 * place: a pack never exists whose signer the store does not know.
 */
function recordSigning(store: EvidenceStore, signer: Signer, head: ChainHead | undefined): void {
  const now = new Date();
  store.recordSigning({
    signer: { fingerprint: signer.fingerprint, subject: signer.subject, certificatePem: signer.certificatePem },
    checkpoint: head === undefined ? null : signCheckpoint(head, signer, now),
    at: now.toISOString(),
  });
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

/** report → sign for the newest stored run of a cluster (by name) in a database file, opened read-only unless signing (which records the signer and a checkpoint). */
export async function reportLatestRun(
  options: Omit<ReportOptions, 'store' | 'runId'> & { readonly database: string; readonly clusterName: string; readonly signoffSource?: SignoffSource },
): Promise<ReportOutcome> {
  const { database, clusterName, signoffSource, ...rest } = options;
  // The config's signoff block, its assertion file read before the store is opened.
  const signoff = signoffSource === undefined ? undefined : signoffFrom(signoffSource);
  const report = signoff === undefined ? rest : { ...rest, signoff };
  const store = openStore(database, { readonly: report.signer === undefined });
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
