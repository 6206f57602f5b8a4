import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.kubelet-client-certificate',
  title: 'The API server authenticates to kubelets with a client certificate',
  severity: 'high',
  rationale:
    'Kubelets authorise API server requests (exec, logs, port-forward) by its client certificate. Without one, ' +
    'the kubelet API must accept unauthenticated requests for these features to work.',
  remediation: 'Set --kubelet-client-certificate and --kubelet-client-key on kube-apiserver to a client certificate and key signed by the cluster CA.',
  references: { cis: ['1.2.4'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: flagsSet('--kubelet-client-certificate', '--kubelet-client-key'),
});
