import { describe, expect, it } from 'vitest';
import { evaluationJsonSchema, toEvaluationJson } from '../../src/contracts/evaluation-report.js';
import type { CheckMetadata } from '../../src/domain/check.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Waiver } from '../../src/domain/waiver.js';

const CHECK: CheckMetadata = {
  id: 'rbac.wildcard-verbs',
  title: 'Roles do not grant wildcard verbs',
  severity: 'high',
  rationale: 'r',
  remediation: 'm',
  reads: ['ClusterRole.rbac.authorization.k8s.io'],
  references: { cis: ['5.1.3'], nsa: ['Authentication and authorization'] },
  origin: 'built-in',
};

const WAIVER: Waiver = {
  id: 'waivers.yaml:2',
  check: 'rbac.wildcard-verbs',
  selector: { name: 'ops-*', labels: { team: 'ops' } },
  justification: 'Break-glass role.',
  approver: 'Dana <dana@example.com>',
  expires: '2027-01-31',
};

const FINDINGS: Finding[] = [
  {
    check: 'rbac.wildcard-verbs',
    resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'ops-admin' },
    status: 'waived',
    message: "ClusterRole/ops-admin grants verbs '*' on pods.",
    evidence: [{ path: 'rules[0].verbs', observed: ['*'], expected: 'explicit verbs' }],
    related: [],
    waiver: { id: WAIVER.id, justification: WAIVER.justification, approver: WAIVER.approver, expires: WAIVER.expires },
  },
  {
    check: 'rbac.wildcard-verbs',
    resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespace: 'shop', name: 'reader' },
    status: 'pass',
    message: 'Role/shop/reader names its verbs.',
    evidence: [],
  },
];

describe('toEvaluationJson', () => {
  const json = toEvaluationJson({
    checks: [CHECK],
    findings: FINDINGS,
    gaps: [{ kind: 'Secret', reason: 'forbidden', httpStatus: 403, detail: 'secrets is forbidden' }],
    waivers: { applied: [{ waiver: WAIVER, findings: 1 }], expired: [{ ...WAIVER, id: 'waivers.yaml:9', expires: '2020-01-01' }] },
  });

  it('builds the documented contract', () => {
    expect(json).toEqual({
      schemaVersion: 1,
      checks: [{ id: 'rbac.wildcard-verbs', title: 'Roles do not grant wildcard verbs', severity: 'high', origin: 'built-in', references: { cis: ['5.1.3'], nsa: ['Authentication and authorization'] } }],
      findings: [
        {
          check: 'rbac.wildcard-verbs',
          resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', namespace: null, name: 'ops-admin' },
          status: 'waived',
          message: "ClusterRole/ops-admin grants verbs '*' on pods.",
          evidence: [{ path: 'rules[0].verbs', observed: ['*'], expected: 'explicit verbs' }],
          waiver: { id: 'waivers.yaml:2', justification: 'Break-glass role.', approver: 'Dana <dana@example.com>', expires: '2027-01-31' },
        },
        {
          check: 'rbac.wildcard-verbs',
          resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespace: 'shop', name: 'reader' },
          status: 'pass',
          message: 'Role/shop/reader names its verbs.',
          evidence: [],
        },
      ],
      gaps: [{ kind: 'Secret', reason: 'forbidden', httpStatus: 403, detail: 'secrets is forbidden' }],
      waivers: {
        applied: [{ id: 'waivers.yaml:2', check: 'rbac.wildcard-verbs', selector: { name: 'ops-*', labels: { team: 'ops' } }, justification: 'Break-glass role.', approver: 'Dana <dana@example.com>', expires: '2027-01-31', findings: 1 }],
        expired: [{ id: 'waivers.yaml:9', check: 'rbac.wildcard-verbs', selector: { name: 'ops-*', labels: { team: 'ops' } }, justification: 'Break-glass role.', approver: 'Dana <dana@example.com>', expires: '2020-01-01' }],
      },
    });
  });

  it('satisfies its own strict schema and writes keys in a fixed order', () => {
    expect(evaluationJsonSchema.safeParse(json).success).toBe(true);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'checks', 'findings', 'gaps', 'waivers']);
    expect(Object.keys(json.findings[0] ?? {})).toEqual(['check', 'resource', 'status', 'message', 'evidence', 'waiver']);
  });

  it('copies rather than shares the domain objects', () => {
    const first = json.findings[0];
    expect(first?.evidence[0]).not.toBe(FINDINGS[0]?.evidence[0]);
    expect(first?.waiver).not.toBe(FINDINGS[0]?.waiver);
  });
});
