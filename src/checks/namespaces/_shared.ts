import type { KubeObject, ResourceRef } from '../../domain/snapshot.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, type CheckContext, type FindingDraft } from '../define-check.js';
import type { SnapshotIndex } from '../snapshot-index.js';

/** A namespace that runs workloads, with its Namespace object when the snapshot holds one. */
export interface WorkloadNamespace {
  readonly name: string;
  readonly ref: ResourceRef;
  readonly object: KubeObject | undefined;
}

/** The subject of a namespace finding: the Namespace object, or a reference built from the name when it was not read. */
export function namespaceRefOf(index: SnapshotIndex, name: string): { ref: ResourceRef; object: KubeObject | undefined } {
  const object = index.get('Namespace', undefined, name);
  return { ref: object === undefined ? { apiVersion: 'v1', kind: 'Namespace', name } : refOf(object), object };
}

/** Namespaces that run at least one workload, sorted by name. */
export function workloadNamespacesOf(index: SnapshotIndex): WorkloadNamespace[] {
  const names = [...new Set(index.workloads.map((workload) => workload.namespace))].sort();
  return names.map((name) => ({ name, ...namespaceRefOf(index, name) }));
}

export function isSystemNamespace(name: string, systemNamespaces: readonly string[]): boolean {
  return systemNamespaces.includes(name);
}

/**
 * Findings of "every namespace with workloads has at least one <kind>": one per namespace that runs workloads. System
 * namespaces are not applicable; when the kind was not collected the answer is unknown, never fail.
 */
export function presenceFindings({ index, inputs }: CheckContext, kind: 'LimitRange' | 'ResourceQuota'): FindingDraft[] {
  return workloadNamespacesOf(index).map(({ name, ref }) => {
    const subject = describeRef(ref);
    const workloads = index.workloadsInNamespace(name).length;
    if (isSystemNamespace(name, inputs.systemNamespaces)) {
      return { resource: ref, status: 'not-applicable', message: `${subject} is a system namespace (inputs.systemNamespaces), sized by its platform components rather than by a ${kind}.`, evidence: [at('inputs.systemNamespaces', [...inputs.systemNamespaces], `a namespace outside this list`)] };
    }
    if (!index.hasCollected(kind)) {
      return { resource: ref, status: 'unknown', message: `${subject} runs ${workloads} workload(s), and ${kind} objects were not collected, so their presence could not be checked.`, evidence: [at(`gaps[${kind}]`, index.gapsFor(kind).map((gap) => gap.reason).join(', ') || 'not-collected')] };
    }
    const found = index.inNamespace(kind, name);
    const evidence = [at(`${kind}/${name}/*`, found.map((object) => object.metadata.name), `at least one ${kind}`)];
    return found.length > 0
      ? { resource: ref, status: 'pass', message: `${subject} has ${kind} ${found.map((object) => `'${object.metadata.name}'`).join(', ')}.`, evidence, related: found.map(refOf) }
      : { resource: ref, status: 'fail', message: `${subject} runs ${workloads} workload(s) but has no ${kind}.`, evidence };
  });
}
