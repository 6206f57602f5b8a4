import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { DEFAULT_INPUTS } from '../../src/checks/inputs.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { collectSnapshot } from '../../src/collect/index.js';
import type { KubeObject, Snapshot } from '../../src/domain/snapshot.js';
import { clusterFixtureNodeConfigs, clusterFixtureObjects } from '../support/cluster-fixture.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api-server.js';

/**
 * Evidence the cluster's own security tools hold (trivy-operator reports, policy reports, Gateway API routes) is
 * collected like every other kind: present, absent (no CRD: no request, no gap, checks say "no scanner evidence")
 * and forbidden (a gap, checks unknown).
 */
const FAST_RETRY = { baseDelayMs: 1, maxAttempts: 3, maxDelayMs: 20 } as const;
const FRONTEND_IMAGE = { repository: 'online-boutique-ci/microservices-demo/frontend', tag: 'v0.10.6' };
const SECRET_CANARY = 'ghp_KubevidenceCanary0123456789abcdefABCD';

function crd(plural: string, group: string, kind: string, scope: 'Namespaced' | 'Cluster'): KubeObject {
  return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` }, spec: { group, scope, names: { kind, plural } } } as unknown as KubeObject;
}

const TRIVY_OBJECTS: KubeObject[] = [
  crd('vulnerabilityreports', 'aquasecurity.github.io', 'VulnerabilityReport', 'Namespaced'),
  crd('exposedsecretreports', 'aquasecurity.github.io', 'ExposedSecretReport', 'Namespaced'),
  crd('policyreports', 'wgpolicyk8s.io', 'PolicyReport', 'Namespaced'),
  crd('httproutes', 'gateway.networking.k8s.io', 'HTTPRoute', 'Namespaced'),
  {
    apiVersion: 'aquasecurity.github.io/v1alpha1',
    kind: 'VulnerabilityReport',
    metadata: { name: 'replicaset-frontend-7d9f8b6c5-server', namespace: 'boutique', labels: { 'trivy-operator.container.name': 'server', 'trivy-operator.resource.kind': 'ReplicaSet', 'trivy-operator.resource.name': 'frontend-7d9f8b6c5' } },
    report: {
      artifact: FRONTEND_IMAGE,
      registry: { server: 'us-central1-docker.pkg.dev' },
      scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.58.1' },
      updateTimestamp: '2026-10-31T03:00:00Z',
      summary: { criticalCount: 1, highCount: 0, mediumCount: 0, lowCount: 0 },
      vulnerabilities: [
        { vulnerabilityID: 'CVE-2024-45337', resource: 'golang.org/x/crypto', installedVersion: 'v0.28.0', fixedVersion: '0.31.0', severity: 'CRITICAL', publishedDate: '2024-12-12T02:02:07Z', description: 'x'.repeat(2000), links: ['https://example.invalid/a'] },
      ],
    },
  } as unknown as KubeObject,
  {
    apiVersion: 'aquasecurity.github.io/v1alpha1',
    kind: 'ExposedSecretReport',
    metadata: { name: 'replicaset-frontend-7d9f8b6c5-server', namespace: 'boutique' },
    report: { artifact: FRONTEND_IMAGE, registry: { server: 'us-central1-docker.pkg.dev' }, scanner: { name: 'Trivy' }, secrets: [{ target: '/src/.env', ruleID: 'github-pat', category: 'GitHub', severity: 'CRITICAL', title: 'GitHub Personal Access Token', match: `GITHUB_TOKEN=${SECRET_CANARY}` }] },
  } as unknown as KubeObject,
];

async function collectFrom(server: KubeApiServer): Promise<Snapshot> {
  return collectSnapshot({ kubeconfig: server.kubeconfigPath(), retry: FAST_RETRY });
}

function statusesOf(snapshot: Snapshot, check: string): Map<string, string> {
  const definition = BUILT_IN_CHECKS.find((candidate) => candidate.id === check);
  if (definition === undefined) throw new Error(`no check ${check}`);
  return new Map(evaluateChecks(snapshot, [definition], DEFAULT_INPUTS).map((finding) => [`${finding.resource.kind}/${finding.resource.name}`, finding.status]));
}

describe('security-tool reports in the cluster', () => {
  let server: KubeApiServer;
  beforeAll(async () => {
    server = await startKubeApiServer({ objects: [...clusterFixtureObjects(), ...TRIVY_OBJECTS], nodeConfigs: clusterFixtureNodeConfigs() });
  });
  afterEach(() => server.clearFaults());
  afterAll(async () => server.close());

  it('are collected, joined to the workloads by image, with secret text and long fields dropped', async () => {
    const snapshot = await collectFrom(server);
    expect(snapshot.collectedKinds).toEqual(expect.arrayContaining(['VulnerabilityReport.aquasecurity.github.io', 'ExposedSecretReport.aquasecurity.github.io', 'HTTPRoute.gateway.networking.k8s.io']));
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(SECRET_CANARY);
    expect(text).not.toContain('x'.repeat(100));
    expect(statusesOf(snapshot, 'vulnerabilities.fixable-past-grace').get('Deployment/frontend')).toBe('fail');
    expect(statusesOf(snapshot, 'vulnerabilities.fixable-past-grace').get('Deployment/cartservice')).toBe('unknown');
    expect(statusesOf(snapshot, 'vulnerabilities.exposed-secrets').get('Deployment/frontend')).toBe('fail');
    expect([...statusesOf(snapshot, 'policy.policy-report-failures').values()]).toEqual(['unknown']);
  });

  it('a report kind the collector may not read is a gap, and the checks that need it are unknown', async () => {
    server.setFault('VulnerabilityReport.aquasecurity.github.io', { type: 'status', status: 403 });
    const snapshot = await collectFrom(server);
    expect(snapshot.gaps).toMatchObject([{ kind: 'VulnerabilityReport.aquasecurity.github.io', reason: 'forbidden', httpStatus: 403 }]);
    expect([...statusesOf(snapshot, 'vulnerabilities.fixable-past-grace').values()].every((status) => status === 'unknown')).toBe(true);
    expect([...statusesOf(snapshot, 'vulnerabilities.scan-coverage').values()].every((status) => status === 'unknown')).toBe(true);
  });
});

describe('a cluster without security tools', () => {
  let server: KubeApiServer;
  beforeAll(async () => {
    server = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs() });
  });
  afterAll(async () => server.close());

  it('asks for no report kind, records no gap, and says no scanner evidence was found (never pass)', async () => {
    const mark = server.requests.length;
    const snapshot = await collectFrom(server);
    expect(server.requests.slice(mark).some((request) => request.path.startsWith('/apis/aquasecurity.github.io/') || request.path.startsWith('/apis/wgpolicyk8s.io/'))).toBe(false);
    expect(snapshot.gaps.filter((gap) => gap.kind.includes('aquasecurity') || gap.kind.includes('wgpolicyk8s'))).toEqual([]);
    const checks = BUILT_IN_CHECKS.filter((check) => check.id.startsWith('vulnerabilities.') || check.id.startsWith('policy.'));
    const findings = evaluateChecks(snapshot, checks, DEFAULT_INPUTS);
    expect(findings.filter((finding) => finding.status === 'pass')).toEqual([]);
    expect(findings.find((finding) => finding.check === 'vulnerabilities.fixable-past-grace')?.message).toContain('no vulnerability scanner evidence found in the cluster');
  });
});
