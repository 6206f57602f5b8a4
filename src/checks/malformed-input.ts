import type { Evidence } from '../domain/finding.js';
import type { KubeObject, ResourceRef } from '../domain/snapshot.js';
import { describeRef, kindKeyOf, refOf } from '../domain/snapshot.js';
import type { CheckDefinition, FindingDraft } from './define-check.js';
import type { ShapeProblem } from './input-shapes.js';
import type { SnapshotIndex } from './snapshot-index.js';

/**
 * Applies the typed-input rule to the drafts of one check. A `pass` or `not-applicable` draft becomes `unknown` when
 * it rests on an object with wrong-typed fields:
 * - the draft's subject or one of its `related` objects is malformed;
 * - a malformed object is of a kind the check `needs` (a join: any object of that kind may have changed the verdict);
 * - the draft is about the cluster as a whole and a malformed object is of a kind the check `reads` (an aggregate).
 * A `fail` stays `fail` — a violation is never an overclaim — and gains the same evidence, so a reader sees that part
 * of the object could not be read. Unknown drafts gain the evidence too.
 */
export class MalformedInput {
  private readonly byRef = new Map<string, { readonly object: KubeObject; readonly problems: readonly ShapeProblem[] }>();
  private readonly byKind = new Map<string, KubeObject[]>();

  constructor(private readonly index: SnapshotIndex) {
    for (const [object, problems] of index.malformed) {
      this.byRef.set(refKey(refOf(object)), { object, problems });
      const kind = kindKeyOf(object.apiVersion, object.kind);
      const list = this.byKind.get(kind);
      if (list === undefined) this.byKind.set(kind, [object]);
      else list.push(object);
    }
  }

  get isEmpty(): boolean {
    return this.byRef.size === 0;
  }

  /** The drafts of `check`, with the rule applied. */
  apply(check: CheckDefinition, drafts: readonly FindingDraft[]): readonly FindingDraft[] {
    if (this.isEmpty) return drafts;
    const joined = this.ofKinds(check.needs ?? []);
    const read = this.ofKinds(check.reads);
    return drafts.map((draft) => {
      const objects = new Set<KubeObject>(joined);
      for (const ref of [draft.resource, ...(draft.related ?? [])]) {
        const found = this.byRef.get(refKey(ref));
        if (found !== undefined) objects.add(found.object);
      }
      if (draft.resource.kind === 'Cluster' && !restsOnInputsOnly(draft)) for (const object of read) objects.add(object);
      return objects.size === 0 ? draft : downgraded(draft, [...objects], this.index);
    });
  }

  private ofKinds(kinds: readonly string[]): KubeObject[] {
    return kinds.flatMap((kind) => this.byKind.get(kind) ?? []);
  }
}

/** A cluster-wide verdict drawn from the check inputs alone (no allow-list configured) reads no object. */
function restsOnInputsOnly(draft: FindingDraft): boolean {
  return draft.evidence.length > 0 && draft.evidence.every((line) => line.path.startsWith('inputs.'));
}

function downgraded(draft: FindingDraft, objects: readonly KubeObject[], index: SnapshotIndex): FindingDraft {
  const subjectKey = refKey(draft.resource);
  const evidence: Evidence[] = [];
  const clauses: string[] = [];
  for (const object of objects) {
    const ref = refOf(object);
    const own = refKey(ref) === subjectKey;
    const problems = index.malformed.get(object) ?? [];
    for (const problem of problems) evidence.push(problemEvidence(problem, own ? '' : `${describeRef(ref)}:`));
    clauses.push(`${describeRef(ref)} has ${problems.map(describeProblem).join(', ')}`);
  }
  const why = `the input is malformed: ${clauses.join('; ')}`;
  if (draft.status === 'pass' || draft.status === 'not-applicable') {
    return { ...draft, status: 'unknown', message: `${draft.message} Not conclusive: ${why}.`, evidence: [...draft.evidence, ...evidence] };
  }
  return { ...draft, message: `${draft.message} Also, ${why}.`, evidence: [...draft.evidence, ...evidence] };
}

function problemEvidence(problem: ShapeProblem, prefix: string): Evidence {
  return { path: `${prefix}${problem.path}`, observed: `wrong type: ${problem.found}`, expected: problem.expected };
}

function describeProblem(problem: ShapeProblem): string {
  return problem.found === 'absent' ? `no ${problem.path}` : `${problem.path} as ${problem.found} (expected ${problem.expected})`;
}

function refKey(ref: ResourceRef): string {
  return `${kindKeyOf(ref.apiVersion, ref.kind)}/${ref.namespace ?? ''}/${ref.name}`;
}
