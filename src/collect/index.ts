/**
 * The collect stage: a live cluster or offline files in, one Snapshot out.
 */
export type { SnapshotParts } from './assemble-snapshot.js';
export { assembleSnapshot } from './assemble-snapshot.js';
export type { SnapshotInputOptions } from './snapshot-file.js';
/** Offline input (snapshot file, kubectl output, manifests, directory) → Snapshot; and atomic snapshot writing. */
export { loadSnapshotInput, writeSnapshotFile } from './snapshot-file.js';
import type { CollectOptions } from './collect-cluster.js';
import type { Snapshot } from '../domain/snapshot.js';
export type { CollectOptions, CollectProgress } from './collect-cluster.js';

/**
 * Live collection from the cluster a kubeconfig context points at. @kubernetes/client-node takes seconds to
 * import, so it is loaded only when a cluster is actually collected: every other command starts fast.
 */
export async function collectSnapshot(options: CollectOptions = {}): Promise<Snapshot> {
  const { collectSnapshot: collect } = await import('./collect-cluster.js');
  return collect(options);
}
export type { RetryPolicy } from './retry.js';
export { fileProvenanceOf, liveProvenanceOf, provenanceOf } from './provenance.js';
