import { defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { POLICY_KINDS, evaluateDefaultDeny } from './_shared.js';

export default defineCheck({
  id: 'network.namespace-default-deny-ingress',
  title: 'Every namespace denies ingress by default',
  severity: 'medium',
  rationale:
    'Pods accept connections from any pod in the cluster, and from outside it where routes allow, until a network policy ' +
    'selects them. A policy that selects every pod of a namespace and allows no ingress makes every pod closed unless ' +
    'another policy opens it, so new workloads start isolated. Kubernetes, Calico and Cilium policies all count ' +
    '(recognised shapes: see evaluateDefaultDeny in network/_shared.ts).',
  remediation:
    'In each namespace, apply a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] and no ingress rules (or the ' +
    'Calico/Cilium equivalent), then add policies that allow the traffic each workload needs.',
  reads: [KINDS.namespace],
  needs: POLICY_KINDS,
  references: { cis: ['5.3.2'], nsa: ['Network separation and hardening: Network policies'] },
  evaluate: (context) => evaluateDefaultDeny(context, 'ingress'),
});
