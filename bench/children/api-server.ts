/**
 * Child process: serves one generated cluster through the HTTPS Kubernetes API test server, in its own process
 * so that its 50,000 objects and cached JSON are not counted in the collector's memory, and so that it competes
 * for the CPU the way a real API server on the same host would not (see README: both share the 2 cores here).
 *
 * argv: <objects> <day>. Reports `{ kubeconfig, url, objects }` when ready; on stop, the request statistics.
 */
import { startKubeApiServer } from '../../test/support/kube-api-server.js';
import { benchCluster, configzByNode } from '../lib/cluster.js';
import { reportError, reportReady } from '../lib/child.js';
import type { ServerStats } from '../lib/types.js';

export interface ServerReady {
  readonly kubeconfig: string;
  readonly url: string;
  readonly objects: number;
}

async function main(): Promise<void> {
  const objects = Number(process.argv[2]);
  const day = Number(process.argv[3] ?? '0');
  const started = performance.now();
  const cluster = benchCluster(objects, day);
  const server = await startKubeApiServer({ objects: cluster.resources, nodeConfigs: configzByNode(cluster), recordBodies: false });
  const startMs = Math.round(performance.now() - started);
  const ready: ServerReady = { kubeconfig: server.kubeconfigPath(), url: server.url, objects: cluster.resources.length };
  reportReady(ready, async (): Promise<ServerStats> => {
    const stats = { startMs, ...statsOf(server.requests, server.maxInFlight()) };
    await server.close();
    return stats;
  });
}

function statsOf(requests: readonly { readonly bytes: number; readonly query: Readonly<Record<string, string>> }[], maxInFlight: number): Omit<ServerStats, 'startMs'> {
  return {
    requests: requests.length,
    listPages: requests.filter((request) => request.query['limit'] !== undefined).length,
    bytes: requests.reduce((sum, request) => sum + request.bytes, 0),
    maxInFlight,
  };
}

main().catch(reportError);
