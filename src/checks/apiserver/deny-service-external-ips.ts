import { admissionPluginActive } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.deny-service-external-ips',
  title: 'The API server rejects Service externalIPs',
  severity: 'medium',
  rationale:
    'Any user who can create a Service can set spec.externalIPs and intercept traffic to those addresses ' +
    '(CVE-2020-8554). The DenyServiceExternalIPs admission plugin rejects new uses of the field.',
  remediation: 'Add DenyServiceExternalIPs to --enable-admission-plugins on kube-apiserver.',
  references: {
    cis: ['1.2.3'],
    nsa: ['Network separation and hardening'],
    other: ['https://github.com/kubernetes/kubernetes/issues/97076'],
  },
  component: 'kube-apiserver',
  rule: admissionPluginActive({ plugin: 'DenyServiceExternalIPs', enabledByDefault: false }),
});
