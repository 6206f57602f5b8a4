import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

/** Older API servers authorise exec and attach over websockets as `get`, so both verbs count. */
const POD_EXEC = permissions(['get', 'create'], '', ['pods/exec', 'pods/attach']);

export default defineCheck({
  id: 'rbac.pod-exec',
  title: 'Only system identities can exec into or attach to pods',
  severity: 'high',
  rationale:
    'pods/exec and pods/attach run commands inside running containers, with their service account token, mounted Secrets ' +
    'and network position; the commands themselves are not visible in the API audit log.',
  remediation: 'Remove get and create on pods/exec and pods/attach from roles bound to users and service accounts that do not need interactive access.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => evaluateAccess(index, { what: 'exec or attach on pods', permissions: POD_EXEC }),
});
