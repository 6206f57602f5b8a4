import type { CollectorIdentity } from '../domain/snapshot.js';
import { clusterError } from '../errors.js';
import type { KubeClient } from './kube-client.js';
import { requestJson, type RequestFailure, type RetryPolicy } from './retry.js';

/**
 * First contact: the server version. Failing here means nothing can be collected, so the failure is fatal
 * and says why in one line (exit 4): unreachable, TLS verification, or credentials rejected.
 */
export async function readServerVersion(client: KubeClient, retry: RetryPolicy): Promise<string | null> {
  const result = await requestJson(client, { path: '/version' }, retry);
  if (result.ok) {
    const gitVersion = isRecord(result.value) ? result.value['gitVersion'] : undefined;
    return typeof gitVersion === 'string' ? gitVersion : null;
  }
  // /version is public on every real cluster; a server that hides it still serves everything else.
  if (result.failure.status === 403 || result.failure.status === 404) return null;
  throw fatalFailure(client, result.failure);
}

function fatalFailure(client: KubeClient, failure: RequestFailure): Error {
  const where = client.server;
  if (failure.transport === 'tls') return clusterError('cluster.tls', `cannot verify the TLS certificate of ${where}: ${failure.message}`);
  if (failure.transport !== undefined) return clusterError('cluster.unreachable', `cannot reach ${where}: ${failure.message}`);
  if (failure.status === 401) return clusterError('cluster.unauthorized', `${where} rejected the credentials of kubeconfig user "${client.userName}" (401 Unauthorized)`);
  return clusterError('cluster.unavailable', `${where} answered ${failure.status ?? '?'} to /version: ${failure.message}`);
}

/** The kube-system namespace UID: it lives as long as the cluster, so it identifies the cluster across runs. */
export async function readClusterUid(client: KubeClient, retry: RetryPolicy): Promise<string | null> {
  const result = await requestJson(client, { path: '/api/v1/namespaces/kube-system' }, retry);
  if (!result.ok) return null;
  const metadata = isRecord(result.value) ? result.value['metadata'] : undefined;
  const uid = isRecord(metadata) ? metadata['uid'] : undefined;
  return typeof uid === 'string' && uid !== '' ? uid : null;
}

/**
 * Who the collector is, as the API server sees it (SelfSubjectReview, GA in 1.28). Older servers answer
 * 404 and a restricted collector may get 403: then the kubeconfig user name stands in, marked as such.
 */
export async function readCollectorIdentity(client: KubeClient, retry: RetryPolicy): Promise<CollectorIdentity> {
  const body = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  const result = await requestJson(client, { method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', body }, retry);
  const userInfo = result.ok && isRecord(result.value) && isRecord(result.value['status']) ? result.value['status']['userInfo'] : undefined;
  if (isRecord(userInfo) && typeof userInfo['username'] === 'string') {
    const groups = Array.isArray(userInfo['groups']) ? userInfo['groups'].filter((group): group is string => typeof group === 'string') : [];
    return { username: userInfo['username'], groups, source: 'SelfSubjectReview' };
}
  return { username: client.userName, groups: [], source: 'kubeconfig' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
