import { booleanFlag } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.profiling-disabled',
  title: 'The API server does not expose profiling endpoints',
  severity: 'medium',
  rationale: 'The /debug/pprof endpoints, on by default, reveal program internals and can be used to degrade the API server; they are not needed in production.',
  remediation: 'Set --profiling=false on kube-apiserver.',
  references: { cis: ['1.2.15'] },
  component: 'kube-apiserver',
  rule: booleanFlag({ flag: '--profiling', want: false, defaultValue: true }),
});
