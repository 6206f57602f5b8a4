import { featureGateNotDisabled } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'controller-manager.rotate-kubelet-server-certificate',
  title: 'The controller manager allows kubelet serving certificates to rotate',
  severity: 'medium',
  rationale: 'The RotateKubeletServerCertificate feature (on by default) lets kubelets renew their serving certificates before they expire; switching it off leaves long-lived certificates.',
  remediation: 'Remove RotateKubeletServerCertificate=false from --feature-gates on kube-controller-manager.',
  references: { cis: ['1.3.6'], nsa: ['Network separation and hardening: Encryption'] },
  component: 'kube-controller-manager',
  rule: featureGateNotDisabled('RotateKubeletServerCertificate'),
});
