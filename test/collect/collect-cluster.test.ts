import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot, loadSnapshotInput, type CollectOptions } from '../../src/collect/index.js';
import { openKubeClient } from '../../src/collect/kube-client.js';
import { COLLECTED_KIND_KEYS } from '../../src/collect/kinds.js';
import { METADATA_ONLY_ACCEPT } from '../../src/collect/list-resources.js';
import type { KubeObject, Snapshot } from '../../src/domain/snapshot.js';
import { describeRef, refOf } from '../../src/domain/snapshot.js';
import { CLUSTER_MANIFESTS, clusterFixtureNodeConfigs, clusterFixtureObjects, FIXTURE_SECRET_VALUES } from '../support/cluster-fixture.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api-server.js';

const FAST_RETRY = { baseDelayMs: 1, maxAttempts: 3, maxDelayMs: 20 } as const;

let server: KubeApiServer;
let live: Snapshot;

beforeAll(async () => {
  server = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs(), recordBodies: true });
  live = await collectSnapshot({ kubeconfig: server.kubeconfigPath(), retry: FAST_RETRY });
});
afterAll(async () => server.close());

function collect(options: CollectOptions = {}): Promise<Snapshot> {
  return collectSnapshot({ kubeconfig: server.kubeconfigPath(), retry: FAST_RETRY, ...options });
}

/**
 * An object without what the API server adds on create, for comparing file input with a live read.
 * A live Secret is PartialObjectMetadata, which has no `type`: the one field file input keeps that a live read cannot.
 */
function withoutServerFields(object: KubeObject): KubeObject {
  const { uid: _uid, resourceVersion: _resourceVersion, creationTimestamp: _created, ...metadata } = object.metadata;
  if (object.kind === 'Secret') return { apiVersion: object.apiVersion, kind: object.kind, metadata };
  return { ...object, metadata } as KubeObject;
}

describe('collectSnapshot against the test API server', () => {
  it('holds the same resources as --from-file for the same objects', () => {
    const fromFile = loadSnapshotInput(CLUSTER_MANIFESTS, { completeKinds: ['*'] });
    expect(live.resources.map((object) => describeRef(refOf(object)))).toEqual(fromFile.resources.map((object) => describeRef(refOf(object))));
    expect(live.resources.map(withoutServerFields)).toEqual(fromFile.resources.map(withoutServerFields));
    expect(live.collectedKinds).toEqual(fromFile.collectedKinds);
    expect(live.gaps).toEqual([]);
  });

  it('records cluster identity, server version and who collected', () => {
    expect(live.cluster).toEqual({ uid: '8a3c1f2e-6b7d-4e59-9c0a-4d2b1e7f3a55', name: 'kv-test', server: server.url, version: 'v1.31.2' });
    expect(live.collector).toEqual({ username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'], source: 'SelfSubjectReview' });
    expect(live.source).toEqual({ type: 'cluster', context: 'kv-test' });
    expect(Number.isNaN(Date.parse(live.collectedAt ?? ''))).toBe(false);
  });

  it('reads every kubelet configuration through the node proxy', () => {
    expect(live.nodeConfigs.map((config) => config.node)).toEqual(['cp-1', 'worker-1']);
    expect(live.nodeConfigs[1]?.kubeletConfig['readOnlyPort']).toBe(10255);
  });

  it('keeps control-plane static pods with their command-line flags', () => {
    const apiserver = live.resources.find((object) => object.kind === 'Pod' && object.metadata.name === 'kube-apiserver-cp-1');
    expect(JSON.stringify(apiserver)).toContain('--audit-log-path=/path/to/log');
  });

  it('types list items, which the API server sends without apiVersion and kind', () => {
    const deployment = live.resources.find((object) => object.metadata.name === 'frontend' && object.kind === 'Deployment');
    expect(deployment?.apiVersion).toBe('apps/v1');
    expect(live.resources.every((object) => object.apiVersion !== 'meta.k8s.io/v1')).toBe(true);
  });
});

describe('Secrets are read as metadata only', () => {
  it('asks only for PartialObjectMetadataList, and no Secret value ever leaves the server', () => {
    const secretRequests = server.requests.filter((request) => request.path === '/api/v1/secrets');
    expect(secretRequests.length).toBeGreaterThan(0);
    expect(secretRequests.every((request) => request.accept === METADATA_ONLY_ACCEPT)).toBe(true);
    for (const request of server.requests) {
      for (const value of FIXTURE_SECRET_VALUES) expect(request.body ?? '').not.toContain(value);
    }
  });

  it('stores the Secret with metadata only', () => {
    const secret = live.resources.find((object) => object.kind === 'Secret');
    expect(secret?.metadata.name).toBe('cartservice-redis');
    expect(Object.keys(secret ?? {}).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
    const text = JSON.stringify(live);
    for (const value of FIXTURE_SECRET_VALUES) expect(text).not.toContain(value);
  });

  it('proves the assertion means something: a plain list of the same server does carry the values', async () => {
    const client = await openKubeClient({ kubeconfig: server.kubeconfigPath() });
    try {
      const response = await client.request({ path: '/api/v1/secrets' });
      expect(response.body).toContain(FIXTURE_SECRET_VALUES[0]);
    } finally {
      client.close();
    }
  });

  it('keeps ConfigMap keys but not values, and drops last-applied-configuration', () => {
    const configMap = live.resources.find((object) => object.kind === 'ConfigMap');
    expect(configMap?.['dataKeys']).toEqual(['CYMBAL_BRANDING', 'DB_PASSWORD', 'ENV_PLATFORM']);
    expect(JSON.stringify(live)).not.toContain('kv-fixture-configmap-password');
    expect(JSON.stringify(live)).not.toContain('last-applied-configuration');
  });
});

describe('pagination', () => {
  it('follows continue tokens to the end with the requested page size', async () => {
    const many = Array.from({ length: 1234 }, (_, index) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(index).padStart(4, '0')}`, namespace: `ns-${index % 3}` }, data: { key: 'value' } }));
    const big = await startKubeApiServer({ objects: many });
    try {
      const snapshot = await collectSnapshot({ kubeconfig: big.kubeconfigPath(), retry: FAST_RETRY, pageSize: 100 });
      const names = snapshot.resources.filter((object) => object.kind === 'ConfigMap').map((object) => `${object.metadata.namespace}/${object.metadata.name}`);
      expect(names).toHaveLength(1234);
      expect(new Set(names).size).toBe(1234);
      const pages = big.requests.filter((request) => request.path === '/api/v1/configmaps');
      expect(pages).toHaveLength(13);
      expect(pages.every((request) => request.query['limit'] === '100')).toBe(true);
      expect(pages[0]?.query['continue']).toBeUndefined();
      expect(pages.slice(1).every((request) => typeof request.query['continue'] === 'string')).toBe(true);
    } finally {
      await big.close();
    }
  });

  it('never has more requests open than the concurrency limit', async () => {
    const own = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs() });
    for (const kind of ['Pod', 'Service', 'Deployment.apps', 'Role.rbac.authorization.k8s.io', 'ConfigMap']) own.setFault(kind, { type: 'slow', delayMs: 20 });
    try {
      const snapshot = await collectSnapshot({ kubeconfig: own.kubeconfigPath(), retry: FAST_RETRY, concurrency: 2 });
      expect(snapshot.gaps).toEqual([]);
      expect(own.maxInFlight()).toBe(2);
    } finally {
      await own.close();
    }
  });

  it('reports progress up to every kind', async () => {
    const seen: { kindsDone: number; kindsTotal: number; objects: number }[] = [];
    await collect({ onProgress: (progress) => seen.push(progress) });
    expect(seen[0]).toEqual({ kindsDone: 0, kindsTotal: COLLECTED_KIND_KEYS.length, objects: 0 });
    expect(seen.at(-1)).toEqual({ kindsDone: COLLECTED_KIND_KEYS.length, kindsTotal: COLLECTED_KIND_KEYS.length, objects: live.resources.length });
  });
});

describe('authentication methods', () => {
  it('authenticates with a client certificate', async () => {
    const snapshot = await collect({ kubeconfig: server.kubeconfigPath('kv-test-cert') });
    expect(snapshot.collector).toEqual({ username: 'kv-test-admin', groups: ['system:masters', 'system:authenticated'], source: 'SelfSubjectReview' });
    expect(snapshot.resources).toHaveLength(live.resources.length);
  });

  it('selects a context other than the current one', async () => {
    const snapshot = await collect({ kubeconfig: server.kubeconfigPath('kv-test-bad-token'), context: 'kv-test-cert', clusterName: 'prod-eu' });
    expect(snapshot.source).toEqual({ type: 'cluster', context: 'kv-test-cert' });
    expect(snapshot.cluster.name).toBe('prod-eu');
  });

  it('falls back to the kubeconfig user when the server predates SelfSubjectReview', async () => {
    const old = await startKubeApiServer({ objects: clusterFixtureObjects(), selfSubjectReview: false, gitVersion: 'v1.26.15' });
    try {
      const snapshot = await collectSnapshot({ kubeconfig: old.kubeconfigPath(), retry: FAST_RETRY });
      expect(snapshot.collector).toEqual({ username: 'kv-token', groups: [], source: 'kubeconfig' });
      expect(snapshot.cluster.version).toBe('v1.26.15');
      expect(old.requests.some((request) => request.method === 'POST' && request.status === 404)).toBe(true);
    } finally {
      await old.close();
    }
  });
});
