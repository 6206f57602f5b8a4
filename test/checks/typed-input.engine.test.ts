import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { collectSnapshot, loadSnapshotInput } from '../../src/collect/index.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Finding } from '../../src/domain/finding.js';
import { describeRef, type KubeObject, type Snapshot } from '../../src/domain/snapshot.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api-server.js';

const MALFORMED = new URL('./typed-input/malformed.yaml', import.meta.url).pathname;
const SUBJECTS = ['Deployment/shop/frontend', 'Deployment/shop/cartservice', 'Deployment/shop/checkout', 'Deployment/shop/emailservice', 'ClusterRole/ops-everything'];

function findingsAbout(findings: readonly Finding[], subject: string): Finding[] {
  return findings.filter((finding) => describeRef(finding.resource) === subject);
}

/** The same assertions for offline and live input: the rule lives in the engine, not in a reader. */
function expectTypedInputRule(snapshot: Snapshot): void {
  const findings = evaluateChecks(snapshot, BUILT_IN_CHECKS);
  for (const subject of SUBJECTS) {
    const about = findingsAbout(findings, subject);
    // Never dropped: every malformed object still has findings...
    expect(about.length, subject).toBeGreaterThan(0);
    // ...and none of them passes or is declared not applicable.
    expect(about.filter((finding) => finding.status === 'pass' || finding.status === 'not-applicable').map((finding) => `${finding.check}: ${finding.message}`), subject).toEqual([]);
  }
  const limits = findingsAbout(findings, 'Deployment/shop/frontend').find((finding) => finding.check === 'workload.resource-limits');
  expect(limits?.status).toBe('unknown');
  expect(limits?.evidence).toContainEqual({ path: 'spec.template.spec.containers', observed: 'wrong type: a string', expected: 'a list' });
  const privileged = findingsAbout(findings, 'Deployment/shop/cartservice').find((finding) => finding.check === 'pss.baseline.privileged-containers');
  expect(privileged?.status).toBe('unknown');
  expect(privileged?.evidence).toContainEqual({ path: 'spec.template.spec.containers[0].securityContext.privileged', observed: 'wrong type: a string', expected: 'a boolean' });
  const checkout = findingsAbout(findings, 'Deployment/shop/checkout').find((finding) => finding.check === 'workload.read-only-root-filesystem');
  expect(checkout?.evidence).toContainEqual({ path: 'spec', observed: 'wrong type: a string', expected: 'an object' });
  const emailservice = findingsAbout(findings, 'Deployment/shop/emailservice').find((finding) => finding.check === 'workload.read-only-root-filesystem');
  expect(emailservice?.evidence).toContainEqual({ path: 'spec.template', observed: 'wrong type: an integer', expected: 'an object' });
  const wildcard = findingsAbout(findings, 'ClusterRole/ops-everything').find((finding) => finding.check === 'rbac.wildcard-verbs');
  expect(wildcard?.status).toBe('unknown');
  expect(wildcard?.message).toMatch(/rules\[0\]\.verbs as a string \(expected a list\)/);
}

describe('typed input, offline (--from-file)', () => {
  it('keeps every malformed object and makes its findings unknown with the path and type found', () => {
    expectTypedInputRule(loadSnapshotInput(MALFORMED));
  });
});

describe('typed input, live collection from an API server serving wrong-typed objects', () => {
  let server: KubeApiServer;
  beforeAll(async () => {
    const objects = parseAllDocuments(readFileSync(MALFORMED, 'utf8')).map((document) => document.toJS() as KubeObject);
    server = await startKubeApiServer({ objects });
  });
  afterAll(async () => server.close());

  it('applies the same rule to what the collector read', async () => {
    const snapshot = await collectSnapshot({ kubeconfig: server.kubeconfigPath(), retry: { baseDelayMs: 1, maxAttempts: 2, maxDelayMs: 5 } });
    expect(snapshot.source.type).toBe('cluster');
    expectTypedInputRule(snapshot);
  });
});
