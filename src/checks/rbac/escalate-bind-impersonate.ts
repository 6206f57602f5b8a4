import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

/**
 * `escalate` and `bind` only mean something on roles and clusterroles; `impersonate` on the identities one can
 * act as. `userextras/<key>` impersonation is left out: it only adds attributes to an identity already impersonated.
 */
export const PRIVILEGE_GRANTING = [
  ...permissions(['escalate', 'bind'], 'rbac.authorization.k8s.io', ['roles']),
  ...permissions(['escalate', 'bind'], 'rbac.authorization.k8s.io', ['clusterroles'], true),
  ...permissions(['impersonate'], '', ['serviceaccounts']),
  ...permissions(['impersonate'], '', ['users', 'groups'], true),
  ...permissions(['impersonate'], 'authentication.k8s.io', ['uids'], true),
];

export default defineCheck({
  id: 'rbac.escalate-bind-impersonate',
  title: 'Only system identities hold the escalate, bind or impersonate permissions',
  severity: 'high',
  rationale:
    'RBAC stops a subject from granting permissions it does not hold, except when it holds escalate (edit roles beyond its ' +
    'own rights), bind (bind roles it does not hold) or impersonate (act as another user, group or service account). Each ' +
    'of these is a direct path to cluster-admin.',
  remediation: 'Remove the escalate, bind and impersonate verbs (and "*" verbs on roles, clusterroles, users, groups and serviceaccounts) from roles bound to ordinary subjects.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.8'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => evaluateAccess(index, { what: 'escalate or bind on roles, or impersonate', permissions: PRIVILEGE_GRANTING }),
});
