import type { ResourceRef } from '../domain/snapshot.js';
import type { FindingDraft } from './define-check.js';

/**
 * The order findings of one check are reported in: by subject kind, namespace and name, compared as
 * `localeCompare(key, 'en')` compares the key `kind\0namespace\0name`, and stable, so drafts about one subject keep
 * the order their check gave them.
 *
 * Most findings are about workload subjects, whose references every workload check shares. Those are ranked once
 * per evaluation, so a check's drafts are ordered by comparing integers; any other subject falls back to comparing
 * keys. One `Intl.Collator('en')` compares exactly as `localeCompare(..., 'en')` does, without resolving the locale
 * on every call.
 */
export class SubjectOrder {
  private readonly collator = new Intl.Collator('en');
  /** Equal keys get equal ranks, so ties are broken by position exactly as a stable sort on keys breaks them. */
  private readonly ranks = new Map<ResourceRef, number>();

  constructor(subjects: readonly { readonly ref: ResourceRef }[]) {
    const keys = subjects.map(({ ref }) => subjectKey(ref));
    const sorted = keys.map((_, position) => position).sort((a, b) => this.compareKeys(keys, a, b));
    let rank = 0;
    sorted.forEach((position, index) => {
      if (index > 0 && this.collator.compare(keys[sorted[index - 1] as number] as string, keys[position] as string) !== 0) rank += 1;
      this.ranks.set((subjects[position] as { readonly ref: ResourceRef }).ref, rank);
    });
  }

  /** `drafts` in subject order: the same array when it already is in order, else a sorted copy. */
  inOrder(drafts: readonly FindingDraft[]): readonly FindingDraft[] {
    const ranks = this.ranksOf(drafts);
    const positions = ranks === undefined ? this.positionsByKey(drafts) : positionsByRank(ranks);
    return positions === undefined ? drafts : positions.map((position) => drafts[position] as FindingDraft);
  }

  /** Ranks of every draft's subject; undefined when one of them is not a ranked subject. */
  private ranksOf(drafts: readonly FindingDraft[]): number[] | undefined {
    const ranks: number[] = [];
    for (const draft of drafts) {
      const rank = this.ranks.get(draft.resource);
      if (rank === undefined) return undefined;
      ranks.push(rank);
    }
    return ranks;
  }

  /** Sorted positions, or undefined when the drafts already are in key order. */
  private positionsByKey(drafts: readonly FindingDraft[]): number[] | undefined {
    const keys = drafts.map((draft) => subjectKey(draft.resource));
    let sorted = true;
    for (let position = 1; position < keys.length && sorted; position += 1) sorted = this.compareKeys(keys, position - 1, position) <= 0;
    return sorted ? undefined : keys.map((_, position) => position).sort((a, b) => this.compareKeys(keys, a, b));
  }

  /** Key order, then position: a stable sort whatever the sort algorithm. */
  private compareKeys(keys: readonly string[], a: number, b: number): number {
    return this.collator.compare(keys[a] as string, keys[b] as string) || a - b;
  }
}

function positionsByRank(ranks: readonly number[]): number[] | undefined {
  let sorted = true;
  for (let position = 1; position < ranks.length && sorted; position += 1) sorted = (ranks[position - 1] as number) <= (ranks[position] as number);
  return sorted ? undefined : ranks.map((_, position) => position).sort((a, b) => (ranks[a] as number) - (ranks[b] as number) || a - b);
}

function subjectKey(ref: ResourceRef): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}
