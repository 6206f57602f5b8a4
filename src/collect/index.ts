/**
 * The collect stage: a live cluster or offline files in, one Snapshot out.
 */
export type { SnapshotParts } from './assemble-snapshot.js';
export { assembleSnapshot } from './assemble-snapshot.js';
export type { SnapshotInputOptions } from './snapshot-file.js';
/** Offline input (snapshot file, kubectl output, manifests, directory) → Snapshot; and atomic snapshot writing. */
export { loadSnapshotInput, writeSnapshotFile } from './snapshot-file.js';
export type { CollectOptions, CollectProgress } from './collect-cluster.js';
/** Live collection from the cluster a kubeconfig context points at. */
export { collectSnapshot, DEFAULT_CONCURRENCY } from './collect-cluster.js';
export type { RetryPolicy } from './retry.js';
