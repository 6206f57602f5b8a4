import type { CheckMetadata } from '../domain/check.js';
import type { Evidence } from '../domain/finding.js';
import type { JsonValue } from '../domain/json.js';
import type { ResourceRef, Snapshot } from '../domain/snapshot.js';
import type { FindingStatus } from '../domain/status.js';
import type { CheckInputs } from './inputs.js';
import type { SnapshotIndex } from './snapshot-index.js';

/** What a check's `evaluate` sees. It has no clock, network, environment or randomness: evaluation is pure. */
export interface CheckContext {
  readonly snapshot: Snapshot;
  readonly index: SnapshotIndex;
  readonly inputs: CheckInputs;
}

/** A finding before the engine stamps the check id on it. */
export interface FindingDraft {
  readonly resource: ResourceRef;
  readonly status: Exclude<FindingStatus, 'waived'>;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly related?: readonly ResourceRef[];
}

export interface CheckDefinition extends CheckMetadata {
  /**
   * Kind keys the verdict on a subject depends on beyond the subject itself (joins). When one of them
   * was not collected, every `pass` this check reports becomes `unknown`.
   */
  readonly needs?: readonly string[];
  readonly evaluate: (context: CheckContext) => readonly FindingDraft[];
}

type CheckSpec = Omit<CheckDefinition, 'origin'> & { readonly origin?: CheckDefinition['origin'] };

/** Declares a built-in check: metadata and logic together, frozen so a definition never holds results. */
export function defineCheck(spec: CheckSpec): CheckDefinition {
  return Object.freeze({ origin: 'built-in', ...spec });
}

/** One evidence line: `at('spec.hostNetwork', true, 'false or unset')`. */
export function at(path: string, observed: JsonValue | undefined, expected?: string): Evidence {
  const value = observed === undefined ? null : observed;
  return expected === undefined ? { path, observed: value } : { path, observed: value, expected };
}
