import type { Evidence } from '../../domain/finding.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import type { KubeObject } from '../../domain/snapshot.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { at, type FindingDraft } from '../define-check.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';

/** The four RBAC kinds every RBAC check reads, and needs: a grant is only visible with roles and bindings both. */
export const RBAC_KINDS: readonly string[] = [KINDS.role, KINDS.clusterRole, KINDS.roleBinding, KINDS.clusterRoleBinding];

/** One rule of a Role or ClusterRole, with its position for evidence (`rules[2]`). */
export interface RoleRule {
  readonly path: string;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
  readonly raw: JsonObject;
}

/** Rules as collected: for an aggregated ClusterRole these are the rules the aggregation controller filled in. */
export function rulesOf(role: KubeObject): RoleRule[] {
  const rules = fieldOf(role, 'rules');
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule, index) =>
    isObject(rule)
      ? [
          {
            path: `rules[${index}]`,
            apiGroups: stringsAt(rule, 'apiGroups'),
            resources: stringsAt(rule, 'resources'),
            verbs: stringsAt(rule, 'verbs'),
            resourceNames: stringsAt(rule, 'resourceNames'),
            nonResourceURLs: stringsAt(rule, 'nonResourceURLs'),
            raw: rule,
          },
        ]
      : [],
  );
}

/** A permission a check looks for: some verbs on one resource (`pods/exec`) of one API group (`''` = core). */
export interface Permission {
  readonly verbs: readonly string[];
  readonly apiGroup: string;
  readonly resource: string;
  /** Cluster-scoped resources (nodes, persistentvolumes...) can only be granted by a ClusterRole through a ClusterRoleBinding. */
  readonly clusterScoped: boolean;
}

/** Shorthand for a list of permissions sharing verbs, group and scope. */
export function permissions(verbs: readonly string[], apiGroup: string, resources: readonly string[], clusterScoped = false): Permission[] {
  return resources.map((resource) => ({ verbs, apiGroup, resource, clusterScoped }));
}

/** One rule granting (some verbs of) one permission. */
export interface Grant {
  readonly rule: RoleRule;
  readonly permission: Permission;
  readonly verbs: readonly string[];
}

/**
 * The verbs of a permission a rule grants, matched the way the RBAC authorizer does: `*` matches every verb,
 * group and resource, `*\/<subresource>` matches that subresource of any resource, anything else matches exactly
 * (`pods/*` is not a wildcard). A rule limited by `resourceNames` cannot grant verbs that carry no object name
 * at authorization time (`create` of a top-level resource, `deletecollection`).
 */
export function verbsGranted(rule: RoleRule, permission: Permission): string[] {
  if (!matchesApiGroup(rule.apiGroups, permission.apiGroup) || !matchesResource(rule.resources, permission.resource)) return [];
  const verbs = permission.verbs.filter((verb) => rule.verbs.includes('*') || rule.verbs.includes(verb));
  return rule.resourceNames.length === 0 ? verbs : verbs.filter((verb) => worksOnNamedObjects(verb, permission.resource));
}

function matchesApiGroup(groups: readonly string[], group: string): boolean {
  return groups.includes('*') || groups.includes(group);
}

function matchesResource(resources: readonly string[], wanted: string): boolean {
  const slash = wanted.indexOf('/');
  const subresource = slash < 0 ? '' : wanted.slice(slash + 1);
  return resources.some((resource) => resource === '*' || resource === wanted || (subresource !== '' && resource === `*/${subresource}`));
}

function worksOnNamedObjects(verb: string, resource: string): boolean {
  if (verb === 'deletecollection') return false;
  return !(verb === 'create' && !resource.includes('/'));
}

/**
 * Every grant of the given permissions in a role; a namespaced Role cannot grant cluster-scoped resources. The rules
 * of a role are read once per evaluation, as every access check reads every role.
 */
export function grantsIn(index: SnapshotIndex, role: KubeObject, wanted: readonly Permission[]): Grant[] {
  const isClusterRole = role.kind === 'ClusterRole';
  return index.derived(role, rulesOf).flatMap((rule) =>
    wanted
      .filter((permission) => isClusterRole || !permission.clusterScoped)
      .flatMap((permission) => {
        const verbs = verbsGranted(rule, permission);
        return verbs.length === 0 ? [] : [{ rule, permission, verbs }];
      }),
  );
}

/** The verbs a full-control rule holds when it does not say `*`: what `kubectl create role --verb=*` would spell out. */
const STANDARD_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

/** A rule equivalent to cluster-admin's: every resource of every API group, with `*` or every standard verb. */
export function isFullControlRule(rule: RoleRule): boolean {
  const everyVerb = rule.verbs.includes('*') || STANDARD_VERBS.every((verb) => rule.verbs.includes(verb));
  return rule.apiGroups.includes('*') && rule.resources.includes('*') && rule.resourceNames.length === 0 && everyVerb;
}

// ---------------------------------------------------------------------------------------------------------------
// Subjects and exemptions

/** A subject of a binding, with its position for evidence (`subjects[0]`). */
export interface BindingSubject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly path: string;
}

export function subjectsOf(binding: KubeObject): BindingSubject[] {
  const subjects = fieldOf(binding, 'subjects');
  if (!Array.isArray(subjects)) return [];
  return subjects.flatMap((subject, index) => {
    if (!isObject(subject)) return [];
    const kind = stringAt(subject, 'kind');
    const name = stringAt(subject, 'name');
    const namespace = kind === 'ServiceAccount' ? (stringOrUndefined(subject['namespace']) ?? binding.metadata.namespace) : undefined;
    const path = `subjects[${index}]`;
    return [namespace === undefined ? { kind, name, path } : { kind, name, namespace, path }];
  });
}

/** `User alice`, `Group system:masters`, `ServiceAccount shop/builder`. */
export function describeSubject(subject: BindingSubject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount ${subject.namespace ?? ''}/${subject.name}` : `${subject.kind} ${subject.name}`;
}

/**
 * `system:` names that are not system identities, although Kubernetes reserves the prefix: they stand for
 * everyone, for unauthenticated callers, or for every service account (of a namespace), so a grant to one of
 * them is a grant to ordinary workloads or users.
 */
export const BROAD_SYSTEM_NAMES: readonly string[] = ['system:anonymous', 'system:unauthenticated', 'system:authenticated', 'system:serviceaccounts'];
const BROAD_SYSTEM_PREFIXES: readonly string[] = ['system:serviceaccounts:', 'system:serviceaccount:'];

/**
 * A system identity is a User or Group whose name starts with `system:` (reserved by Kubernetes for its own
 * components: `system:kube-controller-manager`, `system:nodes`, `system:masters`, `system:bootstrappers:*`...),
 * except the broad names above and service-account user names (`system:serviceaccount:<ns>:<name>`).
 * A ServiceAccount subject is never a system identity: its name cannot carry the prefix.
 */
export function isSystemIdentity(subject: BindingSubject): boolean {
  if (subject.kind !== 'User' && subject.kind !== 'Group') return false;
  if (!subject.name.startsWith('system:')) return false;
  return !BROAD_SYSTEM_NAMES.includes(subject.name) && !BROAD_SYSTEM_PREFIXES.some((prefix) => subject.name.startsWith(prefix));
}

/**
 * Kubernetes' own default roles and bindings carry `kubernetes.io/bootstrapping: rbac-defaults`; the API server
 * recreates and reconciles them at every start, so they describe the platform, not a choice made in this cluster.
 */
export function isKubernetesDefault(object: KubeObject): boolean {
  return object.metadata.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults';
}

/**
 * One finding per Role and ClusterRole from `judge`, given the role's rules (read once per evaluation). Kubernetes'
 * own default roles (cluster-admin above all) are wildcards by design and reconciled by the API server: not-applicable.
 */
export function judgeEachRole(index: SnapshotIndex, judge: (role: KubeObject, rules: readonly RoleRule[]) => FindingDraft): FindingDraft[] {
  return [...index.list(KINDS.role), ...index.list(KINDS.clusterRole)].map((role) => {
    if (!isKubernetesDefault(role)) return judge(role, index.derived(role, rulesOf));
    const resource = refOf(role);
    return {
      resource,
      status: 'not-applicable',
      message: `${describeRef(resource)} is a Kubernetes default role (kubernetes.io/bootstrapping=rbac-defaults), reconciled by the API server.`,
      evidence: [at("metadata.labels['kubernetes.io/bootstrapping']", 'rbac-defaults')],
    };
  });
}

/**
 * The default `cluster-admin` ClusterRole as every API server reconciles it. Used when a binding names
 * `cluster-admin` but the snapshot (typically manifests read offline) does not hold the role itself.
 */
const DEFAULT_CLUSTER_ADMIN: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'cluster-admin', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
  rules: [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
};

export interface RoleReference {
  readonly kind: string;
  readonly name: string;
}

export function roleRefOf(binding: KubeObject): RoleReference {
  const roleRef = fieldOf(binding, 'roleRef');
  return isObject(roleRef) ? { kind: stringAt(roleRef, 'kind'), name: stringAt(roleRef, 'name') } : { kind: '', name: '' };
}

/** The Role or ClusterRole a binding refers to; undefined when it is not in the snapshot. */
export function roleOf(index: SnapshotIndex, binding: KubeObject): KubeObject | undefined {
  const { kind, name } = roleRefOf(binding);
  if (kind === 'Role') return binding.kind === 'RoleBinding' ? index.get(KINDS.role, binding.metadata.namespace, name) : undefined;
  if (kind !== 'ClusterRole') return undefined;
  // A ClusterRole is cluster-scoped; manifests that give one a namespace anyway (the API server ignores it) still count.
  const found = index.get(KINDS.clusterRole, undefined, name) ?? index.list(KINDS.clusterRole).find((role) => role.metadata.name === name);
  return found ?? (name === 'cluster-admin' ? DEFAULT_CLUSTER_ADMIN : undefined);
}

export function allBindings(index: SnapshotIndex): KubeObject[] {
  return [...index.list(KINDS.clusterRoleBinding), ...index.list(KINDS.roleBinding)];
}

// ---------------------------------------------------------------------------------------------------------------
// "Minimise access to X" checks (CIS 5.1.x): one finding per role, and one per binding whose role is missing

/** What an access check looks for. */
export interface AccessSpec {
  /** The access in words, completing "grants …": `get, list or watch on secrets`. */
  readonly what: string;
  readonly permissions: readonly Permission[];
}

interface Exposure {
  readonly binding: KubeObject;
  readonly subject: BindingSubject;
}

/**
 * Access is what bindings give: a role that grants the permission fails when a binding gives it to a subject
 * other than a system identity (Kubernetes' own default bindings excepted). A role bound to no one grants
 * nothing and passes, saying so. A binding whose role is not in the snapshot is `unknown`: what it grants could
 * not be seen.
 */
export function evaluateAccess(index: SnapshotIndex, spec: AccessSpec): FindingDraft[] {
  const roles = [...index.list(KINDS.role), ...index.list(KINDS.clusterRole)];
  return [...roles.map((role) => accessFindingForRole(index, role, spec)), ...danglingBindingFindings(index, spec.what)];
}

function accessFindingForRole(index: SnapshotIndex, role: KubeObject, spec: AccessSpec): FindingDraft {
  const resource = refOf(role);
  const grants = grantsIn(index, role, spec.permissions);
  if (grants.length === 0) return { resource, status: 'pass', message: `${describeRef(resource)} grants no ${spec.what}.`, evidence: [examinedRules(index.derived(role, rulesOf), `no rule granting ${spec.what}`)] };
  const bindings = bindingsGiving(index, role, grants);
  const exposures = bindings.flatMap((binding) => exposuresThrough(binding));
  const evidence = grants.map(grantEvidence);
  const related = bindings.map(refOf);
  if (exposures.length > 0) {
    return {
      resource,
      status: 'fail',
      message: `${describeRef(resource)} grants ${spec.what} to ${describeExposures(exposures)}.`,
      evidence: [...dedupe(evidence), ...exposures.map(exposureEvidence)],
      related,
    };
  }
  const reason = bindings.length === 0 ? 'but no binding gives it to any subject' : `only to system identities or through Kubernetes default bindings (${bindings.map((binding) => describeRef(refOf(binding))).join(', ')})`;
  return { resource, status: 'pass', message: `${describeRef(resource)} grants ${spec.what} ${reason}.`, evidence: dedupe(evidence), related };
}

/** Bindings through which a role's grants take effect: a RoleBinding cannot give access to cluster-scoped resources. */
function bindingsGiving(index: SnapshotIndex, role: KubeObject, grants: readonly Grant[]): KubeObject[] {
  const kind = role.kind === 'Role' ? 'Role' : 'ClusterRole';
  const bindings = index.bindingsToRole(kind, role.metadata.name, role.metadata.namespace);
  return bindings.filter((binding) => binding.kind === 'ClusterRoleBinding' || grants.some((grant) => !grant.permission.clusterScoped));
}

/** Subjects a binding gives its role to, other than system identities; none for Kubernetes' default bindings. */
export function exposuresThrough(binding: KubeObject): Exposure[] {
  if (isKubernetesDefault(binding)) return [];
  return subjectsOf(binding)
    .filter((subject) => !isSystemIdentity(subject))
    .map((subject) => ({ binding, subject }));
}

function danglingBindingFindings(index: SnapshotIndex, what: string): FindingDraft[] {
  return allBindings(index).flatMap((binding) => {
    if (roleOf(index, binding) !== undefined) return [];
    const exposures = exposuresThrough(binding);
    if (exposures.length === 0) return [];
    const roleRef = roleRefOf(binding);
    const resource = refOf(binding);
    return [
      {
        resource,
        status: 'unknown' as const,
        message:
          `${describeRef(resource)} refers to ${roleRef.kind}/${roleRef.name}, which is not in the snapshot, so whether it grants ` +
          `${what} to ${exposures.map(({ subject }) => describeSubject(subject)).join(', ')} could not be judged.`,
        evidence: [at('roleRef', { kind: roleRef.kind, name: roleRef.name }, 'a role present in the snapshot')],
      },
    ];
  });
}

/** What a role-level pass rests on: how many rules were read (`rules`: `3 rules examined`). */
export function examinedRules(rules: readonly RoleRule[], expected: string): Evidence {
  return at('rules', `${rules.length} rule(s) examined`, expected);
}

/** What a cluster-wide absence rests on: the bindings read (`examined 14 ClusterRoleBindings, 9 RoleBindings`). */
export function bindingsExamined(index: SnapshotIndex): Evidence {
  const cluster = index.list(KINDS.clusterRoleBinding).length;
  const namespaced = index.list(KINDS.roleBinding).length;
  return at('bindings', `examined ${cluster} ClusterRoleBinding(s), ${namespaced} RoleBinding(s)`);
}

function grantEvidence(grant: Grant): Evidence {
  return at(grant.rule.path, ruleSummary(grant.rule));
}

/** The matching parts of a rule, never more: verbs, groups, resources, names. */
export function ruleSummary(rule: RoleRule): JsonObject {
  const summary: JsonObject = { apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] };
  return rule.resourceNames.length === 0 ? summary : { ...summary, resourceNames: [...rule.resourceNames] };
}

/** Evidence about a subject of another object: `ClusterRoleBinding/ops:subjects[0] = "User alice"`. */
export function subjectEvidence(binding: KubeObject, subject: BindingSubject, expected?: string): Evidence {
  return at(`${describeRef(refOf(binding))}:${subject.path}`, describeSubject(subject), expected);
}

function exposureEvidence({ binding, subject }: Exposure): Evidence {
  return subjectEvidence(binding, subject, 'a system identity, or no binding');
}

function describeExposures(exposures: readonly Exposure[]): string {
  return exposures.map(({ binding, subject }) => `${describeSubject(subject)} (through ${describeRef(refOf(binding))})`).join(', ');
}

function dedupe(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((line) => {
    const key = line.path;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A top-level field of an API object other than metadata, as plain JSON. */
export function fieldOf(object: KubeObject, key: Exclude<string, 'metadata'>): JsonValue | undefined {
  return (object as unknown as JsonObject)[key];
}

function stringsAt(object: JsonObject, key: string): string[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function stringAt(object: JsonObject, key: string): string {
  return stringOrUndefined(object[key]) ?? '';
}

function stringOrUndefined(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
