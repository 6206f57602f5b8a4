import { authorizationMode } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.authorization-mode-node',
  title: 'The API server restricts kubelets with the Node authorizer',
  severity: 'high',
  rationale:
    'The Node authorizer limits each kubelet to the objects of pods bound to its own node; without it a ' +
    'compromised node can read every Secret the kubelet group is allowed to read.',
  remediation: 'Include Node in --authorization-mode on kube-apiserver, for example --authorization-mode=Node,RBAC.',
  references: { cis: ['1.2.7'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: authorizationMode({ mode: 'Node', present: true }),
});
