import type { Evidence } from '../../domain/finding.js';
import { refOf, type ResourceRef } from '../../domain/snapshot.js';
import { defineCheck, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import { containerImagesOf } from '../images/_shared.js';
import type { CheckInputs } from '../inputs.js';
import { containerLabel } from '../pss/_shared.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { daysBetween, hasScannerEvidence, NO_SCANNER_EVIDENCE, SCANNER_KINDS, scansOfImage, type ImageScan, type ReportedVulnerability } from './_reports.js';

/** Evidence lines listed per finding; the rest are counted (the report itself is stored whole as evidence). */
const LISTED = 25;

type ImageVerdict =
  | { readonly kind: 'clean'; readonly evidence: Evidence; readonly scan: ImageScan; readonly withinGrace: number }
  | { readonly kind: 'overdue'; readonly evidence: readonly Evidence[]; readonly scan: ImageScan; readonly clause: string }
  | { readonly kind: 'unproven'; readonly evidence: Evidence; readonly clause: string; readonly scan?: ImageScan };

function graceDaysOf(severity: ReportedVulnerability['severity'], inputs: CheckInputs): number | undefined {
  if (severity === 'CRITICAL') return inputs.vulnerabilities.criticalGraceDays;
  if (severity === 'HIGH') return inputs.vulnerabilities.highGraceDays;
  return undefined;
}

function describeVulnerability(vulnerability: ReportedVulnerability, age: number | undefined): string {
  const published = vulnerability.publishedDate === undefined ? 'publication date not reported' : `published ${vulnerability.publishedDate.slice(0, 10)}, ${age ?? '?'} days before collection`;
  return `${vulnerability.id} (${vulnerability.severity}) in ${vulnerability.packageName} ${vulnerability.installedVersion}, fixed in ${vulnerability.fixedVersion}; ${published}`;
}

/**
 * A fixable critical or high vulnerability is overdue when it was published more than the grace period before the
 * collection. Without a publication date (or a collection date) its age cannot be shown to be within the grace period,
 * so it counts as overdue: an auditor cannot accept "maybe recent".
 */
function verdictForImage(index: SnapshotIndex, inputs: CheckInputs, label: string, imageEvidence: Evidence, scans: readonly ImageScan[]): ImageVerdict {
  const [scan] = scans;
  if (scan === undefined) return { kind: 'unproven', evidence: imageEvidence, clause: `${label}: no vulnerability report for '${String(imageEvidence.observed)}'` };
  if (scan.vulnerabilities === null) return { kind: 'unproven', scan, evidence: { path: `${scan.description}:report.vulnerabilities`, observed: 'not in the documented shape' }, clause: `${label}: ${scan.description} is unreadable` };
  const collectedAt = index.snapshot.collectedAt;
  const overdue: Evidence[] = [];
  let withinGrace = 0;
  for (const vulnerability of scan.vulnerabilities) {
    const grace = graceDaysOf(vulnerability.severity, inputs);
    if (grace === undefined || vulnerability.fixedVersion === '') continue;
    const age = daysBetween(vulnerability.publishedDate, collectedAt);
    if (age !== undefined && age <= grace) {
      withinGrace += 1;
      continue;
    }
    overdue.push({ path: `${scan.description}:${vulnerability.path}`, observed: describeVulnerability(vulnerability, age), expected: `patched within ${grace} days of publication` });
  }
  if (overdue.length === 0) {
    return { kind: 'clean', scan, withinGrace, evidence: { path: `${scan.description}:report.summary`, observed: `0 fixable critical/high vulnerabilities past the grace period (${withinGrace} within it); scanned ${scan.scannedAt ?? 'at an unreported time'} by ${scan.scanner}` } };
  }
  const listed = overdue.slice(0, LISTED);
  if (overdue.length > LISTED) listed.push({ path: `${scan.description}:report.vulnerabilities`, observed: `${overdue.length - LISTED} more overdue fixable vulnerabilities (see the stored report)` });
  return { kind: 'overdue', scan, evidence: listed, clause: `${label} runs '${scan.image.raw}' with ${overdue.length} fixable critical/high vulnerabilit${overdue.length === 1 ? 'y' : 'ies'} past the grace period` };
}

function findingFor(index: SnapshotIndex, inputs: CheckInputs, workload: WorkloadSubject): FindingDraft {
  const verdicts = containerImagesOf(workload, 'scanned').map(({ entry, image, evidence }) => verdictForImage(index, inputs, containerLabel(entry), evidence, scansOfImage(index, image)));
  const related: ResourceRef[] = [...workload.pods, ...verdicts.flatMap((verdict) => (verdict.scan === undefined ? [] : [refOf(verdict.scan.report)]))];
  const overdue = verdicts.filter((verdict) => verdict.kind === 'overdue');
  const unproven = verdicts.filter((verdict) => verdict.kind === 'unproven');
  if (overdue.length > 0) {
    return { resource: workload.ref, status: 'fail', message: `${workload.description}: ${overdue.map((verdict) => verdict.clause).join('; ')}.`, evidence: overdue.flatMap((verdict) => verdict.evidence), related };
  }
  if (unproven.length > 0 || verdicts.length === 0) {
    const clauses = verdicts.length === 0 ? ['no container image to match a report to'] : unproven.map((verdict) => verdict.clause);
    return { resource: workload.ref, status: 'unknown', message: `${workload.description}: patch state not shown: ${clauses.join('; ')}.`, evidence: unproven.map((verdict) => verdict.evidence), related };
  }
  const clean = verdicts.filter((verdict) => verdict.kind === 'clean');
  const pending = clean.reduce((sum, verdict) => sum + verdict.withinGrace, 0);
  return {
    resource: workload.ref,
    status: 'pass',
    message: `${workload.description} runs no image with a fixable critical or high vulnerability past the grace period${pending > 0 ? ` (${pending} fixable within it)` : ''}.`,
    evidence: clean.map((verdict) => verdict.evidence),
    related,
  };
}

export default defineCheck({
  id: 'vulnerabilities.fixable-past-grace',
  title: 'Running images have no fixable critical or high vulnerability older than the patch grace period',
  severity: 'critical',
  rationale:
    'A vulnerability with a published fix is a known, closable way in. PCI DSS 6.3.3 asks for critical patches within one ' +
    'month of release; other frameworks ask for a defined remediation time. The evidence is the cluster\'s own scanner ' +
    '(trivy-operator VulnerabilityReports, or Trivy JSON given as input), joined to each running container by image. A ' +
    'vulnerability counts from its publication date; without one its age cannot be shown to be within the grace period. ' +
    'Grace periods are inputs (vulnerabilities.criticalGraceDays, default 30; highGraceDays, default 90). Without any ' +
    'scanner evidence, or for an image no report covers, the verdict is unknown, never pass.',
  remediation: 'Rebuild or upgrade the image to a version that contains the fixed packages and redeploy; if a fix cannot be deployed in time, record a waiver with its compensating control and expiry.',
  reads: [...WORKLOAD_KINDS, SCANNER_KINDS.vulnerabilityReport],
  references: { nsa: ['Kubernetes Pod security: Building secure container images'], other: ['NIST SP 800-190 4.1.1: Image vulnerabilities', 'PCI DSS v4.0.1 6.3.3'] },
  evaluate: ({ index, inputs, snapshot }) => {
    if (!hasScannerEvidence(index)) {
      return [{ resource: clusterRef(snapshot), status: 'unknown', message: `Patch state of running images not shown: ${NO_SCANNER_EVIDENCE}.`, evidence: [{ path: `list ${SCANNER_KINDS.vulnerabilityReport}`, observed: 0, expected: 'a vulnerability report per running image' }] }];
    }
    return index.workloads.map((workload) => findingFor(index, inputs, workload));
  },
});
