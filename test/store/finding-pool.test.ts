import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { canonicalJson } from '../../src/store/canonical.js';
import { FindingPool } from '../../src/store/finding-pool.js';

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'payments', name: 'api' };
const pods = [{ apiVersion: 'v1', kind: 'Pod', namespace: 'payments', name: 'api-1' }];

function stored(finding: Finding): string {
  return canonicalJson(finding);
}

describe('FindingPool', () => {
  const findings: Finding[] = [
    { check: 'pss.baseline.privileged-containers', resource: deployment, status: 'fail', message: 'Deployment/payments/api runs privileged', evidence: [{ path: 'spec.template.spec.containers[0].securityContext.privileged', observed: true, expected: 'false or unset' }], related: pods },
    { check: 'pss.restricted.seccomp', resource: deployment, status: 'pass', message: 'Deployment/payments/api sets seccomp', evidence: [{ path: 'spec.template.spec.securityContext.seccompProfile.type', observed: 'RuntimeDefault' }], related: pods },
    // Same identity built with its keys in another order: stored canonically, so read back the same.
    { check: 'rbac.wildcard-verbs', resource: { name: 'api', namespace: 'payments', kind: 'Deployment', apiVersion: 'apps/v1' }, status: 'pass', message: 'no wildcard', evidence: [] },
  ];
  const texts = findings.map(stored);
  const pool = new FindingPool();
  const adopted = texts.map((text) => pool.adopt(JSON.parse(text) as Finding));

  it('gives back findings equal to the stored ones, byte for byte in canonical form and key order', () => {
    expect(adopted).toEqual(texts.map((text) => JSON.parse(text) as Finding));
    expect(adopted.map((finding) => canonicalJson(finding))).toEqual(texts);
    expect(adopted.map((finding) => JSON.stringify(finding))).toEqual(texts.map((text) => JSON.stringify(JSON.parse(text))));
  });

  it('shares equal refs, ref lists and strings between findings', () => {
    expect(adopted[1]?.resource).toBe(adopted[0]?.resource);
    expect(adopted[1]?.related).toBe(adopted[0]?.related);
    expect(adopted[2]?.resource).toBe(adopted[0]?.resource);
    expect(adopted[2]?.check).toBe('rbac.wildcard-verbs');
  });
});
