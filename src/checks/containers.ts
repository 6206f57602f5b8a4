import type { JsonObject, JsonValue } from '../domain/json.js';
import type { WorkloadSubject } from './workload-subjects.js';

export const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerField = (typeof CONTAINER_FIELDS)[number];

/** One container of a pod spec, with the dotted path evidence should name (`spec.template.spec.containers[1]`). */
export interface ContainerEntry {
  readonly container: JsonObject;
  readonly name: string;
  readonly field: ContainerField;
  readonly path: string;
}

/** Every container of a workload, init and ephemeral ones included, in spec order. */
export function containersOf(subject: WorkloadSubject): ContainerEntry[] {
  return CONTAINER_FIELDS.flatMap((field) => {
    const list = subject.podSpec[field];
    if (!Array.isArray(list)) return [];
    return list.flatMap((container, index) =>
      isObject(container)
        ? [{ container, name: String(container['name'] ?? `#${index}`), field, path: `${subject.specPath}.${field}[${index}]` }]
        : [],
    );
  });
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a nested field: `valueAt(pod, ['securityContext', 'runAsUser'])`; undefined when any step is missing. */
export function valueAt(object: JsonValue | undefined, path: readonly (string | number)[]): JsonValue | undefined {
  let current: JsonValue | undefined = object;
  for (const key of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[String(key)];
  }
  return current;
}
