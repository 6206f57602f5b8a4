import type { Finding } from '../domain/finding.js';
import type { Gap, ResourceRef, Snapshot } from '../domain/snapshot.js';
import type { CheckDefinition, FindingDraft } from './define-check.js';
import { DEFAULT_INPUTS, type CheckInputs } from './inputs.js';
import { SnapshotIndex } from './snapshot-index.js';
import { SubjectOrder } from './subject-order.js';

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
  const findings: Finding[] = [];
  const order = new SubjectOrder(index.workloads);
  for (const check of checks) appendFindings(findings, check, snapshot, index, inputs, order);
  return findings;
}

function appendFindings(findings: Finding[], check: CheckDefinition, snapshot: Snapshot, index: SnapshotIndex, inputs: CheckInputs, order: SubjectOrder): void {
  let drafts: readonly FindingDraft[];
  try {
    drafts = check.evaluate({ snapshot, index, inputs });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    drafts = [{ resource: clusterRef(snapshot), status: 'unknown', message: `Check ${check.id} could not be evaluated: ${reason}`, evidence: [] }];
  }
  const missingNeeds = (check.needs ?? []).filter((kind) => !index.hasCollected(kind));
  for (const draft of order.inOrder(drafts)) {
    findings.push(findingOf(check.id, missingNeeds.length === 0 ? draft : downgradePass(draft, missingNeeds, snapshot)));
  }
  for (const finding of unexaminedKinds(check, snapshot, index)) findings.push(finding);
}

/**
 * The draft with the check id in front. Output follows the draft's own property order, so a copy must keep it; the
 * usual orders are copied field by field (a third of the memory and time of a spread into a literal), anything else
 * is spread.
 */
function findingOf(check: string, draft: FindingDraft): Finding {
  const { resource, status, message, evidence, related } = draft;
  switch (keyOrderOf(draft)) {
    case 'plain':
      return { check, resource, status, message, evidence };
    case 'related-last':
      return { check, resource, status, message, evidence, related };
    case 'related-second':
      return { check, resource, related, status, message, evidence };
    default:
      return { check, ...draft };
  }
}

type KeyOrder = 'plain' | 'related-last' | 'related-second' | 'other';

const PLAIN_ORDER = ['resource', 'status', 'message', 'evidence'];
const RELATED_SECOND_ORDER = ['resource', 'related', 'status', 'message', 'evidence'];

function keyOrderOf(draft: FindingDraft): KeyOrder {
  let position = 0;
  let plain = true;
  let relatedSecond = true;
  for (const key in draft) {
    if (key !== PLAIN_ORDER[position] && !(position === 4 && key === 'related')) plain = false;
    if (key !== RELATED_SECOND_ORDER[position]) relatedSecond = false;
    position += 1;
  }
  if (plain && position === 4) return 'plain';
  if (plain && position === 5) return 'related-last';
  return relatedSecond && position === 5 ? 'related-second' : 'other';
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
