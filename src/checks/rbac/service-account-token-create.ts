import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

export default defineCheck({
  id: 'rbac.service-account-token-create',
  title: 'Only system identities can create service account tokens',
  severity: 'high',
  rationale:
    'create on serviceaccounts/token issues a token for any service account in scope, so its holder can act with the ' +
    'rights of every one of them.',
  remediation: 'Remove create on serviceaccounts/token from roles bound to users and service accounts that do not issue tokens.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.13'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => evaluateAccess(index, { what: 'create on serviceaccounts/token', permissions: permissions(['create'], '', ['serviceaccounts/token']) }),
});
