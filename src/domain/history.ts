import type { JsonValue } from './json.js';
import type { Finding } from './finding.js';
import type { RunSummary } from './run.js';
import type { ResourceRef } from './snapshot.js';
import type { RequirementStatus } from './status.js';

/** One point of a framework's score trend. */
export interface ScorePoint {
  readonly runId: number;
  readonly collectedAt: string;
  readonly framework: string;
  readonly score: number | null;
}

/** How a requirement fared over the runs of a period: "passed 88 of 90 daily runs". */
export interface RequirementHistory {
  readonly framework: string;
  readonly requirement: string;
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly unknown: number;
  /** Mean hours from a run where it turned `fail` to the first later run where it passed again; null if never remediated. */
  readonly meanTimeToRemediateHours: number | null;
}

export interface FieldChange {
  readonly path: string;
  /** null when the field did not exist on that side. Never a secret value (secrets are metadata only). */
  readonly before: JsonValue;
  readonly after: JsonValue;
}

export interface RequirementChange {
  readonly framework: string;
  readonly requirement: string;
  readonly before: RequirementStatus | null;
  readonly after: RequirementStatus | null;
}

/** What changed between two runs of the same cluster. */
export interface RunDiff {
  readonly from: RunSummary;
  readonly to: RunSummary;
  readonly requirements: readonly RequirementChange[];
  readonly findings: {
    /** Failing (or unknown) in `to`, not failing in `from`. */
    readonly newlyFailing: readonly Finding[];
    /** Failing in `from`, passing or gone in `to`. */
    readonly fixed: readonly Finding[];
    /** Failing in `from`, unknown in `to`: the evidence went missing. Never counted as fixed. */
    readonly nowUnknown: readonly Finding[];
  };
  readonly resources: {
    readonly added: readonly ResourceRef[];
    readonly removed: readonly ResourceRef[];
    readonly changed: readonly { readonly resource: ResourceRef; readonly changes: readonly FieldChange[] }[];
  };
}
