import type { JsonObject } from '../domain/json.js';
import type { KubeObject, ObjectMeta, OwnerReference, ResourceRef } from '../domain/snapshot.js';
import { describeRef, kindKeyOf, refOf } from '../domain/snapshot.js';
import { containerEntriesOf, type ContainerEntry } from './containers.js';

/** Where the pod template sits in each workload kind. */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  'Deployment.apps': ['spec', 'template'],
  'StatefulSet.apps': ['spec', 'template'],
  'DaemonSet.apps': ['spec', 'template'],
  'ReplicaSet.apps': ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  'Job.batch': ['spec', 'template'],
  'CronJob.batch': ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Kind keys that carry a pod spec. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

/**
 * Older manifests still say `extensions/v1beta1` or `apps/v1beta2`; their pod templates sit at the same path.
 * Reading them by kind keeps such workloads examined instead of silently skipped.
 */
const LEGACY_GROUPS: Readonly<Record<string, string>> = { extensions: 'apps', apps: 'apps', batch: 'batch' };

/** Where the pod template sits in a workload object; undefined for objects that run no pods. */
export function templatePathOf(object: KubeObject): readonly string[] | undefined {
  const exact = POD_TEMPLATE_PATHS[kindKeyOf(object.apiVersion, object.kind)];
  if (exact !== undefined) return exact;
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? undefined : LEGACY_GROUPS[object.apiVersion.slice(0, slash)];
  return group === undefined ? undefined : POD_TEMPLATE_PATHS[`${object.kind}.${group}`];
}

/**
 * A thing that runs pods: a bare Pod, or a controller with its pod template. Pods owned by a controller in
 * the snapshot are not subjects of their own; they are listed in `pods` of their top-most controller.
 */
export interface WorkloadSubject {
  readonly ref: ResourceRef;
  /** `describeRef(ref)`, built once: most workload checks open their message with it. */
  readonly description: string;
  readonly object: KubeObject;
  /** The pod spec (`spec` of a Pod, `spec.template.spec` of a Deployment...). */
  readonly podSpec: JsonObject;
  /** The pod metadata (labels, annotations) of the Pod or template. */
  readonly podMeta: Partial<ObjectMeta>;
  /** Dotted path to the pod spec inside `object`, for evidence: `spec`, `spec.template.spec`. */
  readonly specPath: string;
  /** Same, for the pod metadata: `metadata`, `spec.template.metadata`. */
  readonly metaPath: string;
  readonly namespace: string;
  /** Pods folded into this subject (empty for a bare pod). */
  readonly pods: readonly ResourceRef[];
  /** The containers of `podSpec`, init and ephemeral ones included, in spec order. */
  readonly containers: readonly ContainerEntry[];
}

export function isWorkloadKind(object: KubeObject): boolean {
  return templatePathOf(object) !== undefined;
}

/** Builds the workload subjects of a snapshot: every controller template, and every pod not owned by one. */
export function buildWorkloadSubjects(objects: readonly KubeObject[]): WorkloadSubject[] {
  const workloads: { readonly object: KubeObject; readonly templatePath: readonly string[] }[] = [];
  const byIdentity = new IdentityMap<KubeObject>();
  for (const object of objects) {
    const templatePath = templatePathOf(object);
    if (templatePath === undefined) continue;
    workloads.push({ object, templatePath });
    byIdentity.set(object.kind, object.metadata.namespace ?? '', object.metadata.name, object);
  }
  const folded = new IdentityMap<ResourceRef[]>();
  const subjects: typeof workloads = [];
  for (const workload of workloads) {
    const { object } = workload;
    const top = topControllerOf(object, byIdentity);
    if (top === object) subjects.push(workload);
    else if (object.kind === 'Pod') foldPod(folded, top, object);
  }
  const built: WorkloadSubject[] = [];
  for (const { object, templatePath } of subjects) {
    built.push(toSubject(object, templatePath, folded.get(object.kind, object.metadata.namespace ?? '', object.metadata.name) ?? []));
  }
  return built;
}

/**
 * Objects keyed by kind, namespace and name, in nested maps: a subject list is built for every evaluation, and
 * joining a key string per object and per owner-reference step costs more than the lookups themselves.
 */
class IdentityMap<V> {
  private readonly byKind = new Map<string, Map<string, Map<string, V>>>();

  get(kind: string, namespace: string, name: string): V | undefined {
    return this.byKind.get(kind)?.get(namespace)?.get(name);
  }

  set(kind: string, namespace: string, name: string, value: V): void {
    let namespaces = this.byKind.get(kind);
    if (namespaces === undefined) {
      namespaces = new Map();
      this.byKind.set(kind, namespaces);
    }
    let names = namespaces.get(namespace);
    if (names === undefined) {
      names = new Map();
      namespaces.set(namespace, names);
    }
    names.set(name, value);
  }

}

function foldPod(folded: IdentityMap<ResourceRef[]>, top: KubeObject, pod: KubeObject): void {
  const namespace = top.metadata.namespace ?? '';
  const pods = folded.get(top.kind, namespace, top.metadata.name);
  if (pods === undefined) folded.set(top.kind, namespace, top.metadata.name, [refOf(pod)]);
  else pods.push(refOf(pod));
}

/** Follows controller owner references (Pod → ReplicaSet → Deployment, Pod → Job → CronJob) while the owner is in the snapshot. */
function topControllerOf(object: KubeObject, byIdentity: IdentityMap<KubeObject>): KubeObject {
  let current = object;
  for (let depth = 0; depth < 8; depth += 1) {
    const references: unknown = current.metadata.ownerReferences;
    const owner = Array.isArray(references) ? (references as OwnerReference[]).find((reference) => reference !== null && typeof reference === 'object' && reference.controller === true) : undefined;
    if (owner === undefined) return current;
    const next = byIdentity.get(owner.kind, current.metadata.namespace ?? '', owner.name);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

function toSubject(object: KubeObject, templatePath: readonly string[], pods: readonly ResourceRef[]): WorkloadSubject {
  const template = templatePath.length === 0 ? (object as unknown as JsonObject) : dig(object, templatePath);
  const found = template?.['spec'];
  // A workload whose pod spec is missing or not an object stays a subject (with an empty spec): the typed-input rule
  // (input-shapes.ts) makes its findings unknown, where dropping it would silently hide it.
  const podSpec: JsonObject = found !== undefined && found !== null && typeof found === 'object' && !Array.isArray(found) ? found : {};
  const prefix = templatePath.length === 0 ? '' : `${templatePath.join('.')}.`;
  const meta = template?.['metadata'];
  const specPath = `${prefix}spec`;
  const ref = refOf(object);
  return {
    ref,
    description: describeRef(ref),
    object,
    podSpec,
    podMeta: (meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? meta : {}) as Partial<ObjectMeta>,
    specPath,
    metaPath: `${prefix}metadata`,
    namespace: object.metadata.namespace ?? 'default',
    pods,
    containers: containerEntriesOf(podSpec, specPath),
  };
}

function dig(object: KubeObject, path: readonly string[]): JsonObject | undefined {
  let current: unknown = object;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as JsonObject) : undefined;
}
