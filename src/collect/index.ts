/**
 * The collect stage: a live cluster or offline files in, one Snapshot out.
 * (Contract; implemented in this folder — see collect-cluster.ts and snapshot-file.ts.)
 */
export type { SnapshotParts } from './assemble-snapshot.js';
export { assembleSnapshot } from './assemble-snapshot.js';
