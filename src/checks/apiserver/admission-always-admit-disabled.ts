import { admissionPluginInactive } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.admission-always-admit-disabled',
  title: 'The API server does not enable the AlwaysAdmit admission plugin',
  severity: 'high',
  rationale: 'AlwaysAdmit admits every request regardless of the other admission plugins, which disables admission control as a safeguard.',
  remediation: 'Remove AlwaysAdmit from --enable-admission-plugins (or the deprecated --admission-control) on kube-apiserver.',
  references: { cis: ['1.2.10'] },
  component: 'kube-apiserver',
  rule: admissionPluginInactive('AlwaysAdmit'),
});
