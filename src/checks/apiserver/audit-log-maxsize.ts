import { integerAtLeast } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.audit-log-maxsize',
  title: 'The API server rotates audit logs at 100 MB or more',
  severity: 'medium',
  rationale: 'Rotating audit files at a sensible size keeps them readable and bounded; CIS asks for at least 100 MB per file.',
  remediation: 'Set --audit-log-maxsize=100 (or more) on kube-apiserver.',
  references: { cis: ['1.2.19'], nsa: ['Audit Logging and Threat Detection'] },
  component: 'kube-apiserver',
  rule: integerAtLeast({ flag: '--audit-log-maxsize', min: 100, defaultValue: 0 }),
});
