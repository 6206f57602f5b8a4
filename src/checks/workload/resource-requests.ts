import { defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS } from '../workload-subjects.js';
import { resourceFindingOf } from './_shared.js';

export default defineCheck({
  id: 'workload.resource-requests',
  title: 'Every container has cpu and memory requests',
  severity: 'low',
  rationale:
    'The scheduler places pods by their requests; a container without them is scheduled as if it needed nothing, lands on ' +
    'overcommitted nodes and is the first to be evicted, and ResourceQuotas cannot account for it. A request counts when ' +
    'the container sets it, when it sets a limit (Kubernetes copies the limit into an unset request), or when a LimitRange ' +
    'of its namespace supplies a default. Regular and init containers are checked; ephemeral containers cannot carry resources.',
  remediation: 'Set resources.requests.cpu and resources.requests.memory on every container and init container, or give the namespace a LimitRange with defaultRequest values for type Container.',
  reads: [...WORKLOAD_KINDS, 'LimitRange'],
  references: {
    nsa: ['Network separation and hardening: Resource policies'],
  },
  evaluate: ({ index }) => index.workloads.map((workload) => ({ resource: workload.ref, ...resourceFindingOf(index, workload, 'requests') })),
});
