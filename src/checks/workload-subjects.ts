import type { JsonObject } from '../domain/json.js';
import type { KubeObject, ObjectMeta, ResourceRef } from '../domain/snapshot.js';
import { kindKeyOf, refOf } from '../domain/snapshot.js';

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

function templatePathOf(object: KubeObject): readonly string[] | undefined {
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
}

export function isWorkloadKind(object: KubeObject): boolean {
  return templatePathOf(object) !== undefined;
}

/** Builds the workload subjects of a snapshot: every controller template, and every pod not owned by one. */
export function buildWorkloadSubjects(objects: readonly KubeObject[]): WorkloadSubject[] {
  const workloads = objects.filter(isWorkloadKind);
  const byKey = new Map(workloads.map((object) => [identityOf(object), object]));
  const folded = new Map<string, ResourceRef[]>();
  const subjects: KubeObject[] = [];
  for (const object of workloads) {
    const top = topControllerOf(object, byKey);
    if (top === object) subjects.push(object);
    else if (object.kind === 'Pod') pushTo(folded, identityOf(top), refOf(object));
  }
  return subjects.flatMap((object) => {
    const subject = toSubject(object, folded.get(identityOf(object)) ?? []);
    return subject === undefined ? [] : [subject];
  });
}

function identityOf(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** Follows controller owner references (Pod → ReplicaSet → Deployment, Pod → Job → CronJob) while the owner is in the snapshot. */
function topControllerOf(object: KubeObject, byKey: ReadonlyMap<string, KubeObject>): KubeObject {
  let current = object;
  for (let depth = 0; depth < 8; depth += 1) {
    const owner = (current.metadata.ownerReferences ?? []).find((reference) => reference.controller === true);
    if (owner === undefined) return current;
    const next = byKey.get(`${owner.kind}/${current.metadata.namespace ?? ''}/${owner.name}`);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

function toSubject(object: KubeObject, pods: readonly ResourceRef[]): WorkloadSubject | undefined {
  const templatePath = templatePathOf(object) ?? [];
  const template = templatePath.length === 0 ? (object as unknown as JsonObject) : dig(object, templatePath);
  const podSpec = template?.['spec'];
  if (podSpec === undefined || podSpec === null || typeof podSpec !== 'object' || Array.isArray(podSpec)) return undefined;
  const prefix = templatePath.length === 0 ? '' : `${templatePath.join('.')}.`;
  const meta = template?.['metadata'];
  return {
    ref: refOf(object),
    object,
    podSpec,
    podMeta: (meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? meta : {}) as Partial<ObjectMeta>,
    specPath: `${prefix}spec`,
    metaPath: `${prefix}metadata`,
    namespace: object.metadata.namespace ?? 'default',
    pods,
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

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
