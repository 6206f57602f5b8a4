import type { JsonObject } from '../../domain/json.js';
import type { KubeObject, ResourceRef } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { defineCheck } from '../define-check.js';
import { clusterRef } from '../engine.js';
import { SCANNER_KINDS } from '../vulnerabilities/_reports.js';
import { objectAt, stringOf, verdictOfReport, type FailedResult, type ReportReading } from './_results.js';

const AUDIT_KINDS = [SCANNER_KINDS.configAuditReport, SCANNER_KINDS.rbacAssessmentReport, SCANNER_KINDS.clusterRbacAssessmentReport] as const;

/** Scanner severities that fail the check; lower ones are counted but do not fail it. */
const FAILING_SEVERITIES = new Set(['CRITICAL', 'HIGH']);

/** The object a trivy-operator report is about, from its `trivy-operator.resource.*` labels. */
function auditedResourceOf(report: KubeObject): ResourceRef[] {
  const labels = report.metadata.labels ?? {};
  const kind = labels['trivy-operator.resource.kind'];
  const name = labels['trivy-operator.resource.name'];
  if (kind === undefined || name === undefined) return [];
  const namespace = labels['trivy-operator.resource.namespace'];
  const owner = (report.metadata.ownerReferences ?? []).find((reference) => reference.kind === kind && reference.name === name);
  const apiVersion = owner?.apiVersion ?? 'v1';
  return [namespace === undefined || namespace === '' ? { apiVersion, kind, name } : { apiVersion, kind, namespace, name }];
}

export function readAuditReport(report: KubeObject): ReportReading {
  const body = objectAt(report, 'report');
  const checks = body?.['checks'];
  const scanner = body === undefined ? undefined : objectAt(body, 'scanner');
  const tool = `${stringOf(scanner?.['name']) ?? 'Trivy'} ${report.kind}`;
  if (body === undefined || (checks !== undefined && checks !== null && !Array.isArray(checks))) return { tool, failed: [], other: 0, readable: false };
  const list = (checks ?? []) as unknown[];
  if (!list.every((check) => isObject(check as never))) return { tool, failed: [], other: 0, readable: false };
  const failed: FailedResult[] = [];
  let other = 0;
  (list as JsonObject[]).forEach((check, i) => {
    const severity = (stringOf(check['severity']) ?? 'UNKNOWN').toUpperCase();
    if (check['success'] !== false || !FAILING_SEVERITIES.has(severity)) {
      other += 1;
      return;
    }
    const id = stringOf(check['checkID']) ?? stringOf(check['id']) ?? 'unnamed check';
    const label = `${stringOf(scanner?.['name']) ?? 'Trivy'} ${id}`;
    failed.push({ label, evidence: { path: `report.checks[${i}]`, observed: `${severity} ${id}: ${stringOf(check['title']) ?? ''}`.trim(), expected: 'success' } });
  });
  return { tool, failed, other, readable: true };
}

export default defineCheck({
  id: 'policy.config-audit-failures',
  title: 'The configuration scanner reports no critical or high misconfiguration',
  severity: 'high',
  rationale:
    'trivy-operator audits every workload and role against its own configuration rules (ConfigAuditReport, ' +
    'RbacAssessmentReport, ClusterRbacAssessmentReport). Its critical and high failures are misconfigurations found by ' +
    'the organisation\'s own scanner; surfacing them makes the scanner\'s evidence part of the pack (NIST CM-6, RA-5; ' +
    'PCI DSS 2.2). Lower severities are counted, not failed. Without any such report the verdict is unknown.',
  remediation: 'Fix the configuration named by each failed scanner check (its id links to the scanner\'s documentation), or record a waiver with approver and expiry for an accepted deviation.',
  reads: [...AUDIT_KINDS],
  references: { other: ['https://aquasecurity.github.io/trivy-operator/latest/docs/crds/configaudit-report/'] },
  evaluate: ({ index, snapshot }) => {
    const reports = AUDIT_KINDS.flatMap((kind) => index.list(kind));
    if (reports.length === 0) {
      return [{ resource: clusterRef(snapshot), status: 'unknown', message: 'No configuration-audit evidence found in the cluster (no trivy-operator ConfigAuditReport or RbacAssessmentReport).', evidence: [{ path: `list ${SCANNER_KINDS.configAuditReport}`, observed: 0, expected: 'configuration audit reports' }] }];
    }
    return reports.map((report) => verdictOfReport(report, readAuditReport(report), auditedResourceOf(report)));
  },
});
