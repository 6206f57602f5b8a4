import type { Evidence } from '../../domain/finding.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import type { KubeObject, ResourceRef } from '../../domain/snapshot.js';
import { describeRef, kindKeyOf, refOf } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { at, type CheckContext, type FindingDraft } from '../define-check.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';
import { allOf, compileCalicoSelector, matchLabelSelector, type CalicoSelector, type LabelLookup, type Maybe } from './_selectors.js';

/**
 * Network policies of every engine count: Kubernetes NetworkPolicy, Calico NetworkPolicy and
 * GlobalNetworkPolicy, Cilium CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy. A namespace segmented
 * with Calico or Cilium is not open.
 */
export const POLICY_KINDS: readonly string[] = [
  KINDS.networkPolicy,
  KINDS.calicoNetworkPolicy,
  KINDS.calicoGlobalNetworkPolicy,
  KINDS.ciliumNetworkPolicy,
  KINDS.ciliumClusterwideNetworkPolicy,
];

export type Direction = 'ingress' | 'egress';

/** What is known about a pod — or about every pod of a namespace — when matching policy selectors. */
export interface Endpoint {
  readonly namespace: string;
  /** The pod's labels; undefined when the question is about every pod of the namespace. */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** The namespace's labels; undefined when the Namespace object is not in the snapshot. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  readonly serviceAccount?: string;
}

/** One enforceable rule set: a Kubernetes or Calico policy, or one rule of a Cilium policy (`specs[1]`). */
export interface PolicyView {
  readonly ref: ResourceRef;
  /** `NetworkPolicy.crd.projectcalico.org/shop/default-deny`: kind keys, because three engines share the kind name. */
  readonly label: string;
  /** Whether the policy applies to the endpoint. */
  selects(endpoint: Endpoint): Maybe;
  /** Whether the endpoints it selects are isolated (default-deny) in this direction. */
  isolates(direction: Direction): boolean;
  /** Whether it isolates and allows nothing in this direction: a default-deny policy. */
  deniesAll(direction: Direction): boolean;
  /** The fields the verdict rests on, as evidence. */
  evidence(direction: Direction): Evidence[];
}

/** Policy views by namespace, built once per evaluation: selectors are compiled once, not once per workload. */
export type PolicyViewLookup = (namespace: string) => readonly PolicyView[];

/** Every policy view that can apply to pods of a namespace: its own namespaced policies and all cluster-wide ones. */
export function policyViewLookup(index: SnapshotIndex): PolicyViewLookup {
  const clusterViews = index.clusterNetworkPolicies().flatMap(viewsOf);
  const byNamespace = new Map<string, readonly PolicyView[]>();
  return (namespace) => {
    let views = byNamespace.get(namespace);
    if (views === undefined) {
      views = [...index.networkPoliciesIn(namespace).flatMap(viewsOf), ...clusterViews];
      byNamespace.set(namespace, views);
    }
    return views;
  };
}

function viewsOf(policy: KubeObject): PolicyView[] {
  switch (kindKeyOf(policy.apiVersion, policy.kind)) {
    case KINDS.networkPolicy:
      return [kubernetesView(policy)];
    case KINDS.calicoNetworkPolicy:
    case KINDS.calicoGlobalNetworkPolicy:
      return [calicoView(policy)];
    case KINDS.ciliumNetworkPolicy:
    case KINDS.ciliumClusterwideNetworkPolicy:
      return ciliumViews(policy);
    default:
      return [];
  }
}

/** Policy kinds that were not collected: while any is missing, an absent default-deny may just be unseen. */
export function missingPolicyKinds(index: SnapshotIndex): string[] {
  return POLICY_KINDS.filter((kind) => !index.hasCollected(kind));
}

function capitalised(direction: Direction): 'Ingress' | 'Egress' {
  return direction === 'ingress' ? 'Ingress' : 'Egress';
}

function labelOf(policy: KubeObject): string {
  const key = kindKeyOf(policy.apiVersion, policy.kind);
  return isClusterWide(key) ? `${key}/${policy.metadata.name}` : `${key}/${policy.metadata.namespace ?? 'default'}/${policy.metadata.name}`;
}

function isClusterWide(kindKey: string): boolean {
  return kindKey === KINDS.calicoGlobalNetworkPolicy || kindKey === KINDS.ciliumClusterwideNetworkPolicy;
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes NetworkPolicy

/**
 * Kubernetes: `spec.podSelector` selects pods of the policy's namespace. `policyTypes` defaults to Ingress, plus
 * Egress when egress rules are present. A type with no rules allows nothing in that direction.
 */
function kubernetesView(policy: KubeObject): PolicyView {
  const spec = specOf(policy);
  const namespace = policy.metadata.namespace ?? 'default';
  const types = explicitTypes(spec['policyTypes']) ?? ['Ingress', ...(listAt(spec, 'egress').length > 0 ? ['Egress'] : [])];
  const label = labelOf(policy);
  const isolates = (direction: Direction): boolean => types.includes(capitalised(direction));
  return {
    ref: refOf(policy),
    label,
    selects: (endpoint) => (endpoint.namespace === namespace ? matchLabelSelector(spec['podSelector'] ?? {}, podLabelLookup(endpoint)) : false),
    isolates,
    deniesAll: (direction) => isolates(direction) && listAt(spec, direction).length === 0,
    evidence: (direction) => [
      at(`${label}:spec.podSelector`, spec['podSelector'] ?? {}, 'empty (every pod)'),
      at(`${label}:spec.policyTypes`, [...types], `containing ${capitalised(direction)}`),
      at(`${label}:spec.${direction}`, spec[direction], 'absent or empty (nothing allowed)'),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Calico NetworkPolicy / GlobalNetworkPolicy

/** Calico's actions that never let traffic through; `Pass` hands the decision to the next tier, `Allow` allows. */
const CALICO_BLOCKING_ACTIONS = ['Deny', 'Log'];

/**
 * Calico: `spec.selector` (default `all()`) selects workload endpoints — of the policy's namespace, or of the
 * namespaces matching `namespaceSelector` for a GlobalNetworkPolicy. `types` defaults to Ingress, Egress when only
 * egress rules exist, both when both do. Only policies of the default tier are counted: another tier may end in
 * `Pass` and hand traffic on. `doNotTrack` and `preDNAT` policies apply to host endpoints only.
 */
function calicoView(policy: KubeObject): PolicyView {
  const spec = specOf(policy);
  const global = kindKeyOf(policy.apiVersion, policy.kind) === KINDS.calicoGlobalNetworkPolicy;
  const namespace = policy.metadata.namespace ?? 'default';
  const label = labelOf(policy);
  const types = explicitTypes(spec['types']) ?? calicoDefaultTypes(spec);
  const hostOnly = spec['doNotTrack'] === true || spec['preDNAT'] === true;
  const defaultTier = spec['tier'] === undefined || spec['tier'] === null || spec['tier'] === 'default';
  const selector = compiledOrUnknown(spec['selector']);
  const namespaceSelector = global ? optionalSelector(spec['namespaceSelector']) : undefined;
  const accountSelector = optionalSelector(spec['serviceAccountSelector']);
  const isolates = (direction: Direction): boolean => defaultTier && types.includes(capitalised(direction));
  return {
    ref: refOf(policy),
    label,
    selects: (endpoint) => {
      if (hostOnly || (!global && endpoint.namespace !== namespace)) return false;
      return allOf([namespaceSelector?.(calicoNamespaceLookup(endpoint)) ?? true, selector(calicoEndpointLookup(endpoint)), accountSelector?.(calicoAccountLookup(endpoint)) ?? true]);
    },
    isolates,
    deniesAll: (direction) => isolates(direction) && listAt(spec, direction).every((rule) => isObject(rule) && CALICO_BLOCKING_ACTIONS.includes(String(rule['action']))),
    evidence: (direction) => [
      at(`${label}:spec.selector`, spec['selector'] ?? null, 'all() or empty (every pod)'),
      ...(global ? [at(`${label}:spec.namespaceSelector`, spec['namespaceSelector'] ?? null, 'selecting this namespace')] : []),
      at(`${label}:spec.types`, [...types], `containing ${capitalised(direction)}`),
      at(`${label}:spec.${direction}`, spec[direction], 'absent, empty or Deny rules only'),
    ],
  };
}

function calicoDefaultTypes(spec: JsonObject): string[] {
  const ingress = listAt(spec, 'ingress').length > 0;
  const egress = listAt(spec, 'egress').length > 0;
  if (egress && !ingress) return ['Egress'];
  return egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** A selector that cannot be parsed selects "unknown": the policy may or may not apply. */
function compiledOrUnknown(text: JsonValue | undefined): CalicoSelector {
  if (text === undefined || text === null) return () => true;
  const compiled = typeof text === 'string' ? compileCalicoSelector(text) : undefined;
  return compiled ?? (() => undefined);
}

function optionalSelector(text: JsonValue | undefined): CalicoSelector | undefined {
  return typeof text === 'string' && text.trim() !== '' ? compiledOrUnknown(text) : undefined;
}

/** Calico workload endpoints carry the pod's labels plus namespace, orchestrator, account and `pcns.` namespace labels. */
function calicoEndpointLookup(endpoint: Endpoint): LabelLookup {
  const pod = podLabelLookup(endpoint);
  const namespace = namespaceLabelLookup(endpoint);
  return (key) => {
    if (key === 'projectcalico.org/namespace') return endpoint.namespace;
    if (key === 'projectcalico.org/orchestrator') return 'k8s';
    if (key === 'projectcalico.org/serviceaccount') return endpoint.serviceAccount;
    if (key.startsWith('pcns.')) return namespace(key.slice('pcns.'.length));
    if (key.startsWith('pcsa.')) return undefined; // service-account labels are not joined
    return pod(key);
  };
}

function calicoNamespaceLookup(endpoint: Endpoint): LabelLookup {
  const namespace = namespaceLabelLookup(endpoint);
  return (key) => (key === 'projectcalico.org/name' ? endpoint.namespace : namespace(key));
}

function calicoAccountLookup(endpoint: Endpoint): LabelLookup {
  return (key) => (key === 'projectcalico.org/name' ? endpoint.serviceAccount : undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Cilium CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy

/**
 * Cilium: each rule (`spec`, and every entry of `specs`) with an `endpointSelector` selects pods — of the policy's
 * namespace for a CiliumNetworkPolicy, anywhere for a clusterwide one. A rule with a non-empty `ingress` or
 * `ingressDeny` section isolates its pods for ingress unless `enableDefaultDeny.ingress` is false (same for
 * egress). `ingress: [{}]` — only empty rules — allows nothing. Rules with `nodeSelector` are host policies.
 */
function ciliumViews(policy: KubeObject): PolicyView[] {
  const single = fieldOf(policy, 'spec');
  const many = fieldOf(policy, 'specs');
  const rules: [string, JsonObject][] = [
    ...(isObject(single) ? [['spec', single] as [string, JsonObject]] : []),
    ...(Array.isArray(many) ? many.flatMap((rule, index) => (isObject(rule) ? [[`specs[${index}]`, rule] as [string, JsonObject]] : [])) : []),
  ];
  return rules.map(([path, rule]) => ciliumRuleView(policy, path, rule));
}

function ciliumRuleView(policy: KubeObject, path: string, rule: JsonObject): PolicyView {
  const clusterwide = kindKeyOf(policy.apiVersion, policy.kind) === KINDS.ciliumClusterwideNetworkPolicy;
  const namespace = policy.metadata.namespace ?? 'default';
  const label = labelOf(policy);
  const selector = rule['endpointSelector'];
  const defaultDeny = isObject(rule['enableDefaultDeny']) ? rule['enableDefaultDeny'] : {};
  const isolates = (direction: Direction): boolean =>
    (listAt(rule, direction).length > 0 || listAt(rule, `${direction}Deny`).length > 0) && defaultDeny[direction] !== false;
  return {
    ref: refOf(policy),
    label,
    selects: (endpoint) => {
      if (!isObject(selector) || (!clusterwide && endpoint.namespace !== namespace)) return false;
      return matchLabelSelector(selector, ciliumLookup(endpoint));
    },
    isolates,
    deniesAll: (direction) => isolates(direction) && listAt(rule, direction).every((entry) => isObject(entry) && Object.keys(entry).length === 0),
    evidence: (direction) => [
      at(`${label}:${path}.endpointSelector`, selector ?? null, 'selecting every pod'),
      at(`${label}:${path}.${direction}`, rule[direction], 'only empty rules ([{}]), or absent with a deny section'),
      at(`${label}:${path}.${direction}Deny`, rule[`${direction}Deny`]),
    ],
  };
}

/** Cilium identities: pod labels (optionally `k8s:`/`any:` prefixed), namespace, namespace labels, service account. */
function ciliumLookup(endpoint: Endpoint): LabelLookup {
  const pod = podLabelLookup(endpoint);
  const namespace = namespaceLabelLookup(endpoint);
  return (rawKey) => {
    const key = rawKey.replace(/^(k8s|any):/, '');
    // Other sources (reserved:, cidr:, fqdn:...) name identities that are not pods; label keys cannot hold ':'.
    if (key.includes(':')) return null;
    if (key === 'io.kubernetes.pod.namespace') return endpoint.namespace;
    if (key.startsWith('io.cilium.k8s.namespace.labels.')) return namespace(key.slice('io.cilium.k8s.namespace.labels.'.length));
    if (key === 'io.cilium.k8s.policy.serviceaccount') return endpoint.serviceAccount;
    if (key === 'io.cilium.k8s.policy.cluster') return undefined;
    return pod(key);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Endpoints and namespaces

function podLabelLookup(endpoint: Endpoint): LabelLookup {
  const labels = endpoint.podLabels;
  return (key) => (labels === undefined ? undefined : (labels[key] ?? null));
}

/** Kubernetes labels every namespace with its name; other labels are known only when the Namespace was seen. */
function namespaceLabelLookup(endpoint: Endpoint): LabelLookup {
  const labels = endpoint.namespaceLabels;
  return (key) => {
    if (key === 'kubernetes.io/metadata.name') return endpoint.namespace;
    return labels === undefined ? undefined : (labels[key] ?? null);
  };
}

/** Namespaces to judge: every Namespace object, and every namespace holding a workload. */
export function namespacesOf(index: SnapshotIndex): string[] {
  return [...new Set([...index.namespaceNames(), ...index.workloads.map((workload) => workload.namespace)])].sort();
}

export function namespaceRefOf(index: SnapshotIndex, namespace: string): ResourceRef {
  const object = index.get(KINDS.namespace, undefined, namespace);
  return object === undefined ? { apiVersion: 'v1', kind: 'Namespace', name: namespace } : refOf(object);
}

export function namespaceLabelsOf(index: SnapshotIndex, namespace: string): Readonly<Record<string, string>> | undefined {
  const object = index.get(KINDS.namespace, undefined, namespace);
  return object === undefined ? undefined : (object.metadata.labels ?? {});
}

// ---------------------------------------------------------------------------------------------------------------
// Namespace default-deny (ingress and egress checks share this)

/**
 * A namespace has default-deny in a direction when one policy selects every one of its pods — whatever their
 * labels — isolates them in that direction and allows nothing. Recognised shapes:
 * - Kubernetes: `podSelector: {}`, `policyTypes` containing the direction, no rules for it;
 * - Calico NetworkPolicy in the namespace, or GlobalNetworkPolicy whose selectors hold for the namespace without
 *   looking at pod labels (`all()`, `projectcalico.org/namespace ...`), default tier, the direction in `types`,
 *   and no rules for it other than Deny/Log;
 * - Cilium (clusterwide) policy whose `endpointSelector` is empty or only tests the namespace, with
 *   `ingress: [{}]` or a deny section and no allow rules for the direction.
 * Anything else — a default-deny plus allow rules in one object, another Calico tier — is not recognised.
 */
export function evaluateDefaultDeny({ index, inputs }: CheckContext, direction: Direction): FindingDraft[] {
  const missing = missingPolicyKinds(index);
  const policyViewsFor = policyViewLookup(index);
  return namespacesOf(index).map((namespace): FindingDraft => {
    const resource = namespaceRefOf(index, namespace);
    if (inputs.systemNamespaces.includes(namespace)) {
      return { resource, status: 'not-applicable', message: `${describeRef(resource)} is a system namespace (inputs.systemNamespaces).`, evidence: [at('inputs.systemNamespaces', [...inputs.systemNamespaces], 'a namespace outside this list')] };
    }
    const endpoint: Endpoint = { namespace, ...optional('namespaceLabels', namespaceLabelsOf(index, namespace)) };
    const views = policyViewsFor(namespace);
    const denying = views.find((view) => view.deniesAll(direction) && view.selects(endpoint) === true);
    if (denying !== undefined) {
      return { resource, status: 'pass', message: `${describeRef(resource)} denies all ${direction} by default through ${denying.label}.`, evidence: denying.evidence(direction), related: [denying.ref] };
    }
    const evidence = [at('networkPolicies', views.map((view) => view.label), `a policy selecting every pod that allows no ${direction}`)];
    const related = views.map((view) => view.ref);
    if (missing.length > 0) {
      return {
        resource,
        status: 'unknown',
        message: `${describeRef(resource)} has no recognised default-deny ${direction} policy among those collected, but ${missing.join(', ')} could not be read, so it may be segmented by policies that were not seen.`,
        evidence: [...evidence, at('gaps', missing)],
        related,
      };
    }
    return {
      resource,
      status: 'fail',
      message: `${describeRef(resource)} has no policy that denies all ${direction} by default; pods no policy selects ${direction === 'ingress' ? 'accept traffic from anywhere' : 'can send traffic anywhere'}.`,
      evidence,
      related,
    };
  });
}

/** `{ key: value }` when value is defined, `{}` otherwise: keeps exactOptionalPropertyTypes-style objects clean. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON helpers

export function fieldOf(object: KubeObject, key: string): JsonValue | undefined {
  return (object as unknown as JsonObject)[key];
}

export function specOf(object: KubeObject): JsonObject {
  const spec = fieldOf(object, 'spec');
  return isObject(spec) ? spec : {};
}

function listAt(object: JsonObject, key: string): JsonValue[] {
  const value = object[key];
  return Array.isArray(value) ? value : [];
}

function explicitTypes(value: JsonValue | undefined): string[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value.filter((item): item is string => typeof item === 'string') : undefined;
}
