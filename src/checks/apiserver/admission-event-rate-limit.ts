import { admissionPluginActive, noting } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.admission-event-rate-limit',
  title: 'The API server rate-limits events',
  severity: 'low',
  rationale: 'A flood of Event objects can exhaust the API server and etcd; the EventRateLimit admission plugin caps the rate per server, namespace, user or object.',
  remediation:
    'Add EventRateLimit to --enable-admission-plugins on kube-apiserver and configure its limits in the file named by --admission-control-config-file.',
  references: { cis: ['1.2.9'], nsa: ['Network separation and hardening: Resource policies'] },
  component: 'kube-apiserver',
  rule: noting(admissionPluginActive({ plugin: 'EventRateLimit', enabledByDefault: false }), 'the limits in --admission-control-config-file are not visible in the pod'),
});
