import { defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { POLICY_KINDS, evaluateDefaultDeny } from './_shared.js';

export default defineCheck({
  id: 'network.namespace-default-deny-egress',
  title: 'Every namespace denies egress by default',
  severity: 'low',
  rationale:
    'Without an egress default-deny, a compromised pod can reach every other pod, the cloud metadata service and the ' +
    'internet. A policy that selects every pod of a namespace and allows no egress makes outbound traffic explicit. ' +
    'Kubernetes, Calico and Cilium policies all count (recognised shapes: see evaluateDefaultDeny in network/_shared.ts).',
  remediation:
    'In each namespace, apply a NetworkPolicy with podSelector: {} and policyTypes: [Egress] and no egress rules (or the ' +
    'Calico/Cilium equivalent), then allow DNS and the destinations each workload needs in separate policies.',
  reads: [KINDS.namespace],
  needs: POLICY_KINDS,
  references: { nsa: ['Network separation and hardening: Network policies'] },
  evaluate: (context) => evaluateDefaultDeny(context, 'egress'),
});
