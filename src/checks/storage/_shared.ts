import type { JsonObject, JsonValue } from '../../domain/json.js';
import type { KubeObject } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';

export const PERSISTENT_VOLUME = 'PersistentVolume';
export const STORAGE_CLASS = 'StorageClass.storage.k8s.io';

/** A top-level field of an API object other than metadata, as plain JSON. */
export function fieldOf(object: KubeObject, key: string): JsonValue | undefined {
  return (object as unknown as JsonObject)[key];
}

export function specOf(object: KubeObject): JsonObject {
  const spec = fieldOf(object, 'spec');
  return isObject(spec) ? spec : {};
}
