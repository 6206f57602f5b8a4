import type { Evidence, Finding } from '../domain/finding.js';
import type { ResourceRef } from '../domain/snapshot.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Observed values up to this length are shared: `true`, `RuntimeDefault`, `unset`... recur on every workload. */
const SHARED_VALUE_CHARS = 64;

/**
 * Findings read back from the store, sharing what they have in common. JSON.parse gives every finding its own
 * copy of every string and object, about twice the memory the same findings took when they were evaluated, where
 * subjects, check ids and evidence paths are shared (bench/results.json has the measurements).
 * Values are replaced by equal ones in place: a finding's content, key order and canonical form do not change.
 */
export class FindingPool {
  private readonly strings = new Map<string, string>();
  private readonly refs = new Map<string, ResourceRef>();
  private readonly refLists = new Map<string, readonly ResourceRef[]>();

  adopt(parsed: Finding): Finding {
    const finding = parsed as Writable<Finding>;
    finding.check = this.string(finding.check);
    finding.status = this.string(finding.status);
    finding.resource = this.ref(finding.resource);
    if (finding.related !== undefined) finding.related = this.refList(finding.related);
    for (const evidence of finding.evidence as Writable<Evidence>[]) this.adoptEvidence(evidence);
    return finding;
  }

  private adoptEvidence(evidence: Writable<Evidence>): void {
    evidence.path = this.string(evidence.path);
    if (evidence.expected !== undefined) evidence.expected = this.string(evidence.expected);
    if (typeof evidence.observed === 'string' && evidence.observed.length <= SHARED_VALUE_CHARS) evidence.observed = this.string(evidence.observed);
  }

  private string<T extends string>(value: T): T {
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    this.strings.set(value, value);
    return value;
  }

  private ref(ref: ResourceRef): ResourceRef {
    const key = keyOf(ref);
    const known = this.refs.get(key);
    if (known !== undefined && sameKeys(known, ref)) return known;
    if (known === undefined) this.refs.set(key, ref);
    return ref;
  }

  private refList(refs: readonly ResourceRef[]): readonly ResourceRef[] {
    const key = refs.map(keyOf).join('\u0001');
    const known = this.refLists.get(key);
    if (known !== undefined) return known;
    const shared = refs.map((ref) => this.ref(ref));
    this.refLists.set(key, shared);
    return shared;
  }
}

function keyOf(ref: ResourceRef): string {
  return `${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace ?? '\u0001'}\u0000${ref.name}`;
}

/** Equal refs written with their keys in another order stay apart, so each finding keeps its own key order. */
function sameKeys(a: ResourceRef, b: ResourceRef): boolean {
  const left = Object.keys(a);
  const right = Object.keys(b);
  return left.length === right.length && left.every((key, index) => key === right[index]);
}
