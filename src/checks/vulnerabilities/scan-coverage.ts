import type { Evidence } from '../../domain/finding.js';
import { refOf } from '../../domain/snapshot.js';
import { defineCheck, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import { containerImagesOf } from '../images/_shared.js';
import { containerLabel } from '../pss/_shared.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { daysBetween, hasScannerEvidence, NO_SCANNER_EVIDENCE, SCANNER_KINDS, scansOfImage } from './_reports.js';

interface Coverage {
  readonly evidence: Evidence;
  /** Why the image is not covered; absent when it is. */
  readonly gap?: string;
  readonly report?: ReturnType<typeof refOf>;
}

function coverageOf(index: SnapshotIndex, maxAge: number, workload: WorkloadSubject): Coverage[] {
  return containerImagesOf(workload, `a vulnerability report at most ${maxAge} days old`).map(({ entry, image, evidence }) => {
    const [scan] = scansOfImage(index, image);
    const label = containerLabel(entry);
    if (scan === undefined) return { evidence, gap: `${label} image '${image.raw}' has no vulnerability report` };
    const age = daysBetween(scan.scannedAt, index.snapshot.collectedAt);
    const observed = { path: `${scan.description}:report.updateTimestamp`, observed: scan.scannedAt ?? null, expected: `at most ${maxAge} days before collection` };
    if (age === undefined) return { evidence: observed, report: refOf(scan.report), gap: `${label} image '${image.raw}': the age of ${scan.description} cannot be determined` };
    if (age > maxAge) return { evidence: observed, report: refOf(scan.report), gap: `${label} image '${image.raw}' was last scanned ${age} days before collection` };
    return { evidence: observed, report: refOf(scan.report) };
  });
}

function findingFor(index: SnapshotIndex, maxAge: number, workload: WorkloadSubject): FindingDraft {
  const coverage = coverageOf(index, maxAge, workload);
  const related = [...workload.pods, ...coverage.flatMap((item) => (item.report === undefined ? [] : [item.report]))];
  const gaps = coverage.filter((item) => item.gap !== undefined);
  if (gaps.length > 0) {
    return { resource: workload.ref, status: 'fail', message: `${workload.description} runs images without a current vulnerability scan: ${gaps.map((item) => item.gap).join('; ')}.`, evidence: gaps.map((item) => item.evidence), related };
  }
  if (coverage.length === 0) return { resource: workload.ref, status: 'unknown', message: `${workload.description} names no container image to match a scan to.`, evidence: [{ path: workload.specPath, observed: 'no container image' }], related };
  return { resource: workload.ref, status: 'pass', message: `${workload.description}: every image has a vulnerability report at most ${maxAge} days old.`, evidence: coverage.map((item) => item.evidence), related };
}

export default defineCheck({
  id: 'vulnerabilities.scan-coverage',
  title: 'Every running image has a current vulnerability scan',
  severity: 'high',
  rationale:
    'Vulnerability findings only mean something for images that were scanned, and recently: new vulnerabilities are ' +
    'published every day. PCI DSS 11.3.1 asks for internal vulnerability scans at least every three months; NIST RA-5 for ' +
    'monitoring that keeps up with new vulnerabilities. Each running image needs a report (matched by digest, else by ' +
    'tag) no older than the input vulnerabilities.reportMaxAgeDays (default 7). Without any scanner evidence the verdict ' +
    'is unknown: coverage may come from a scanner outside the cluster, which is manual evidence.',
  remediation: 'Install a scanner that writes reports into the cluster (trivy-operator) or feed its JSON output to kubevidence; make sure it rescans on a schedule shorter than the maximum report age.',
  reads: [...WORKLOAD_KINDS, SCANNER_KINDS.vulnerabilityReport],
  references: { other: ['NIST SP 800-190 4.1.1: Image vulnerabilities', 'PCI DSS v4.0.1 11.3.1'] },
  evaluate: ({ index, inputs, snapshot }) => {
    if (!hasScannerEvidence(index)) {
      return [{ resource: clusterRef(snapshot), status: 'unknown', message: `Scan coverage of running images not shown: ${NO_SCANNER_EVIDENCE}.`, evidence: [{ path: `list ${SCANNER_KINDS.vulnerabilityReport}`, observed: 0, expected: 'a vulnerability report per running image' }] }];
    }
    return index.workloads.map((workload) => findingFor(index, inputs.vulnerabilities.reportMaxAgeDays, workload));
  },
});
