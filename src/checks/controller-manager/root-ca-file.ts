import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'controller-manager.root-ca-file',
  title: 'Pods receive the cluster CA to verify the API server',
  severity: 'medium',
  rationale: '--root-ca-file puts the cluster CA into every service account token volume, so pods can verify the API server\'s certificate instead of trusting any.',
  remediation: 'Set --root-ca-file on kube-controller-manager to the cluster CA bundle.',
  references: { cis: ['1.3.5'], nsa: ['Network separation and hardening: Encryption'] },
  component: 'kube-controller-manager',
  rule: flagsSet('--root-ca-file'),
});
