import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.kubelet-certificate-authority',
  title: 'The API server verifies kubelet serving certificates',
  severity: 'high',
  rationale:
    'Without --kubelet-certificate-authority the API server does not verify the certificate a kubelet presents, ' +
    'so connections to kubelets (carrying exec sessions and logs) can be intercepted on untrusted networks.',
  remediation: 'Set --kubelet-certificate-authority on kube-apiserver to the CA that signs kubelet serving certificates.',
  references: { cis: ['1.2.5'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'kube-apiserver',
  rule: flagsSet('--kubelet-certificate-authority'),
});
