import type { Finding } from '../domain/finding.js';
import type { Gap, ResourceRef, Snapshot } from '../domain/snapshot.js';
import type { CheckDefinition, FindingDraft } from './define-check.js';
import { DEFAULT_INPUTS, type CheckInputs } from './inputs.js';
import { MalformedInput } from './malformed-input.js';
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
 * - a check that throws yields one `unknown` finding instead of aborting the run;
 * - a pass or not-applicable resting on an object with wrong-typed fields becomes `unknown` (malformed-input.ts).
 */
export function evaluateChecks(
  snapshot: Snapshot,
  checks: readonly CheckDefinition[],
  inputs: CheckInputs = DEFAULT_INPUTS,
  index: SnapshotIndex = new SnapshotIndex(snapshot),
): Finding[] {
  const findings: Finding[] = [];
  const order = new SubjectOrder(index.workloads);
  const malformed = new MalformedInput(index);
  for (const check of checks) appendFindings(findings, check, snapshot, index, inputs, order, malformed);
  return findings;
}

function appendFindings(
  findings: Finding[],
  check: CheckDefinition,
  snapshot: Snapshot,
  index: SnapshotIndex,
  inputs: CheckInputs,
  order: SubjectOrder,
  malformed: MalformedInput,
): void {
  let drafts: readonly FindingDraft[];
  try {
    drafts = check.evaluate({ snapshot, index, inputs });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    drafts = [{ resource: clusterRef(snapshot), status: 'unknown', message: `Check ${check.id} could not be evaluated: ${reason}`, evidence: [{ path: `checks[${check.id}]`, observed: reason }] }];
  }
  drafts = malformed.apply(check, drafts);
  const missingNeeds = (check.needs ?? []).filter((kind) => !index.hasCollected(kind));
  for (const draft of order.inOrder(drafts)) {
    findings.push(findingOf(check.id, missingNeeds.length === 0 ? draft : downgradePass(draft, missingNeeds, snapshot)));
  }
  for (const finding of unexaminedKinds(check, snapshot, index)) findings.push(finding);
}

/**
 * The draft becomes the finding: the check id is added to it in place rather than copied into a new object, since
 * a 50,000-object run makes 200,000 findings and their copies were an eighth of all the memory evaluation
 * allocated. Property order inside a finding is not part of any output (findings.json writes a fixed order, the
 * store hashes canonical JSON). A draft that already names a check (a check returning a shared object) is copied,
 * so no finding ever changes after it was made.
 */
function findingOf(check: string, draft: FindingDraft): Finding {
  if ('check' in draft || Object.isFrozen(draft)) return { ...draft, check };
  const finding = draft as FindingDraft & { check: string };
  finding.check = check;
  return finding;
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
