import { booleanFlag, unlessConfigFile } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'scheduler.profiling-disabled',
  title: 'The scheduler does not expose profiling endpoints',
  severity: 'medium',
  rationale: 'The /debug/pprof endpoints, on by default, reveal program internals and are not needed in production.',
  remediation: 'Set --profiling=false on kube-scheduler, or enableProfiling: false in its KubeSchedulerConfiguration when --config is used.',
  references: { cis: ['1.4.1'] },
  component: 'kube-scheduler',
  // kube-scheduler ignores --profiling when --config is given; enableProfiling in that file decides.
  rule: unlessConfigFile('--config', booleanFlag({ flag: '--profiling', want: false, defaultValue: true })),
});
