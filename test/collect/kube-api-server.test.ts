import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKubeClient, type KubeClient } from '../../src/collect/kube-client.js';
import { METADATA_ONLY_ACCEPT } from '../../src/collect/list-resources.js';
import { clusterFixtureNodeConfigs, clusterFixtureObjects } from '../support/cluster-fixture.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api-server.js';

/** The test server has to behave like a real API server, or the collector tests prove nothing. */
let server: KubeApiServer;
let client: KubeClient;

beforeAll(async () => {
  server = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs() });
  client = await openKubeClient({ kubeconfig: server.kubeconfigPath() });
});
afterAll(async () => {
  client.close();
  await server.close();
});

async function getJson(path: string, accept?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await client.request({ path, ...(accept === undefined ? {} : { accept }) });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

describe('test Kubernetes API server', () => {
  it('answers 401 with a Status to a request without valid credentials', async () => {
    const anonymous = await openKubeClient({ kubeconfig: server.kubeconfigPath('kv-test-bad-token') });
    try {
      const response = await anonymous.request({ path: '/api/v1/pods' });
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
    } finally {
      anonymous.close();
    }
  });

  it('paginates honestly: limit, opaque continue, remainingItemCount, one resourceVersion', async () => {
    const first = await getJson('/apis/apps/v1/namespaces/boutique/deployments?limit=5');
    const metadata = first.body['metadata'] as Record<string, unknown>;
    expect(first.body['kind']).toBe('DeploymentList');
    expect((first.body['items'] as unknown[]).length).toBe(5);
    expect(metadata['remainingItemCount']).toBe(7);
    const next = await getJson(`/apis/apps/v1/namespaces/boutique/deployments?limit=5&continue=${encodeURIComponent(String(metadata['continue']))}`);
    expect((next.body['metadata'] as Record<string, unknown>)['resourceVersion']).toBe(metadata['resourceVersion']);
    expect((next.body['items'] as { metadata: { name: string } }[])[0]?.metadata.name).toBe('frontend');
  });

  it('refuses a continue token of another list', async () => {
    const first = await getJson('/apis/apps/v1/deployments?limit=1');
    const token = String((first.body['metadata'] as Record<string, unknown>)['continue']);
    expect((await getJson(`/api/v1/services?limit=1&continue=${encodeURIComponent(token)}`)).status).toBe(400);
  });

  it('leaves apiVersion and kind out of built-in list items, as the real server does', async () => {
    const list = await getJson('/api/v1/namespaces?limit=1');
    expect(Object.keys((list.body['items'] as Record<string, unknown>[])[0] ?? {})).toEqual(['metadata', 'spec']);
  });

  it('serves PartialObjectMetadataList when asked, and full Secrets (stringData folded into data) otherwise', async () => {
    const partial = await getJson('/api/v1/secrets', METADATA_ONLY_ACCEPT);
    expect(partial.body['kind']).toBe('PartialObjectMetadataList');
    expect(Object.keys((partial.body['items'] as Record<string, unknown>[])[0] ?? {})).toEqual(['kind', 'apiVersion', 'metadata']);
    const full = await getJson('/api/v1/namespaces/boutique/secrets');
    const secret = (full.body['items'] as Record<string, unknown>[])[0];
    expect(Object.keys((secret?.['data'] as Record<string, string>) ?? {}).sort()).toEqual(['redis-password', 'redis-user']);
    expect(secret?.['stringData']).toBeUndefined();
  });

  it('fills uid, resourceVersion and creationTimestamp deterministically', async () => {
    const one = await getJson('/api/v1/namespaces/boutique/serviceaccounts/frontend');
    const again = await getJson('/api/v1/namespaces/boutique/serviceaccounts/frontend');
    const metadata = one.body['metadata'] as Record<string, unknown>;
    expect(metadata['uid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(metadata['creationTimestamp']).toBe('2025-01-01T00:00:00Z');
    expect(again.body).toEqual(one.body);
  });

  it('serves GET of one namespace, discovery, configz and SelfSubjectReview', async () => {
    expect((await getJson('/api/v1/namespaces/kube-system')).body['metadata']).toMatchObject({ uid: '8a3c1f2e-6b7d-4e59-9c0a-4d2b1e7f3a55' });
    expect((await getJson('/apis')).body['groups']).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'apps' })]));
    expect((await getJson('/apis/apps/v1')).body['resources']).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'deployments', namespaced: true })]));
    expect((await getJson('/api/v1/nodes/cp-1/proxy/configz')).body).toHaveProperty('kubeletconfig.staticPodPath', '/etc/kubernetes/manifests');
    expect((await getJson('/api/v1/nodes/ghost/proxy/configz')).status).toBe(404);
    const review = await client.request({ method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', body: '{}' });
    expect(review.status).toBe(201);
    expect((await getJson('/apis/cilium.io/v2/ciliumnetworkpolicies')).status).toBe(404);
  });

  it('records method, path, query, Accept header, status and body bytes of every request', async () => {
    const mark = server.requests.length;
    await getJson('/api/v1/pods?limit=2', METADATA_ONLY_ACCEPT);
    expect(server.requests.slice(mark)).toEqual([{ method: 'GET', path: '/api/v1/pods', query: { limit: '2' }, accept: METADATA_ONLY_ACCEPT, status: 200, bytes: expect.any(Number) }]);
  });
});
