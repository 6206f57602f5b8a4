import type { RequirementStatus } from '../../domain/status.js';
import type { ClusterSummary, EvidenceStore } from '../../store/index.js';

/** One cluster's standing in one framework, from its latest run. */
export interface FleetFrameworkRow {
  readonly framework: string;
  readonly score: number | null;
  /** Requirements of the framework the latest run assessed, and how many passed. */
  readonly requirements: number;
  readonly passing: number;
  /** Passing requirements whose every check had evidence; null until the catalogue's scores carry that count. */
  readonly fullyEvidenced: number | null;
  /** Latest score minus the earliest score within the trend window; null with fewer than two scored runs. */
  readonly trend: number | null;
}

export interface FleetCluster {
  readonly uid: string;
  readonly name: string;
  readonly runs: number;
  readonly latestRunId: number;
  readonly latestRunHash: string;
  readonly lastCollectedAt: string;
  /** No run within the expected interval (`--stale-after`). */
  readonly stale: boolean;
  readonly frameworks: readonly FleetFrameworkRow[];
}

/** A requirement failing (or unknown) in the latest run of several clusters: where a fleet is weakest. */
export interface FleetRequirement {
  readonly framework: string;
  readonly requirement: string;
  readonly failing: number;
  readonly unknown: number;
  readonly clusters: number;
  readonly failingClusters: readonly string[];
}

export interface FleetView {
  readonly generatedAt: string;
  readonly staleAfterHours: number;
  readonly trendDays: number;
  readonly clusters: readonly FleetCluster[];
  readonly staleClusters: readonly string[];
  readonly worstRequirements: readonly FleetRequirement[];
}

export interface FleetOptions {
  readonly now: Date;
  readonly staleAfterMs: number;
  readonly trendDays: number;
  /** Only these frameworks; all that the latest runs scored when empty. */
  readonly frameworks: readonly string[];
  readonly worstLimit: number;
}

const DAY_MS = 86_400_000;

/**
 * The fleet, read through the store contract only (so either backend): per cluster its latest run's scores,
 * the trend over the window, and, per requirement, in how many clusters it fails now.
 */
export function buildFleetView(store: EvidenceStore, options: FleetOptions): FleetView {
  const worst = new Map<string, { framework: string; requirement: string; failing: string[]; unknown: number; clusters: number }>();
  const trendSince = new Date(options.now.getTime() - options.trendDays * DAY_MS).toISOString();
  const clusters = store.listClusters().flatMap((cluster): FleetCluster[] => {
    const latest = store.latestRun(cluster.uid);
    if (latest === null) return [];
    const scored = latest.scores.filter((score) => options.frameworks.length === 0 || options.frameworks.includes(score.framework));
    const frameworks = scored.map((score): FleetFrameworkRow => {
      const statuses = latestStatuses(store, cluster, score.framework, latest.collectedAt);
      for (const [requirement, status] of statuses) {
        const key = `${score.framework}\u0000${requirement}`;
        const entry = worst.get(key) ?? { framework: score.framework, requirement, failing: [], unknown: 0, clusters: 0 };
        entry.clusters += 1;
        if (status === 'fail') entry.failing.push(cluster.name);
        if (status === 'unknown') entry.unknown += 1;
        worst.set(key, entry);
      }
      const trend = store.scoreTrend(score.framework, { clusterUid: cluster.uid, since: trendSince }).filter((point) => point.score !== null);
      const first = trend[0]?.score ?? null;
      const last = trend[trend.length - 1]?.score ?? null;
      const counted = score as { readonly fullyEvidenced?: unknown };
      return {
        framework: score.framework,
        score: score.score,
        requirements: Object.values(score.counts).reduce((sum, count) => sum + count, 0),
        passing: score.counts.pass,
        fullyEvidenced: typeof counted.fullyEvidenced === 'number' ? counted.fullyEvidenced : null,
        trend: trend.length < 2 || first === null || last === null ? null : Math.round((last - first) * 10) / 10,
      };
    });
    const stale = options.now.getTime() - Date.parse(cluster.lastCollectedAt) > options.staleAfterMs;
    return [{ uid: cluster.uid, name: cluster.name, runs: cluster.runs, latestRunId: latest.id, latestRunHash: latest.hash, lastCollectedAt: cluster.lastCollectedAt, stale, frameworks }];
  });
  const worstRequirements = [...worst.values()]
    .filter((entry) => entry.failing.length > 0 || entry.unknown > 0)
    .sort((a, b) => b.failing.length - a.failing.length || b.unknown - a.unknown || a.framework.localeCompare(b.framework) || a.requirement.localeCompare(b.requirement, 'en', { numeric: true }))
    .slice(0, options.worstLimit)
    .map((entry) => ({ framework: entry.framework, requirement: entry.requirement, failing: entry.failing.length, unknown: entry.unknown, clusters: entry.clusters, failingClusters: entry.failing }));
  return {
    generatedAt: options.now.toISOString(),
    staleAfterHours: Math.round((options.staleAfterMs / 3_600_000) * 10) / 10,
    trendDays: options.trendDays,
    clusters,
    staleClusters: clusters.filter((cluster) => cluster.stale).map((cluster) => cluster.name),
    worstRequirements,
  };
}

/** The latest run's status of each requirement, from the per-requirement history of that run alone. */
function latestStatuses(store: EvidenceStore, cluster: ClusterSummary, framework: string, collectedAt: string): [string, RequirementStatus][] {
  return store.requirementHistory(framework, { clusterUid: cluster.uid, since: collectedAt }).map((row) => [
    row.requirement,
    row.failed > 0 ? 'fail' : row.unknown > 0 ? 'unknown' : row.passed > 0 ? 'pass' : 'manual',
  ]);
}

/** `2d`, `36h`, `90m`: the interval after which a cluster without a run is stale. */
export function parseInterval(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([dhm])$/.exec(text.trim());
  if (match === null) return null;
  const unit = { d: DAY_MS, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
  const value = Number(match[1]) * unit;
  return value > 0 ? value : null;
}
