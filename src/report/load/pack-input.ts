import type { Catalogue } from '../../domain/catalogue.js';
import type { RequirementHistory, RunDiff, ScorePoint } from '../../domain/history.js';
import type { RunRecord, RunSummary } from '../../domain/run.js';
import { usageError } from '../../errors.js';
import type { EvidenceStore, RunQuery } from '../../store/index.js';
import { attackSurfaceOf } from '../model/attack-surface.js';
import type { AttackSurfacePoint, PackInput, PackPeriod } from '../model/model-types.js';

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
  const trend = frameworks.flatMap((framework) => store.scoreTrend(framework, window));
  const history: RequirementHistory[] = frameworks.flatMap((framework) => store.requirementHistory(framework, window));
  const diff = diffFor(store, run, selection.compareTo, period);
  const applied = new Set(run.catalogues.map((catalogue) => catalogue.id));
  return {
    input: {
      run,
      catalogues: catalogues.filter((catalogue) => applied.has(catalogue.id)),
      frameworks,
      trend,
      requirementHistory: history,
      ...(diff === undefined ? {} : { diff }),
      ...(period === undefined ? {} : { period }),
      attackSurfaceTrend: attackSurfaceTrendOf(store, run, trend),
    },
    attachments: attachmentsOf(store, run, frameworks),
  };
}

/** The latest run of a cluster, within the period when one is given. */
export function latestRunOf(store: EvidenceStore, cluster: { readonly uid: string; readonly name: string }, period?: PackPeriod): number {
  const query: RunQuery = period === undefined ? { clusterUid: cluster.uid } : { clusterUid: cluster.uid, since: period.from, until: lastInstantOf(period) };
  const latest = store.listRuns(query).at(-1);
  if (latest === undefined) throw usageError(`no run of ${cluster.name} was collected in ${period?.label ?? 'the database'}`);
  return latest.id;
}

/** Requested frameworks, checked against the run; default every framework the run has results for, in run order. */
function frameworksOf(run: RunRecord, requested: readonly string[] | undefined): string[] {
  const available = new Set(run.results.map((result) => result.framework));
  if (requested === undefined || requested.length === 0) return [...available];
  const unknown = requested.filter((id) => !available.has(id));
  if (unknown.length > 0) throw usageError(`run ${run.id} has no results for ${unknown.join(', ')}`, `frameworks in this run: ${[...available].join(', ')}`);
  return [...requested];
}

function diffFor(store: EvidenceStore, run: RunRecord, compareTo: number | undefined, period: PackPeriod | undefined): RunDiff | undefined {
  if (compareTo !== undefined) return compareTo === run.id ? undefined : store.diffRuns(compareTo, run.id);
  const runs = store.listRuns(period === undefined ? { clusterUid: run.clusterUid, until: run.collectedAt } : { clusterUid: run.clusterUid, since: period.from, until: lastInstantOf(period) });
  const baseline: RunSummary | undefined = period === undefined ? runs.filter((other) => other.id !== run.id).at(-1) : runs[0];
  return baseline === undefined || baseline.id === run.id ? undefined : store.diffRuns(baseline.id, run.id);
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
