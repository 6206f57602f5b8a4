import type { Finding } from '../domain/finding.js';
import type { Gap, ResourceRef, Snapshot } from '../domain/snapshot.js';
import type { CheckDefinition, FindingDraft } from './define-check.js';
import { DEFAULT_INPUTS, type CheckInputs } from './inputs.js';
import { SnapshotIndex } from './snapshot-index.js';

/** The subject of findings about the cluster as a whole (missing evidence, cluster-wide settings). */
export function clusterRef(snapshot: Snapshot): ResourceRef {
  return { apiVersion: 'kubevidence.io/v1', kind: 'Cluster', name: snapshot.cluster.name };
}

/**
 * Runs every check over one snapshot. Pure and deterministic: findings come out in check order, then sorted
 * by subject, and the same inputs always give the same output.
 *
 * Fail-safe rules applied here, for every check alike:
 * - a kind in `reads` that was not collected yields one `unknown` finding naming the gap;
 * - a kind in `needs` that was not collected turns every `pass` into `unknown`;
 * - a check that throws yields one `unknown` finding instead of aborting the run.
 */
export function evaluateChecks(
  snapshot: Snapshot,
  checks: readonly CheckDefinition[],
  inputs: CheckInputs = DEFAULT_INPUTS,
  index: SnapshotIndex = new SnapshotIndex(snapshot),
): Finding[] {
  return checks.flatMap((check) => evaluateOne(check, snapshot, index, inputs));
}

function evaluateOne(check: CheckDefinition, snapshot: Snapshot, index: SnapshotIndex, inputs: CheckInputs): Finding[] {
  let drafts: readonly FindingDraft[];
  try {
    drafts = check.evaluate({ snapshot, index, inputs });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    drafts = [{ resource: clusterRef(snapshot), status: 'unknown', message: `Check ${check.id} could not be evaluated: ${reason}`, evidence: [] }];
  }
  const missingNeeds = (check.needs ?? []).filter((kind) => !index.hasCollected(kind));
  const adjusted = missingNeeds.length === 0 ? drafts : drafts.map((draft) => downgradePass(draft, missingNeeds, snapshot));
  const sorted = [...adjusted].sort(compareDrafts);
  const findings = sorted.map((draft) => ({ check: check.id, ...draft }));
  return [...findings, ...unexaminedKinds(check, snapshot, index)];
}

function downgradePass(draft: FindingDraft, missing: readonly string[], snapshot: Snapshot): FindingDraft {
  if (draft.status !== 'pass') return draft;
  return { ...draft, status: 'unknown', message: `${draft.message} Not conclusive: ${describeMissing(missing, snapshot)}.` };
}

function unexaminedKinds(check: CheckDefinition, snapshot: Snapshot, index: SnapshotIndex): Finding[] {
  return check.reads
    .filter((kind) => !index.hasCollected(kind))
    .map((kind) => ({
      check: check.id,
      resource: clusterRef(snapshot),
      status: 'unknown' as const,
      message: `${describeMissing([kind], snapshot)}, so ${kind} objects could not be examined.`,
      evidence: [{ path: `gaps[${kind}]`, observed: gapReasons(kind, snapshot.gaps) }],
    }));
}

function describeMissing(kinds: readonly string[], snapshot: Snapshot): string {
  return kinds.map((kind) => `${kind} was not collected (${gapReasons(kind, snapshot.gaps)})`).join('; ');
}

function gapReasons(kind: string, gaps: readonly Gap[]): string {
  const reasons = [...new Set(gaps.filter((gap) => gap.kind === kind).map((gap) => gap.reason))];
  return reasons.length === 0 ? 'not-collected' : reasons.join(', ');
}

function compareDrafts(a: FindingDraft, b: FindingDraft): number {
  return subjectKey(a.resource).localeCompare(subjectKey(b.resource), 'en');
}

function subjectKey(ref: ResourceRef): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}
