import { flagAbsent } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.token-auth-file',
  title: 'The API server does not use a static token file',
  severity: 'high',
  rationale:
    'Tokens in a --token-auth-file are long-lived bearer credentials kept in clear text on the control-plane ' +
    'nodes; they cannot be revoked or rotated without restarting the API server.',
  remediation: 'Move users to certificates, OIDC or webhook authentication and remove --token-auth-file from kube-apiserver.',
  references: { cis: ['1.2.2'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: flagAbsent('--token-auth-file'),
});
