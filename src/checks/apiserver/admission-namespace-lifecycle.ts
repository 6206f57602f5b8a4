import { admissionPluginActive } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.admission-namespace-lifecycle',
  title: 'The API server keeps the NamespaceLifecycle admission plugin',
  severity: 'medium',
  rationale:
    'NamespaceLifecycle stops objects from being created in namespaces that are terminating or do not exist, ' +
    'and protects the system namespaces from deletion. It is on by default, so only disabling it is a finding.',
  remediation: 'Remove NamespaceLifecycle from --disable-admission-plugins on kube-apiserver.',
  references: { cis: ['1.2.13'] },
  component: 'kube-apiserver',
  rule: admissionPluginActive({ plugin: 'NamespaceLifecycle', enabledByDefault: true }),
});
