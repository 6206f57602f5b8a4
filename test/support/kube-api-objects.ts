import { createHash } from 'node:crypto';
import { COLLECTED_KINDS, keyOfCollectedKind, type CollectedKind } from '../../src/collect/kinds.js';
import type { JsonObject } from '../../src/domain/json.js';
import type { KubeObject } from '../../src/domain/snapshot.js';
import { kindKeyOf } from '../../src/domain/snapshot.js';

/**
 * The test API server's storage: objects indexed by kind and namespace in the order etcd keeps them
 * (namespace, then name), with JSON serialised on first use so 50,000 objects cost nothing until listed.
 */
export interface StoredObject {
  readonly object: KubeObject;
  /** Serialised form as a list item, cached. */
  json?: string;
  /** Serialised PartialObjectMetadata form, cached. */
  metadataJson?: string;
}

export interface ServedKind {
  readonly kind: CollectedKind;
  readonly key: string;
  /** Built-in list items omit apiVersion/kind, as the real API server does; custom resources keep them. */
  readonly itemsCarryType: boolean;
  readonly all: readonly StoredObject[];
  readonly byNamespace: ReadonlyMap<string, readonly StoredObject[]>;
  readonly byName: ReadonlyMap<string, StoredObject>;
}

export interface ObjectIndex {
  /** By `<group>/<version>/<plural>` (group '' for core). */
  readonly byResource: ReadonlyMap<string, ServedKind>;
  readonly byKindKey: ReadonlyMap<string, ServedKind>;
}

/** Creation time given to objects that have none: fixed, so served objects are deterministic. */
const DEFAULT_CREATION = '2025-01-01T00:00:00Z';

export function resourceKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

export function nameKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/**
 * Indexes the objects under every kind the collector knows (plus `extraKinds`). A kind behind an optional CRD
 * is served only when that CRD is among the objects, as on a real cluster.
 */
export function indexObjects(objects: readonly KubeObject[], extraKinds: readonly CollectedKind[] = []): ObjectIndex {
  const kinds = [...COLLECTED_KINDS, ...extraKinds];
  const crdNames = new Set(objects.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name));
  const served = kinds.filter((kind) => kind.optionalCrd === undefined || crdNames.has(kind.optionalCrd));
  const grouped = new Map<string, StoredObject[]>(served.map((kind) => [keyOfCollectedKind(kind), []]));
  objects.forEach((object, position) => {
    const key = kindKeyOf(object.apiVersion, object.kind);
    const bucket = grouped.get(key);
    if (bucket === undefined) throw new Error(`test API server: no REST mapping for ${key} (${object.metadata.name}); pass it in extraKinds`);
    bucket.push({ object: withServerFields(object, key, position) });
  });
  const byKindKey = new Map(served.map((kind) => [keyOfCollectedKind(kind), servedKind(kind, grouped.get(keyOfCollectedKind(kind)) ?? [])]));
  const byResource = new Map([...byKindKey.values()].map((entry) => [resourceKey(entry.kind.group, entry.kind.version, entry.kind.plural), entry]));
  return { byResource, byKindKey };
}

function servedKind(kind: CollectedKind, objects: StoredObject[]): ServedKind {
  // Keys computed once: the comparator runs n log n times on 50,000-object benchmarks.
  const all = objects
    .map((stored) => ({ key: sortKey(stored.object), stored }))
    .sort((a, b) => compare(a.key, b.key))
    .map(({ stored }) => stored);
  const byNamespace = new Map<string, StoredObject[]>();
  for (const stored of all) {
    const namespace = stored.object.metadata.namespace ?? '';
    const bucket = byNamespace.get(namespace);
    if (bucket === undefined) byNamespace.set(namespace, [stored]);
    else bucket.push(stored);
  }
  const byName = new Map(all.map((stored) => [nameKey(stored.object.metadata.namespace, stored.object.metadata.name), stored]));
  return { kind, key: keyOfCollectedKind(kind), itemsCarryType: kind.optionalCrd !== undefined, all, byNamespace, byName };
}

/**
 * What the API server adds on create: uid, resourceVersion and creationTimestamp (deterministic here), and
 * a Secret's `stringData` folded into base64 `data`, so the server holds exactly what a real one would.
 */
function withServerFields(object: KubeObject, key: string, position: number): KubeObject {
  const metadata = object.metadata;
  const filled = {
    ...metadata,
    uid: metadata.uid ?? uidOf(key, metadata.namespace, metadata.name),
    resourceVersion: typeof metadata['resourceVersion'] === 'string' ? metadata['resourceVersion'] : String(1000 + position),
    creationTimestamp: metadata.creationTimestamp ?? DEFAULT_CREATION,
  };
  const withMeta = { ...object, metadata: filled } as KubeObject;
  return key === 'Secret' ? foldStringData(withMeta) : withMeta;
}

function foldStringData(secret: KubeObject): KubeObject {
  const { stringData, ...rest } = secret;
  if (stringData === undefined || stringData === null || typeof stringData !== 'object' || Array.isArray(stringData)) return secret;
  const data: JsonObject = { ...((rest['data'] as JsonObject | undefined) ?? {}) };
  for (const [name, value] of Object.entries(stringData)) data[name] = Buffer.from(String(value), 'utf8').toString('base64');
  return { ...rest, data } as KubeObject;
}

/** A UUID-shaped id derived from the object's identity. */
function uidOf(key: string, namespace: string | undefined, name: string): string {
  const hex = createHash('sha256').update(`${key}/${namespace ?? ''}/${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The object as a list item: built-in kinds lose apiVersion/kind, exactly like the real API server's lists. */
export function itemJson(served: ServedKind, stored: StoredObject): string {
  if (stored.json === undefined) {
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = stored.object;
    stored.json = JSON.stringify(served.itemsCarryType ? stored.object : rest);
  }
  return stored.json;
}

export function metadataItemJson(stored: StoredObject): string {
  stored.metadataJson ??= JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: stored.object.metadata });
  return stored.metadataJson;
}

function sortKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}\u0000${object.metadata.name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
