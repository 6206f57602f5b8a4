import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { DEFAULT_INPUTS, type CheckInputs } from '../../src/checks/inputs.js';
import { parsePolicyVersion } from '../../src/checks/pss/_version.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Finding } from '../../src/domain/finding.js';
import type { KubeObject } from '../../src/domain/snapshot.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';

/**
 * Version-aware Pod Security Standards: the namespace's pod-security.kubernetes.io/<mode>-version label (or the
 * configured default, latest unless set) decides which rules apply. Fixture pairs in test/checks/pss.* cover each rule
 * difference with pass and fail; these cases cover what a pass/fail pair cannot: not-applicable controls, the mode,
 * the configured default and how `latest` resolves.
 */
const FIXTURES = new URL('./', import.meta.url).pathname;

function check(id: string) {
  const found = BUILT_IN_CHECKS.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no check ${id}`);
  return found;
}

function statusOf(id: string, objects: readonly KubeObject[], inputs: Partial<CheckInputs> = {}, version: string | null = null): Finding {
  const snapshot = snapshotOf(objects);
  const withVersion = version === null ? snapshot : { ...snapshot, cluster: { ...snapshot.cluster, version } };
  const findings = evaluateChecks(withVersion, [check(id)], { ...DEFAULT_INPUTS, ...inputs }).filter((finding) => finding.resource.kind !== 'Cluster');
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

function labelled(objects: KubeObject[], labels: Record<string, string>): KubeObject[] {
  return objects.map((object) => (object.kind === 'Namespace' ? { ...object, metadata: { ...object.metadata, labels } } : object));
}

const tcpRmem = readManifests(`${FIXTURES}pss.baseline.sysctls/pass.tcp-rmem-at-v1.32.yaml`);
const probeHost = readManifests(`${FIXTURES}pss.baseline.host-probes/fail.microservices-demo-frontend-probe-host.yaml`).map((object) => ({ ...object, metadata: { ...object.metadata, namespace: 'shop' } }));
const shop: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };

describe('Pod Security Standards policy versions', () => {
  it('parses v1.N, 1.N and latest; anything else is not a version', () => {
    expect(parsePolicyVersion('v1.30')).toBe(30);
    expect(parsePolicyVersion('1.22')).toBe(22);
    expect(parsePolicyVersion('latest')).toBeUndefined();
    expect(parsePolicyVersion('v2.0')).toBeNull();
    expect(parsePolicyVersion('v1.30.1')).toBeNull();
  });

  it('reads the version from the label of the configured mode (enforce by default; audit or warn when asked)', () => {
    const objects = labelled(tcpRmem, { 'pod-security.kubernetes.io/enforce-version': 'v1.32', 'pod-security.kubernetes.io/audit-version': 'v1.31' });
    expect(statusOf('pss.baseline.sysctls', objects).status).toBe('pass');
    const audit = statusOf('pss.baseline.sysctls', objects, { pssMode: 'audit' });
    expect(audit.status).toBe('fail');
    expect(audit.message).toMatch(/net\.ipv4\.tcp_rmem' \(safe only from policy v1\.32\)/);
    expect(audit.evidence).toContainEqual({ path: "Namespace/cassandra:metadata.labels['pod-security.kubernetes.io/audit-version']", observed: 'v1.31', expected: 'Pod Security Standards policy version used: v1.31' });
  });

  it('uses the configured default (inputs.pssVersion, --pss-version) for namespaces without a version label', () => {
    const unlabelled = labelled(tcpRmem, {});
    expect(statusOf('pss.baseline.sysctls', unlabelled).status).toBe('pass');
    expect(statusOf('pss.baseline.sysctls', unlabelled, { pssVersion: 'v1.30' }).status).toBe('fail');
    // A namespace label wins over the default.
    expect(statusOf('pss.baseline.sysctls', labelled(tcpRmem, { 'pod-security.kubernetes.io/enforce-version': 'latest' }), { pssVersion: 'v1.30' }).status).toBe('pass');
  });

  it('resolves latest to no newer than the cluster version the snapshot records', () => {
    const unlabelled = labelled(tcpRmem, {});
    expect(statusOf('pss.baseline.sysctls', unlabelled, {}, 'v1.31.4').status).toBe('fail');
    expect(statusOf('pss.baseline.sysctls', unlabelled, {}, 'v1.32.0').status).toBe('pass');
  });

  it('reports a control the pinned version does not have yet as not applicable, naming the version', () => {
    const before = statusOf('pss.baseline.host-probes', [{ ...shop, metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce-version': 'v1.33' } } }, ...probeHost]);
    expect(before.status).toBe('not-applicable');
    expect(before.message).toMatch(/policy v1\.33, which has no Host Probes \/ Lifecycle Hooks control \(it starts at v1\.34\)/);
    expect(statusOf('pss.baseline.host-probes', [{ ...shop, metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce-version': 'v1.34' } } }, ...probeHost]).status).toBe('fail');
    const rootUser = readManifests(`${FIXTURES}pss.restricted.running-as-non-root-user/fail.root-in-user-namespace-at-v1.34.yaml`);
    expect(statusOf('pss.restricted.running-as-non-root-user', labelled(rootUser, { 'pod-security.kubernetes.io/enforce-version': 'v1.22' })).status).toBe('not-applicable');
  });

  it('exempts Windows pods from the restricted Linux-only controls from v1.25 only', () => {
    const windows = readManifests(`${FIXTURES}pss.restricted.privilege-escalation/fail.windows-pod-at-v1.24.yaml`);
    expect(statusOf('pss.restricted.privilege-escalation', windows).status).toBe('fail');
    expect(statusOf('pss.restricted.privilege-escalation', labelled(windows, { 'pod-security.kubernetes.io/enforce-version': 'v1.25' })).status).toBe('not-applicable');
  });
});

describe('evaluate --pss-version / --pss-mode', () => {
  const NEWER = `${FIXTURES}pss.baseline.sysctls/pass.kyverno-newer-safe-sysctls.yaml`;

  async function sysctlStatuses(...flags: string[]): Promise<string[]> {
    const { cli } = await import('../support/cli.js');
    const result = await cli('evaluate', '--from-file', NEWER, '--complete-inventory', '--format', 'json', ...flags);
    expect(result.stderr).toBe('');
    return (JSON.parse(result.stdout) as { findings: Finding[] }).findings.filter((finding) => finding.check === 'pss.baseline.sysctls').map((finding) => finding.status);
  }

  it('judges unlabelled namespaces at the version given', async () => {
    expect(await sysctlStatuses()).toEqual(['pass']);
    expect(await sysctlStatuses('--pss-version', 'v1.28')).toEqual(['fail']);
  });

  it('refuses a version or mode that is not one, with a one-line usage error', async () => {
    const { cli } = await import('../support/cli.js');
    const version = await cli('evaluate', '--from-file', NEWER, '--pss-version', 'newest');
    expect(version.code).toBe(2);
    expect(version.stderr).toBe("kubevidence: --pss-version must be latest or a version like v1.30 (got 'newest')\n");
    const mode = await cli('evaluate', '--from-file', NEWER, '--pss-mode', 'block');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toBe("kubevidence: --pss-mode must be one of enforce, audit, warn (got 'block')\n");
  });
});
