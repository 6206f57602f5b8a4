import type { Finding } from '../../domain/finding.js';
import type { RunRecord } from '../../domain/run.js';
import type { AttackSurface, AttackSurfaceCounts, AttackSurfacePoint } from './model-types.js';
import { buildSignalIndex, type BlastRadiusTrait, type SignalIndex } from './signals.js';

/** Names listed per attack-surface category in the body; counts are always complete. */
const NAMES_SHOWN = 20;

/**
 * Attack surface counts of one run, from its findings alone (see signals.ts for what counts). Exported so the CLI
 * can compute it for earlier runs of a period and pass the series in as `attackSurfaceTrend`.
 */
export function attackSurfaceOf(findings: readonly Finding[]): AttackSurfaceCounts {
  return countsOf(buildSignalIndex(findings));
}

export function attackSurfaceView(signals: SignalIndex, run: RunRecord, earlier: readonly AttackSurfacePoint[]): AttackSurface {
  const current = countsOf(signals);
  const previous = earlier.filter((point) => point.runId !== run.id).sort((a, b) => (a.collectedAt < b.collectedAt ? -1 : a.collectedAt > b.collectedAt ? 1 : a.runId - b.runId));
  return {
    current,
    trend: [...previous, { runId: run.id, collectedAt: run.collectedAt, counts: current }],
    exposedEndpoints: entryPoints(signals).slice(0, NAMES_SHOWN),
    privilegedWorkloads: withTrait(signals, 'privileged').slice(0, NAMES_SHOWN),
    clusterWideIdentities: withTrait(signals, 'cluster-wide-rbac').slice(0, NAMES_SHOWN),
  };
}

function countsOf(signals: SignalIndex): AttackSurfaceCounts {
  return {
    exposedEndpoints: entryPoints(signals).length,
    privilegedWorkloads: withTrait(signals, 'privileged').length,
    hostPathWorkloads: withTrait(signals, 'host-path').length,
    clusterWideIdentities: withTrait(signals, 'cluster-wide-rbac').length,
    secretsAccess: withTrait(signals, 'secrets-access').length,
  };
}

/** Resources that are an entry point themselves; backends are reachable through one and are not counted twice. */
function entryPoints(signals: SignalIndex): string[] {
  return [...signals.byResource.entries()]
    .filter(([, resource]) => [...resource.exposure].some((kind) => kind !== 'backend'))
    .map(([key]) => key)
    .sort();
}

function withTrait(signals: SignalIndex, trait: BlastRadiusTrait): string[] {
  return [...signals.byResource.entries()]
    .filter(([, resource]) => resource.traits.has(trait))
    .map(([key]) => key)
    .sort();
}
