import { defineCheck } from '../define-check.js';
import { RBAC_KINDS, evaluateAccess, permissions } from './_shared.js';

/** The kubelet maps HTTP methods onto these verbs; even `get` reaches exec through a websocket upgrade. */
export const NODE_PROXY_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

export default defineCheck({
  id: 'rbac.node-proxy',
  title: 'Only system identities can use the nodes/proxy subresource',
  severity: 'high',
  rationale:
    'nodes/proxy gives direct access to the kubelet API, which bypasses admission control and audit logging of the API ' +
    'server and allows running commands in any pod on the node.',
  remediation: 'Remove access to nodes/proxy from cluster roles bound to users and service accounts; monitoring agents usually need only nodes/metrics.',
  reads: RBAC_KINDS,
  needs: RBAC_KINDS,
  references: { cis: ['5.1.10'], nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => evaluateAccess(index, { what: 'access to nodes/proxy', permissions: permissions(NODE_PROXY_VERBS, '', ['nodes/proxy'], true) }),
});
