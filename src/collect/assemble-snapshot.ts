import type { ClusterIdentity, CollectorIdentity, Gap, KubeObject, NodeConfig, Snapshot, SnapshotSource } from '../domain/snapshot.js';
import { kindKeyOf } from '../domain/snapshot.js';
import { redactObject } from './redact.js';

export interface SnapshotParts {
  readonly cluster: ClusterIdentity;
  readonly collectedAt: string | null;
  readonly collector: CollectorIdentity;
  readonly source: SnapshotSource;
  readonly collectedKinds: readonly string[];
  readonly resources: readonly KubeObject[];
  readonly nodeConfigs?: readonly NodeConfig[];
  readonly gaps?: readonly Gap[];
}

/**
 * The one place a Snapshot is made, whatever the source: objects are redacted, sorted by kind key,
 * namespace and name, and duplicates (same kind/namespace/name) keep the last one read.
 */
export function assembleSnapshot(parts: SnapshotParts): Snapshot {
  const unique = new Map<string, KubeObject>();
  for (const object of parts.resources) {
    const redacted = redactObject(object);
    unique.set(sortKey(redacted), redacted);
  }
  const resources = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, object]) => object);
  return {
    schemaVersion: 1,
    cluster: parts.cluster,
    collectedAt: parts.collectedAt,
    collector: parts.collector,
    source: parts.source,
    collectedKinds: [...new Set(parts.collectedKinds)].sort(),
    resources,
    nodeConfigs: [...(parts.nodeConfigs ?? [])].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)),
    gaps: [...(parts.gaps ?? [])],
  };
}

function sortKey(object: KubeObject): string {
  return `${kindKeyOf(object.apiVersion, object.kind)}\u0000${object.metadata.namespace ?? ''}\u0000${object.metadata.name}`;
}
