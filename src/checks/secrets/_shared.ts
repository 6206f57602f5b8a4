import type { JsonObject, JsonValue } from '../../domain/json.js';
import type { KubeObject } from '../../domain/snapshot.js';

/** A top-level field of an API object other than metadata, as plain JSON. */
export function fieldOf(object: KubeObject, key: string): JsonValue | undefined {
  return (object as unknown as JsonObject)[key];
}
