import { booleanFlag } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'controller-manager.profiling-disabled',
  title: 'The controller manager does not expose profiling endpoints',
  severity: 'medium',
  rationale: 'The /debug/pprof endpoints, on by default, reveal program internals and are not needed in production.',
  remediation: 'Set --profiling=false on kube-controller-manager.',
  references: { cis: ['1.3.2'] },
  component: 'kube-controller-manager',
  rule: booleanFlag({ flag: '--profiling', want: false, defaultValue: true }),
});
