import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { assembleSnapshot } from '../../src/collect/assemble-snapshot.js';
import { COLLECTED_KIND_KEYS } from '../../src/collect/kinds.js';
import type { KubeObject, NodeConfig, Snapshot } from '../../src/domain/snapshot.js';

/** A snapshot of the given objects, as if a complete cluster held exactly these (every known kind collected). */
export function snapshotOf(objects: readonly KubeObject[], overrides: Partial<Snapshot> = {}): Snapshot {
  const base = assembleSnapshot({
    cluster: { uid: 'test-cluster-uid', name: 'test', server: null, version: null },
    collectedAt: '2026-11-01T00:00:00.000Z',
    collector: { username: 'test', groups: [], source: 'file' },
    source: { type: 'file', path: 'test' },
    collectedKinds: COLLECTED_KIND_KEYS,
    resources: objects,
    nodeConfigs: overrides.nodeConfigs ?? ([] as NodeConfig[]),
  });
  return { ...base, ...overrides };
}

/** Reads every object of a (multi-document) YAML or JSON manifest file; `List` objects are flattened. */
export function readManifests(path: string): KubeObject[] {
  const text = readFileSync(path, 'utf8');
  return parseAllDocuments(text)
    .map((document) => document.toJS() as unknown)
    .filter((value): value is KubeObject => value !== null && typeof value === 'object' && 'kind' in value)
    .flatMap((object) => (object.kind.endsWith('List') && Array.isArray(object['items']) ? (object['items'] as KubeObject[]) : [object]));
}
