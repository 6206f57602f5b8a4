import type { JsonObject } from '../domain/json.js';
import type { Gap, KubeObject, NodeConfig, Snapshot } from '../domain/snapshot.js';
import { kindKeyOf } from '../domain/snapshot.js';
import { buildWorkloadSubjects, type WorkloadSubject } from './workload-subjects.js';

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
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly byKindNamespace = new Map<string, KubeObject[]>();
  private readonly byKindName = new Map<string, KubeObject>();
  private readonly collected: ReadonlySet<string>;
  private readonly bindingsBySubject = new Map<string, KubeObject[]>();
  private readonly bindingsByRole = new Map<string, KubeObject[]>();
  private readonly workloadsByServiceAccount = new Map<string, WorkloadSubject[]>();
  private readonly workloadsByNamespace = new Map<string, WorkloadSubject[]>();
  private readonly policiesByNamespace: ReadonlyMap<string, readonly KubeObject[]>;

  constructor(readonly snapshot: Snapshot) {
    this.collected = new Set(snapshot.collectedKinds);
    for (const object of snapshot.resources) this.add(object);
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
    return this.byKind.get(kind) ?? [];
  }

  inNamespace(kind: string, namespace: string): readonly KubeObject[] {
    return this.byKindNamespace.get(`${kind}|${namespace}`) ?? [];
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byKindName.get(`${kind}|${namespace ?? ''}|${name}`);
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

  private add(object: KubeObject): void {
    const kind = kindKeyOf(object.apiVersion, object.kind);
    const namespace = object.metadata.namespace;
    push(this.byKind, kind, object);
    if (namespace !== undefined) push(this.byKindNamespace, `${kind}|${namespace}`, object);
    this.byKindName.set(`${kind}|${namespace ?? ''}|${object.metadata.name}`, object);
    if (kind === KINDS.roleBinding || kind === KINDS.clusterRoleBinding) this.addBinding(object);
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
