import type { Evidence } from '../../domain/finding.js';
import type { JsonValue } from '../../domain/json.js';
import { describeRef, refOf, type KubeObject, type ResourceRef } from '../../domain/snapshot.js';
import { at } from '../define-check.js';
import { containersOf, isObject, valueAt, type ContainerEntry } from '../containers.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import type { WorkloadSubject } from '../workload-subjects.js';

/** Compute resources the workload checks require on every container. */
export const RESOURCE_NAMES = ['cpu', 'memory'] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** Where an effective request or limit comes from, with the evidence line that shows it. */
export interface EffectiveResource {
  readonly value: JsonValue;
  readonly evidence: Evidence;
  /** The LimitRange that supplied a default, when one did. */
  readonly related?: ResourceRef;
}

/**
 * Containers that can carry resources: regular and init containers. Ephemeral containers are left out on purpose:
 * the API forbids `resources` on them, so requiring requests or limits there would be a demand no pod can meet.
 */
export function containersWithResources(workload: WorkloadSubject): ContainerEntry[] {
  return containersOf(workload).filter((entry) => entry.field !== 'ephemeralContainers');
}

/** A quantity set in the container's own `resources.<kind>.<name>`. */
function ownResourceOf(entry: ContainerEntry, kind: 'limits' | 'requests', name: ResourceName): EffectiveResource | undefined {
  const value = valueAt(entry.container, ['resources', kind, name]);
  if (value === undefined || value === null || value === '') return undefined;
  return { value, evidence: at(`${entry.path}.resources.${kind}.${name}`, value) };
}

/**
 * The default a LimitRange of the namespace applies at admission to a container that sets nothing: `default` for limits,
 * `defaultRequest` (else `default`, as the API server fills it in) for requests.
 */
function limitRangeDefaultOf(index: SnapshotIndex, namespace: string, kind: 'limits' | 'requests', name: ResourceName): EffectiveResource | undefined {
  for (const limitRange of index.inNamespace('LimitRange', namespace)) {
    const found = defaultIn(limitRange, kind, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

function defaultIn(limitRange: KubeObject, kind: 'limits' | 'requests', name: ResourceName): EffectiveResource | undefined {
  const items = valueAt(limitRange as unknown as JsonValue, ['spec', 'limits']);
  if (!Array.isArray(items)) return undefined;
  const fields = kind === 'limits' ? ['default'] : ['defaultRequest', 'default'];
  for (const [position, item] of items.entries()) {
    if (!isObject(item) || item['type'] !== 'Container') continue;
    for (const field of fields) {
      const value = valueAt(item, [field, name]);
      if (value !== undefined && value !== null) {
        return { value, evidence: at(`${describeRef(refOf(limitRange))}:spec.limits[${position}].${field}.${name}`, value), related: refOf(limitRange) };
      }
    }
  }
  return undefined;
}

/** The limit a container runs with: its own, else the namespace LimitRange default. */
export function effectiveLimitOf(index: SnapshotIndex, workload: WorkloadSubject, entry: ContainerEntry, name: ResourceName): EffectiveResource | undefined {
  return ownResourceOf(entry, 'limits', name) ?? limitRangeDefaultOf(index, workload.namespace, 'limits', name);
}

/**
 * The request a container runs with: its own; else its own limit, which Kubernetes copies into an unset request;
 * else the namespace LimitRange default.
 */
export function effectiveRequestOf(index: SnapshotIndex, workload: WorkloadSubject, entry: ContainerEntry, name: ResourceName): EffectiveResource | undefined {
  return ownResourceOf(entry, 'requests', name) ?? ownResourceOf(entry, 'limits', name) ?? limitRangeDefaultOf(index, workload.namespace, 'requests', name);
}

/**
 * The finding of a requests or limits check for one workload. A container without a value fails; when LimitRange
 * objects were not collected, a namespace default cannot be ruled out, so the workload is `unknown` instead.
 */
export function resourceFindingOf(
  index: SnapshotIndex,
  workload: WorkloadSubject,
  kind: 'limits' | 'requests',
): { status: 'pass' | 'fail' | 'unknown'; message: string; evidence: Evidence[]; related: ResourceRef[] } {
  const effective = kind === 'limits' ? effectiveLimitOf : effectiveRequestOf;
  const noun = kind === 'limits' ? 'limit' : 'request';
  const found: EffectiveResource[] = [];
  const missing: { entry: ContainerEntry; name: ResourceName }[] = [];
  for (const entry of containersWithResources(workload)) {
    for (const name of RESOURCE_NAMES) {
      const resource = effective(index, workload, entry, name);
      if (resource === undefined) missing.push({ entry, name });
      else found.push(resource);
    }
  }
  const subject = workload.description;
  const related = [...workload.pods, ...uniqueRefs(found.flatMap((resource) => (resource.related === undefined ? [] : [resource.related])))];
  if (missing.length === 0) {
    return { status: 'pass', message: `${subject} sets a cpu and a memory ${noun} on every container.`, evidence: found.map((resource) => resource.evidence), related };
  }
  const gaps = missing.map(({ entry, name }) => `${entry.field === 'initContainers' ? 'init container' : 'container'} '${entry.name}' has no ${name} ${noun}`);
  const evidence = missing.map(({ entry, name }) => at(`${entry.path}.resources.${kind}.${name}`, null, `a ${name} quantity`));
  if (!index.hasCollected('LimitRange')) {
    return {
      status: 'unknown',
      message: `${subject} sets no ${noun} on some containers (${gaps.join('; ')}), and LimitRange objects were not collected, so a namespace default could not be ruled out.`,
      evidence,
      related,
    };
  }
  return { status: 'fail', message: `${subject} runs containers without a cpu and memory ${noun}: ${gaps.join('; ')}.`, evidence, related };
}

function uniqueRefs(refs: readonly ResourceRef[]): ResourceRef[] {
  const byKey = new Map(refs.map((ref) => [describeRef(ref), ref]));
  return [...byKey.values()];
}
