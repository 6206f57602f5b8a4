import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot, type CollectOptions } from '../../src/collect/index.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { clusterFixtureNodeConfigs, clusterFixtureObjects } from '../support/cluster-fixture.js';
import { configzPath, startKubeApiServer, type KubeApiServer, type RecordedRequest } from '../support/kube-api-server.js';

const FAST_RETRY = { baseDelayMs: 1, maxAttempts: 3, maxDelayMs: 20 } as const;
const DEPLOYMENTS = '/apis/apps/v1/deployments';

let server: KubeApiServer;
let mark = 0;

beforeAll(async () => {
  server = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs() });
});
afterEach(() => server.clearFaults());
afterAll(async () => server.close());

async function collect(options: CollectOptions = {}): Promise<Snapshot> {
  mark = server.requests.length;
  return collectSnapshot({ kubeconfig: server.kubeconfigPath(), retry: FAST_RETRY, ...options });
}

/** Requests of the last collection to one path. */
function requestsTo(path: string): RecordedRequest[] {
  return server.requests.slice(mark).filter((request) => request.path === path);
}

function count(snapshot: Snapshot, kind: string): number {
  return snapshot.resources.filter((object) => object.kind === kind).length;
}

describe('a kind the collector may not read', () => {
  it('403 is a forbidden gap, the kind is not collected, and the rest carries on', async () => {
    server.setFault('Secret', { type: 'status', status: 403 });
    const snapshot = await collect();
    expect(snapshot.gaps).toEqual([
      { kind: 'Secret', reason: 'forbidden', httpStatus: 403, detail: 'secrets is forbidden: User "kubernetes-admin" cannot list resource "secrets" in API group "" at the cluster scope' },
    ]);
    expect(snapshot.collectedKinds).not.toContain('Secret');
    expect(count(snapshot, 'Secret')).toBe(0);
    expect(count(snapshot, 'Deployment')).toBe(12);
    expect(requestsTo('/api/v1/secrets')).toHaveLength(1);
  });

  it('404 is a not-served gap', async () => {
    server.setFault('ValidatingAdmissionPolicy.admissionregistration.k8s.io', { type: 'status', status: 404 });
    const snapshot = await collect();
    expect(snapshot.gaps).toMatchObject([{ kind: 'ValidatingAdmissionPolicy.admissionregistration.k8s.io', reason: 'not-served', httpStatus: 404 }]);
  });

  it('401 on one kind is an unauthorized gap', async () => {
    server.setFault('ClusterRole.rbac.authorization.k8s.io', { type: 'status', status: 401 });
    const snapshot = await collect();
    expect(snapshot.gaps).toMatchObject([{ kind: 'ClusterRole.rbac.authorization.k8s.io', reason: 'unauthorized', httpStatus: 401 }]);
  });
});

describe('a continue token that expires mid-list (410)', () => {
  it('restarts the list from the first page and ends complete', async () => {
    server.setFault('Deployment.apps', { type: 'expire-continue', times: 1 });
    const snapshot = await collect({ pageSize: 5 });
    expect(snapshot.gaps).toEqual([]);
    expect(count(snapshot, 'Deployment')).toBe(12);
    const pages = requestsTo(DEPLOYMENTS).map((request) => `${request.status}${request.query['continue'] === undefined ? ' first' : ''}`);
    expect(pages).toEqual(['200 first', '410', '200 first', '200', '200']);
  });

  it('is a gap when the token keeps expiring', async () => {
    server.setFault('Deployment.apps', { type: 'expire-continue' });
    const snapshot = await collect({ pageSize: 5 });
    expect(snapshot.gaps).toMatchObject([{ kind: 'Deployment.apps', reason: 'error', httpStatus: 410 }]);
    expect(snapshot.collectedKinds).not.toContain('Deployment.apps');
    expect(count(snapshot, 'Deployment')).toBe(0);
  });
});

describe('429 Too Many Requests', () => {
  it('is retried after Retry-After and ends complete', async () => {
    server.setFault('Pod', { type: 'rate-limit', times: 2, retryAfterSeconds: 1 });
    const snapshot = await collect();
    expect(snapshot.gaps).toEqual([]);
    expect(requestsTo('/api/v1/pods').map((request) => request.status)).toEqual([429, 429, 200]);
  });

  it('is a gap once the attempts are used up', async () => {
    server.setFault('Pod', { type: 'rate-limit', times: 10, retryAfterSeconds: 1 });
    const snapshot = await collect();
    expect(snapshot.gaps).toMatchObject([{ kind: 'Pod', reason: 'error', httpStatus: 429, detail: 'Too many requests, please try again later. (after 3 attempts)' }]);
  });
});

describe('500 Internal Server Error', () => {
  it('is retried when transient', async () => {
    server.setFault('Service', { type: 'status', status: 500, times: 2 });
    const snapshot = await collect();
    expect(snapshot.gaps).toEqual([]);
    expect(count(snapshot, 'Service')).toBe(12);
    expect(requestsTo('/api/v1/services').map((request) => request.status)).toEqual([500, 500, 200]);
  });

  it('is an error gap when permanent', async () => {
    server.setFault('Service', { type: 'status', status: 500 });
    const snapshot = await collect();
    expect(snapshot.gaps).toMatchObject([{ kind: 'Service', reason: 'error', httpStatus: 500 }]);
    expect(snapshot.collectedKinds).not.toContain('Service');
    expect(requestsTo('/api/v1/services')).toHaveLength(3);
  });
});

describe('slow responses', () => {
  it('are waited for within the request timeout', async () => {
    server.setFault('Role.rbac.authorization.k8s.io', { type: 'slow', delayMs: 50 });
    const snapshot = await collect();
    expect(snapshot.gaps).toEqual([]);
    expect(count(snapshot, 'Role')).toBe(1);
  });

  it('time out, are retried, and become an error gap when they never answer in time', async () => {
    server.setFault('Role.rbac.authorization.k8s.io', { type: 'slow', delayMs: 5_000 });
    const snapshot = await collect({ requestTimeoutMs: 100 });
    expect(snapshot.gaps).toEqual([{ kind: 'Role.rbac.authorization.k8s.io', reason: 'error', detail: 'no answer within 100 ms (after 3 attempts)' }]);
  });

  it('time out once and succeed on retry', async () => {
    server.setFault('Role.rbac.authorization.k8s.io', { type: 'slow', delayMs: 5_000, times: 1 });
    const snapshot = await collect({ requestTimeoutMs: 100 });
    expect(snapshot.gaps).toEqual([]);
    expect(count(snapshot, 'Role')).toBe(1);
  });
});

describe('truncated bodies', () => {
  it('are retried', async () => {
    server.setFault('Deployment.apps', { type: 'truncate', times: 1 });
    const snapshot = await collect();
    expect(snapshot.gaps).toEqual([]);
    expect(count(snapshot, 'Deployment')).toBe(12);
    const attempts = requestsTo(DEPLOYMENTS);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.bytes).toBeLessThan(attempts[1]?.bytes ?? 0);
  });

  it('become an error gap when every attempt is cut short', async () => {
    server.setFault('Deployment.apps', { type: 'truncate' });
    const snapshot = await collect();
    expect(snapshot.gaps).toMatchObject([{ kind: 'Deployment.apps', reason: 'error' }]);
    expect(snapshot.gaps[0]?.detail).toMatch(/cut short/);
  });
});

describe('kubelet configuration', () => {
  it('a node whose configz is forbidden is a gap naming that node', async () => {
    server.setFault(configzPath('worker-1'), { type: 'status', status: 403 });
    const snapshot = await collect();
    expect(snapshot.nodeConfigs.map((config) => config.node)).toEqual(['cp-1']);
    expect(snapshot.gaps).toMatchObject([{ kind: 'Node/configz', node: 'worker-1', reason: 'forbidden', httpStatus: 403 }]);
  });

  it('a node without a configz endpoint is a not-served gap', async () => {
    server.setFault(configzPath('cp-1'), { type: 'status', status: 404 });
    const snapshot = await collect();
    expect(snapshot.gaps).toMatchObject([{ kind: 'Node/configz', node: 'cp-1', reason: 'not-served' }]);
  });

  it('nodes that cannot be listed leave kubelet configuration as a gap too', async () => {
    server.setFault('Node', { type: 'status', status: 403 });
    const snapshot = await collect();
    expect(snapshot.nodeConfigs).toEqual([]);
    expect(snapshot.gaps).toMatchObject([
      { kind: 'Node', reason: 'forbidden' },
      { kind: 'Node/configz', reason: 'forbidden', detail: 'nodes could not be listed, so no kubelet configuration was read' },
    ]);
  });
});

describe('identity fallbacks', () => {
  it('takes the cluster uid from the namespace list when kube-system cannot be read on its own', async () => {
    server.setFault('/api/v1/namespaces/kube-system', { type: 'status', status: 403 });
    const snapshot = await collect();
    expect(snapshot.cluster.uid).toBe('8a3c1f2e-6b7d-4e59-9c0a-4d2b1e7f3a55');
  });

  it('uses the kubeconfig user when SelfSubjectReview is forbidden', async () => {
    server.setFault('/apis/authentication.k8s.io/v1/selfsubjectreviews', { type: 'status', status: 403 });
    const snapshot = await collect();
    expect(snapshot.collector).toEqual({ username: 'kv-token', groups: [], source: 'kubeconfig' });
  });
});

describe('kinds behind optional CRDs (Calico, Cilium)', () => {
  const calicoCrd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'globalnetworkpolicies.crd.projectcalico.org' }, spec: { group: 'crd.projectcalico.org', scope: 'Cluster', names: { kind: 'GlobalNetworkPolicy', plural: 'globalnetworkpolicies' } } };
  const denyAll = { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy', metadata: { name: 'default-deny' }, spec: { selector: 'all()', types: ['Ingress', 'Egress'] } };
  let calico: KubeApiServer;

  beforeAll(async () => {
    calico = await startKubeApiServer({ objects: [...clusterFixtureObjects(), calicoCrd, denyAll], nodeConfigs: clusterFixtureNodeConfigs() });
  });
  afterEach(() => calico.clearFaults());
  afterAll(async () => calico.close());

  function collectCalico(): Promise<Snapshot> {
    mark = calico.requests.length;
    return collectSnapshot({ kubeconfig: calico.kubeconfigPath(), retry: FAST_RETRY });
  }

  it('lists a kind whose CRD exists, and counts the others as collected and empty without asking', async () => {
    const snapshot = await collectCalico();
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.resources.filter((object) => object.kind === 'GlobalNetworkPolicy')).toMatchObject([{ apiVersion: 'crd.projectcalico.org/v1', metadata: { name: 'default-deny' } }]);
    expect(snapshot.collectedKinds).toEqual(expect.arrayContaining(['GlobalNetworkPolicy.crd.projectcalico.org', 'CiliumNetworkPolicy.cilium.io', 'NetworkPolicy.crd.projectcalico.org']));
    expect(calico.requests.slice(mark).some((request) => request.path.startsWith('/apis/cilium.io/'))).toBe(false);
    const crd = snapshot.resources.find((object) => object.kind === 'CustomResourceDefinition');
    expect(Object.keys(crd ?? {}).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('tries each optional kind when the CRD list is forbidden: 404 means none exist', async () => {
    calico.setFault('CustomResourceDefinition.apiextensions.k8s.io', { type: 'status', status: 403 });
    const snapshot = await collectCalico();
    expect(snapshot.gaps).toMatchObject([{ kind: 'CustomResourceDefinition.apiextensions.k8s.io', reason: 'forbidden' }]);
    expect(snapshot.collectedKinds).toEqual(expect.arrayContaining(['GlobalNetworkPolicy.crd.projectcalico.org', 'CiliumClusterwideNetworkPolicy.cilium.io']));
    expect(snapshot.resources.filter((object) => object.kind === 'GlobalNetworkPolicy')).toHaveLength(1);
    expect(calico.requests.slice(mark).filter((request) => request.path === '/apis/cilium.io/v2/ciliumnetworkpolicies').map((request) => request.status)).toEqual([404]);
  });

  it('a kind whose CRD exists but cannot be read is a gap', async () => {
    calico.setFault('GlobalNetworkPolicy.crd.projectcalico.org', { type: 'status', status: 403 });
    const snapshot = await collectCalico();
    expect(snapshot.gaps).toMatchObject([{ kind: 'GlobalNetworkPolicy.crd.projectcalico.org', reason: 'forbidden' }]);
    expect(snapshot.collectedKinds).not.toContain('GlobalNetworkPolicy.crd.projectcalico.org');
  });
});
