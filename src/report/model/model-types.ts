import type { MethodologySection } from '../../catalog/methodology.js';
import type { Attestation } from '../../domain/attestation.js';
import type { Catalogue, FindingCounts, FrameworkScore, MappingSource, RequirementResult } from '../../domain/catalogue.js';
import type { CheckMetadata } from '../../domain/check.js';
import type { AppliedWaiver, Finding } from '../../domain/finding.js';
import type { RequirementHistory, RunDiff, ScorePoint } from '../../domain/history.js';
import type { AppliedCatalogue, RunRecord } from '../../domain/run.js';
import type { CollectorIdentity, Gap, ResourceRef } from '../../domain/snapshot.js';
import type { FindingStatus, RequirementStatus, Severity } from '../../domain/status.js';
import type { Waiver, WaiverOutcome } from '../../domain/waiver.js';
import type { RemediationItem, ThreatModel } from './remediation.js';

/** The period a pack covers: `2026-Q3`, from its first to its last day. */
export interface PackPeriod {
  readonly label: string;
  /** ISO-8601 instants, `from` inclusive and `to` exclusive. */
  readonly from: string;
  readonly to: string;
}

/** Who signs the pack, shown on the cover and in the signature block; the key itself never reaches the report. */
export interface PackSigner {
  readonly name: string;
  readonly subject: string;
  readonly fingerprint: string;
}

/** Attack surface counts of one run, for the "over time" view. */
export interface AttackSurfacePoint {
  readonly runId: number;
  readonly collectedAt: string;
  readonly counts: AttackSurfaceCounts;
}

export interface AttackSurfaceCounts {
  readonly exposedEndpoints: number;
  readonly privilegedWorkloads: number;
  readonly hostPathWorkloads: number;
  readonly clusterWideIdentities: number;
  readonly secretsAccess: number;
}

export interface PackLimits {
  /** Non-passing findings listed in a requirement section; the rest are counted and left to the appendix and CSV. */
  readonly findingsPerRequirement: number;
  /** Fixes shown per threat model in the plan (findings.json carries all of them). */
  readonly remediationPerThreat: number;
  /** Rows of the findings appendix; beyond it the appendix points to findings.csv. */
  readonly appendixFindings: number;
  /**
   * Findings report.html lists one per row. A run with more has its passing and not-applicable findings counted
   * per check, namespace and status instead (findings.csv and findings.json keep every row): a large cluster's
   * passing findings alone would make a page of hundreds of thousands of rows, which no browser can filter.
   */
  readonly htmlFindingRows: number;
}

export const DEFAULT_LIMITS: PackLimits = { findingsPerRequirement: 50, remediationPerThreat: 10, appendixFindings: 10_000, htmlFindingRows: 20_000 };

export interface PackInput {
  readonly run: RunRecord;
  /** The catalogues of the frameworks reported on: titles, manual evidence and mapping sources live there, not in the run. */
  readonly catalogues: readonly Catalogue[];
  /** Framework ids to report on, in this order; default: every framework the run has results for. */
  readonly frameworks?: readonly string[];
  /** Score points of the reported frameworks over the stored runs (any order). */
  readonly trend: readonly ScorePoint[];
  readonly requirementHistory?: readonly RequirementHistory[];
  /** Changes from an earlier run (`--compare-to`, or the first run of the period) to this one. */
  readonly diff?: RunDiff;
  readonly period?: PackPeriod;
  /** When the pack is produced (ISO-8601); the only clock the model sees. */
  readonly generatedAt: string;
  readonly signer?: PackSigner;
  /** Attack surface of earlier runs, when the caller loaded them; the current run's is always computed. */
  readonly attackSurfaceTrend?: readonly AttackSurfacePoint[];
  readonly limits?: Partial<PackLimits>;
}

/** One finding as every format shows it. */
export interface FindingRow {
  /** Stable across runs for the same check and subject: `F-` + 12 hex digits. */
  readonly id: string;
  readonly check: string;
  readonly checkTitle: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly resource: ResourceRef;
  /** `Kind/namespace/name`. */
  readonly subject: string;
  readonly namespace: string | null;
  readonly message: string;
  /** `path = observed` lines, values shortened for display. */
  readonly evidence: readonly string[];
  /** Reported frameworks whose requirements rest on this finding's check. */
  readonly frameworks: readonly string[];
  /** `framework requirement` pairs. */
  readonly requirements: readonly string[];
  readonly waiver: AppliedWaiver | null;
}

export interface CheckBehindRequirement {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly remediation: string;
  readonly counts: FindingCounts;
}

export interface WaiverRow {
  readonly id: string;
  readonly check: string;
  readonly selector: string;
  readonly justification: string;
  readonly approver: string;
  readonly expires: string;
  /** Failures it waived in this run; null for expired waivers (not applied). */
  readonly findings: number | null;
}

export interface AttachmentRow {
  readonly attestation: string;
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  /** Path inside the pack, `attachments/<sha256 prefix>-<name>`. */
  readonly path: string;
}

/** An attestation as the pack shows it: its files with their place in the pack. */
export interface AttestationRow extends Omit<Attestation, 'files'> {
  readonly files: readonly AttachmentRow[];
}

export interface RequirementSection {
  /** Anchor for links, outline entries and OSCAL ids: stable for a framework and requirement. */
  readonly anchor: string;
  readonly framework: string;
  readonly id: string;
  readonly title: string;
  readonly section: string | null;
  readonly status: RequirementStatus;
  /** `pass (attested)` for an attested pass, otherwise the status. */
  readonly statusLabel: string;
  readonly basis: RequirementResult['basis'];
  readonly coverage: 'full' | 'partial' | 'none' | null;
  readonly fullyEvidenced: boolean;
  readonly summary: string;
  readonly counts: FindingCounts;
  readonly worstSeverity: Severity | null;
  readonly mappingSource: MappingSource | null;
  readonly checks: readonly CheckBehindRequirement[];
  /** The first non-passing findings (fail, then unknown, then waived; by severity), at most limits.findingsPerRequirement. */
  readonly findings: readonly FindingRow[];
  readonly findingsTotal: number;
  readonly findingsOmitted: number;
  readonly waivers: readonly WaiverRow[];
  readonly attestations: readonly AttestationRow[];
  readonly manualEvidence: readonly string[];
  /** Manual evidence no unexpired attestation covers yet. */
  readonly outstandingManualEvidence: readonly string[];
  /** "passed in N of M runs" over the period, when history was given. */
  readonly history: { readonly runs: number; readonly passed: number; readonly failed: number; readonly unknown: number; readonly meanTimeToRemediateHours: number | null } | null;
}

export interface FrameworkChanges {
  readonly comparedTo: { readonly runId: number; readonly collectedAt: string };
  readonly newlyFailing: readonly { readonly id: string; readonly title: string; readonly before: RequirementStatus | null }[];
  /** Requirements that stopped failing; `label` says whether they were fixed (now pass) or merely no longer fail. */
  readonly fixed: readonly { readonly id: string; readonly title: string; readonly after: RequirementStatus | null; readonly label: 'Fixed' | 'No longer failing' }[];
  readonly findingsNewlyFailing: number;
  readonly findingsFixed: number;
}

export interface FrameworkReport {
  readonly anchor: string;
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly score: number | null;
  readonly counts: FrameworkScore['counts'];
  readonly failingBySeverity: FrameworkScore['failingBySeverity'];
  readonly requirementCount: number;
  readonly trend: readonly { readonly runId: number; readonly collectedAt: string; readonly score: number | null }[];
  readonly changes: FrameworkChanges | null;
  readonly requirements: readonly RequirementSection[];
}

export interface RemediationGroup {
  readonly threat: ThreatModel;
  readonly title: string;
  readonly description: string;
  readonly items: readonly RemediationItem[];
  /** Fixes of this threat model beyond the ones shown. */
  readonly omitted: number;
}

export interface RemediationPlan {
  /** Every fix, ranked; the groups show the top of each threat model. */
  readonly items: readonly RemediationItem[];
  readonly groups: readonly RemediationGroup[];
  readonly formula: string;
}

export interface AttackSurface {
  readonly current: AttackSurfaceCounts;
  /** Earlier runs (oldest first) then this one, when earlier counts were given; otherwise just this run. */
  readonly trend: readonly AttackSurfacePoint[];
  readonly exposedEndpoints: readonly string[];
  readonly privilegedWorkloads: readonly string[];
  readonly clusterWideIdentities: readonly string[];
}

export interface GapRow {
  readonly kind: string;
  readonly scope: string;
  readonly reason: Gap['reason'];
  readonly detail: string;
  /** Checks that read this kind and so could not judge it. */
  readonly checksAffected: readonly string[];
}

export interface CheckCatalogueRow {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly origin: CheckMetadata['origin'];
  readonly rationale: string;
  readonly remediation: string;
  readonly references: string;
  readonly counts: FindingCounts;
  readonly frameworks: readonly string[];
}

export interface EvidenceIndexRow {
  readonly subject: string;
  readonly sha256: string;
}

export interface Cover {
  readonly title: string;
  readonly clusterName: string;
  readonly clusterUid: string | null;
  readonly server: string | null;
  readonly kubernetesVersion: string | null;
  readonly period: PackPeriod | null;
  readonly runId: number;
  readonly collectedAt: string;
  readonly frameworks: readonly { readonly id: string; readonly name: string; readonly version: string }[];
  readonly generatedAt: string;
  readonly toolVersion: string;
  readonly runToolVersion: string;
  readonly signer: PackSigner | null;
  readonly comparedTo: { readonly runId: number; readonly collectedAt: string } | null;
}

export interface Provenance {
  readonly runId: number;
  readonly runHash: string;
  readonly previousHash: string | null;
  readonly snapshotDigest: string;
  readonly catalogueDigest: string;
  readonly clusterUid: string;
  readonly clusterName: string;
  readonly frameworks: readonly string[];
  readonly toolVersion: string;
  readonly generatedAt: string;
}

export interface Methodology {
  readonly sections: readonly MethodologySection[];
  readonly catalogues: readonly AppliedCatalogue[];
  readonly catalogueDigest: string;
  /** Where the catalogue text used for titles differs from what the run applied, said plainly. */
  readonly catalogueNotes: readonly string[];
  readonly collector: CollectorIdentity;
  readonly startedAt: string;
  readonly finishedAt: string;
}

export interface Totals {
  readonly findings: number;
  readonly byStatus: Readonly<Record<FindingStatus, number>>;
  readonly requirements: number;
  readonly requirementsByStatus: Readonly<Record<RequirementStatus, number>>;
}

/** Everything a pack shows, in every format. Plain data: renderers read it and never query the store. */
export interface PackModel {
  readonly schemaVersion: 1;
  readonly cover: Cover;
  readonly provenance: Provenance;
  /** Pack folder names: `reports/<clusterDir>/<runDir>`. */
  readonly location: { readonly clusterDir: string; readonly runDir: string };
  readonly totals: Totals;
  readonly remediation: RemediationPlan;
  readonly attackSurface: AttackSurface;
  readonly frameworks: readonly FrameworkReport[];
  /** Every finding of the run, in run order. */
  readonly findings: readonly FindingRow[];
  /** Non-passing findings for the appendix (fail, unknown, waived), at most limits.appendixFindings. */
  readonly appendixFindings: readonly FindingRow[];
  readonly appendixFindingsOmitted: number;
  readonly checks: readonly CheckCatalogueRow[];
  readonly gaps: readonly GapRow[];
  readonly waivers: { readonly applied: readonly WaiverRow[]; readonly expired: readonly WaiverRow[] };
  readonly attestations: readonly AttestationRow[];
  readonly attachments: readonly AttachmentRow[];
  readonly evidenceIndex: readonly EvidenceIndexRow[];
  readonly methodology: Methodology;
  readonly signer: PackSigner | null;
  /** The stage outputs as recorded, for the machine-readable formats (findings.json follows the evaluate contract). */
  readonly source: {
    readonly checks: readonly CheckMetadata[];
    readonly findings: readonly Finding[];
    readonly gaps: readonly Gap[];
    readonly waivers: WaiverOutcome;
    readonly results: readonly RequirementResult[];
    readonly scores: readonly FrameworkScore[];
  };
  readonly limits: PackLimits;
}

export type { Waiver };
