import type { KubeObject, ResourceRef } from '../../domain/snapshot.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import { defineCheck, type FindingDraft } from '../define-check.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';
import { RBAC_KINDS, allBindings, bindingsExamined, isKubernetesDefault, subjectEvidence, subjectsOf, type BindingSubject } from './_shared.js';

export default defineCheck({
  id: 'rbac.default-service-account-bindings',
  title: 'Default service accounts are not bound to any role',
  severity: 'medium',
  rationale:
    'Every pod that names no service account runs as its namespace\'s `default` account. A role bound to that account is ' +
    'given to every such pod, present and future, usually without anyone deciding so.',
  remediation:
    'Create a dedicated service account for each workload that needs API access, bind the role to it, and remove bindings ' +
    'that name the default service account or the system:serviceaccounts groups.',
  reads: [KINDS.serviceAccount, ...RBAC_KINDS],
  needs: RBAC_KINDS,
  references: { cis: ['5.1.5'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => {
    const grants = grantsToDefaultAccounts(index);
    return namespacesWithDefaultAccount(index, grants).map((namespace) => bindingFindingFor(index, namespace, [...(grants.byNamespace.get(namespace) ?? []), ...grants.everywhere]));
  },
});

interface DefaultAccountGrant {
  readonly binding: KubeObject;
  readonly subject: BindingSubject;
}

interface DefaultAccountGrants {
  /** Grants naming one namespace's default account: the account, its user name, or `system:serviceaccounts:<ns>`. */
  readonly byNamespace: ReadonlyMap<string, readonly DefaultAccountGrant[]>;
  /** Grants to `system:serviceaccounts`: every service account, so every default account. */
  readonly everywhere: readonly DefaultAccountGrant[];
}

/**
 * One pass over the bindings. Kubernetes' own default bindings (e.g. system:service-account-issuer-discovery for
 * every account) are the platform's and left out.
 */
function grantsToDefaultAccounts(index: SnapshotIndex): DefaultAccountGrants {
  const byNamespace = new Map<string, DefaultAccountGrant[]>();
  const everywhere: DefaultAccountGrant[] = [];
  for (const binding of allBindings(index)) {
    if (isKubernetesDefault(binding)) continue;
    for (const subject of subjectsOf(binding)) {
      if (subject.kind === 'Group' && subject.name === 'system:serviceaccounts') everywhere.push({ binding, subject });
      const namespace = defaultAccountNamespaceOf(subject);
      if (namespace === undefined) continue;
      const list = byNamespace.get(namespace);
      if (list === undefined) byNamespace.set(namespace, [{ binding, subject }]);
      else list.push({ binding, subject });
    }
  }
  return { byNamespace, everywhere };
}

/** The namespace whose default account a subject names or includes, if any. */
function defaultAccountNamespaceOf(subject: BindingSubject): string | undefined {
  if (subject.kind === 'ServiceAccount') return subject.name === 'default' ? (subject.namespace ?? 'default') : undefined;
  const user = /^system:serviceaccount:([^:]+):default$/.exec(subject.name);
  if (subject.kind === 'User') return user?.[1];
  const group = /^system:serviceaccounts:([^:]+)$/.exec(subject.name);
  return subject.kind === 'Group' ? group?.[1] : undefined;
}

/** Namespaces whose `default` account is in the snapshot or named by a binding. */
function namespacesWithDefaultAccount(index: SnapshotIndex, grants: DefaultAccountGrants): string[] {
  const fromAccounts = index.list(KINDS.serviceAccount).filter((account) => account.metadata.name === 'default').map((account) => account.metadata.namespace ?? 'default');
  return [...new Set([...fromAccounts, ...grants.byNamespace.keys()])].sort();
}

function bindingFindingFor(index: SnapshotIndex, namespace: string, grants: readonly DefaultAccountGrant[]): FindingDraft {
  const account = index.get(KINDS.serviceAccount, namespace, 'default');
  const resource: ResourceRef = account === undefined ? { apiVersion: 'v1', kind: 'ServiceAccount', namespace, name: 'default' } : refOf(account);
  if (grants.length === 0) return { resource, status: 'pass', message: `${describeRef(resource)} is bound to no role.`, evidence: [bindingsExamined(index)] };
  const bindings = [...new Set(grants.map(({ binding }) => binding))];
  return {
    resource,
    status: 'fail',
    message: `${describeRef(resource)} is bound to roles through ${bindings.map((binding) => describeRef(refOf(binding))).join(', ')}.`,
    evidence: grants.map(({ binding, subject }) => subjectEvidence(binding, subject, 'a dedicated service account')),
    related: bindings.map(refOf),
  };
}
