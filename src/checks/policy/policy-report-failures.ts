import type { JsonObject } from '../../domain/json.js';
import type { KubeObject, ResourceRef } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { defineCheck } from '../define-check.js';
import { clusterRef } from '../engine.js';
import { objectAt, stringOf, verdictOfReport, type FailedResult, type ReportReading } from './_results.js';

export const POLICY_REPORT_KINDS = { namespaced: 'PolicyReport.wgpolicyk8s.io', cluster: 'ClusterPolicyReport.wgpolicyk8s.io' } as const;

/** Results a policy engine counts against the resource: `fail` and `error` (a rule that could not be evaluated). */
const FAILING = new Set(['fail', 'error']);

function resourcesOf(result: JsonObject): ResourceRef[] {
  const resources = result['resources'];
  if (!Array.isArray(resources)) return [];
  return resources.flatMap((resource) => {
    if (!isObject(resource)) return [];
    const kind = stringOf(resource['kind']);
    const name = stringOf(resource['name']);
    if (kind === undefined || name === undefined) return [];
    const namespace = stringOf(resource['namespace']);
    const apiVersion = stringOf(resource['apiVersion']) ?? 'v1';
    return [namespace === undefined ? { apiVersion, kind, name } : { apiVersion, kind, namespace, name }];
  });
}

/** The policy engine that wrote the report: `results[].source`, else the report's managed-by label. */
function toolOf(report: KubeObject, results: readonly JsonObject[]): string {
  const sources = [...new Set(results.map((result) => stringOf(result['source'])).filter((source): source is string => source !== undefined))];
  if (sources.length > 0) return sources.join(', ');
  return report.metadata.labels?.['app.kubernetes.io/managed-by'] ?? 'policy engine';
}

export function readPolicyReport(report: KubeObject): ReportReading & { readonly resources: readonly ResourceRef[] } {
  const raw = (report as unknown as JsonObject)['results'];
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) return { tool: 'policy engine', failed: [], other: 0, readable: false, resources: [] };
  const results = (raw ?? []).filter(isObject);
  if (results.length !== (raw ?? []).length) return { tool: 'policy engine', failed: [], other: 0, readable: false, resources: [] };
  const tool = toolOf(report, results);
  const failed: FailedResult[] = [];
  const resources: ResourceRef[] = [];
  let other = 0;
  results.forEach((result, i) => {
    const outcome = stringOf(result['result']);
    if (outcome === undefined || !FAILING.has(outcome)) {
      other += 1;
      return;
    }
    const policy = stringOf(result['policy']) ?? 'unnamed policy';
    const rule = stringOf(result['rule']);
    const label = `${stringOf(result['source']) ?? tool} ${policy}${rule === undefined ? '' : `/${rule}`}`;
    const targets = resourcesOf(result);
    resources.push(...targets);
    const on = targets.map((target) => `${target.kind}/${target.namespace === undefined ? '' : `${target.namespace}/`}${target.name}`).join(', ');
    failed.push({ label, evidence: { path: `results[${i}]`, observed: `${outcome}: ${label}${on === '' ? '' : ` on ${on}`}${stringOf(result['message']) === undefined ? '' : `: ${stringOf(result['message'])}`}`, expected: 'pass' } });
  });
  const scope = objectAt(report, 'scope');
  if (scope !== undefined && stringOf(scope['kind']) !== undefined && stringOf(scope['name']) !== undefined) {
    const namespace = stringOf(scope['namespace']);
    const base = { apiVersion: stringOf(scope['apiVersion']) ?? 'v1', kind: stringOf(scope['kind']) ?? '', name: stringOf(scope['name']) ?? '' };
    resources.push(namespace === undefined ? base : { ...base, namespace });
  }
  return { tool, failed, other, readable: true, resources };
}

export default defineCheck({
  id: 'policy.policy-report-failures',
  title: 'Policy reports show no failed policy result',
  severity: 'high',
  rationale:
    'Admission and background-scan policy engines (Kyverno and others writing the Policy Working Group\'s PolicyReport and ' +
    'ClusterPolicyReport) record which resources break the organisation\'s own configuration policies. A failed or ' +
    'errored result is a configuration the organisation has itself declared non-compliant (NIST CM-6, CM-7; SOC 2 ' +
    'CC7.1). Each report is a subject; its failed results are the evidence, with the tool that wrote them. Without any ' +
    'policy report the verdict is unknown.',
  remediation: 'Fix the resources named in the failed results (or the policy, through change control); for an accepted deviation record a policy exception and a kubevidence waiver with its approver and expiry.',
  reads: [POLICY_REPORT_KINDS.namespaced, POLICY_REPORT_KINDS.cluster],
  references: { other: ['https://github.com/kubernetes-sigs/wg-policy-prototypes/tree/master/policy-report'] },
  evaluate: ({ index, snapshot }) => {
    const reports = [...index.list(POLICY_REPORT_KINDS.cluster), ...index.list(POLICY_REPORT_KINDS.namespaced)];
    if (reports.length === 0) {
      return [{ resource: clusterRef(snapshot), status: 'unknown', message: 'No policy report evidence found in the cluster (no wgpolicyk8s.io PolicyReport or ClusterPolicyReport): policy compliance not shown.', evidence: [{ path: `list ${POLICY_REPORT_KINDS.namespaced}`, observed: 0, expected: 'policy reports from a policy engine' }] }];
    }
    return reports.map((report) => {
      const reading = readPolicyReport(report);
      return verdictOfReport(report, reading, reading.resources);
    });
  },
});
