import type { JsonObject } from '../domain/json.js';
import type { Gap, KubeObject, NodeConfig } from '../domain/snapshot.js';
import { mapWithConcurrency } from './concurrency.js';
import { gapOf } from './gaps.js';
import type { KubeClient } from './kube-client.js';
import { DEFAULT_RETRY, requestJson, type RetryPolicy } from './retry.js';

/** Gap kind for kubelet configuration, per node. */
export const NODE_CONFIG_GAP_KIND = 'Node/configz';

export interface NodeConfigResult {
  readonly configs: readonly NodeConfig[];
  readonly gaps: readonly Gap[];
}

/**
 * Reads each node's running kubelet configuration through the API server's node proxy
 * (`/api/v1/nodes/{name}/proxy/configz`). A node that refuses or fails is a gap naming that node:
 * its kubelet settings are unknown, not compliant.
 */
export async function collectNodeConfigs(client: KubeClient, nodes: readonly KubeObject[], options: { readonly concurrency: number; readonly retry?: RetryPolicy }): Promise<NodeConfigResult> {
  const results = await mapWithConcurrency(nodes, options.concurrency, (node) => readNodeConfig(client, node.metadata.name, options.retry ?? DEFAULT_RETRY));
  return {
    configs: results.flatMap((result) => ('config' in result ? [result.config] : [])),
    gaps: results.flatMap((result) => ('gap' in result ? [result.gap] : [])),
  };
}

async function readNodeConfig(client: KubeClient, node: string, retry: RetryPolicy): Promise<{ readonly config: NodeConfig } | { readonly gap: Gap }> {
  const result = await requestJson(client, { path: `/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz` }, retry);
  if (!result.ok) return { gap: gapOf(NODE_CONFIG_GAP_KIND, result.failure, node) };
  const kubeletConfig = isRecord(result.value) ? result.value['kubeletconfig'] : undefined;
  if (!isRecord(kubeletConfig)) return { gap: { kind: NODE_CONFIG_GAP_KIND, node, reason: 'error', httpStatus: result.status, detail: 'the configz response has no kubeletconfig object' } };
  return { config: { node, kubeletConfig: kubeletConfig as JsonObject } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
