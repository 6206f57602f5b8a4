import type { JsonObject } from '../domain/json.js';
import type { Gap, KubeObject, NodeConfig, Snapshot } from '../domain/snapshot.js';
import { kindKeyOf } from '../domain/snapshot.js';
import { shapeProblemsOf, type ShapeProblem } from './input-shapes.js';
import { buildWorkloadSubjects, templatePathOf, type WorkloadSubject } from './workload-subjects.js';

/** Kind keys the index joins on. */
export const KINDS = {
  namespace: 'Namespace',
  pod: 'Pod',
  serviceAccount: 'ServiceAccount',
  service: 'Service',
  roleBinding: 'RoleBinding.rbac.authorization.k8s.io',
  clusterRoleBinding: 'ClusterRoleBinding.rbac.authorization.k8s.io',
  role: 'Role.rbac.authorization.k8s.io',
  clusterRole: 'ClusterRole.rbac.authorization.k8s.io',
  networkPolicy: 'NetworkPolicy.networking.k8s.io',
  calicoNetworkPolicy: 'NetworkPolicy.crd.projectcalico.org',
  calicoGlobalNetworkPolicy: 'GlobalNetworkPolicy.crd.projectcalico.org',
  ciliumNetworkPolicy: 'CiliumNetworkPolicy.cilium.io',
  ciliumClusterwideNetworkPolicy: 'CiliumClusterwideNetworkPolicy.cilium.io',
  node: 'Node',
} as const;

/**
 * The objects of one kind key, by namespace and by name. Nested maps rather than joined string keys: the index is
 * built for every evaluation, and building a key string per object and lookup costs more than the lookups save.
 */
interface KindTable {
  /** In snapshot order. */
  readonly all: KubeObject[];
  readonly byNamespace: Map<string, KubeObject[]>;
  /** Namespace (`''` for cluster-scoped objects), then name; a later duplicate replaces an earlier one. */
  readonly byName: Map<string, Map<string, KubeObject>>;
}

/** A pure function of one object, for {@link SnapshotIndex.derived}. */
export type Derivation<O extends object, T> = (object: O) => T;

export interface RbacSubject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * Joins over one snapshot, built once per evaluation so checks never scan the whole resource list
 * per subject. Everything here is derived; nothing is mutated after construction.
 */
export class SnapshotIndex {
  readonly workloads: readonly WorkloadSubject[];
  private readonly byKind = new Map<string, KindTable>();
  private readonly collected: ReadonlySet<string>;
  private readonly bindingsBySubject = new Map<string, KubeObject[]>();
  private readonly bindingsByRole = new Map<string, KubeObject[]>();
  private readonly workloadsByServiceAccount = new Map<string, WorkloadSubject[]>();
  private readonly workloadsByNamespace = new Map<string, WorkloadSubject[]>();
  private readonly policiesByNamespace: ReadonlyMap<string, readonly KubeObject[]>;
  private readonly derivations = new Map<Derivation<never, unknown>, Map<object, unknown>>();
  /** Objects with fields of the wrong type (see input-shapes.ts), with their problems, in snapshot order. */
  readonly malformed = new Map<KubeObject, readonly ShapeProblem[]>();

  constructor(readonly snapshot: Snapshot) {
    this.collected = new Set(snapshot.collectedKinds);
    for (const object of snapshot.resources) {
      const kind = this.add(object);
      const problems = shapeProblemsOf(object, templatePathOf(object), kind);
      if (problems.length > 0) this.malformed.set(object, problems);
    }
    this.policiesByNamespace = this.indexNetworkPolicies();
    this.workloads = buildWorkloadSubjects(snapshot.resources);
    for (const workload of this.workloads) {
      const account = stringOr(workload.podSpec['serviceAccountName'], stringOr(workload.podSpec['serviceAccount'], 'default'));
      push(this.workloadsByServiceAccount, `${workload.namespace}/${account}`, workload);
      push(this.workloadsByNamespace, workload.namespace, workload);
    }
  }

  /** All objects of a kind key, in snapshot order (sorted by namespace and name). */
  list(kind: string): readonly KubeObject[] {
    return this.byKind.get(kind)?.all ?? [];
  }

  inNamespace(kind: string, namespace: string): readonly KubeObject[] {
    return this.byKind.get(kind)?.byNamespace.get(namespace) ?? [];
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byKind.get(kind)?.byName.get(namespace ?? '')?.get(name);
  }

  /** True when the complete list of this kind was read; false means it was not examined. */
  hasCollected(kind: string): boolean {
    return this.collected.has(kind);
  }

  /** Gaps recorded for a kind key (all namespaces). */
  gapsFor(kind: string): readonly Gap[] {
    return this.snapshot.gaps.filter((gap) => gap.kind === kind);
  }

  /** Namespace names known from Namespace objects and from namespaced objects. */
  namespaceNames(): readonly string[] {
    const names = new Set(this.list(KINDS.namespace).map((namespace) => namespace.metadata.name));
    return [...names].sort();
  }

  workloadsInNamespace(namespace: string): readonly WorkloadSubject[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  workloadsUsingServiceAccount(namespace: string, name: string): readonly WorkloadSubject[] {
    return this.workloadsByServiceAccount.get(`${namespace}/${name}`) ?? [];
  }

  /** RoleBindings and ClusterRoleBindings naming a subject (`User`, `Group`, `ServiceAccount`). */
  bindingsFor(subject: RbacSubject): readonly KubeObject[] {
    return this.bindingsBySubject.get(subjectKey(subject)) ?? [];
  }

  /** Bindings whose roleRef points at a role: `ClusterRole/admin`, `Role/shop/reader`. */
  bindingsToRole(kind: 'Role' | 'ClusterRole', name: string, namespace?: string): readonly KubeObject[] {
    return this.bindingsByRole.get(`${kind}/${kind === 'Role' ? (namespace ?? '') : ''}/${name}`) ?? [];
  }

  /**
   * Namespaced network policies of every engine that enforces them (Kubernetes, Calico, Cilium) in one
   * namespace, in kind order. A policy without a namespace counts as `default`, where `kubectl apply` puts it.
   */
  networkPoliciesIn(namespace: string): readonly KubeObject[] {
    return this.policiesByNamespace.get(namespace) ?? [];
  }

  /** Cluster-wide network policies: Calico GlobalNetworkPolicy and CiliumClusterwideNetworkPolicy. */
  clusterNetworkPolicies(): readonly KubeObject[] {
    return [...this.list(KINDS.calicoGlobalNetworkPolicy), ...this.list(KINDS.ciliumClusterwideNetworkPolicy)];
  }

  /** Control-plane static pods in kube-system by component (`kube-apiserver`, `etcd`...). */
  staticPods(component: string): readonly KubeObject[] {
    return this.inNamespace(KINDS.pod, 'kube-system').filter((pod) => isStaticPodOf(pod, component));
  }

  /**
   * `derive(object)`, computed on first use and kept for this evaluation, so that checks reading one object the same
   * way (the rules of a role, for every access check) share the work. `derive` must be a pure function of `object`.
   */
  derived<O extends object, T>(object: O, derive: Derivation<O, T>): T {
    let values = this.derivations.get(derive);
    if (values === undefined) {
      values = new Map();
      this.derivations.set(derive, values);
    }
    if (values.has(object)) return values.get(object) as T;
    const value = derive(object);
    values.set(object, value);
    return value;
  }

  nodeConfig(node: string): NodeConfig | undefined {
    return this.snapshot.nodeConfigs.find((config) => config.node === node);
  }

  private indexNetworkPolicies(): Map<string, KubeObject[]> {
    const byNamespace = new Map<string, KubeObject[]>();
    for (const kind of [KINDS.networkPolicy, KINDS.calicoNetworkPolicy, KINDS.ciliumNetworkPolicy]) {
      for (const policy of this.list(kind)) push(byNamespace, policy.metadata.namespace ?? 'default', policy);
    }
    return byNamespace;
  }

  /** Indexes one object; returns its kind key. */
  private add(object: KubeObject): string {
    const kind = kindKeyOf(object.apiVersion, object.kind);
    const namespace = object.metadata.namespace;
    const table = this.tableOf(kind);
    table.all.push(object);
    if (namespace !== undefined) push(table.byNamespace, namespace, object);
    let names = table.byName.get(namespace ?? '');
    if (names === undefined) {
      names = new Map();
      table.byName.set(namespace ?? '', names);
    }
    names.set(object.metadata.name, object);
    if (kind === KINDS.roleBinding || kind === KINDS.clusterRoleBinding) this.addBinding(object);
    return kind;
  }

  private tableOf(kind: string): KindTable {
    let table = this.byKind.get(kind);
    if (table === undefined) {
      table = { all: [], byNamespace: new Map(), byName: new Map() };
      this.byKind.set(kind, table);
    }
    return table;
  }

  private addBinding(binding: KubeObject): void {
    const subjects = binding['subjects'];
    if (Array.isArray(subjects)) {
      for (const subject of subjects) {
        const entry = subject as JsonObject;
        const kind = stringOr(entry['kind'], '');
        const namespace = kind === 'ServiceAccount' ? stringOr(entry['namespace'], binding.metadata.namespace ?? '') : undefined;
        push(this.bindingsBySubject, subjectKey({ kind, name: stringOr(entry['name'], ''), ...(namespace === undefined ? {} : { namespace }) }), binding);
      }
    }
    const roleRef = binding['roleRef'] as JsonObject | undefined;
    const roleKind = stringOr(roleRef?.['kind'], '');
    const roleNamespace = roleKind === 'Role' ? (binding.metadata.namespace ?? '') : '';
    push(this.bindingsByRole, `${roleKind}/${roleNamespace}/${stringOr(roleRef?.['name'], '')}`, binding);
  }
}

/**
 * kubeadm labels its static pods `component=<name>` and names them `<name>-<node>`; the mirror pod of a
 * static pod is owned by its Node. Either is enough to recognise one.
 */
function isStaticPodOf(pod: KubeObject, component: string): boolean {
  const labels = pod.metadata.labels ?? {};
  if (labels['component'] === component || labels['k8s-app'] === component) return true;
  return pod.metadata.name === component || pod.metadata.name.startsWith(`${component}-`);
}

function subjectKey(subject: RbacSubject): string {
  return `${subject.kind}/${subject.namespace ?? ''}/${subject.name}`;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
