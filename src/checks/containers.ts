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
  /** The container's `securityContext`, empty when unset. */
  readonly securityContext: JsonObject;
}

/**
 * Every container of a workload, init and ephemeral ones included, in spec order. Built once with the workload
 * subject, because nearly every workload check walks the same list.
 */
export function containersOf(subject: WorkloadSubject): readonly ContainerEntry[] {
  return subject.containers;
}

/** The container entries of one pod spec found at `specPath`. */
export function containerEntriesOf(podSpec: JsonObject, specPath: string): ContainerEntry[] {
  const entries: ContainerEntry[] = [];
  for (const field of CONTAINER_FIELDS) {
    const list = podSpec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (!isObject(container)) return;
      const securityContext = container['securityContext'];
      entries.push({
        container,
        name: String(container['name'] ?? `#${index}`),
        field,
        path: `${specPath}.${field}[${index}]`,
        securityContext: isObject(securityContext) ? securityContext : {},
      });
    });
  }
  return entries;
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
