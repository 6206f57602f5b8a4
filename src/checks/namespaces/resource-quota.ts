import { defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS } from '../workload-subjects.js';
import { presenceFindings } from './_shared.js';

export default defineCheck({
  id: 'namespaces.resource-quota',
  title: 'Every namespace with workloads has a ResourceQuota',
  severity: 'low',
  rationale:
    'A ResourceQuota caps the total cpu, memory, storage and object counts a namespace may use, so one team, tenant or ' +
    'compromised deployment cannot exhaust the cluster. Every namespace that runs workloads needs one. System namespaces ' +
    '(inputs.systemNamespaces) are exempt: capping control-plane components risks the whole cluster.',
  remediation: 'Create a ResourceQuota with requests.cpu, requests.memory, limits.cpu, limits.memory (and pods, services, persistentvolumeclaims) in each application namespace.',
  reads: [...WORKLOAD_KINDS, 'ResourceQuota'],
  references: {
    nsa: ['Network separation and hardening: Resource policies'],
  },
  evaluate: (context) => presenceFindings(context, 'ResourceQuota'),
});
