import { admissionPluginActive } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.admission-node-restriction',
  title: 'The API server limits kubelets with the NodeRestriction admission plugin',
  severity: 'high',
  rationale:
    'NodeRestriction lets a kubelet modify only its own Node object and the pods bound to it, so one ' +
    'compromised node cannot relabel other nodes or tamper with their pods.',
  remediation: 'Add NodeRestriction to --enable-admission-plugins on kube-apiserver (with the Node authorizer).',
  references: { cis: ['1.2.14'], nsa: ['Authentication and authorization'] },
  component: 'kube-apiserver',
  rule: admissionPluginActive({ plugin: 'NodeRestriction', enabledByDefault: false }),
});
