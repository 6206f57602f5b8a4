import type { Evidence } from '../../domain/finding.js';
import type { JsonObject } from '../../domain/json.js';
import { describeRef, refOf, type KubeObject } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { defineCheck, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import { containerImagesOf } from '../images/_shared.js';
import { containerLabel } from '../pss/_shared.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { imageKeys, imageOfReport, SCANNER_KINDS } from './_reports.js';

/** Image key (registry/repository:tag and @digest forms) → the secret reports of that image. */
function secretReportsByImage(index: SnapshotIndex): ReadonlyMap<string, KubeObject[]> {
  return index.derived(index.snapshot.resources, () => {
    const byKey = new Map<string, KubeObject[]>();
    for (const report of index.list(SCANNER_KINDS.exposedSecretReport)) {
      const image = imageOfReport(report);
      if (image === undefined) continue;
      for (const key of imageKeys(image)) byKey.set(key, [...(byKey.get(key) ?? []), report]);
    }
    return byKey;
  });
}

/** Rule, category and location of each secret; the matched text itself was dropped at collection and is never shown. */
function secretsOf(report: KubeObject): { readonly evidence: Evidence[]; readonly readable: boolean } {
  const body = report['report'];
  const secrets = isObject(body as never) ? (body as JsonObject)['secrets'] : undefined;
  if (secrets === undefined || secrets === null) return { evidence: [], readable: true };
  if (!Array.isArray(secrets)) return { evidence: [], readable: false };
  const where = describeRef(refOf(report));
  const evidence = secrets.flatMap((secret, i) => {
    if (!isObject(secret)) return [];
    const observed = [secret['severity'], secret['ruleID'] ?? secret['title'], secret['target']].filter((part) => typeof part === 'string' && part !== '').join(' ');
    return [{ path: `${where}:report.secrets[${i}]`, observed, expected: 'no secret embedded in the image' }];
  });
  return { evidence, readable: true };
}

function findingFor(index: SnapshotIndex, workload: WorkloadSubject): FindingDraft {
  const byImage = secretReportsByImage(index);
  const found: Evidence[] = [];
  const clauses: string[] = [];
  const examined: Evidence[] = [];
  const unscanned: string[] = [];
  const related = [...workload.pods];
  for (const { entry, image, evidence } of containerImagesOf(workload, 'scanned for secrets')) {
    const reports = imageKeys(image).flatMap((key) => byImage.get(key) ?? []);
    if (reports.length === 0) {
      unscanned.push(`${containerLabel(entry)} image '${image.raw}' has no exposed-secret report`);
      examined.push(evidence);
      continue;
    }
    const [report] = reports;
    if (report === undefined) continue;
    related.push(refOf(report));
    const { evidence: secrets, readable } = secretsOf(report);
    if (!readable) unscanned.push(`${describeRef(refOf(report))} is not in the documented shape`);
    if (secrets.length > 0) {
      found.push(...secrets);
      clauses.push(`${containerLabel(entry)} image '${image.raw}' contains ${secrets.length} secret${secrets.length === 1 ? '' : 's'}`);
    } else examined.push({ path: `${describeRef(refOf(report))}:report.secrets`, observed: 0, expected: 'no secret embedded in the image' });
  }
  if (found.length > 0) return { resource: workload.ref, status: 'fail', message: `${workload.description}: ${clauses.join('; ')}.`, evidence: found, related };
  if (unscanned.length > 0 || examined.length === 0) {
    return { resource: workload.ref, status: 'unknown', message: `${workload.description}: embedded secrets not ruled out: ${unscanned.join('; ') || 'no container image'}.`, evidence: examined, related };
  }
  return { resource: workload.ref, status: 'pass', message: `${workload.description}: the secret scanner found no secret in its images.`, evidence: examined, related };
}

export default defineCheck({
  id: 'vulnerabilities.exposed-secrets',
  title: 'Running images contain no embedded secrets',
  severity: 'critical',
  rationale:
    'A private key, token or password baked into an image layer is readable by anyone who can pull the image and cannot ' +
    'be rotated without a rebuild (NIST SP 800-190 4.1.4). The evidence is the cluster\'s secret scanner ' +
    '(trivy-operator ExposedSecretReports), joined to each running container by image. kubevidence keeps the rule, ' +
    'category and file of each secret and drops the matched text at collection. Without any report the verdict is unknown.',
  remediation: 'Remove the secret from the image build (multi-stage builds, build secrets), rotate the exposed credential, and inject it at run time from a Secret or an external secret store.',
  reads: [...WORKLOAD_KINDS, SCANNER_KINDS.exposedSecretReport],
  references: { other: ['NIST SP 800-190 4.1.4: Embedded clear text secrets'] },
  evaluate: ({ index, snapshot }) => {
    if (index.list(SCANNER_KINDS.exposedSecretReport).length === 0) {
      return [{ resource: clusterRef(snapshot), status: 'unknown', message: 'Embedded secrets not ruled out: no secret-scanner evidence found in the cluster (no trivy-operator ExposedSecretReport).', evidence: [{ path: `list ${SCANNER_KINDS.exposedSecretReport}`, observed: 0, expected: 'an exposed-secret report per running image' }] }];
    }
    return index.workloads.map((workload) => findingFor(index, workload));
  },
});
