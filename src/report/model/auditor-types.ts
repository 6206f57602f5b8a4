/**
 * What an assessor asks for first, as the pack model carries it (PackModel.auditor): scope and population,
 * where the evidence came from, the period covered, the waiver register, attestation signatures and sign-off.
 * Plain data; every field is recorded or given, never invented: what is missing says "not provided" / null.
 */
import type { EvidenceProvenance } from '../../domain/provenance.js';
import type { Population, ScopeRecord } from '../../domain/scope.js';

/** The pack's own wording of a field nobody provided. */
export const NOT_PROVIDED = 'not provided';

export interface AuditorView {
  /** How the run's evidence was obtained; null for runs stored before provenance was recorded. */
  readonly evidenceProvenance: EvidenceProvenance | null;
  /**
   * True only when the run recorded a live API collection. Every live-collection statement of the pack
   * ("read-only permissions used", "every kind collected") is printed only when this is true.
   */
  readonly liveCollection: boolean;
  /** One line naming the evidence source: the API server and identity, or the input files. */
  readonly evidenceSourceLine: string;
  /** Who dated the collection: the tool's clock (live), the input file, the user (--collected-at), or not recorded. */
  readonly collectedAtSource: 'observed' | 'input-file' | 'user' | 'not recorded';
  /** The run was stored with --backfill, after a run collected later than it. */
  readonly backfilled: boolean;
  /** Namespaces judged, globally and per framework; null for runs stored before scopes were recorded. */
  readonly scope: ScopeRecord | null;
  /** One line for the cover: "All namespaces (12)" or "9 of 12 namespaces; out: kube-system, ...". */
  readonly scopeLine: string;
  /** Objects per kind examined, namespaces in/out, nodes and gaps; null for older runs. */
  readonly population: Population | null;
  readonly period: PeriodCoverage | null;
  readonly waiverRegister: readonly WaiverRegisterRow[];
  readonly attestationSignatures: readonly AttestationSignatureRow[];
  readonly signoff: SignoffView;
}

/** One run of the period, as the cover lists the runs used. */
export interface PeriodRun {
  readonly runId: number;
  readonly collectedAt: string;
  readonly backfilled: boolean;
}

/** The period a pack covers, with exactly which runs it rests on. */
export interface PeriodCoverage {
  readonly label: string;
  /** First and last day covered (UTC, inclusive), `YYYY-MM-DD`. */
  readonly firstDay: string;
  readonly lastDay: string;
  /** ISO instants: `from` inclusive, `to` exclusive. */
  readonly from: string;
  readonly to: string;
  /** Every run of the cluster collected in the period, oldest first. */
  readonly runs: readonly PeriodRun[];
  readonly firstRun: PeriodRun | null;
  readonly lastRun: PeriodRun | null;
  /** The run the pack reports on (the latest of the period unless another was asked for). */
  readonly reportedRunId: number;
  /**
   * False when the period has no run in its last month: the state at the period's end was not observed. The
   * sentence below says so.
   */
  readonly runAtEnd: boolean;
  readonly endNote: string | null;
  /** The previous period of the same length and its last run, for the comparison; null when no run was stored in it. */
  readonly previous: { readonly label: string; readonly from: string; readonly to: string; readonly lastRun: PeriodRun | null; readonly runs: number } | null;
  /** Per framework: score at the end of the previous period and at the end of this one. */
  readonly comparison: readonly { readonly framework: string; readonly previousScore: number | null; readonly score: number | null; readonly previousRunId: number | null }[];
}

/** One waiver of the register (every waiver of the waiver file the run applied, active or expired). */
export interface WaiverRegisterRow {
  /** `<waiver file name>:<line>`: relative to the waiver file, never an absolute local path. */
  readonly id: string;
  readonly check: string;
  readonly selector: string;
  readonly justification: string;
  readonly approver: string;
  /** `YYYY-MM-DD` or "not provided" (waivers written before the register existed). */
  readonly approvedOn: string;
  readonly reference: string;
  readonly riskRating: string;
  readonly compensatingControl: string;
  readonly expires: string;
  readonly state: 'active' | 'expired';
  /** Failures it waived in this run; null when expired. */
  readonly findings: number | null;
}

/** Whether an attestation's signature by its attester verified when the pack was built. */
export interface AttestationSignatureRow {
  readonly attestation: string;
  readonly by: string;
  readonly state: 'signed-valid' | 'signed-invalid' | 'unsigned';
  /** Subject and SHA-256 fingerprint of the attester's certificate, when signed. */
  readonly signer: { readonly subject: string; readonly fingerprint: string } | null;
  /** What the pack says: "signed by ... (verified)", "UNSIGNED: the attester's identity is as typed", ... */
  readonly label: string;
}

/** Sign-off fields, as given in the config `signoff:` block or by flags; "not provided" when absent. */
export interface SignoffView {
  readonly preparedBy: string;
  readonly preparedOn: string;
  readonly reviewedBy: string;
  readonly reviewedOn: string;
  readonly assertion: string;
  /** True when at least one field was given. */
  readonly provided: boolean;
}

/** Sign-off as given to the report stage. */
export interface SignoffInput {
  readonly preparedBy?: string;
  readonly preparedOn?: string;
  readonly reviewedBy?: string;
  readonly reviewedOn?: string;
  readonly assertion?: string;
}
