import { loopbackBindAddress } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'controller-manager.bind-address',
  title: 'The controller manager listens on localhost only',
  severity: 'medium',
  rationale: 'The controller manager serves health and metrics on port 10257; bound to all interfaces (the default 0.0.0.0) it is reachable from the network without need.',
  remediation: 'Set --bind-address=127.0.0.1 on kube-controller-manager.',
  references: { cis: ['1.3.7'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'kube-controller-manager',
  rule: loopbackBindAddress(),
});
