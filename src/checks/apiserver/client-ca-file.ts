import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.client-ca-file',
  title: 'The API server verifies client certificates',
  severity: 'high',
  rationale: '--client-ca-file is what lets the API server authenticate kubelets, controllers and administrators by certificate; without it client certificates are not verified.',
  remediation: 'Set --client-ca-file on kube-apiserver to the cluster CA bundle.',
  references: { cis: ['1.2.25'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: flagsSet('--client-ca-file'),
});
