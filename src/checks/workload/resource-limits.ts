import { defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS } from '../workload-subjects.js';
import { resourceFindingOf } from './_shared.js';

export default defineCheck({
  id: 'workload.resource-limits',
  title: 'Every container has cpu and memory limits',
  severity: 'medium',
  rationale:
    'Without limits one container can take all the memory or cpu of its node, starving its neighbours and the kubelet ' +
    '(a denial of service whether by bug or by attack). A limit counts when the container sets it or when a LimitRange ' +
    'of its namespace supplies a default at admission. Regular and init containers are checked; ephemeral containers ' +
    'cannot carry resources.',
  remediation: 'Set resources.limits.cpu and resources.limits.memory on every container and init container, or give the namespace a LimitRange with default limits for type Container.',
  reads: [...WORKLOAD_KINDS, 'LimitRange'],
  references: {
    nsa: ['Network separation and hardening: Resource policies'],
  },
  evaluate: ({ index }) => index.workloads.map((workload) => ({ resource: workload.ref, ...resourceFindingOf(index, workload, 'limits') })),
});
