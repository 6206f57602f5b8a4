import { integerAtLeast } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.audit-log-maxbackup',
  title: 'The API server keeps at least 10 rotated audit log files',
  severity: 'medium',
  rationale: 'Rotated audit files are the history an investigation reads; CIS asks for at least 10 to be kept.',
  remediation: 'Set --audit-log-maxbackup=10 (or more) on kube-apiserver.',
  references: { cis: ['1.2.18'], nsa: ['Audit Logging and Threat Detection'] },
  component: 'kube-apiserver',
  rule: integerAtLeast({ flag: '--audit-log-maxbackup', min: 10, defaultValue: 0 }),
});
