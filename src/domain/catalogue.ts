import type { RequirementStatus, Severity } from './status.js';

/** Where a requirement → check mapping comes from; `inferred` needs a one-line rationale. */
export interface MappingSource {
  readonly type: 'check-reference' | 'public-mapping' | 'framework-text' | 'inferred';
  /** Document, URL or profile the mapping is taken from (or the rationale for `inferred`). */
  readonly ref: string;
}

export interface Requirement {
  /** Exactly as the framework numbers it: `1.2.5`, `164.312(a)(1)`, `CC6.1`, `AC-6(9)`. */
  readonly id: string;
  /** Short title in our own words (framework texts are copyrighted), or quoted for US-government texts. */
  readonly title: string;
  readonly checks: readonly string[];
  /** Evidence the cluster cannot prove and an auditor will still ask for. */
  readonly manualEvidence: readonly string[];
  /** How much of the requirement the checks speak to. */
  readonly coverage: 'full' | 'partial' | 'none';
  readonly source: MappingSource;
  /** Grouping heading in the framework (e.g. `Requirement 2`), for report layout. */
  readonly section?: string;
}

export interface Catalogue {
  /** `pci-dss-4.0`, `hipaa-security-rule`, `soc2-tsc-2017`, `nist-800-53-r5`... */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly publisher: string;
  readonly sourceUrl: string;
  readonly licence: string;
  readonly requirements: readonly Requirement[];
  /** File it was loaded from and SHA-256 of its bytes. */
  readonly file: string;
  readonly sha256: string;
}

/** Counts of finding statuses behind a requirement. */
export interface FindingCounts {
  readonly pass: number;
  readonly fail: number;
  readonly unknown: number;
  readonly waived: number;
  readonly 'not-applicable': number;
}

export interface RequirementResult {
  readonly framework: string;
  readonly requirement: string;
  readonly status: RequirementStatus;
  /** The checks whose findings the status rests on (the requirement's checks when it was evaluated). */
  readonly checks: readonly string[];
  /**
   * How the status was reached: `automated` (checks), `attested` (manual evidence attested and unexpired),
   * `none` (neither). A `pass` with basis `attested` reads as "pass (attested)".
   */
  readonly basis: 'automated' | 'attested' | 'none';
  readonly counts: FindingCounts;
  /** Worst severity among failing checks; null when nothing fails. */
  readonly worstSeverity: Severity | null;
  /** Ids of attestations that covered it at evaluation time. */
  readonly attestations: readonly string[];
  /** True when its manual evidence is attested too, so the requirement is fully evidenced. */
  readonly fullyEvidenced: boolean;
  /** One-line explanation ("3 of 41 findings fail; 2 waived"). */
  readonly summary: string;
}

/**
 * The numbers a framework's summary leads with, so a score is never printed without its denominator.
 * Definitions in docs/scores-and-coverage.md and src/domain/requirement-verdict.ts.
 */
export interface FrameworkHeadline {
  /** N: every requirement of the framework in this evaluation (automated, manual and not-applicable alike). */
  readonly requirements: number;
  /** X: requirements that pass and need nothing more (full coverage, or the manual part attested). */
  readonly fullyEvidenced: number;
  /** The score's numerator: automated requirements whose checks pass. */
  readonly automatedPassing: number;
  /** The score's denominator: automated requirements that are pass, fail, partial or unknown. */
  readonly automatedScored: number;
  /** Automated passes that still need manual evidence (partial coverage, not attested). */
  readonly automatedPassManualRequired: number;
}

/** Per-framework score: share of automated requirements passing. */
export interface FrameworkScore {
  readonly framework: string;
  /** 0..100, one decimal; null when the framework has no automated requirement with evidence. */
  readonly score: number | null;
  /** Absent only in runs stored by kubevidence 0.1, which did not record it. */
  readonly headline?: FrameworkHeadline;
  readonly counts: Readonly<Record<RequirementStatus, number>>;
  /** Failing findings behind failed requirements, by severity. */
  readonly failingBySeverity: Readonly<Record<Severity, number>>;
}
