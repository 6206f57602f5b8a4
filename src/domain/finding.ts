import type { JsonValue } from './json.js';
import type { ResourceRef } from './snapshot.js';
import type { FindingStatus, Severity } from './status.js';

/** One observed value a finding rests on: `spec.containers[1].securityContext.privileged = true`. */
export interface Evidence {
  /** Path inside the subject object (or `configz.<field>`, `flags.--<flag>` for node and control-plane evidence). */
  readonly path: string;
  /** What was there; `null` when the field was absent. Never a secret value. */
  readonly observed: JsonValue;
  /** What the check wanted, in words (`false`, `one of RuntimeDefault, Localhost`). */
  readonly expected?: string;
}

export interface AppliedWaiver {
  readonly id: string;
  readonly justification: string;
  readonly approver: string;
  readonly expires: string;
}

/** One check on one subject. */
export interface Finding {
  readonly check: string;
  readonly resource: ResourceRef;
  readonly status: FindingStatus;
  /** A full sentence naming the subject. */
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Pods folded into their controller's finding, and other objects the verdict depended on. */
  readonly related?: readonly ResourceRef[];
  /** Present when a waiver turned `fail` into `waived`; the original status was `fail`. */
  readonly waiver?: AppliedWaiver;
}
