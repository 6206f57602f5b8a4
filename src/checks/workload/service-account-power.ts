import type { Evidence } from '../../domain/finding.js';
import type { KubeObject, ResourceRef } from '../../domain/snapshot.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { bindingsExamined, grantsIn, isFullControlRule, permissions, RBAC_KINDS, roleOf, roleRefOf, rulesOf, ruleSummary, type Permission } from '../rbac/_shared.js';
import { PRIVILEGE_GRANTING } from '../rbac/escalate-bind-impersonate.js';
import { NODE_PROXY_VERBS } from '../rbac/node-proxy.js';
import { POD_CREATORS } from '../rbac/pod-create.js';
import { WORKLOAD_WRITERS } from '../rbac/workload-controller-write.js';
import type { SnapshotIndex } from '../snapshot-index.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';

/**
 * The compromised-container threat made concrete: an intruder in a pod holds its service account token, so whatever
 * the account may do, the intruder may do. Powers that turn one container into the cluster:
 */
interface Power {
  /** In words, completing "may …". */
  readonly what: string;
  readonly permissions: readonly Permission[];
  /** Only through a ClusterRoleBinding (secrets of every namespace). */
  readonly clusterWideOnly?: boolean;
}

const POWERS: readonly Power[] = [
  { what: 'create pods or workload controllers', permissions: POD_CREATORS },
  { what: 'update or patch pods or workload controllers', permissions: WORKLOAD_WRITERS },
  { what: 'escalate, bind or impersonate', permissions: PRIVILEGE_GRANTING },
  { what: 'use nodes/proxy', permissions: permissions(NODE_PROXY_VERBS, '', ['nodes/proxy'], true) },
  { what: 'read Secrets', permissions: permissions(['get', 'list', 'watch'], '', ['secrets']), clusterWideOnly: true },
];

/** The service account a pod runs as: serviceAccountName, the deprecated serviceAccount alias, else `default`. */
function accountOf(workload: WorkloadSubject): string {
  const name = workload.podSpec['serviceAccountName'] ?? workload.podSpec['serviceAccount'];
  return typeof name === 'string' && name !== '' ? name : 'default';
}

/** Bindings that give something to the account: by name, by its user name, or through the service-account groups. */
function bindingsOfAccount(index: SnapshotIndex, namespace: string, name: string): KubeObject[] {
  const found = [
    ...index.bindingsFor({ kind: 'ServiceAccount', namespace, name }),
    ...index.bindingsFor({ kind: 'User', name: `system:serviceaccount:${namespace}:${name}` }),
    ...index.bindingsFor({ kind: 'Group', name: 'system:serviceaccounts' }),
    ...index.bindingsFor({ kind: 'Group', name: `system:serviceaccounts:${namespace}` }),
  ];
  // A RoleBinding only gives its role inside its own namespace, and the pod runs in `namespace`.
  return [...new Set(found)].filter((binding) => binding.kind === 'ClusterRoleBinding' || binding.metadata.namespace === namespace);
}

interface Held {
  readonly clause: string;
  readonly evidence: readonly Evidence[];
}

/** What one binding gives the account that counts as power; `undefined` when its role is not in the snapshot. */
function powersThrough(index: SnapshotIndex, binding: KubeObject): Held[] | undefined {
  const role = roleOf(index, binding);
  if (role === undefined) return undefined;
  const through = describeRef(refOf(binding));
  const clusterWide = binding.kind === 'ClusterRoleBinding';
  const scope = clusterWide ? 'in every namespace' : `in namespace ${binding.metadata.namespace ?? ''}`;
  const roleName = describeRef(refOf(role));
  const full = index.derived(role, rulesOf).some(isFullControlRule);
  if (full) return [{ clause: `holds full control ${scope} (${roleName} through ${through})`, evidence: [at(`${through}:roleRef`, roleName, 'a role without full control')] }];
  const held: Held[] = [];
  for (const power of POWERS) {
    if (power.clusterWideOnly === true && !clusterWide) continue;
    const grants = grantsIn(index, role, power.permissions).filter((grant) => clusterWide || !grant.permission.clusterScoped);
    if (grants.length === 0) continue;
    held.push({
      clause: `may ${power.what} ${scope} (${roleName} through ${through})`,
      evidence: [
        at(`${through}:roleRef`, roleName),
        ...new Map(grants.map((grant) => [grant.rule.path, at(`${roleName}:${grant.rule.path}`, ruleSummary(grant.rule), `no rule letting it ${power.what}`)])).values(),
      ],
    });
  }
  return held;
}

/** What one account may do, through all its bindings; computed once per account, shared by its workloads. */
interface AccountPower {
  readonly bindings: readonly KubeObject[];
  readonly bindingRefs: readonly ResourceRef[];
  readonly held: readonly Held[];
  readonly unseen: readonly KubeObject[];
  /** The evidence lines of a pass after the account line: the bindings naming the account, and all bindings read. */
  readonly passEvidence: readonly Evidence[];
}

function accountPowerOf(index: SnapshotIndex, namespace: string, account: string, examined: Evidence): AccountPower {
  const bindings = bindingsOfAccount(index, namespace, account);
  const held: Held[] = [];
  const unseen: KubeObject[] = [];
  for (const binding of bindings) {
    const powers = powersThrough(index, binding);
    if (powers === undefined) unseen.push(binding);
    else held.push(...powers);
  }
  const bindingRefs = bindings.map(refOf);
  const passEvidence = [at(`bindings[ServiceAccount/${namespace}/${account}]`, bindingRefs.map(describeRef)), examined];
  return { bindings, bindingRefs, held, unseen, passEvidence };
}

function findingFor(index: SnapshotIndex, workload: WorkloadSubject, accounts: Map<string, AccountPower>, examined: Evidence): FindingDraft {
  const base = { resource: workload.ref, related: workload.pods };
  const account = accountOf(workload);
  const accountRef = `ServiceAccount/${workload.namespace}/${account}`;
  let power = accounts.get(accountRef);
  if (power === undefined) {
    power = accountPowerOf(index, workload.namespace, account, examined);
    accounts.set(accountRef, power);
  }
  const { bindings, bindingRefs, held, unseen, passEvidence } = power;
  const accountEvidence = at(`${workload.specPath}.serviceAccountName`, account, 'an account without cluster-changing rights');
  const related = bindingRefs.length === 0 ? workload.pods : [...workload.pods, ...bindingRefs];
  if (held.length > 0) {
    return {
      ...base,
      related,
      status: 'fail',
      message: `${workload.description} runs as ${accountRef}, which ${held.map((power) => power.clause).join('; ')}: anyone who compromises a container of it gets that power.`,
      evidence: [accountEvidence, ...held.flatMap((power) => power.evidence)],
    };
  }
  if (unseen.length > 0) {
    const names = unseen.map((binding) => `${describeRef(refOf(binding))} → ${roleRefOf(binding).kind}/${roleRefOf(binding).name}`);
    return {
      ...base,
      related,
      status: 'unknown',
      message: `${workload.description} runs as ${accountRef}, bound to roles that are not in the snapshot (${names.join(', ')}), so what it may do could not be judged.`,
      evidence: [accountEvidence, ...unseen.map((binding) => at(`${describeRef(refOf(binding))}:roleRef`, roleRefOf(binding).name, 'a role present in the snapshot'))],
    };
  }
  const bound = bindings.length === 0 ? 'which no binding names' : `whose ${bindings.length} binding(s) give none of: full control, pod creation, workload writes, escalate/bind/impersonate, nodes/proxy, cluster-wide Secrets`;
  return {
    ...base,
    related,
    status: 'pass',
    message: `${workload.description} runs as ${accountRef}, ${bound}.`,
    evidence: [accountEvidence, ...passEvidence],
  };
}

export default defineCheck({
  id: 'workload.service-account-power',
  title: 'Workloads do not run as service accounts that can take over the cluster',
  severity: 'high',
  rationale:
    'Every container can read its pod\'s service account token, so a compromised container acts with the account\'s RBAC ' +
    'rights. An account with full control, with create on pods or workload controllers, with update or patch on them, with ' +
    'escalate, bind or impersonate, with nodes/proxy, or with read access to Secrets in every namespace turns one ' +
    'compromised container into control of the namespace or the cluster. The check joins each workload to its service ' +
    'account and to every binding that names it (directly, by its user name, or through the system:serviceaccounts groups).',
  remediation:
    'Run the workload as a dedicated service account that holds only the rights it uses; move deployment, secret-reading ' +
    'and node-level rights to a separate identity outside the workload (a CI pipeline, an operator in its own namespace), and ' +
    'set automountServiceAccountToken: false where the workload does not call the API.',
  reads: WORKLOAD_KINDS,
  needs: RBAC_KINDS,
  references: {
    nsa: ['Authentication and authorization', 'Kubernetes Pod security: Protecting Pod service account tokens'],
    other: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
  },
  evaluate: ({ index }) => {
    const accounts = new Map<string, AccountPower>();
    const examined = bindingsExamined(index);
    return index.workloads.map((workload) => findingFor(index, workload, accounts, examined));
  },
});
