import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

export default defineCheck({
  id: 'rbac.secrets-access',
  title: 'Only system identities can get, list or watch Secrets',
  severity: 'high',
  rationale:
    'Reading a Secret reveals credentials, tokens and keys; listing or watching Secrets reveals every one of them in ' +
    'scope, including service-account tokens that can be used to act as those accounts.',
  remediation:
    'Remove get, list and watch on secrets from roles bound to users, groups and service accounts that do not need them; ' +
    'where one Secret is needed, grant get with resourceNames limited to it.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.2'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => evaluateAccess(index, { what: 'get, list or watch on secrets', permissions: permissions(['get', 'list', 'watch'], '', ['secrets']) }),
});
