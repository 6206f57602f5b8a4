import { defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS } from '../workload-subjects.js';
import { presenceFindings } from './_shared.js';

export default defineCheck({
  id: 'namespaces.limit-range',
  title: 'Every namespace with workloads has a LimitRange',
  severity: 'low',
  rationale:
    'A LimitRange gives containers that declare no resources default requests and limits, and caps what a single container ' +
    'may ask for, so one forgotten or hostile manifest cannot take a whole node. Every namespace that runs workloads needs one. ' +
    'System namespaces (inputs.systemNamespaces) are exempt: their platform components are sized by their vendors.',
  remediation: 'Create a LimitRange with type Container default, defaultRequest and max values in each application namespace.',
  reads: [...WORKLOAD_KINDS, 'LimitRange'],
  references: {
    nsa: ['Network separation and hardening: Resource policies'],
  },
  evaluate: (context) => presenceFindings(context, 'LimitRange'),
});
