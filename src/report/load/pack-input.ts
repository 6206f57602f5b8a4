import type { Catalogue } from '../../domain/catalogue.js';
import { canonicalFrameworkId, frameworkIdFamily, isSameFramework } from '../../domain/framework-id.js';
import type { RequirementHistory, RunDiff, ScorePoint } from '../../domain/history.js';
import type { RunRecord, RunSummary } from '../../domain/run.js';
import { usageError } from '../../errors.js';
import type { EvidenceStore, RunQuery } from '../../store/index.js';
import { attackSurfaceOf } from '../model/attack-surface.js';
import type { EvidenceSource } from '../evidence-files.js';
import type { AttackSurfacePoint, PackInput, PackPeriod, PeriodRunsInput } from '../model/model-types.js';
import { previousPeriodOf } from './period.js';

/** Earlier runs whose attack surface is loaded for the "over time" table (each one's findings are read). */
const ATTACK_SURFACE_RUNS = 6;

export interface PackSelection {
  readonly runId: number;
  /** Framework ids; default every framework the run has results for. */
  readonly frameworks?: readonly string[];
  readonly compareTo?: number;
  readonly period?: PackPeriod;
}

export interface LoadedPackInput {
  readonly input: Omit<PackInput, 'generatedAt' | 'signer'>;
  /** Attested files by SHA-256, copied into the pack. */
  readonly attachments: ReadonlyMap<string, Buffer>;
  /** The run's evidence objects, read from the store as the pack is written (the store must stay open). */
  readonly evidence: EvidenceSource;
}

/**
 * Reads from the store everything a pack of one run shows: the run, score trend, per-requirement history over
 * the period, the diff against the compared run (default: the previous run, or the period's first run), the
 * attack surface of earlier runs and attested files. The model built from it never touches the store again.
 */
export function loadPackInput(store: EvidenceStore, catalogues: readonly Catalogue[], selection: PackSelection): LoadedPackInput {
  const run = store.getRun(selection.runId);
  const frameworks = frameworksOf(run, selection.frameworks);
  const { period } = selection;
  const window: RunQuery = period === undefined ? { clusterUid: run.clusterUid, until: run.collectedAt } : { clusterUid: run.clusterUid, since: period.from, until: lastInstantOf(period) };
  const trend = frameworks.flatMap((framework) => trendAcrossRenames(store, framework, window));
  const history: RequirementHistory[] = frameworks.flatMap((framework) => store.requirementHistory(framework, window));
  const diff = diffFor(store, run, selection.compareTo, period);
  const applied = new Set(run.catalogues.map((catalogue) => canonicalFrameworkId(catalogue.id)));
  return {
    input: {
      run,
      catalogues: catalogues.filter((catalogue) => applied.has(canonicalFrameworkId(catalogue.id))),
      frameworks,
      trend,
      requirementHistory: history,
      ...(diff === undefined ? {} : { diff }),
      ...(period === undefined ? {} : { period, periodRuns: periodRunsOf(store, run.clusterUid, period) }),
      attackSurfaceTrend: attackSurfaceTrendOf(store, run, trend),
    },
    attachments: attachmentsOf(store, run, frameworks),
    evidence: { run, read: (sha256) => store.readEvidenceObject(sha256) },
  };
}

/** A framework's score trend including runs stored under its deprecated ids, every point labelled `framework`. */
function trendAcrossRenames(store: EvidenceStore, framework: string, window: RunQuery): ScorePoint[] {
  return frameworkIdFamily(framework)
    .flatMap((id) => store.scoreTrend(id, window))
    .map((point) => ({ ...point, framework }))
    .sort((a, b) => (a.collectedAt < b.collectedAt ? -1 : a.collectedAt > b.collectedAt ? 1 : a.runId - b.runId));
}

/** The latest run of a cluster, within the period when one is given. */
export function latestRunOf(store: EvidenceStore, cluster: { readonly uid: string; readonly name: string }, period?: PackPeriod): number {
  const query: RunQuery = period === undefined ? { clusterUid: cluster.uid } : { clusterUid: cluster.uid, since: period.from, until: lastInstantOf(period) };
  const latest = store.listRuns(query).at(-1);
  if (latest === undefined) throw usageError(`no run of ${cluster.name} was collected in ${period?.label ?? 'the database'}`);
  return latest.id;
}

/**
 * Requested frameworks, checked against the run; default every framework the run has results for, in run order.
 * Each is returned as the run stored it, so `pci-dss-4.0.1` finds a run stored under the old id and vice versa.
 */
function frameworksOf(run: RunRecord, requested: readonly string[] | undefined): string[] {
  const available = [...new Set(run.results.map((result) => result.framework))];
  if (requested === undefined || requested.length === 0) return available;
  const stored = (id: string): string | undefined => available.find((framework) => isSameFramework(framework, id));
  const unknown = requested.filter((id) => stored(id) === undefined);
  if (unknown.length > 0) throw usageError(`run ${run.id} has no results for ${unknown.join(', ')}`, `frameworks in this run: ${available.join(', ')}`);
  return [...new Set(requested.map((id) => stored(id) as string))];
}

/**
 * The comparison baseline: --compare-to; else, for a period, the state at its start (the last run before it) or,
 * when nothing was stored before the period, its first run; else the run before this one. Whenever an earlier run
 * of the cluster exists, the pack is compared with one: never "no earlier run" when there is one.
 */
function diffFor(store: EvidenceStore, run: RunRecord, compareTo: number | undefined, period: PackPeriod | undefined): RunDiff | undefined {
  if (compareTo !== undefined) return compareTo === run.id ? undefined : store.diffRuns(compareTo, run.id);
  const earlier = store.listRuns({ clusterUid: run.clusterUid, until: run.collectedAt }).filter((other) => other.id !== run.id && other.collectedAt <= run.collectedAt);
  const beforePeriod = period === undefined ? [] : earlier.filter((other) => other.collectedAt < period.from);
  const baseline: RunSummary | undefined = period === undefined ? earlier.at(-1) : (beforePeriod.at(-1) ?? earlier[0]);
  return baseline === undefined || baseline.id === run.id ? undefined : store.diffRuns(baseline.id, run.id);
}

/** The runs of the period and of the period before it, for period coverage and the period-on-period comparison. */
function periodRunsOf(store: EvidenceStore, clusterUid: string, period: PackPeriod): PeriodRunsInput {
  const previous = previousPeriodOf(period);
  return {
    period,
    runs: store.listRuns({ clusterUid, since: period.from, until: lastInstantOf(period) }),
    previous: { ...previous, runs: store.listRuns({ clusterUid, since: previous.from, until: lastInstantOf(previous) }) },
  };
}

/** The attack surface of the last few earlier runs in the trend, for the "over time" table. */
function attackSurfaceTrendOf(store: EvidenceStore, run: RunRecord, trend: readonly ScorePoint[]): AttackSurfacePoint[] {
  const earlier = [...new Map(trend.filter((point) => point.runId !== run.id).map((point) => [point.runId, point.collectedAt])).entries()]
    .sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(-ATTACK_SURFACE_RUNS);
  return earlier.map(([runId, collectedAt]) => ({ runId, collectedAt, counts: attackSurfaceOf(store.getRunFindings(runId)) }));
}

function attachmentsOf(store: EvidenceStore, run: RunRecord, frameworks: readonly string[]): Map<string, Buffer> {
  const files = run.attestations.filter((attestation) => frameworks.includes(attestation.framework)).flatMap((attestation) => attestation.files);
  return new Map(files.map((file) => [file.sha256, store.readAttachment(file.sha256)]));
}

/** The store's `until` is inclusive; a period's `to` is the first instant after it. */
function lastInstantOf(period: PackPeriod): string {
  return new Date(Date.parse(period.to) - 1).toISOString();
}
