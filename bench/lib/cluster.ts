import { assembleSnapshot } from '../../src/collect/index.js';
import { COLLECTED_KINDS, keyOfCollectedKind } from '../../src/collect/kinds.js';
import type { JsonObject } from '../../src/domain/json.js';
import type { KubeObject, Snapshot } from '../../src/domain/snapshot.js';
import { indexObjects } from '../../test/support/kube-api-objects.js';
import { generateCluster, type GeneratedCluster } from '../generate-cluster.js';

/** Every size uses this seed, so numbers are comparable from one bench run to the next. */
export const BENCH_SEED = 42;

export function benchCluster(objects: number, day = 0, seed = BENCH_SEED): GeneratedCluster {
  return generateCluster({ objects, seed, day, churn: 0.01 });
}

/** The test API server's configz answers, by node: `{"kubeletconfig": {...}}` as the kubelet serves it. */
export function configzByNode(cluster: GeneratedCluster): Record<string, JsonObject> {
  return Object.fromEntries(cluster.nodeConfigs.map((config) => [config.node, { kubeletconfig: config.kubeletConfig }]));
}

/**
 * The objects as a collection returns them, without the HTTPS round trips: as the test API server holds them
 * (uid, resourceVersion, creationTimestamp filled in), and metadata only for the kinds the collector lists that
 * way (Secrets). The size child checks that this gives the collected snapshot's digest.
 */
export function objectsAsServed(cluster: GeneratedCluster): KubeObject[] {
  const index = indexObjects(cluster.resources);
  return [...index.byKindKey.values()].flatMap((served) =>
    served.all.map(({ object }) => (served.kind.metadataOnly === true ? { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata } : object)),
  );
}

/**
 * A later day of the same cluster, shaped like `collected` (same identity, collector, kinds, node configurations)
 * but holding the churned objects. Collecting each day over HTTPS would measure the collector ten more times; the
 * database growth only depends on what is stored, so the day's objects are assembled the way the collector does.
 */
export function snapshotOfDay(collected: Snapshot, objects: number, day: number, collectedAt: string): Snapshot {
  const cluster = benchCluster(objects, day);
  return assembleSnapshot({
    cluster: collected.cluster,
    collectedAt,
    collector: collected.collector,
    source: collected.source,
    collectedKinds: collected.collectedKinds,
    resources: objectsAsServed(cluster),
    nodeConfigs: collected.nodeConfigs,
    gaps: collected.gaps,
  });
}

/**
 * A snapshot of a generated cluster without any server, for the measurements that need many runs or one
 * particular run rather than the collector: identity and kinds as a collection from the test API server
 * would record them (every kind not behind an optional CRD).
 */
export function offlineSnapshot(objects: number, options: { readonly day?: number; readonly seed?: number; readonly collectedAt: string }): Snapshot {
  const cluster = benchCluster(objects, options.day ?? 0, options.seed ?? BENCH_SEED);
  const resources = objectsAsServed(cluster);
  const kubeSystem = resources.find((object) => object.kind === 'Namespace' && object.metadata.name === 'kube-system');
  return assembleSnapshot({
    cluster: { uid: kubeSystem?.metadata.uid ?? null, name: 'kv-bench', server: null, version: 'v1.31.2' },
    collectedAt: options.collectedAt,
    collector: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'], source: 'SelfSubjectReview' },
    source: { type: 'cluster', context: 'kv-bench' },
    collectedKinds: COLLECTED_KINDS.filter((kind) => kind.optionalCrd === undefined).map(keyOfCollectedKind),
    resources,
    nodeConfigs: cluster.nodeConfigs,
  });
}
