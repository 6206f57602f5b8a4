import type { Severity } from './status.js';

/** Where a check comes from in the public standards. */
export interface CheckReferences {
  /** CIS Kubernetes Benchmark v1.10 recommendation ids, e.g. `5.2.2`. */
  readonly cis?: readonly string[];
  /** NSA/CISA Kubernetes Hardening Guide v1.2 section titles, e.g. `Pod security`. */
  readonly nsa?: readonly string[];
  /** Pod Security Standards control, name exactly as in the official table. */
  readonly pss?: { readonly level: 'baseline' | 'restricted'; readonly control: string };
  /** Other public references (URLs, CVE ids). */
  readonly other?: readonly string[];
}

/** Everything about a check except its logic: what reports, catalogues and the JSON contract need. */
export interface CheckMetadata {
  /** `<theme>.<name>`; mirrors the file path under src/checks. */
  readonly id: string;
  /** Phrased as the compliant state: "Containers do not run privileged". */
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly remediation: string;
  /** Kind keys (see kindKeyOf) the check reads; when one was not collected the check says `unknown`. */
  readonly reads: readonly string[];
  readonly references: CheckReferences;
  readonly origin: 'built-in' | 'custom';
}
