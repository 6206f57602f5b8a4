import { loopbackBindAddress } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'scheduler.bind-address',
  title: 'The scheduler listens on localhost only',
  severity: 'medium',
  rationale: 'The scheduler serves health and metrics on port 10259; bound to all interfaces (the default 0.0.0.0) it is reachable from the network without need.',
  remediation: 'Set --bind-address=127.0.0.1 on kube-scheduler.',
  references: { cis: ['1.4.2'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'kube-scheduler',
  rule: loopbackBindAddress(),
});
