import { booleanFlag, unlessConfigFile } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.anonymous-auth',
  title: 'The API server rejects anonymous requests',
  severity: 'critical',
  rationale:
    'With anonymous authentication on (the kube-apiserver default), any request that no authenticator claims is ' +
    'served as system:anonymous; a single permissive binding to that user or to system:unauthenticated then ' +
    'opens the API to anyone who can reach it.',
  remediation: 'Set --anonymous-auth=false on kube-apiserver (in /etc/kubernetes/manifests/kube-apiserver.yaml for kubeadm).',
  references: { cis: ['1.2.1'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  // Since 1.32 anonymous access can be configured in --authentication-config instead; the API server refuses
  // both at once, so the flag decides when present and the file (not visible) decides when it is absent.
  rule: unlessConfigFile('--authentication-config', booleanFlag({ flag: '--anonymous-auth', want: false, defaultValue: true }), '--anonymous-auth'),
});
